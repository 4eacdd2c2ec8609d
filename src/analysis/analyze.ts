import { finishBreakdowns, readGroups, tallyGroups } from './breakdowns.js';
import { columnsOf, tierBitsOf, BOTTOM, TOP, type Columns } from './columns.js';
import { rankCorrelation } from './correlation.js';
import { findSweetSpot } from './duration-buckets.js';
import { collectFindings } from './collect-findings.js';
import { engagementRanking, rankingJob, tierResult } from './column-rankings.js';
import { awaitFirstRanking, finishRankings, prepareRankings, startRankings } from './parallel-rankings.js';
import { findingFor } from './findings.js';
import { BinnedSample, medianSorted, quantileSorted, type SortedSample } from './quantile.js';
import { leaveOutYoung, videoAgeStats } from './video-age.js';
import type { Analysis, OverallStats, TierStats, TopPerformer, Video } from './types.js';

export interface AnalyzeOptions {
  /** IANA time zone for the posting-time breakdown. Default UTC. */
  timeZone?: string;
  /** A hashtag is listed when at least this many analysed videos use it. Default 3. */
  minHashtagVideos?: number;
  /** When the catalog was fetched (ISO 8601): the time video ages are measured at. */
  asOf?: string;
  /** Leave videos younger than this many days (at asOf) out of the whole analysis. Default 0: keep all. */
  minAgeDays?: number;
}

/** Quartiles need at least this many analysed videos to mean anything. */
export const MIN_VIDEOS_FOR_QUARTILES = 4;
const TOP_PERFORMERS = 5;
const CAPTION_CODE_POINTS = 80;

/** Both tiers' stats in one pass (a video at q25 == q75 counts in both). */
function tierStatsOf(columns: Columns, tierBits: Uint8Array): { top: TierStats; bottom: TierStats } {
  // Per tier: count, then the sums of duration, engagement, share, comment, like and plays.
  const sums = new Float64Array(14);
  const { duration, engagement, share, comment, like, plays } = columns;
  for (let j = 0; j < tierBits.length; j++) {
    const bits = tierBits[j]!;
    if (bits === 0) continue;
    for (let tier = 0; tier < 2; tier++) {
      if ((bits & (tier === 0 ? TOP : BOTTOM)) === 0) continue;
      const at = 7 * tier;
      sums[at]!++;
      sums[at + 1]! += duration[j]!;
      sums[at + 2]! += engagement[j]!;
      sums[at + 3]! += share[j]!;
      sums[at + 4]! += comment[j]!;
      sums[at + 5]! += like[j]!;
      sums[at + 6]! += plays[j]!;
    }
  }
  const stats = (at: number): TierStats => {
    const count = sums[at]!;
    const mean = (sum: number) => (count === 0 ? 0 : sum / count);
    return {
      count,
      avgDuration: mean(sums[at + 1]!),
      avgEngagementRate: mean(sums[at + 2]!),
      avgShareRate: mean(sums[at + 3]!),
      avgCommentRate: mean(sums[at + 4]!),
      avgLikeRate: mean(sums[at + 5]!),
      avgPlays: mean(sums[at + 6]!),
    };
  };
  return { top: stats(0), bottom: stats(7) };
}

function overallStats(columns: Columns, medianEngagementRate: number): OverallStats | null {
  const n = columns.source.length;
  if (n === 0) return null;
  const { totals, rateSums } = columns;
  return {
    totalPlays: totals.plays,
    totalLikes: totals.likes,
    totalComments: totals.comments,
    totalShares: totals.shares,
    meanEngagementRate: rateSums.engagement / n,
    medianEngagementRate,
    meanShareRate: rateSums.share / n,
    meanCommentRate: rateSums.comment / n,
    meanLikeRate: rateSums.like / n,
  };
}

function quartilesOf(sample: SortedSample): { q25: number; q75: number } {
  return { q25: quantileSorted(sample, 0.25), q75: quantileSorted(sample, 0.75) };
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
function truncateCodePoints(text: string, max: number): string {
  if (text.length <= max) return text;
  const points = Array.from(text);
  return points.length <= max ? text : points.slice(0, max).join('');
}

/**
 * Computes the whole analysis of a catalog. Pure: no I/O, no clock; the same
 * videos always give the same Analysis.
 */
export function analyzeVideos(catalogVideos: readonly Video[], options: AnalyzeOptions = {}): Analysis {
  const timeZone = options.timeZone ?? 'UTC';
  const minHashtagVideos = options.minHashtagVideos ?? 3;
  prepareRankings(catalogVideos.length);
  const { videos, asOfSec, minAgeDays, excluded } = leaveOutYoung(catalogVideos, options);
  const columns = columnsOf(videos);
  const n = columns.source.length;
  const hasQuartiles = n >= MIN_VIDEOS_FOR_QUARTILES;
  // The quartiles by selection, so the tiers are known before any ranking is done: every ranking
  // then goes to the worker (see parallel-rankings.ts), engagement's first.
  const thresholds = hasQuartiles ? quartilesOf(new BinnedSample(columns.engagement)) : null;
  const tierBits = tierBitsOf(columns.engagement, thresholds);
  const job = rankingJob(columns, tierBits, hasQuartiles);
  const rankings = startRankings(job);
  const pass = tallyGroups(readGroups(videos, columns.source, { timeZone }), columns.engagement, tierBits);

  awaitFirstRanking(rankings);
  const engagementOrder = engagementRanking(job);
  const sortedEngagement: SortedSample = { length: n, at: (k) => columns.engagement[engagementOrder.order[k]!]! };
  const medianEngagementRate = n > 0 ? medianSorted(sortedEngagement) : 0;
  const overall = overallStats(columns, medianEngagementRate);
  const findings = collectFindings({ columns, pass, engagementOrder, minHashtagVideos });
  const breakdowns = finishBreakdowns(pass, findings.medians, { timeZone, minHashtagVideos });

  // The other columns' rankings, on a second thread for a large catalog (see parallel-rankings.ts).
  finishRankings(rankings);
  findings.addTierTest('plays', tierResult(job, 'plays'));
  findings.addTierTest('duration', tierResult(job, 'duration'));
  const guarded = findings.guard();

  return {
    videoCount: videos.length,
    analyzedCount: n,
    notice: hasQuartiles
      ? null
      : `Only ${n} video${n === 1 ? ' has' : 's have'} plays: top and bottom quartiles need at least ${MIN_VIDEOS_FOR_QUARTILES} analysed videos, so tiers are not compared.`,
    thresholds,
    tiers: thresholds ? tierStatsOf(columns, tierBits) : null,
    overall,
    durationBuckets: breakdowns.durationBuckets,
    durationSweetSpot: overall
      ? findSweetSpot(breakdowns.durationBuckets, overall.meanEngagementRate, (label) => {
          const test = findingFor(guarded, 'duration', label);
          return test !== undefined && test.significant && test.effect > 0;
        })
      : null,
    topPerformers: topPerformers(videos, columns),
    hashtags: breakdowns.hashtags,
    postingTime: breakdowns.postingTime,
    sound: breakdowns.sound,
    correlations: {
      engagementRate: rankCorrelation(job.engagementRanks, job.playsRanks),
      shareRate: rankCorrelation(job.shareRanks, job.playsRanks),
      commentRate: rankCorrelation(job.commentRanks, job.playsRanks),
      likeRate: rankCorrelation(job.likeRanks, job.playsRanks),
    },
    findings: guarded,
    videoAge: videoAgeStats(videos, columns, tierBits, { asOfSec, minAgeDays, excluded }),
  };
}
