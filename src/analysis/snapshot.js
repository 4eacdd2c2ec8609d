/**
 * Snapshots of an account at a point in time, and what changed between two of
 * them: the longitudinal view behind the weekly reports.
 *
 * A snapshot is read off an Analysis (thresholds, tier stats, overall rates)
 * plus the raw counters of every video; nothing here recomputes quartiles.
 * Pure functions, no I/O; imports only from src/analysis.
 */
import { isoWeek } from './iso-week.js';
import { ratesOf, tierOf } from './metrics.js';
export { isoWeek } from './iso-week.js';
/** Freezes the Analysis of `videos` into a snapshot. `videos` is the catalog the Analysis was computed from. */
export function takeSnapshot(username, videos, analysis, takenAt) {
    if (Number.isNaN(takenAt.getTime()))
        throw new RangeError('takeSnapshot: takenAt is not a valid date');
    const totals = { plays: 0, likes: 0, comments: 0, shares: 0 };
    const seen = new Set();
    const rows = [];
    for (const video of videos) {
        // The normalizer already de-duplicates; guard anyway so ids stay a key (first wins, as everywhere).
        if (seen.has(video.id))
            continue;
        seen.add(video.id);
        totals.plays += video.plays;
        totals.likes += video.likes;
        totals.comments += video.comments;
        totals.shares += video.shares;
        const engagementRate = ratesOf(video)?.engagementRate;
        const row = {
            id: video.id,
            plays: video.plays,
            likes: video.likes,
            comments: video.comments,
            shares: video.shares,
            tier: tierOf(engagementRate, analysis.thresholds),
        };
        if (engagementRate !== undefined)
            row.engagementRate = engagementRate;
        rows.push(row);
    }
    const overall = analysis.overall;
    return {
        username,
        takenAt: takenAt.toISOString(),
        summary: {
            videoCount: analysis.videoCount,
            analyzedCount: analysis.analyzedCount,
            thresholds: analysis.thresholds ? { q25: analysis.thresholds.q25, q75: analysis.thresholds.q75 } : null,
            tiers: analysis.tiers ? { top: { ...analysis.tiers.top }, bottom: { ...analysis.tiers.bottom } } : null,
            medianEngagementRate: overall?.medianEngagementRate ?? null,
            meanEngagementRate: overall?.meanEngagementRate ?? null,
            shareRate: overall?.meanShareRate ?? null,
            commentRate: overall?.meanCommentRate ?? null,
            likeRate: overall?.meanLikeRate ?? null,
            totals,
        },
        videos: rows,
    };
}
export const FASTEST_GROWING_LIMIT = 5;
function change(previous, current) {
    const p = previous ?? null;
    const c = current ?? null;
    return { previous: p, current: c, delta: p !== null && c !== null ? c - p : null };
}
function tierChange(previous, current) {
    return {
        count: change(previous?.count, current?.count),
        avgEngagementRate: change(previous?.avgEngagementRate, current?.avgEngagementRate),
        avgShareRate: change(previous?.avgShareRate, current?.avgShareRate),
        avgCommentRate: change(previous?.avgCommentRate, current?.avgCommentRate),
        avgLikeRate: change(previous?.avgLikeRate, current?.avgLikeRate),
        avgPlays: change(previous?.avgPlays, current?.avgPlays),
    };
}
/** What changed from `previous` to `current` (two snapshots of the same account). */
export function diffSnapshots(previous, current) {
    if (previous.username.toLowerCase() !== current.username.toLowerCase()) {
        throw new RangeError(`diffSnapshots: snapshots of different accounts (@${previous.username}, @${current.username})`);
    }
    const p = previous.summary;
    const c = current.summary;
    const summaryPart = {
        username: current.username,
        previousTakenAt: previous.takenAt,
        currentTakenAt: current.takenAt,
        videoCount: change(p.videoCount, c.videoCount),
        analyzedCount: change(p.analyzedCount, c.analyzedCount),
        catalog: {
            medianEngagementRate: change(p.medianEngagementRate, c.medianEngagementRate),
            meanEngagementRate: change(p.meanEngagementRate, c.meanEngagementRate),
            shareRate: change(p.shareRate, c.shareRate),
            commentRate: change(p.commentRate, c.commentRate),
            likeRate: change(p.likeRate, c.likeRate),
        },
        thresholds: {
            q25: change(p.thresholds?.q25, c.thresholds?.q25),
            q75: change(p.thresholds?.q75, c.thresholds?.q75),
        },
        tiers: { top: tierChange(p.tiers?.top, c.tiers?.top), bottom: tierChange(p.tiers?.bottom, c.tiers?.bottom) },
    };
    if (previous.videos === null || current.videos === null) {
        return {
            ...summaryPart,
            perVideoDetail: false,
            videosAdded: null,
            videosRemoved: null,
            gained: {
                basis: 'totals',
                plays: c.totals.plays - p.totals.plays,
                likes: c.totals.likes - p.totals.likes,
                comments: c.totals.comments - p.totals.comments,
                shares: c.totals.shares - p.totals.shares,
            },
            enteredTopQuartile: null,
            leftTopQuartile: null,
            fastestGrowing: null,
        };
    }
    const before = new Map();
    for (const video of previous.videos)
        if (!before.has(video.id))
            before.set(video.id, video);
    const gained = { basis: 'per-video', plays: 0, likes: 0, comments: 0, shares: 0 };
    const videosAdded = [];
    const entered = [];
    const left = [];
    const growth = [];
    const stillThere = new Set();
    for (const video of current.videos) {
        if (stillThere.has(video.id))
            continue;
        stillThere.add(video.id);
        const old = before.get(video.id);
        // A new video's "previous" counters are zero: everything it has was gained this week.
        const playsGained = video.plays - (old?.plays ?? 0);
        gained.plays += playsGained;
        gained.likes += video.likes - (old?.likes ?? 0);
        gained.comments += video.comments - (old?.comments ?? 0);
        gained.shares += video.shares - (old?.shares ?? 0);
        if (old === undefined)
            videosAdded.push(video.id);
        if (playsGained > 0)
            growth.push({ id: video.id, playsGained, plays: video.plays, isNew: old === undefined });
        const wasTop = old?.tier === 'top';
        const isTop = video.tier === 'top';
        if (isTop && !wasTop) {
            entered.push({ id: video.id, previousTier: old?.tier ?? null, engagementRate: video.engagementRate ?? null });
        }
        else if (wasTop && !isTop) {
            left.push({ id: video.id, currentTier: video.tier, engagementRate: video.engagementRate ?? null });
        }
    }
    const videosRemoved = [...before.keys()].filter((id) => !stillThere.has(id));
    // Stable sort: equal gains keep catalog order.
    const fastestGrowing = growth.sort((a, b) => b.playsGained - a.playsGained).slice(0, FASTEST_GROWING_LIMIT);
    return {
        ...summaryPart,
        perVideoDetail: true,
        videosAdded,
        videosRemoved,
        gained,
        enteredTopQuartile: entered,
        leftTopQuartile: left,
        fastestGrowing,
    };
}
/**
 * One trend point per ISO week (in `timeZone`, default UTC), oldest first.
 * When a week holds several snapshots (the baseline taken at subscribe time
 * and the first weekly run, say), the latest one stands for the week.
 */
export function trendPointsFromSnapshots(snapshots, timeZone = 'UTC') {
    const ordered = [...snapshots].sort((a, b) => Date.parse(a.takenAt) - Date.parse(b.takenAt));
    const byWeek = new Map();
    for (const snapshot of ordered) {
        const label = isoWeek(new Date(snapshot.takenAt), timeZone);
        // Snapshots are in time order, so a week's later snapshot replaces its earlier one in place.
        byWeek.set(label, {
            label,
            medianEngagementRate: snapshot.summary.medianEngagementRate,
            q75EngagementRate: snapshot.summary.thresholds?.q75 ?? null,
            shareRate: snapshot.summary.shareRate,
            videoCount: snapshot.summary.videoCount,
        });
    }
    return [...byWeek.values()];
}
//# sourceMappingURL=snapshot.js.map