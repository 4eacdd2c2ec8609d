/** engagement = (likes + comments + shares) / plays; undefined when plays = 0. */
export function ratesOf(video) {
    if (!(video.plays > 0))
        return undefined;
    return {
        engagementRate: (video.likes + video.comments + video.shares) / video.plays,
        shareRate: video.shares / video.plays,
        commentRate: video.comments / video.plays,
        likeRate: video.likes / video.plays,
    };
}
/**
 * Tier of a video from its engagement rate. Ties at a threshold belong to the
 * tier (>= q75 is top, <= q25 is bottom); when q25 == q75 a video at that value
 * is in both, and we report it as top.
 */
export function tierOf(engagementRate, thresholds) {
    if (engagementRate === undefined || thresholds === null)
        return 'unranked';
    if (engagementRate >= thresholds.q75)
        return 'top';
    if (engagementRate <= thresholds.q25)
        return 'bottom';
    return 'middle';
}
//# sourceMappingURL=metrics.js.map