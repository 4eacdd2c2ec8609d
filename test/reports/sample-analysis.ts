import type { Analysis, Video } from '../../src/analysis/types.js';
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
      { label: '0-15s', minSec: 0, maxSec: 15, count: 40, avgEngagementRate: 0.061 },
      { label: '15-30s', minSec: 15, maxSec: 30, count: 92, avgEngagementRate: 0.0912 },
      { label: '30-60s', minSec: 30, maxSec: 60, count: 70, avgEngagementRate: 0.07 },
      { label: '1-2min', minSec: 60, maxSec: 120, count: 25, avgEngagementRate: 0.04 },
      { label: '10min+', minSec: 600, maxSec: null, count: 2, avgEngagementRate: 0.02 },
    ],
    durationSweetSpot: { label: '15-30s', count: 92, avgEngagementRate: 0.0912, liftOverMean: 0.2803 },
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
        { key: 'recipe', count: 40, avgEngagementRate: 0.101, topCount: 22, bottomCount: 3 },
        { key: 'airfryer', count: 12, avgEngagementRate: 0.093, topCount: 6, bottomCount: 1 },
        { key: 'baking', count: 30, avgEngagementRate: 0.05, topCount: 4, bottomCount: 12 },
        { key: 'vlog', count: 9, avgEngagementRate: 0.03, topCount: 0, bottomCount: 6 },
        { key: 'fyp', count: 150, avgEngagementRate: 0.07, topCount: 38, bottomCount: 37 },
        { key: 'even', count: 10, avgEngagementRate: 0.07, topCount: 2, bottomCount: 2 },
      ],
    },
    postingTime: {
      timeZone: 'Europe/Berlin',
      byWeekday: {
        basedOn: 230,
        groups: [
          { key: 'Mon', count: 30, avgEngagementRate: 0.06, topCount: 5, bottomCount: 9 },
          { key: 'Tue', count: 34, avgEngagementRate: 0.102, topCount: 14, bottomCount: 3 },
          { key: 'Sun', count: 2, avgEngagementRate: 0.3, topCount: 2, bottomCount: 0 },
        ],
      },
      byHour: {
        basedOn: 230,
        groups: [
          { key: '07', count: 20, avgEngagementRate: 0.04, topCount: 1, bottomCount: 9 },
          { key: '18', count: 44, avgEngagementRate: 0.11, topCount: 20, bottomCount: 4 },
        ],
      },
    },
    sound: {
      basedOn: 236,
      groups: [
        { key: 'original', count: 150, avgEngagementRate: 0.081, topCount: 45, bottomCount: 30 },
        { key: 'other', count: 86, avgEngagementRate: 0.054, topCount: 15, bottomCount: 31 },
      ],
    },
    correlations: {
      engagementRate: { rho: 0.4213, n: 236 },
      shareRate: { rho: -0.071, n: 236 },
      commentRate: { rho: null, n: 2 },
      likeRate: { rho: 0.39, n: 236 },
    },
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
    durationBuckets: [{ label: '15-30s', minSec: 15, maxSec: 30, count: 3, avgEngagementRate: 0.05 }],
    durationSweetSpot: { label: '15-30s', count: 3, avgEngagementRate: 0.05, liftOverMean: 0 },
    topPerformers: base.topPerformers.slice(0, 3),
    hashtags: { basedOn: 0, minVideos: 3, groups: [] },
    postingTime: {
      timeZone: 'UTC',
      byWeekday: { basedOn: 0, groups: [] },
      byHour: { basedOn: 0, groups: [] },
    },
    sound: {
      basedOn: 3,
      groups: [{ key: 'original', count: 3, avgEngagementRate: 0.05, topCount: 0, bottomCount: 0 }],
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
