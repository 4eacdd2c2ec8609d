import { formatInteger, formatPercent } from '../reports/format.js';
import { categoryAxis, palette, percentAxis, sharedOptions, subtitleOptions, titleOptions, titleWithHandle, } from './theme.js';
/** Bars resting on fewer videos than this are drawn faded: too few to read a pattern into. */
const MIN_VIDEOS_PER_RELIABLE_BAR = 5;
/**
 * Average engagement rate per duration bucket, one bar per non-empty bucket,
 * with each bar's video count in its label (a two-line label: ["15-30s",
 * "n=40"]) since value labels on bars would need a plugin QuickChart and a
 * local Chart.js do not share. The sweet spot is highlighted, thin buckets are
 * faded, and a dashed line marks the catalog's mean engagement rate.
 */
export function durationChartConfig(analysis, options = {}) {
    const buckets = analysis.durationBuckets;
    // Only a best bucket whose test beats the other lengths is a sweet spot (and gets the highlight).
    const spot = analysis.durationSweetSpot;
    const sweetSpot = spot?.significant === true ? spot.label : undefined;
    const mean = analysis.overall?.meanEngagementRate;
    const labels = buckets.map((bucket) => [bucket.label, `n=${formatInteger(bucket.count)}`]);
    const videosInBuckets = buckets.reduce((sum, bucket) => sum + bucket.count, 0);
    const hasThinBars = buckets.some((bucket) => bucket.count < MIN_VIDEOS_PER_RELIABLE_BAR && bucket.label !== sweetSpot);
    const barColors = buckets.map((bucket) => {
        // The analysis only names a sweet spot it believes, so it stays green even when it is small.
        if (bucket.label === sweetSpot)
            return palette.highlight;
        return bucket.count < MIN_VIDEOS_PER_RELIABLE_BAR ? palette.faded : palette.primary;
    });
    const datasets = [
        {
            type: 'bar',
            label: 'Avg engagement rate',
            data: buckets.map((bucket) => bucket.avgEngagementRate),
            backgroundColor: barColors,
            borderRadius: 4,
            maxBarThickness: 72,
            order: 2,
        },
    ];
    if (mean !== undefined && buckets.length > 0) {
        datasets.push({
            type: 'line',
            label: `Catalog average ${formatPercent(mean)}`,
            data: buckets.map(() => mean),
            borderColor: palette.reference,
            backgroundColor: palette.reference,
            borderDash: [6, 4],
            borderWidth: 2,
            pointRadius: 0,
            fill: false,
            order: 1,
        });
    }
    const subtitle = buckets.length === 0
        ? ['No analysed video has a known duration']
        : [
            `${formatInteger(videosInBuckets)} videos with a known length · n = videos per bar`,
            colourKey(sweetSpot, hasThinBars, mean),
        ];
    return {
        type: 'bar',
        data: { labels, datasets },
        options: {
            ...sharedOptions(),
            plugins: {
                title: titleOptions(titleWithHandle('Engagement rate by video length', options.username)),
                subtitle: subtitleOptions(subtitle),
                // Per-bar colours cannot be explained by a dataset legend (and a filter would be a function): the subtitle does it.
                legend: { display: false },
                tooltip: { enabled: false },
            },
            scales: {
                x: categoryAxis(),
                y: percentAxis('Avg engagement rate'),
            },
        },
    };
}
function colourKey(sweetSpot, hasThinBars, mean) {
    const key = [];
    if (sweetSpot !== undefined)
        key.push(`green: sweet spot (${sweetSpot})`);
    if (hasThinBars)
        key.push(`grey: fewer than ${MIN_VIDEOS_PER_RELIABLE_BAR} videos`);
    if (mean !== undefined)
        key.push(`dashed: catalog average ${formatPercent(mean)}`);
    return key.join(' · ');
}
//# sourceMappingURL=duration.js.map