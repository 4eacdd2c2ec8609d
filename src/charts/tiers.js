import { formatInteger, formatPercent, formatRatio } from '../reports/format.js';
import { wrapText } from '../reports/text-table.js';
import { axisTitle, categoryAxis, legendOptions, palette, percentTicks, sharedOptions, subtitleOptions, titleOptions, titleWithHandle, } from './theme.js';
/** The rates the tiers are compared on, in the order the report lists them. */
const TIER_CHART_RATES = [
    { key: 'avgEngagementRate', name: 'Engagement' },
    { key: 'avgShareRate', name: 'Share' },
    { key: 'avgCommentRate', name: 'Comment' },
    { key: 'avgLikeRate', name: 'Like' },
];
/**
 * Top vs bottom tier on engagement, share, comment and like rate, as grouped
 * bars. The rates differ by two orders of magnitude (likes ~6%, comments
 * ~0.2%), so a linear axis would flatten comment and share bars to nothing:
 * the axis is logarithmic, where equal ratios look equal, and each group's
 * label carries the exact numbers and the top/bottom ratio.
 */
export function tierChartConfig(analysis, options = {}) {
    const tiers = analysis.tiers;
    const title = titleWithHandle('Top vs bottom quartile', options.username);
    if (tiers === null) {
        return emptyTierChart(title, analysis.notice ?? 'Quartiles need at least 4 analysed videos.');
    }
    const labels = TIER_CHART_RATES.map(({ key, name }) => {
        const top = tiers.top[key];
        const bottom = tiers.bottom[key];
        // A ratio with a zero on either side tells nothing the numbers don't.
        const ratio = top > 0 && bottom > 0 && Number.isFinite(top) ? formatRatio(top, bottom) : null;
        const numbers = `${formatPercent(top)} vs ${formatPercent(bottom)}`;
        return ratio === null ? [name, numbers] : [name, numbers, `(${ratio})`];
    });
    const values = (stats) => TIER_CHART_RATES.map(({ key }) => stats[key]);
    const all = [...values(tiers.top), ...values(tiers.bottom)];
    return {
        type: 'bar',
        data: {
            labels,
            datasets: [
                {
                    label: `Top 25% (n=${formatInteger(tiers.top.count)})`,
                    data: values(tiers.top),
                    backgroundColor: palette.top,
                    borderRadius: 4,
                    maxBarThickness: 64,
                },
                {
                    label: `Bottom 25% (n=${formatInteger(tiers.bottom.count)})`,
                    data: values(tiers.bottom),
                    backgroundColor: palette.bottom,
                    borderRadius: 4,
                    maxBarThickness: 64,
                },
            ],
        },
        options: {
            ...sharedOptions(),
            plugins: {
                title: titleOptions(title),
                subtitle: subtitleOptions('Average rate per video in each tier · log scale: equal ratios look equal'),
                legend: legendOptions(),
                tooltip: { enabled: false },
            },
            scales: {
                x: categoryAxis(),
                y: {
                    type: 'logarithmic',
                    ...logRange(all),
                    grid: { color: palette.grid },
                    border: { display: false },
                    ticks: percentTicks(),
                    title: axisTitle('Avg rate (log scale)'),
                },
            },
        },
    };
}
/**
 * Axis bounds on the 1-2-5 ladder: the floor sits well below the smallest
 * value so the shortest bar still has visible length (a log axis has no zero),
 * and the ceiling leaves head room above the tallest bar.
 */
export function logRange(values) {
    const positive = values.filter((value) => value > 0 && Number.isFinite(value));
    if (positive.length === 0)
        return { min: 0.0001, max: 0.1 };
    return {
        min: niceBelow(Math.min(...positive) / 2),
        max: niceAbove(Math.max(...positive) * 1.1),
    };
}
const LADDER = [1, 2, 5];
function niceBelow(value) {
    const power = 10 ** Math.floor(Math.log10(value));
    const steps = LADDER.map((step) => step * power).filter((candidate) => candidate <= value * (1 + 1e-12));
    return steps.at(-1) ?? power;
}
function niceAbove(value) {
    const power = 10 ** Math.floor(Math.log10(value));
    const candidate = [...LADDER, 10].map((step) => step * power).find((c) => c >= value * (1 - 1e-12));
    return candidate ?? 10 * power;
}
function emptyTierChart(title, notice) {
    return {
        type: 'bar',
        data: { labels: TIER_CHART_RATES.map(({ name }) => name), datasets: [] },
        options: {
            ...sharedOptions(),
            plugins: {
                title: titleOptions(title),
                subtitle: subtitleOptions(wrapText(notice, 80)),
                legend: { display: false },
                tooltip: { enabled: false },
            },
            scales: { x: categoryAxis(), y: { type: 'linear', display: false } },
        },
    };
}
//# sourceMappingURL=tiers.js.map