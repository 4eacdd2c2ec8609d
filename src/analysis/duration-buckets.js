/** Right-closed ranges (minSec, maxSec]; a duration of 0 falls in none. */
export const DURATION_BUCKETS = [
    { label: '0-15s', minSec: 0, maxSec: 15 },
    { label: '15-30s', minSec: 15, maxSec: 30 },
    { label: '30-60s', minSec: 30, maxSec: 60 },
    { label: '1-2min', minSec: 60, maxSec: 120 },
    { label: '2-5min', minSec: 120, maxSec: 300 },
    { label: '5-10min', minSec: 300, maxSec: 600 },
    { label: '10min+', minSec: 600, maxSec: null },
];
/** Index into DURATION_BUCKETS, or -1 for an unknown (0) duration. */
export function bucketIndexOf(durationSec) {
    if (!(durationSec > 0))
        return -1;
    for (let i = 0; i < DURATION_BUCKETS.length; i++) {
        const maxSec = DURATION_BUCKETS[i].maxSec;
        if (maxSec === null || durationSec <= maxSec)
            return i;
    }
    return -1;
}
/**
 * The best-performing bucket among those with enough videos to be believable:
 * at least 3, and at least 5% of the videos with a known duration, so a bucket
 * of two lucky videos never wins. `beatsTheRest(label)` says whether that
 * bucket's own test found it better than the other lengths beyond chance.
 */
export function findSweetSpot(buckets, meanEngagementRate, beatsTheRest) {
    const total = buckets.reduce((n, b) => n + b.count, 0);
    const minCount = Math.max(3, Math.ceil(total * 0.05));
    let best;
    for (const bucket of buckets) {
        if (bucket.count < minCount)
            continue;
        if (best === undefined || bucket.avgEngagementRate > best.avgEngagementRate)
            best = bucket;
    }
    if (best === undefined)
        return null;
    return {
        label: best.label,
        count: best.count,
        avgEngagementRate: best.avgEngagementRate,
        liftOverMean: meanEngagementRate > 0 ? best.avgEngagementRate / meanEngagementRate - 1 : 0,
        significant: beatsTheRest(best.label),
    };
}
//# sourceMappingURL=duration-buckets.js.map