/**
 * The domain types every part of the product shares.
 *
 * `Video` is what the normalizer (src/tiktok/normalize.ts) produces from any
 * source; `Analysis` is what the pure functions in this folder compute from a
 * list of videos. Everything downstream (Discord embeds, terminal tables,
 * charts, snapshots) reads an `Analysis` and never recomputes statistics.
 * Both are plain, JSON-serializable data.
 */

/** One TikTok video, normalized from whatever shape its source returned. */
export interface Video {
  id: string;
  /** Caption as posted (full text; display code truncates). */
  caption: string;
  /** Duration in seconds; 0 when unknown. */
  durationSec: number;
  plays: number;
  likes: number;
  comments: number;
  shares: number;
  /** Bookmarks ("collects"), where the source reports them. */
  saves?: number;
  /**
   * Post time as Unix seconds, or null when the source does not say. With dateOnly, the
   * 00:00 UTC of the date as written.
   */
  createdAtSec: number | null;
  /**
   * True when the source gave the post date without a time of day (ISO `2023-08-29`, yt-dlp's
   * `upload_date` `20230829`): the video has the weekday of that date in every time zone, and
   * no hour. Absent for a full post time (or none).
   */
  dateOnly?: true;
  /** Hashtags without '#', lower-cased, in caption order, unique. May share the source's array: never mutate. */
  hashtags: readonly string[];
  /** Sound / music title, where known. */
  sound?: string;
  /** The platform's own flag: the sound is the creator's original sound (wins over reading the title). */
  originalSound?: boolean;
  /** The account that posted it (handle without '@'), where the record says. */
  author?: string;
}

/** Summary statistics over one group of analysed videos (a tier). */
export interface TierStats {
  count: number;
  avgDuration: number;
  avgEngagementRate: number;
  avgShareRate: number;
  avgCommentRate: number;
  avgLikeRate: number;
  avgPlays: number;
}

/** A right-closed duration range (minSec, maxSec] and how videos in it perform. */
export interface DurationBucket {
  label: string;
  minSec: number;
  /** null for the open-ended last bucket. */
  maxSec: number | null;
  count: number;
  avgEngagementRate: number;
  /** Median engagement rate of the bucket (rates are skewed: one viral video moves a mean). */
  medianEngagementRate: number;
}

/** The best duration bucket, with what it rests on. */
export interface DurationSweetSpot {
  label: string;
  count: number;
  avgEngagementRate: number;
  /** avgEngagementRate / overall mean engagement rate - 1 (0.25 = 25% better). */
  liftOverMean: number;
  /**
   * True when the bucket's own test (findings, dimension 'duration') is
   * significant and favours it: only then is it a sweet spot rather than
   * "the best bucket, not clearly better than the rest".
   */
  significant: boolean;
}

export interface TopPerformer {
  id: string;
  /** Caption cut to 80 code points. */
  caption: string;
  durationSec: number;
  plays: number;
  likes: number;
  comments: number;
  shares: number;
  engagementRate: number;
  shareRate: number;
  commentRate: number;
}

/**
 * A group of videos within a breakdown (a hashtag, a weekday, an hour, a sound
 * kind) and how often it shows up in the top vs the bottom tier.
 */
export interface GroupStats {
  key: string;
  count: number;
  avgEngagementRate: number;
  medianEngagementRate: number;
  /** Videos of this group in the top tier. */
  topCount: number;
  /** Videos of this group in the bottom tier. */
  bottomCount: number;
}

export interface Breakdown {
  /** Analysed videos this breakdown rests on (those that have the dimension). */
  basedOn: number;
  groups: GroupStats[];
}

export interface HashtagBreakdown extends Breakdown {
  /** Only hashtags used by at least this many analysed videos are listed. */
  minVideos: number;
}

export interface PostingTimeBreakdown {
  /** IANA time zone the weekdays and hours are computed in. */
  timeZone: string;
  /**
   * keys 'Mon'..'Sun', in that order, empty days omitted. Rests on every video with a post
   * time, date-only ones (Video.dateOnly) with the weekday of their date as written.
   */
  byWeekday: Breakdown;
  /** keys '00'..'23', in that order, empty hours omitted. Rests on the videos with a time of day only. */
  byHour: Breakdown;
}

/** Spearman rank correlation of a rate with plays. */
export interface RankCorrelation {
  rho: number | null;
  /** Two-sided p of rho (t distribution with n - 2 degrees of freedom, as scipy's spearmanr); null with rho. */
  p: number | null;
  n: number;
}

/** The breakdowns a group test belongs to; 'tiers' compares the top tier with the bottom tier. */
export type FindingDimension = 'hashtag' | 'weekday' | 'hour' | 'sound' | 'duration' | 'tiers';

/**
 * One two-sided Mann-Whitney U test: a group's engagement rates against the
 * rest of its breakdown (for 'tiers': the top tier's durations or plays
 * against the bottom tier's).
 */
export interface GroupTest {
  dimension: FindingDimension;
  /** The group's key in its breakdown ('recipe', 'Tue', '18', 'original', '30-60s'; 'duration' or 'plays' for tiers). */
  key: string;
  /** Videos in the group, and in the rest it is compared with. Both are at least Findings.minSideVideos. */
  n: number;
  nRest: number;
  medianGroup: number;
  medianRest: number;
  /** The group's U statistic, ties at their average rank. */
  u: number;
  /** Normal approximation with tie and continuity correction; 1 when every value is tied. */
  p: number;
  /** Benjamini-Hochberg adjusted p over every test of this analysis. */
  q: number;
  /** Rank-biserial correlation 2u / (n * nRest) - 1, from -1 to +1; > 0: the group's values are higher. */
  effect: number;
  /** q < alpha: a difference this large is unlikely to be chance, even after looking at every group. */
  significant: boolean;
}

export interface Findings {
  /** The false-discovery rate the tests are held to (0.05). */
  alpha: number;
  /** A group is tested only when it and its rest each hold at least this many videos. */
  minSideVideos: number;
  /** Every test run, strongest evidence first (smallest p, then the larger effect). */
  tests: GroupTest[];
}

/** How many videos are too young for their rates to have settled, and what was left out. */
export interface VideoAgeStats {
  /** Unix seconds the ages are measured at (when the catalog was fetched); null when unknown. */
  asOfSec: number | null;
  /** A video younger than this many days at asOf counts as young. */
  youngDays: number;
  /** Young analysed videos, in all and per tier (null without an asOf). */
  young: { analysed: number; top: number; bottom: number } | null;
  /** Tiers more than a fifth of which are young videos, whose early engagement is usually higher. */
  crowdedTiers: ('top' | 'bottom')[];
  /** Videos younger than this many days were left out of the whole analysis (0: none). */
  minAgeDays: number;
  /** How many videos minAgeDays left out. */
  excluded: number;
  /** Videos without a post time, kept because their age is unknown. */
  unknownAge: number;
}

export interface OverallStats {
  totalPlays: number;
  totalLikes: number;
  totalComments: number;
  totalShares: number;
  meanEngagementRate: number;
  medianEngagementRate: number;
  meanShareRate: number;
  meanCommentRate: number;
  meanLikeRate: number;
}

export interface Analysis {
  /** Videos in the catalog after de-duplication, less those videoAge.minAgeDays left out. */
  videoCount: number;
  /** Videos with plays > 0: the ones every rate statistic rests on. */
  analyzedCount: number;
  /** Set when there are too few analysed videos for quartiles; says so plainly. */
  notice: string | null;
  /** Engagement-rate quartile thresholds; null when fewer than 4 analysed videos. */
  thresholds: { q25: number; q75: number } | null;
  /** Top tier (>= q75) and bottom tier (<= q25); null without thresholds. */
  tiers: { top: TierStats; bottom: TierStats } | null;
  overall: OverallStats | null;
  durationBuckets: DurationBucket[];
  durationSweetSpot: DurationSweetSpot | null;
  topPerformers: TopPerformer[];
  hashtags: HashtagBreakdown;
  postingTime: PostingTimeBreakdown;
  sound: Breakdown;
  correlations: {
    engagementRate: RankCorrelation;
    shareRate: RankCorrelation;
    commentRate: RankCorrelation;
    likeRate: RankCorrelation;
  };
  /** The significance tests behind every "leans top / bottom" and the summary. */
  findings: Findings;
  videoAge: VideoAgeStats;
}

export type Tier = 'top' | 'middle' | 'bottom' | 'unranked';
