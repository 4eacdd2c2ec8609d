import { averageRanks, rankCorrelation } from './correlation.js';
import { bucketIndexOf, DURATION_BUCKETS, findSweetSpot } from './duration-buckets.js';
import { GroupAccumulator } from './group-accumulator.js';
import { localClock, WEEKDAY_NAMES } from './local-time.js';
import { medianSorted, quantileSorted } from './quantile.js';
import { RadixSorter } from './radix-sort.js';
import { pooledFloat64, pooledUint32, pooledUint8 } from './buffer-pool.js';
import type { Analysis, OverallStats, TierStats, TopPerformer, Video } from './types.js';

export interface AnalyzeOptions {
  /** IANA time zone for the posting-time breakdown. Default UTC. */
  timeZone?: string;
  /** A hashtag is listed when at least this many analysed videos use it. Default 3. */
  minHashtagVideos?: number;
}

/** Quartiles need at least this many analysed videos to mean anything. */
export const MIN_VIDEOS_FOR_QUARTILES = 4;
const TOP_PERFORMERS = 5;
const CAPTION_CODE_POINTS = 80;
const HOUR_KEYS = Array.from({ length: 24 }, (_, hour) => String(hour).padStart(2, '0'));
const TOP = 1;
const BOTTOM = 2;

/** Per-video columns for the analysed videos (plays > 0), built once. */
interface Columns {
  /** Index of each analysed video in the input list. */
  source: Uint32Array;
  engagement: Float64Array;
  share: Float64Array;
  comment: Float64Array;
  like: Float64Array;
  plays: Float64Array;
  duration: Float64Array;
}

function columnsOf(videos: readonly Video[]): Columns {
  let n = 0;
  for (const video of videos) if (video.plays > 0) n++;
  const columns: Columns = {
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
    const v = videos[i]!;
    if (!(v.plays > 0)) continue;
    columns.source[j] = i;
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

function tierStats(columns: Columns, tierBits: Uint8Array, bit: number): TierStats {
  let count = 0;
  let duration = 0;
  let engagement = 0;
  let share = 0;
  let comment = 0;
  let like = 0;
  let plays = 0;
  for (let j = 0; j < tierBits.length; j++) {
    if ((tierBits[j]! & bit) === 0) continue;
    count++;
    duration += columns.duration[j]!;
    engagement += columns.engagement[j]!;
    share += columns.share[j]!;
    comment += columns.comment[j]!;
    like += columns.like[j]!;
    plays += columns.plays[j]!;
  }
  const mean = (sum: number) => (count === 0 ? 0 : sum / count);
  return {
    count,
    avgDuration: mean(duration),
    avgEngagementRate: mean(engagement),
    avgShareRate: mean(share),
    avgCommentRate: mean(comment),
    avgLikeRate: mean(like),
    avgPlays: mean(plays),
  };
}

function sum(values: Float64Array): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i]!;
  return total;
}

function overallStats(videos: readonly Video[], columns: Columns, medianEngagementRate: number): OverallStats | null {
  const n = columns.source.length;
  if (n === 0) return null;
  let totalPlays = 0;
  let totalLikes = 0;
  let totalComments = 0;
  let totalShares = 0;
  for (const v of videos) {
    totalPlays += v.plays;
    totalLikes += v.likes;
    totalComments += v.comments;
    totalShares += v.shares;
  }
  return {
    totalPlays,
    totalLikes,
    totalComments,
    totalShares,
    meanEngagementRate: sum(columns.engagement) / n,
    medianEngagementRate,
    meanShareRate: sum(columns.share) / n,
    meanCommentRate: sum(columns.comment) / n,
    meanLikeRate: sum(columns.like) / n,
  };
}

/** The highest engagement rates; equal rates keep catalog order. One pass, no full sort. */
function topPerformers(videos: readonly Video[], columns: Columns): TopPerformer[] {
  const best: number[] = []; // column indices, best first
  for (let j = 0; j < columns.source.length; j++) {
    const rate = columns.engagement[j]!;
    if (best.length === TOP_PERFORMERS && rate <= columns.engagement[best[TOP_PERFORMERS - 1]!]!) continue;
    let at = best.length;
    // Strictly greater moves up, so an equal rate stays behind the earlier video.
    while (at > 0 && rate > columns.engagement[best[at - 1]!]!) at--;
    best.splice(at, 0, j);
    if (best.length > TOP_PERFORMERS) best.pop();
  }
  return best.map((j) => {
    const v = videos[columns.source[j]!]!;
    return {
      id: v.id,
      caption: truncateCodePoints(v.caption, CAPTION_CODE_POINTS),
      durationSec: v.durationSec,
      plays: v.plays,
      likes: v.likes,
      comments: v.comments,
      shares: v.shares,
      engagementRate: columns.engagement[j]!,
      shareRate: columns.share[j]!,
      commentRate: columns.comment[j]!,
    };
  });
}

/** Cuts to at most `max` code points, so an emoji is never split in half. */
export function truncateCodePoints(text: string, max: number): string {
  if (text.length <= max) return text;
  const points = Array.from(text);
  return points.length <= max ? text : points.slice(0, max).join('');
}

/** Matches TikTok's "original sound - name" in the languages creators most often see. */
const ORIGINAL_SOUND = /original sound|sonido original|son original|som original|originalton|suono originale/i;

/**
 * Computes the whole analysis of a catalog. Pure: no I/O, no clock; the same
 * videos always give the same Analysis.
 */
export function analyzeVideos(videos: readonly Video[], options: AnalyzeOptions = {}): Analysis {
  const timeZone = options.timeZone ?? 'UTC';
  const minHashtagVideos = options.minHashtagVideos ?? 3;
  const columns = columnsOf(videos);
  const n = columns.source.length;
  // One sorter for the five rankings (engagement, plays, share, comment, like): its buffers are reused.
  const sorter = new RadixSorter(n);
  const engagementOrder = sorter.sort(columns.engagement);
  const sortedEngagement = { length: n, at: (k: number) => columns.engagement[engagementOrder.order[k]!]! };
  const medianEngagementRate = n > 0 ? medianSorted(sortedEngagement) : 0;
  const engagementRanks = averageRanks(columns.engagement, engagementOrder, pooledFloat64('ranks.engagement', n));

  const hasQuartiles = n >= MIN_VIDEOS_FOR_QUARTILES;
  const thresholds = hasQuartiles
    ? { q25: quantileSorted(sortedEngagement, 0.25), q75: quantileSorted(sortedEngagement, 0.75) }
    : null;

  // Bit flags, because with q25 == q75 a video belongs to both tiers.
  const tierBits = pooledUint8('tiers', n);
  if (thresholds) {
    for (let j = 0; j < n; j++) {
      const rate = columns.engagement[j]!;
      if (rate >= thresholds.q75) tierBits[j]! |= TOP;
      if (rate <= thresholds.q25) tierBits[j]! |= BOTTOM;
    }
  }

  const buckets = DURATION_BUCKETS.map(() => ({ count: 0, engagement: 0 }));
  const hashtags = new GroupAccumulator();
  const weekdays = new GroupAccumulator();
  const hours = new GroupAccumulator();
  const sounds = new GroupAccumulator();
  const clock = localClock(timeZone);
  let hashtagBase = 0;
  let timeBase = 0;
  let soundBase = 0;

  for (let j = 0; j < n; j++) {
    const video = videos[columns.source[j]!]!;
    const rate = columns.engagement[j]!;
    const inTop = (tierBits[j]! & TOP) !== 0;
    const inBottom = (tierBits[j]! & BOTTOM) !== 0;

    const bucket = bucketIndexOf(video.durationSec);
    if (bucket >= 0) {
      buckets[bucket]!.count++;
      buckets[bucket]!.engagement += rate;
    }
    if (video.hashtags.length > 0) {
      hashtagBase++;
      for (const tag of video.hashtags) hashtags.add(tag, rate, inTop, inBottom);
    }
    if (video.createdAtSec !== null) {
      timeBase++;
      weekdays.add(WEEKDAY_NAMES[clock.weekday(video.createdAtSec)]!, rate, inTop, inBottom);
      hours.add(HOUR_KEYS[clock.hour(video.createdAtSec)]!, rate, inTop, inBottom);
    }
    if (video.sound !== undefined) {
      soundBase++;
      sounds.add(ORIGINAL_SOUND.test(video.sound) ? 'original' : 'other', rate, inTop, inBottom);
    }
  }

  const durationBuckets = DURATION_BUCKETS.flatMap((definition, i) => {
    const { count, engagement } = buckets[i]!;
    return count === 0 ? [] : [{ ...definition, count, avgEngagementRate: engagement / count }];
  });
  const overall = overallStats(videos, columns, medianEngagementRate);

  const playsRanks = averageRanks(columns.plays, sorter.sort(columns.plays), pooledFloat64('ranks.plays', n));
  const scratchRanks = pooledFloat64('ranks.scratch', n);
  const correlationWithPlays = (values: Float64Array) =>
    rankCorrelation(averageRanks(values, sorter.sort(values), scratchRanks), playsRanks);

  return {
    videoCount: videos.length,
    analyzedCount: n,
    notice: hasQuartiles
      ? null
      : `Only ${n} video${n === 1 ? ' has' : 's have'} plays: top and bottom quartiles need at least ${MIN_VIDEOS_FOR_QUARTILES} analysed videos, so tiers are not compared.`,
    thresholds,
    tiers: thresholds
      ? { top: tierStats(columns, tierBits, TOP), bottom: tierStats(columns, tierBits, BOTTOM) }
      : null,
    overall,
    durationBuckets,
    durationSweetSpot: overall ? findSweetSpot(durationBuckets, overall.meanEngagementRate) : null,
    topPerformers: topPerformers(videos, columns),
    hashtags: {
      basedOn: hashtagBase,
      minVideos: minHashtagVideos,
      groups: hashtags.groups({ minCount: minHashtagVideos, order: 'count' }),
    },
    postingTime: {
      timeZone,
      byWeekday: { basedOn: timeBase, groups: weekdays.groups({ order: WEEKDAY_NAMES }) },
      byHour: { basedOn: timeBase, groups: hours.groups({ order: 'key' }) },
    },
    sound: { basedOn: soundBase, groups: sounds.groups({ order: ['original', 'other'] }) },
    correlations: {
      engagementRate: rankCorrelation(engagementRanks, playsRanks),
      shareRate: correlationWithPlays(columns.share),
      commentRate: correlationWithPlays(columns.comment),
      likeRate: correlationWithPlays(columns.like),
    },
  };
}
