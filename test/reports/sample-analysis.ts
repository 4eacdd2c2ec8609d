import type { Analysis, Findings, GroupTest, Video } from '../../src/analysis/types.js';
import type { Catalog, CatalogSource } from '../../src/tiktok/catalog.js';

/**
 * Hand-built inputs for the report tests: a small catalog and an Analysis with
 * values chosen to be awkward to format (tiny rates, a million-play average,
 * a fractional duration). The Analysis is not computed from the catalog; the
 * reports must only ever read it, so any consistent-looking values do.
 */

export const FETCHED_AT = '2026-11-20T14:03:00.000Z';

export function sampleVideos(): Video[] {
  return [
    video('7301', 'Crispy chickpeas in 15 min #recipe #airfryer 🔥', 24, 1_234_567, 150_000, 2_100, 9_800),
    video('7302', 'Why your sourdough is flat (and how to fix it) #baking', 58, 48_210, 2_900, 310, 120),
    video('7303', '🧑‍🍳 one-pan pasta, "no" cleanup, part 1\nthen part 2, #recipe', 33, 950, 12, 1, 0),
    video('7304', '=HYPERLINK("http://evil.example") not a formula', 75, 0, 0, 0, 0),
    video('7305', '@mayasfriend made this, cost: $3.50', 12, 310_000, 41_000, 700, 5_300),
  ];
}

export function sampleCatalog(source: Partial<CatalogSource> = {}): Catalog {
  return {
    account: { username: 'chefmaya', followers: 120_400, videoCountHint: 45 },
    videos: sampleVideos(),
    skipped: [
      { position: 8, reason: 'has no id' },
      { position: 13, reason: 'play_count is negative (-3)' },
    ],
    source: {
      kind: 'scavio',
      fetchedAt: FETCHED_AT,
      calls: 11,
      creditsUsed: 11,
      creditsRemaining: 489,
      fromCache: false,
      ...source,
    },
  };
}

export function sampleAnalysis(): Analysis {
  return {
    videoCount: 240,
    analyzedCount: 236,
    notice: null,
    thresholds: { q25: 0.041234, q75: 0.098765 },
    tiers: {
      top: {
        count: 60,
        avgDuration: 24.4,
        avgEngagementRate: 0.12413,
        avgShareRate: 0.008213,
        avgCommentRate: 0.0051,
        avgLikeRate: 0.11082,
        avgPlays: 999_950,
      },
      bottom: {
        count: 61,
        avgDuration: 72.5,
        avgEngagementRate: 0.031,
        avgShareRate: 0.00112,
        avgCommentRate: 0.002,
        avgLikeRate: 0.02788,
        avgPlays: 48_210,
      },
    },
    overall: {
      totalPlays: 12_345_678,
      totalLikes: 900_000,
      totalComments: 20_000,
      totalShares: 30_000,
      meanEngagementRate: 0.07123,
      medianEngagementRate: 0.065,
      meanShareRate: 0.004,
      meanCommentRate: 0.003,
      meanLikeRate: 0.064,
    },
    durationBuckets: [
      { label: '0-15s', minSec: 0, maxSec: 15, count: 40, avgEngagementRate: 0.061, medianEngagementRate: 0.0549 },
      { label: '15-30s', minSec: 15, maxSec: 30, count: 92, avgEngagementRate: 0.0912, medianEngagementRate: 0.08208 },
      { label: '30-60s', minSec: 30, maxSec: 60, count: 70, avgEngagementRate: 0.07, medianEngagementRate: 0.063 },
      { label: '1-2min', minSec: 60, maxSec: 120, count: 25, avgEngagementRate: 0.04, medianEngagementRate: 0.036 },
      { label: '10min+', minSec: 600, maxSec: null, count: 2, avgEngagementRate: 0.02, medianEngagementRate: 0.018 },
    ],
    durationSweetSpot: {
      label: '15-30s',
      count: 92,
      avgEngagementRate: 0.0912,
      liftOverMean: 0.2803,
      significant: true,
    },
    topPerformers: [
      performer('7301', 'Crispy chickpeas in 15 min #recipe #airfryer 🔥', 0.2143),
      performer('7305', '@mayasfriend made this, cost: $3.50', 0.1512),
      performer('7399', 'Brackets [like](this) and *stars* _under_ `ticks` | pipes', 0.141),
      performer('7398', '', 0.13),
      performer('7397', '🧑‍🍳🧑‍🍳🧑‍🍳🧑‍🍳🧑‍🍳🧑‍🍳🧑‍🍳🧑‍🍳🧑‍🍳🧑‍🍳🧑‍🍳🧑‍🍳🧑‍🍳🧑‍🍳🧑‍🍳🧑‍🍳🧑‍🍳🧑‍🍳🧑‍🍳🧑‍🍳🧑‍🍳🧑‍🍳🧑‍🍳🧑‍🍳🧑‍🍳', 0.12),
    ],
    hashtags: {
      basedOn: 180,
      minVideos: 3,
      groups: [
        {
          key: 'recipe',
          count: 40,
          avgEngagementRate: 0.101,
          medianEngagementRate: 0.0909,
          topCount: 22,
          bottomCount: 3,
        },
        {
          key: 'airfryer',
          count: 12,
          avgEngagementRate: 0.093,
          medianEngagementRate: 0.0837,
          topCount: 6,
          bottomCount: 1,
        },
        {
          key: 'baking',
          count: 30,
          avgEngagementRate: 0.05,
          medianEngagementRate: 0.045,
          topCount: 4,
          bottomCount: 12,
        },
        { key: 'vlog', count: 9, avgEngagementRate: 0.03, medianEngagementRate: 0.027, topCount: 0, bottomCount: 6 },
        { key: 'fyp', count: 150, avgEngagementRate: 0.07, medianEngagementRate: 0.063, topCount: 38, bottomCount: 37 },
        { key: 'even', count: 10, avgEngagementRate: 0.07, medianEngagementRate: 0.063, topCount: 2, bottomCount: 2 },
      ],
    },
    postingTime: {
      timeZone: 'Europe/Berlin',
      byWeekday: {
        basedOn: 230,
        groups: [
          { key: 'Mon', count: 30, avgEngagementRate: 0.06, medianEngagementRate: 0.054, topCount: 5, bottomCount: 9 },
          {
            key: 'Tue',
            count: 34,
            avgEngagementRate: 0.102,
            medianEngagementRate: 0.0918,
            topCount: 14,
            bottomCount: 3,
          },
          { key: 'Sun', count: 2, avgEngagementRate: 0.3, medianEngagementRate: 0.27, topCount: 2, bottomCount: 0 },
        ],
      },
      byHour: {
        basedOn: 230,
        groups: [
          { key: '07', count: 20, avgEngagementRate: 0.04, medianEngagementRate: 0.036, topCount: 1, bottomCount: 9 },
          { key: '18', count: 44, avgEngagementRate: 0.11, medianEngagementRate: 0.099, topCount: 20, bottomCount: 4 },
        ],
      },
    },
    sound: {
      basedOn: 236,
      groups: [
        {
          key: 'original',
          count: 150,
          avgEngagementRate: 0.081,
          medianEngagementRate: 0.0729,
          topCount: 45,
          bottomCount: 30,
        },
        {
          key: 'other',
          count: 86,
          avgEngagementRate: 0.054,
          medianEngagementRate: 0.0486,
          topCount: 15,
          bottomCount: 31,
        },
      ],
    },
    correlations: {
      engagementRate: { rho: 0.4213, p: 0.0004, n: 236 },
      shareRate: { rho: -0.071, p: 0.0004, n: 236 },
      commentRate: { rho: null, p: null, n: 2 },
      likeRate: { rho: 0.39, p: 0.0004, n: 236 },
    },
    findings: sampleFindings(),
    videoAge: {
      asOfSec: Date.parse(FETCHED_AT) / 1000,
      youngDays: 7,
      young: { analysed: 20, top: 14, bottom: 2 },
      crowdedTiers: ['top'],
      minAgeDays: 0,
      excluded: 0,
      unknownAge: 0,
    },
  };
}

/**
 * Tests consistent with sampleAnalysis' groups: #recipe, Tuesday, 18:00 and
 * 15-30s do better beyond chance, #baking worse; #fyp, Monday and 07:00 were
 * tested and found nothing; original sound is better; the tier test on plays
 * is significant. Strongest first, as analyzeVideos orders them.
 */
export function sampleFindings(): Findings {
  const test = (
    dimension: GroupTest['dimension'],
    key: string,
    n: number,
    p: number,
    effect: number,
    medians: [number, number] = [0.09, 0.06],
  ): GroupTest => ({
    dimension,
    key,
    n,
    nRest: 236 - n,
    medianGroup: medians[0],
    medianRest: medians[1],
    u: ((effect + 1) * n * (236 - n)) / 2,
    p,
    q: Math.min(1, p * 4),
    effect,
    significant: p * 4 < 0.05,
  });
  return {
    alpha: 0.05,
    minSideVideos: 5,
    tests: [
      test('tiers', 'plays', 60, 1e-12, -0.6, [48_210, 310_000]),
      test('hashtag', 'recipe', 40, 2e-6, 0.41, [0.101, 0.061]),
      test('hour', '18', 44, 1e-4, 0.3, [0.11, 0.062]),
      test('weekday', 'Tue', 34, 0.0008, 0.32, [0.1, 0.063]),
      test('hashtag', 'baking', 30, 0.002, -0.35, [0.045, 0.07]),
      test('duration', '15-30s', 92, 0.004, 0.2, [0.085, 0.06]),
      test('sound', 'original', 150, 0.009, 0.18, [0.078, 0.05]),
      test('hashtag', 'airfryer', 12, 0.04, 0.2),
      test('weekday', 'Mon', 30, 0.3, -0.1),
      test('hour', '07', 20, 0.5, -0.08),
      test('hashtag', 'even', 10, 0.9, 0.01),
      test('hashtag', 'fyp', 150, 0.95, 0.005),
    ],
  };
}

/** An analysis of a catalog too small for quartiles, shaped as analyzeVideos answers it. */
export function smallAnalysis(): Analysis {
  const base = sampleAnalysis();
  return {
    ...base,
    videoCount: 3,
    analyzedCount: 3,
    notice: 'Only 3 videos have plays: quartiles need at least 4, so there is no top vs bottom comparison yet.',
    thresholds: null,
    tiers: null,
    durationBuckets: [
      { label: '15-30s', minSec: 15, maxSec: 30, count: 3, avgEngagementRate: 0.05, medianEngagementRate: 0.045 },
    ],
    durationSweetSpot: { label: '15-30s', count: 3, avgEngagementRate: 0.05, liftOverMean: 0, significant: true },
    topPerformers: base.topPerformers.slice(0, 3),
    hashtags: { basedOn: 0, minVideos: 3, groups: [] },
    postingTime: {
      timeZone: 'UTC',
      byWeekday: { basedOn: 0, groups: [] },
      byHour: { basedOn: 0, groups: [] },
    },
    sound: {
      basedOn: 3,
      groups: [
        {
          key: 'original',
          count: 3,
          avgEngagementRate: 0.05,
          medianEngagementRate: 0.045,
          topCount: 0,
          bottomCount: 0,
        },
      ],
    },
  };
}

function video(
  id: string,
  caption: string,
  durationSec: number,
  plays: number,
  likes: number,
  comments: number,
  shares: number,
): Video {
  return {
    id,
    caption,
    durationSec,
    plays,
    likes,
    comments,
    shares,
    createdAtSec: 1_763_600_000,
    hashtags: [],
    sound: 'original sound - chefmaya',
  };
}

function performer(id: string, caption: string, engagementRate: number) {
  return {
    id,
    caption,
    durationSec: 24,
    plays: 310_000,
    likes: 40_000,
    comments: 700,
    shares: 5_300,
    engagementRate,
    shareRate: 0.0171,
    commentRate: 0.0023,
  };
}
