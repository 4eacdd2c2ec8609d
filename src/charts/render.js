import { renderChartLocally } from './local-renderer.js';
import { QuickChartError, renderWithQuickChart } from './quickchart-renderer.js';
import { CHART_BACKGROUND, DEFAULT_CHART_HEIGHT, DEFAULT_CHART_WIDTH } from './theme.js';
/** Both renderers failed. The caller sends its report without the picture. */
export class ChartRenderError extends Error {
    quickchartFailure;
    constructor(quickchartFailure, options) {
        super(`Chart could not be rendered: ${quickchartFailure.message}; local renderer failed too`, options);
        this.quickchartFailure = quickchartFailure;
        this.name = 'ChartRenderError';
    }
}
/**
 * PNG of a chart config: QuickChart first (the configured instance renders
 * with its own fonts and takes the work off the bot's CPU), else Chart.js in
 * process, so a report keeps its picture when QuickChart is down, slow or
 * answers with something that is not a PNG.
 */
export async function renderChart(config, options) {
    const size = {
        width: options.width ?? DEFAULT_CHART_WIDTH,
        height: options.height ?? DEFAULT_CHART_HEIGHT,
        backgroundColor: options.backgroundColor ?? CHART_BACKGROUND,
    };
    let quickchartFailure;
    try {
        const png = await renderWithQuickChart(config, {
            quickchartUrl: options.quickchartUrl,
            timeoutMs: options.timeoutMs,
            ...size,
        });
        return { png, renderer: 'quickchart' };
    }
    catch (error) {
        quickchartFailure =
            error instanceof QuickChartError
                ? { kind: error.kind, message: error.message }
                : // Not expected (renderWithQuickChart maps every failure), but the fallback must still run.
                    {
                        kind: 'unexpected',
                        message: `QuickChart request failed: ${error instanceof Error ? error.name : 'unknown error'}`,
                    };
    }
    try {
        const png = await renderChartLocally(config, size);
        return { png, renderer: 'local', quickchartFailure };
    }
    catch (error) {
        throw new ChartRenderError(quickchartFailure, { cause: error });
    }
}
//# sourceMappingURL=render.js.map