import { CHART_BACKGROUND, DEFAULT_CHART_HEIGHT, DEFAULT_CHART_WIDTH } from './theme.js';
export const LOCAL_RENDERER_SOFTWARE = 'tiktok-retention-bot local Chart.js renderer';
let rendererPromise;
/**
 * Loaded on first use rather than at import: the native canvas binding is only
 * needed when QuickChart fails, and if it cannot load on some machine that
 * must cost the fallback, not the whole bot.
 */
function loadRenderer() {
    if (rendererPromise === undefined) {
        const loading = (async () => {
            const [chartjs, canvas] = await Promise.all([import('chart.js'), import('@napi-rs/canvas')]);
            chartjs.Chart.register(...chartjs.registerables);
            return { Chart: chartjs.Chart, createCanvas: canvas.createCanvas };
        })();
        // A failed load may be transient (e.g. a full disk); let the next call retry.
        loading.catch(() => {
            if (rendererPromise === loading)
                rendererPromise = undefined;
        });
        rendererPromise = loading;
    }
    return rendererPromise;
}
/** Paints the background first, as QuickChart does with its backgroundColor parameter. */
function backgroundPlugin(color) {
    return {
        id: 'retentionBotBackground',
        beforeDraw(chart) {
            const { width, height } = chart;
            // Chart.js types its context as the DOM's CanvasRenderingContext2D, which a Node build has no
            // declaration of; the chart draws on the @napi-rs/canvas context renderChartLocally gave it.
            const ctx = chart.ctx;
            ctx.save();
            ctx.globalCompositeOperation = 'destination-over';
            ctx.fillStyle = color;
            ctx.fillRect(0, 0, width, height);
            ctx.restore();
        },
    };
}
/**
 * Renders a Chart.js 4 config to PNG in process with chart.js and
 * @napi-rs/canvas. In Node, Chart.js must not try to resize to a DOM parent
 * (responsive: false) or animate (animation: false, so the first draw is the
 * final picture), and it draws at devicePixelRatio 1 so the PNG has exactly
 * the requested size, like QuickChart's.
 */
export async function renderChartLocally(config, options = {}) {
    const { Chart, createCanvas } = await loadRenderer();
    const width = options.width ?? DEFAULT_CHART_WIDTH;
    const height = options.height ?? DEFAULT_CHART_HEIGHT;
    const canvas = createCanvas(width, height);
    // The builders' configs are plain JSON; cloning keeps Chart.js from mutating the caller's object.
    const ownConfig = structuredClone(config);
    ownConfig.options = {
        ...ownConfig.options,
        responsive: false,
        animation: false,
        devicePixelRatio: 1,
    };
    ownConfig.plugins = [...(ownConfig.plugins ?? []), backgroundPlugin(options.backgroundColor ?? CHART_BACKGROUND)];
    let chart;
    try {
        // Chart.js accepts any object with getContext('2d'); @napi-rs/canvas provides one.
        chart = new Chart(canvas, ownConfig);
        return await canvas.encode('png', { software: options.software ?? LOCAL_RENDERER_SOFTWARE });
    }
    finally {
        chart?.destroy();
    }
}
//# sourceMappingURL=local-renderer.js.map