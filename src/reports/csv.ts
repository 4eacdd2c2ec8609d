import type { Analysis, Tier, Video } from '../analysis/types.js';
import { ratesOf, tierOf } from '../analysis/metrics.js';
import { leaveOutYoung } from '../analysis/video-age.js';
import type { Catalog } from '../tiktok/catalog.js';
import { parseCsvRecords } from '../csv-parse.js';
import { tiktokProfileUrl } from './format.js';

/**
 * The per-video CSV export (RFC 4180) and its typed read-back (the parser
 * itself is src/csv-parse.ts, shared with the CLI's CSV import).
 *
 * The column names are ones the normalizer's flat shape reads (`caption`,
 * `duration_sec`, `plays`, `likes`, `created_at`, `hashtags`, `sound`, ...), so
 * an export can be fed back to `npm run analyze -- --input export.csv`.
 */

export const VIDEO_CSV_COLUMNS = [
  'id',
  'url',
  'caption',
  'duration_sec',
  'plays',
  'likes',
  'comments',
  'shares',
  'engagement_rate',
  'share_rate',
  'comment_rate',
  'like_rate',
  'tier',
  'saves',
  'created_at',
  'hashtags',
  'sound',
] as const;

export type VideoCsvColumn = (typeof VIDEO_CSV_COLUMNS)[number];

export interface VideosCsvOptions {
  /**
   * Start with a UTF-8 byte order mark (default true): without it Excel reads
   * the file as ANSI and shows emoji captions as mojibake. parseCsv skips it.
   */
  bom?: boolean;
}

/**
 * The tier cell of a video the analysis left out for being younger than its
 * minAgeDays: it was never ranked, so it gets no tier.
 */
export function excludedTierLabel(minAgeDays: number): string {
  return `excluded (younger than ${minAgeDays} ${minAgeDays === 1 ? 'day' : 'days'})`;
}

/** A tier cell as written: a tier, or the excluded label (see excludedTierLabel). */
export type CsvTier = Tier | 'excluded';

/**
 * One row per video, in catalog order. Rates are at full precision (the
 * shortest text that reads back as the same double) and empty for videos
 * without plays; the tier comes from the analysis' own thresholds, and a video
 * the analysis left out (min_age_days) is labelled excluded, never ranked.
 */
export function videosCsv(catalog: Catalog, analysis: Analysis, options: VideosCsvOptions = {}): string {
  // The profile part of every URL is the same; encode it once.
  const profileUrl = tiktokProfileUrl(catalog.account.username);
  const analysed = analysedVideos(catalog, analysis);
  const excluded = excludedTierLabel(analysis.videoAge.minAgeDays);
  const rows = [
    VIDEO_CSV_COLUMNS,
    ...catalog.videos.map((video) => videoRow(profileUrl, video, analysis, analysed.has(video) ? null : excluded)),
  ];
  return `${options.bom === false ? '' : '\ufeff'}${toCsv(rows)}`;
}

/** The catalog videos the analysis rests on: the same age filter it applied (leaveOutYoung, analysis.videoAge). */
function analysedVideos(catalog: Catalog, analysis: Analysis): Set<Video> {
  const { minAgeDays, asOfSec } = analysis.videoAge;
  if (!(minAgeDays > 0) || asOfSec === null) return new Set(catalog.videos);
  const asOf = new Date(asOfSec * 1000).toISOString();
  return new Set(leaveOutYoung(catalog.videos, { asOf, minAgeDays }).videos);
}

/** The cells of one video, in VIDEO_CSV_COLUMNS order; `excluded` is its tier cell when the analysis left it out. */
function videoRow(profileUrl: string, video: Video, analysis: Analysis, excluded: string | null): string[] {
  const rates = ratesOf(video);
  const rate = (value: number | undefined) => (value === undefined ? '' : String(value));
  return [
    // Ids come from the provider (or an imported file) like captions do: guarded too.
    guardFormula(video.id),
    guardFormula(`${profileUrl}/video/${encodeURIComponent(video.id)}`),
    guardFormula(video.caption),
    String(video.durationSec),
    String(video.plays),
    String(video.likes),
    String(video.comments),
    String(video.shares),
    rate(rates?.engagementRate),
    rate(rates?.shareRate),
    rate(rates?.commentRate),
    rate(rates?.likeRate),
    excluded ?? tierOf(rates?.engagementRate, analysis.thresholds),
    video.saves === undefined ? '' : String(video.saves),
    createdAtCell(video),
    guardFormula(video.hashtags.map((tag) => `#${tag}`).join(' ')),
    guardFormula(video.sound ?? ''),
  ];
}

/**
 * The post time in UTC; a date without a time of day (Video.dateOnly) as that date alone, so the
 * export invents no midnight and reads back as a date only.
 */
function createdAtCell(video: Video): string {
  if (video.createdAtSec === null) return '';
  const iso = new Date(video.createdAtSec * 1000).toISOString();
  return video.dateOnly === true ? iso.slice(0, 10) : iso.replace('.000Z', 'Z');
}

/** A field quoted when it must be (RFC 4180: quotes, commas, line breaks), with quotes doubled. */
function csvField(value: string): string {
  return /[",\r\n]/u.test(value) ? `"${value.replace(/"/gu, '""')}"` : value;
}

/** Rows as CSV text (CRLF line endings, no BOM). */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + (rows.length > 0 ? '\r\n' : '');
}

// ---------------------------------------------------------------------------
// Spreadsheet formula injection

/**
 * Captions are written by third parties (competitors' accounts too). A cell
 * starting with = + - @ (or a tab / CR) is run as a formula by Excel and Google
 * Sheets, so such text is prefixed with an apostrophe (OWASP's advice). Text
 * already starting with an apostrophe gets one too, which makes the guard
 * reversible: `unguardFormula(guardFormula(s)) === s` for every s.
 */
export function guardFormula(text: string): string {
  return /^[=+\-@\t\r']/u.test(text) ? `'${text}` : text;
}

/** The original text of a guarded cell (see guardFormula). */
export function unguardFormula(text: string): string {
  return text.startsWith("'") ? text.slice(1) : text;
}

// ---------------------------------------------------------------------------
// Reading

/** One row of our own export, read back with its types. */
export interface VideoCsvRow {
  id: string;
  url: string;
  caption: string;
  durationSec: number;
  plays: number;
  likes: number;
  comments: number;
  shares: number;
  engagementRate: number | null;
  shareRate: number | null;
  commentRate: number | null;
  likeRate: number | null;
  /** 'excluded' for a video the analysis left out for its age. */
  tier: CsvTier;
  saves: number | null;
  createdAtSec: number | null;
  hashtags: string[];
  sound: string | null;
}

const TIERS: readonly Tier[] = ['top', 'middle', 'bottom', 'unranked'];

/** Reads a file written by videosCsv back into typed rows (undoing the formula guard). */
export function parseVideosCsv(text: string): VideoCsvRow[] {
  return parseCsvRecords(text).map((r, i) => {
    const number = (column: VideoCsvColumn) => Number(r[column] ?? '');
    const optionalNumber = (column: VideoCsvColumn) => ((r[column] ?? '') === '' ? null : Number(r[column]));
    const createdAt = r.created_at ?? '';
    const hashtags = unguardFormula(r.hashtags ?? '');
    const sound = unguardFormula(r.sound ?? '');
    return {
      id: unguardFormula(r.id ?? ''),
      url: unguardFormula(r.url ?? ''),
      caption: unguardFormula(r.caption ?? ''),
      durationSec: number('duration_sec'),
      plays: number('plays'),
      likes: number('likes'),
      comments: number('comments'),
      shares: number('shares'),
      engagementRate: optionalNumber('engagement_rate'),
      shareRate: optionalNumber('share_rate'),
      commentRate: optionalNumber('comment_rate'),
      likeRate: optionalNumber('like_rate'),
      tier: tierCell(r.tier ?? 'unranked', i + 1),
      saves: optionalNumber('saves'),
      createdAtSec: createdAt === '' ? null : Date.parse(createdAt) / 1000,
      hashtags: hashtags === '' ? [] : hashtags.split(' ').map((tag) => tag.replace(/^#/u, '')),
      sound: sound === '' ? null : sound,
    };
  });
}

/** A tier cell read back: a file that is not one of our exports fails here rather than passing a made-up tier on. */
function tierCell(text: string, row: number): CsvTier {
  if (/^excluded \(younger than [\d.]+ days?\)$/u.test(text)) return 'excluded';
  const tier = TIERS.find((known) => known === text);
  if (tier === undefined)
    throw new Error(
      `CSV row ${row}: tier ${JSON.stringify(text)} is not one of ${TIERS.join(', ')} or ${excludedTierLabel(7)}`,
    );
  return tier;
}
