import { formatInteger } from '../reports/format.js';
import { categoryAxis, legendOptions, palette, percentAxis, sharedOptions, subtitleOptions, titleOptions, titleWithHandle, } from './theme.js';
/**
 * Weekly trend: median and top-quartile engagement as lines on the left axis,
 * share rate as a line on its own right-hand axis (it is an order of magnitude
 * below engagement and would lie flat on a shared one), and the catalog size
 * as faint bars on a third, unlabelled axis, with each week's exact count in
 * its x label (["2026-W48", "n=240"]) so the picture has two tick columns, not three.
 */
export function trendChartConfig(points, options = {}) {
    const labels = points.map((point) => [point.label, `n=${formatInteger(point.videoCount)}`]);
    // Points stay visible even for a single week, where a line has nothing to join.
    const lineStyle = { borderWidth: 3, pointRadius: points.length > 26 ? 0 : 4, tension: 0.25, fill: false };
    const subtitle = points.length === 0
        ? 'No snapshots yet: the first weekly report starts the trend'
        : `${points.length} ${points.length === 1 ? 'snapshot' : 'snapshots'} · n = videos in the catalog that week`;
    return {
        type: 'line',
        data: {
            labels,
            datasets: [
                {
                    type: 'line',
                    label: 'Top-quartile engagement (q75)',
                    data: points.map((point) => point.q75EngagementRate),
                    borderColor: palette.highlight,
                    backgroundColor: palette.highlight,
                    yAxisID: 'y',
                    order: 1,
                    ...lineStyle,
                },
                {
                    type: 'line',
                    label: 'Median engagement',
                    data: points.map((point) => point.medianEngagementRate),
                    borderColor: palette.primary,
                    backgroundColor: palette.primary,
                    yAxisID: 'y',
                    order: 1,
                    ...lineStyle,
                },
                {
                    type: 'line',
                    label: 'Share rate (right axis)',
                    data: points.map((point) => point.shareRate),
                    borderColor: palette.share,
                    backgroundColor: palette.share,
                    borderDash: [8, 5],
                    yAxisID: 'yShare',
                    order: 1,
                    ...lineStyle,
                },
                {
                    type: 'bar',
                    label: 'Videos',
                    data: points.map((point) => point.videoCount),
                    backgroundColor: palette.volume,
                    yAxisID: 'yVideos',
                    maxBarThickness: 48,
                    pointStyle: 'rect',
                    // Higher order is drawn first, so the bars stay behind the lines.
                    order: 2,
                },
            ],
        },
        options: {
            ...sharedOptions(),
            plugins: {
                title: titleOptions(titleWithHandle('Weekly retention trend', options.username)),
                subtitle: subtitleOptions(subtitle),
                // Point-style legend keys: a dashed line's default key is an unreadable dashed box.
                legend: {
                    ...legendOptions(),
                    display: points.length > 0,
                    labels: { ...legendOptions().labels, usePointStyle: true, boxWidth: 10, boxHeight: 10 },
                },
                tooltip: { enabled: false },
            },
            scales: {
                x: { ...categoryAxis(), offset: true },
                // With no data the axes would show a made-up 0-120% range: leave the picture to the subtitle.
                y: { ...percentAxis('Engagement rate', 'left'), display: points.length > 0 },
                yShare: { ...percentAxis('Share rate', 'right', palette.share), display: points.length > 0 },
                // The tallest bar reaches ~45% of the height, so the bars read as background volume.
                yVideos: { type: 'linear', display: false, min: 0, max: Math.max(1, ...points.map((p) => p.videoCount)) * 2.2 },
            },
        },
    };
}
//# sourceMappingURL=trend.js.map