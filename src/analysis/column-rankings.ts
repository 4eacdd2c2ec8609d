/**
 * The rankings of an analysis: engagement (the group tests' walk, and its
 * correlation with plays), plays (its tier test, and the ranks every
 * correlation is taken against), duration (its tier test), and the share,
 * comment and like rates (their ranks, for their correlations with plays).
 * Six tasks, each one sort and one walk, that depend on nothing but the
 * columns and the tiers: a worker thread takes them while the main thread
 * reads each video's groups (parallel-rankings.ts). Here only what a task
 * computes, for either thread.
 */
import { sharedFloat64, sharedUint32, sharedUint8 } from './buffer-pool.js';
import type { Columns } from './columns.js';
import { averageRanks } from './correlation.js';
import { tierRanks, type TierRanks } from './group-ranks.js';
import { RadixSorter, type SortedOrder } from './radix-sort.js';

/**
 * Engagement first: the main thread waits for it before its walk (awaitFirstRanking), for the
 * rest only at the end. Then the longest first and duration (one radix pass, no ranks: ~40-60 ms
 * of a million videos against ~75-100 for the others) last, so the two threads finish close together.
 */
export const RANKING_TASKS = ['engagement', 'plays', 'share', 'comment', 'like', 'duration'] as const;
/** Slots of tierResults. */
const PLAYS = 0;
const DURATION = 1;

/** The inputs and outputs of the six tasks: typed arrays a worker can share. */
export interface RankingJob {
  engagement: Float64Array;
  plays: Float64Array;
  duration: Float64Array;
  share: Float64Array;
  comment: Float64Array;
  like: Float64Array;
  tierBits: Uint8Array;
  /** Whether the catalog has tiers (enough videos for quartiles); without them no tier test runs. */
  hasTiers: boolean;
  /** Filled in by the engagement task: its sorted order, kept for the group walk (the sorter's own is reused). */
  engagementOrder: Uint32Array;
  engagementTied: Uint8Array;
  /** Filled in by the tasks: each column's average ranks. */
  engagementRanks: Float64Array;
  playsRanks: Float64Array;
  shareRanks: Float64Array;
  commentRanks: Float64Array;
  likeRanks: Float64Array;
  /** Filled in by the plays and duration tasks: their TierRanks, TIER_FIELDS numbers each. */
  tierResults: Float64Array;
}

const TIER_FIELDS = [
  'top',
  'bottom',
  'topRankSum',
  'topMedian',
  'bottomMedian',
  'tieTerm',
] as const satisfies readonly (keyof TierRanks)[];
const TIER_RESULTS_LENGTH = 2 * TIER_FIELDS.length;

/** The pooled buffers a job's results are written to: each column's ranks, and engagement's order. */
const RANK_ROLES = ['ranks.engagement', 'ranks.plays', 'ranks.share', 'ranks.comment', 'ranks.like'] as const;
const ORDER_ROLES = ['ranking.engagementOrder', 'ranking.engagementTied'] as const;
export const RESULT_ROLES = [...RANK_ROLES, ...ORDER_ROLES] as const;

/** A job over the analysed videos' columns; its results go to pooled (shared) buffers. */
export function rankingJob(columns: Columns, tierBits: Uint8Array, hasTiers: boolean): RankingJob {
  const n = columns.source.length;
  const [engagementRanks, playsRanks, shareRanks, commentRanks, likeRanks] = RANK_ROLES.map((role) =>
    sharedFloat64(role, n),
  );
  const [orderRole, tiedRole] = ORDER_ROLES;
  return {
    engagement: columns.engagement,
    plays: columns.plays,
    duration: columns.duration,
    share: columns.share,
    comment: columns.comment,
    like: columns.like,
    tierBits,
    hasTiers,
    engagementOrder: sharedUint32(orderRole, n),
    engagementTied: sharedUint8(tiedRole, n),
    engagementRanks: engagementRanks!,
    playsRanks: playsRanks!,
    shareRanks: shareRanks!,
    commentRanks: commentRanks!,
    likeRanks: likeRanks!,
    tierResults: new Float64Array(new SharedArrayBuffer(8 * TIER_RESULTS_LENGTH)),
  };
}

function writeTier(into: Float64Array, slot: number, ranks: TierRanks): void {
  const first = slot * TIER_FIELDS.length;
  TIER_FIELDS.forEach((field, i) => (into[first + i] = ranks[field]));
}

/** The engagement ranking the engagement task wrote (read it only once that task is done). */
export function engagementRanking(job: RankingJob): SortedOrder {
  return { order: job.engagementOrder, tied: job.engagementTied };
}

/** The tier test inputs the plays (0) or duration (1) task wrote; null when the catalog has no tiers. */
export function tierResult(job: RankingJob, key: 'plays' | 'duration'): TierRanks | null {
  if (!job.hasTiers) return null;
  const slot = key === 'plays' ? PLAYS : DURATION;
  const first = slot * TIER_FIELDS.length;
  // A record of exactly TIER_FIELDS: the compiler checks they are every field of TierRanks.
  const ranks = {} as Record<(typeof TIER_FIELDS)[number], number>;
  TIER_FIELDS.forEach((field, i) => (ranks[field] = job.tierResults[first + i]!));
  return ranks;
}

/** Runs task `task` (an index into RANKING_TASKS) of `job`, sorting with `sorter`. */
export function runRankingTask(task: number, job: RankingJob, sorter: RadixSorter): void {
  switch (RANKING_TASKS[task]) {
    case 'engagement': {
      const sorted = sorter.sort(job.engagement);
      job.engagementOrder.set(sorted.order);
      job.engagementTied.set(sorted.tied);
      averageRanks(job.engagement, sorted, job.engagementRanks);
      return;
    }
    case 'plays': {
      const order = sorter.sort(job.plays);
      if (job.hasTiers) writeTier(job.tierResults, PLAYS, tierRanks(job.plays, order, job.tierBits, false));
      averageRanks(job.plays, order, job.playsRanks);
      return;
    }
    case 'duration':
      // A duration of 0 is unknown, not short: positiveOnly leaves it out.
      if (job.hasTiers)
        writeTier(job.tierResults, DURATION, tierRanks(job.duration, sorter.sort(job.duration), job.tierBits, true));
      return;
    case 'share':
      averageRanks(job.share, sorter.sort(job.share), job.shareRanks);
      return;
    case 'comment':
      averageRanks(job.comment, sorter.sort(job.comment), job.commentRanks);
      return;
    case 'like':
      averageRanks(job.like, sorter.sort(job.like), job.likeRanks);
      return;
    default:
      throw new RangeError(`No ranking task ${task}`);
  }
}
