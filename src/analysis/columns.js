import { pooledFloat64, pooledUint32, pooledUint8 } from './buffer-pool.js';
export function columnsOf(videos) {
    let n = 0;
    for (const video of videos)
        if (video.plays > 0)
            n++;
    const columns = {
        source: pooledUint32('column.source', n),
        engagement: pooledFloat64('column.engagement', n),
        share: pooledFloat64('column.share', n),
        comment: pooledFloat64('column.comment', n),
        like: pooledFloat64('column.like', n),
        plays: pooledFloat64('column.plays', n),
        duration: pooledFloat64('column.duration', n),
    };
    let j = 0;
    for (let i = 0; i < videos.length; i++) {
        const v = videos[i];
        if (!(v.plays > 0))
            continue;
        columns.source[j] = i;
        // ratesOf's formulas (metrics.ts), written out: it returns an object per video, and this runs for a million.
        columns.engagement[j] = (v.likes + v.comments + v.shares) / v.plays;
        columns.share[j] = v.shares / v.plays;
        columns.comment[j] = v.comments / v.plays;
        columns.like[j] = v.likes / v.plays;
        columns.plays[j] = v.plays;
        columns.duration[j] = v.durationSec;
        j++;
    }
    return columns;
}
/**
 * Tier membership flags per analysed video, by tierOf's thresholds; unlike
 * tierOf (one label per video), a video at q25 == q75 is in both tiers here,
 * so both tiers' stats count it.
 */
export const TOP = 1;
export const BOTTOM = 2;
export function tierBitsOf(engagement, thresholds) {
    const bits = pooledUint8('tiers', engagement.length);
    if (thresholds === null)
        return bits;
    for (let j = 0; j < engagement.length; j++) {
        const rate = engagement[j];
        if (rate >= thresholds.q75)
            bits[j] |= TOP;
        if (rate <= thresholds.q25)
            bits[j] |= BOTTOM;
    }
    return bits;
}
//# sourceMappingURL=columns.js.map