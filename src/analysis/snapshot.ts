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
import type { Analysis, Tier, TierStats, Video } from './types.js';

export { isoWeek } from './iso-week.js';

/** The catalog-level figures of one snapshot: kept forever for every week. */
export interface SnapshotSummary {
  videoCount: number;
  analyzedCount: number;
  /** Engagement-rate quartiles; null with fewer than 4 analysed videos. */
  thresholds: { q25: number; q75: number } | null;
  tiers: { top: TierStats; bottom: TierStats } | null;
  /** Overall rates over the analysed videos (plays > 0); null when there are none. */
  medianEngagementRate: number | null;
  meanEngagementRate: number | null;
  /** Mean per-video share rate. */
  shareRate: number | null;
  /** Mean per-video comment rate. */
  commentRate: number | null;
  /** Mean per-video like rate. */
  likeRate: number | null;
  /** Counter sums over every video of the catalog (the same totals the Analysis reports). */
  totals: { plays: number; likes: number; comments: number; shares: number };
}

/** The counters of one video at snapshot time. */
export interface SnapshotVideo {
  id: string;
  plays: number;
  likes: number;
  comments: number;
  shares: number;
  /** Absent when plays = 0 (the video has no rates). */
  engagementRate?: number;
  /** Tier against this snapshot's own thresholds. */
  tier: Tier;
}

export interface Snapshot {
  username: string;
  /** ISO 8601 instant the catalog was analysed. */
  takenAt: string;
  summary: SnapshotSummary;
  /**
   * Per-video counters, in catalog order; null once the store has stripped
   * them (only an account's latest snapshots keep per-video detail).
   */
  videos: SnapshotVideo[] | null;
  /**
   * The ISO week a weekly run took it for (its slot's week, in the subscription's zone): a run
   * retried after midnight on Sunday still belongs to the week it reports. Absent on baselines.
   */
  week?: string;
}

/** One week of the trend chart (src/charts/trend.ts draws these). */
export interface TrendPoint {
  /** ISO week, e.g. '2026-W48'. */
  label: string;
  medianEngagementRate: number | null;
  q75EngagementRate: number | null;
  shareRate: number | null;
  videoCount: number;
}

/** Freezes the Analysis of `videos` into a snapshot. `videos` is the catalog the Analysis was computed from. */
export function takeSnapshot(username: string, videos: readonly Video[], analysis: Analysis, takenAt: Date): Snapshot {
  if (Number.isNaN(takenAt.getTime())) throw new RangeError('takeSnapshot: takenAt is not a valid date');
  const totals = { plays: 0, likes: 0, comments: 0, shares: 0 };
  const seen = new Set<string>();
  const rows: SnapshotVideo[] = [];
  for (const video of videos) {
    // The normalizer already de-duplicates; guard anyway so ids stay a key (first wins, as everywhere).
    if (seen.has(video.id)) continue;
    seen.add(video.id);
    totals.plays += video.plays;
    totals.likes += video.likes;
    totals.comments += video.comments;
    totals.shares += video.shares;
    const engagementRate = ratesOf(video)?.engagementRate;
    const row: SnapshotVideo = {
      id: video.id,
      plays: video.plays,
      likes: video.likes,
      comments: video.comments,
      shares: video.shares,
      tier: tierOf(engagementRate, analysis.thresholds),
    };
    if (engagementRate !== undefined) row.engagementRate = engagementRate;
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

/** A figure in both snapshots; delta is null when either side has no value. */
export interface Change {
  previous: number | null;
  current: number | null;
  delta: number | null;
}

export interface TierChange {
  count: Change;
  avgEngagementRate: Change;
  avgShareRate: Change;
  avgCommentRate: Change;
  avgLikeRate: Change;
  avgPlays: Change;
}

/** A video that moved into the top quartile; previousTier null = new this week. */
export interface EnteredTopQuartile {
  id: string;
  previousTier: Tier | null;
  engagementRate: number | null;
}

/** A video, still in the catalog, that is no longer in the top quartile. */
export interface LeftTopQuartile {
  id: string;
  currentTier: Tier;
  engagementRate: number | null;
}

export interface GrowingVideo {
  id: string;
  /** Plays gained since the previous snapshot (all its plays when new). */
  playsGained: number;
  plays: number;
  isNew: boolean;
}

export interface SnapshotDiff {
  username: string;
  previousTakenAt: string;
  currentTakenAt: string;
  /**
   * True when both snapshots carry per-video counters. Without them (a diff
   * against a summary-only snapshot) the per-video fields are null and
   * `gained` falls back to the change of the catalog totals.
   */
  perVideoDetail: boolean;
  videoCount: Change;
  analyzedCount: Change;
  /** Ids new in the current snapshot, in catalog order; null without per-video detail. */
  videosAdded: string[] | null;
  /** Ids of the previous snapshot missing from the current one (deleted, or past the fetch limit). */
  videosRemoved: string[] | null;
  /**
   * Counters gained over the week.
   * basis 'per-video': the sum over videos present in both snapshots of
   *   (current - previous), plus the full counters of videos added this week.
   *   Videos that disappeared are left out: a video falling out of the fetched
   *   window (the newest N) is not a loss of plays. A counter TikTok lowered
   *   (e.g. removed fake likes) counts negatively, so this is a net figure.
   * basis 'totals': current totals - previous totals, the best we can do
   *   without per-video detail (videos that disappeared do count here).
   */
  gained: { basis: 'per-video' | 'totals'; plays: number; likes: number; comments: number; shares: number };
  /** Whole-catalog rates (means of per-video rates over analysed videos, plus the median engagement). */
  catalog: {
    medianEngagementRate: Change;
    meanEngagementRate: Change;
    shareRate: Change;
    commentRate: Change;
    likeRate: Change;
  };
  thresholds: { q25: Change; q75: Change };
  /** Per-tier changes; a tier's figures are null in a snapshot without quartiles. */
  tiers: { top: TierChange; bottom: TierChange };
  enteredTopQuartile: EnteredTopQuartile[] | null;
  leftTopQuartile: LeftTopQuartile[] | null;
  /** Up to 5 videos with the most plays gained (> 0), biggest first; null without per-video detail. */
  fastestGrowing: GrowingVideo[] | null;
}

export const FASTEST_GROWING_LIMIT = 5;

function change(previous: number | null | undefined, current: number | null | undefined): Change {
  const p = previous ?? null;
  const c = current ?? null;
  return { previous: p, current: c, delta: p !== null && c !== null ? c - p : null };
}

function tierChange(previous: TierStats | undefined, current: TierStats | undefined): TierChange {
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
export function diffSnapshots(previous: Snapshot, current: Snapshot): SnapshotDiff {
  if (previous.username.toLowerCase() !== current.username.toLowerCase()) {
    throw new RangeError(
      `diffSnapshots: snapshots of different accounts (@${previous.username}, @${current.username})`,
    );
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

  const before = new Map<string, SnapshotVideo>();
  for (const video of previous.videos) if (!before.has(video.id)) before.set(video.id, video);

  const gained = { basis: 'per-video' as const, plays: 0, likes: 0, comments: 0, shares: 0 };
  const videosAdded: string[] = [];
  const entered: EnteredTopQuartile[] = [];
  const left: LeftTopQuartile[] = [];
  const growth: GrowingVideo[] = [];
  const stillThere = new Set<string>();

  for (const video of current.videos) {
    if (stillThere.has(video.id)) continue;
    stillThere.add(video.id);
    const old = before.get(video.id);
    // A new video's "previous" counters are zero: everything it has was gained this week.
    const playsGained = video.plays - (old?.plays ?? 0);
    gained.plays += playsGained;
    gained.likes += video.likes - (old?.likes ?? 0);
    gained.comments += video.comments - (old?.comments ?? 0);
    gained.shares += video.shares - (old?.shares ?? 0);
    if (old === undefined) videosAdded.push(video.id);
    if (playsGained > 0) growth.push({ id: video.id, playsGained, plays: video.plays, isNew: old === undefined });

    const wasTop = old?.tier === 'top';
    const isTop = video.tier === 'top';
    if (isTop && !wasTop) {
      entered.push({ id: video.id, previousTier: old?.tier ?? null, engagementRate: video.engagementRate ?? null });
    } else if (wasTop && !isTop) {
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
 * One trend point per ISO week, oldest first: the week a weekly run took the snapshot for, else
 * (baselines) the week of its time in `timeZone`, default UTC. When a week holds several snapshots
 * (the baseline taken at subscribe time and the first weekly run, say), the latest one stands for
 * the week.
 *
 * A weekly run's week is authoritative; a baseline's is read in `timeZone`, which need not be the
 * subscription's: a baseline that reads as a later week than a weekly run taken after it (a
 * Sunday-evening schedule in Los Angeles, read in UTC) was taken in that run's week, and the run
 * stands for it.
 */
export function trendPointsFromSnapshots(
  snapshots: readonly Pick<Snapshot, 'takenAt' | 'summary' | 'week'>[],
  timeZone = 'UTC',
): TrendPoint[] {
  const ordered = [...snapshots].sort((a, b) => Date.parse(a.takenAt) - Date.parse(b.takenAt));
  const byWeek = new Map<string, { point: TrendPoint; weekly: boolean }>();
  for (const snapshot of ordered) {
    const weekly = snapshot.week !== undefined;
    const label = snapshot.week ?? isoWeek(new Date(snapshot.takenAt), timeZone);
    if (weekly) for (const [week, entry] of byWeek) if (!entry.weekly && week > label) byWeek.delete(week);
    // Snapshots are in time order, so a week's later snapshot replaces its earlier one.
    byWeek.set(label, {
      weekly,
      point: {
        label,
        medianEngagementRate: snapshot.summary.medianEngagementRate,
        q75EngagementRate: snapshot.summary.thresholds?.q75 ?? null,
        shareRate: snapshot.summary.shareRate,
        videoCount: snapshot.summary.videoCount,
      },
    });
  }
  // ISO week labels sort as text; a week's snapshot taken late (a retried run) must not follow the next week.
  return [...byWeek.values()]
    .map((entry) => entry.point)
    .sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}
