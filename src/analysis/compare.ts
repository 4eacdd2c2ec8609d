/**
 * Several accounts side by side, and whether each engages differently from
 * the first ("yours"). The figures of each account are read from its own
 * Analysis (the one /retention analyze shows), never recomputed; what an
 * Analysis does not hold is computed here: the posting cadence, and the
 * test of one account's engagement rates against the first account's.
 *
 * The test is the findings' test (findings.ts: two-sided Mann-Whitney U,
 * normal approximation with tie and continuity correction, as scipy's
 * mannwhitneyu method='asymptotic'), and the comparisons of one request are
 * one family under the same Benjamini-Hochberg guard at the same alpha.
 */
import { ALPHA, benjaminiHochberg, mannWhitney, MIN_SIDE_VIDEOS, testable, type RankTotals } from './findings.js';
import { ratesOf } from './metrics.js';
import { sortNonNegative, tieRunEnd } from './radix-sort.js';
import type { Analysis, DurationSweetSpot, Video } from './types.js';
import { leaveOutYoung } from './video-age.js';

/** Posting cadence is counted over this many weeks before the catalog was fetched. */
export const CADENCE_WEEKS = 8;
/** Hashtags shown per account: the most used ones. */
export const TOP_HASHTAGS = 3;
const WEEK_SECONDS = 7 * 86_400;

/** One account to compare: its catalog's videos and the Analysis computed from them. */
export interface CompareInput {
  username: string;
  videos: readonly Video[];
  analysis: Analysis;
  followers: number | null;
  /** When the catalog was fetched (ISO 8601): the time video ages are measured at. */
  asOf: string;
  /**
   * Where the cadence window ends: the fetch time for a live catalog ('fetch'); for a file, which says
   * nothing about what was posted after it was exported, the newest video's post time ('newest-video').
   */
  cadenceEnd: 'fetch' | 'newest-video';
  /** The minAgeDays the Analysis was computed with (default 0), so the test rests on the same videos. */
  minAgeDays?: number;
  /** The catalog holds every video of the account (not cut by a video limit or a failed fetch). */
  wholeCatalog: boolean;
}

export interface Cadence {
  /** Videos posted per week over the window. */
  perWeek: number;
  weeks: number;
  /** The window's end (ISO 8601), and what it is. */
  until: string;
  endsAt: 'fetch' | 'newest-video';
  /** True when the catalog may not reach back to the window's start (cut by a limit): a lower bound. */
  atLeast: boolean;
}

export interface HashtagUse {
  tag: string;
  /** Analysed videos with the hashtag, and their share of the analysed videos. */
  count: number;
  share: number;
}

/** One account's column of the comparison. */
export interface AccountFigures {
  username: string;
  videoCount: number;
  analyzedCount: number;
  /** Engagement rate: median of the analysed videos, and the quartiles (null below 4 analysed videos). */
  medianEngagementRate: number | null;
  quartiles: { q25: number; q75: number } | null;
  meanShareRate: number | null;
  meanCommentRate: number | null;
  cadence: Cadence | null;
  /** The duration bucket the account does best in (the Analysis' sweet spot), or null. */
  bestDuration: DurationSweetSpot | null;
  topHashtags: HashtagUse[];
  followers: number | null;
}

/** An account's engagement rates tested against the first account's. */
export type AccountTest =
  | {
      username: string;
      against: string;
      tested: true;
      n: number;
      nAgainst: number;
      median: number;
      medianAgainst: number;
      u: number;
      p: number;
      /** Benjamini-Hochberg adjusted over the tests of this comparison. */
      q: number;
      /** Rank-biserial correlation: > 0 means this account's rates are higher. */
      effect: number;
      significant: boolean;
    }
  | { username: string; against: string; tested: false; n: number; nAgainst: number };

export interface Comparison {
  alpha: number;
  minSideVideos: number;
  /** In the order asked; the first is the one the others are compared with. */
  accounts: AccountFigures[];
  /** One per account after the first, in the same order. */
  tests: AccountTest[];
}

/** Rank totals of `group` in the combined sample group + rest (1-based ranks, ties at their average). */
export function rankTotals(group: Float64Array, rest: Float64Array): RankTotals {
  const n = group.length;
  const total = n + rest.length;
  const values = new Float64Array(total);
  values.set(group);
  values.set(rest, n);
  const sorted = sortNonNegative(values);
  let rankSum = 0;
  let tieTerm = 0;
  let start = 0;
  while (start < total) {
    const end = tieRunEnd(sorted, start);
    const rank = (start + 1 + end) / 2;
    const t = end - start;
    tieTerm += t * t * t - t;
    for (let k = start; k < end; k++) if (sorted.order[k]! < n) rankSum += rank;
    start = end;
  }
  return { n, nRest: rest.length, rankSum, tieTerm };
}

/** Engagement rates of the videos an Analysis rests on (the same age filter, plays > 0), in catalog order. */
export function analysedEngagementRates(input: Pick<CompareInput, 'videos' | 'asOf' | 'minAgeDays'>): Float64Array {
  const { videos } = leaveOutYoung(input.videos, {
    asOf: input.asOf,
    ...(input.minAgeDays !== undefined ? { minAgeDays: input.minAgeDays } : {}),
  });
  const rates: number[] = [];
  for (const video of videos) {
    const r = ratesOf(video);
    if (r !== undefined) rates.push(r.engagementRate);
  }
  return Float64Array.from(rates);
}

/**
 * Videos posted per week in the CADENCE_WEEKS before the window's end (the fetch time, or the newest
 * video's post time); null when no video has a post time.
 */
export function postingCadence(
  videos: readonly Video[],
  end: { asOf: string; endsAt: Cadence['endsAt'] },
  wholeCatalog: boolean,
): Cadence | null {
  let newest = Number.NEGATIVE_INFINITY;
  let oldest = Number.POSITIVE_INFINITY;
  for (const video of videos) {
    if (video.createdAtSec === null) continue;
    newest = Math.max(newest, video.createdAtSec);
    oldest = Math.min(oldest, video.createdAtSec);
  }
  if (newest === Number.NEGATIVE_INFINITY) return null;
  const untilSec = end.endsAt === 'fetch' ? Date.parse(end.asOf) / 1000 : newest;
  if (Number.isNaN(untilSec)) return null;
  const from = untilSec - CADENCE_WEEKS * WEEK_SECONDS;
  let inWindow = 0;
  for (const video of videos)
    if (video.createdAtSec !== null && video.createdAtSec > from && video.createdAtSec <= untilSec) inWindow++;
  return {
    perWeek: inWindow / CADENCE_WEEKS,
    weeks: CADENCE_WEEKS,
    until: new Date(untilSec * 1000).toISOString(),
    endsAt: end.endsAt,
    // A catalog cut by a limit whose oldest video is inside the window may miss some of the window's videos.
    atLeast: !wholeCatalog && oldest > from,
  };
}

function figuresOf(input: CompareInput): AccountFigures {
  const { analysis } = input;
  return {
    username: input.username,
    videoCount: analysis.videoCount,
    analyzedCount: analysis.analyzedCount,
    medianEngagementRate: analysis.overall?.medianEngagementRate ?? null,
    quartiles: analysis.thresholds,
    meanShareRate: analysis.overall?.meanShareRate ?? null,
    meanCommentRate: analysis.overall?.meanCommentRate ?? null,
    cadence: postingCadence(input.videos, { asOf: input.asOf, endsAt: input.cadenceEnd }, input.wholeCatalog),
    bestDuration: analysis.durationSweetSpot,
    topHashtags: analysis.hashtags.groups.slice(0, TOP_HASHTAGS).map((group) => ({
      tag: group.key,
      count: group.count,
      share: analysis.analyzedCount > 0 ? group.count / analysis.analyzedCount : 0,
    })),
    followers: input.followers,
  };
}

/**
 * Compares 2 or more accounts: each one's figures, and a test of each
 * account after the first against the first. Pure: no I/O, no clock.
 */
export function compareAnalyses(inputs: readonly CompareInput[]): Comparison {
  if (inputs.length < 2) throw new RangeError(`a comparison needs at least 2 accounts (got ${inputs.length})`);
  const rates = inputs.map((input) => {
    const sample = analysedEngagementRates(input);
    // The test must rest on exactly the videos the figures do: a mismatch would be a silent wrong answer.
    if (sample.length !== input.analysis.analyzedCount)
      throw new Error(
        `compare: @${input.username} has ${sample.length} analysed rates but its analysis ${input.analysis.analyzedCount}`,
      );
    return sample;
  });
  const accounts = inputs.map(figuresOf);
  const first = accounts[0]!;
  const base = rates[0]!;
  const unguarded = inputs.slice(1).map((input, i) => {
    const sample = rates[i + 1]!;
    if (!testable(sample.length, base.length)) return null;
    return mannWhitney(rankTotals(sample, base));
  });
  const tested = unguarded.flatMap((test) => (test === null ? [] : [test.p]));
  const q = benjaminiHochberg(tested);
  let next = 0;
  const tests = unguarded.map((test, i): AccountTest => {
    const account = accounts[i + 1]!;
    const n = rates[i + 1]!.length;
    if (test === null)
      return { username: account.username, against: first.username, tested: false, n, nAgainst: base.length };
    const adjusted = q[next++]!;
    return {
      username: account.username,
      against: first.username,
      tested: true,
      n,
      nAgainst: base.length,
      median: account.medianEngagementRate ?? Number.NaN,
      medianAgainst: first.medianEngagementRate ?? Number.NaN,
      ...test,
      q: adjusted,
      significant: adjusted < ALPHA,
    };
  });
  return { alpha: ALPHA, minSideVideos: MIN_SIDE_VIDEOS, accounts, tests };
}
