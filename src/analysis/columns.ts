import { pooledUint32, sharedFloat64, sharedUint8 } from './buffer-pool.js';
import type { Video } from './types.js';

/** Per-video columns for the analysed videos (plays > 0), built once; the rates, plays and durations are shared with the ranking worker. */
export interface Columns {
  /** Index of each analysed video in the input list. */
  source: Uint32Array;
  engagement: Float64Array;
  share: Float64Array;
  comment: Float64Array;
  like: Float64Array;
  plays: Float64Array;
  duration: Float64Array;
  /** Over every video of the list, those without plays included: the catalog's totals. */
  totals: { plays: number; likes: number; comments: number; shares: number };
  /** Over the analysed videos: each rate's sum, in column order (as a loop over the column would add them). */
  rateSums: { engagement: number; share: number; comment: number; like: number };
  /** Videos of the list (analysed or not) without a post time. */
  withoutPostTime: number;
}

/**
 * One pass over the video objects (a million of them are ~130 MB of heap: each
 * further pass costs tens of milliseconds), so the columns are sized for every
 * video and cut to the analysed ones, and the catalog's totals come along.
 */
export function columnsOf(videos: readonly Video[]): Columns {
  const capacity = videos.length;
  const source = pooledUint32('column.source', capacity);
  const engagement = sharedFloat64('column.engagement', capacity);
  const share = sharedFloat64('column.share', capacity);
  const comment = sharedFloat64('column.comment', capacity);
  const like = sharedFloat64('column.like', capacity);
  const plays = sharedFloat64('column.plays', capacity);
  const duration = sharedFloat64('column.duration', capacity);
  // Sums in a Float64Array: they pass 2^31 within a large catalog, and a field or variable that
  // started as a small integer would make V8 throw away the optimized loop when one does.
  const sums = new Float64Array(8);
  let withoutPostTime = 0;
  let j = 0;
  for (let i = 0; i < capacity; i++) {
    const v = videos[i]!;
    sums[0]! += v.plays;
    sums[1]! += v.likes;
    sums[2]! += v.comments;
    sums[3]! += v.shares;
    if (v.createdAtSec === null) withoutPostTime++;
    if (!(v.plays > 0)) continue;
    source[j] = i;
    // ratesOf's formulas (metrics.ts), written out: it returns an object per video, and this runs for a million.
    const rate = (v.likes + v.comments + v.shares) / v.plays;
    const shareRate = v.shares / v.plays;
    const commentRate = v.comments / v.plays;
    const likeRate = v.likes / v.plays;
    engagement[j] = rate;
    share[j] = shareRate;
    comment[j] = commentRate;
    like[j] = likeRate;
    sums[4]! += rate;
    sums[5]! += shareRate;
    sums[6]! += commentRate;
    sums[7]! += likeRate;
    plays[j] = v.plays;
    duration[j] = v.durationSec;
    j++;
  }
  return {
    source: source.subarray(0, j),
    engagement: engagement.subarray(0, j),
    share: share.subarray(0, j),
    comment: comment.subarray(0, j),
    like: like.subarray(0, j),
    plays: plays.subarray(0, j),
    duration: duration.subarray(0, j),
    totals: { plays: sums[0]!, likes: sums[1]!, comments: sums[2]!, shares: sums[3]! },
    rateSums: { engagement: sums[4]!, share: sums[5]!, comment: sums[6]!, like: sums[7]! },
    withoutPostTime,
  };
}

/**
 * Tier membership flags per analysed video, by tierOf's thresholds; unlike
 * tierOf (one label per video), a video at q25 == q75 is in both tiers here,
 * so both tiers' stats count it.
 */
export const TOP = 1;
export const BOTTOM = 2;

export function tierBitsOf(engagement: Float64Array, thresholds: { q25: number; q75: number } | null): Uint8Array {
  const bits = sharedUint8('tiers', engagement.length);
  if (thresholds === null) return bits;
  for (let j = 0; j < engagement.length; j++) {
    const rate = engagement[j]!;
    if (rate >= thresholds.q75) bits[j]! |= TOP;
    if (rate <= thresholds.q25) bits[j]! |= BOTTOM;
  }
  return bits;
}
