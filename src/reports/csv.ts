import type { Analysis, Tier, Video } from '../analysis/types.js';
import { ratesOf, tierOf } from '../analysis/metrics.js';
import type { Catalog } from '../tiktok/catalog.js';
import { tiktokProfileUrl } from './format.js';

/**
 * The per-video CSV export (RFC 4180) and a robust CSV reader for it and for
 * the CLI's CSV import.
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
 * One row per video, in catalog order. Rates are at full precision (the
 * shortest text that reads back as the same double) and empty for videos
 * without plays; the tier comes from the analysis' own thresholds.
 */
export function videosCsv(catalog: Catalog, analysis: Analysis, options: VideosCsvOptions = {}): string {
  const lines = [VIDEO_CSV_COLUMNS.join(',')];
  // The profile part of every URL is the same; encode it once.
  const profileUrl = tiktokProfileUrl(catalog.account.username);
  for (const video of catalog.videos) lines.push(videoRow(profileUrl, video, analysis).map(csvField).join(','));
  return `${options.bom === false ? '' : '\ufeff'}${lines.join('\r\n')}\r\n`;
}

/** The cells of one video, in VIDEO_CSV_COLUMNS order. */
function videoRow(profileUrl: string, video: Video, analysis: Analysis): string[] {
  const rates = ratesOf(video);
  const rate = (value: number | undefined) => (value === undefined ? '' : String(value));
  return [
    video.id,
    `${profileUrl}/video/${encodeURIComponent(video.id)}`,
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
    tierOf(rates?.engagementRate, analysis.thresholds),
    video.saves === undefined ? '' : String(video.saves),
    video.createdAtSec === null ? '' : new Date(video.createdAtSec * 1000).toISOString().replace('.000Z', 'Z'),
    guardFormula(video.hashtags.map((tag) => `#${tag}`).join(' ')),
    guardFormula(video.sound ?? ''),
  ];
}

/** A field quoted when it must be (RFC 4180: quotes, commas, line breaks), with quotes doubled. */
export function csvField(value: string): string {
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

/** A CSV text that cannot be read, with the 1-based line where the problem starts. */
export class CsvParseError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'CsvParseError';
  }
}

export interface ParseCsvOptions {
  /** Field separator; ',' by default. */
  delimiter?: string;
}

/**
 * Reads CSV into rows of fields. Accepts what real files hold: a UTF-8 BOM,
 * CRLF, LF or CR line ends, quoted fields with doubled quotes, delimiters and
 * line breaks inside quotes, and a missing final line break. Blank lines are
 * skipped. Lenient where RFC 4180 is strict but the intent is clear (a stray
 * quote inside an unquoted field is kept as text); an unterminated quoted field
 * throws CsvParseError, since everything after it would be misread.
 */
export function parseCsv(text: string, options: ParseCsvOptions = {}): string[][] {
  const delimiter = options.delimiter ?? ',';
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new Error(`CSV delimiter must be one character other than a quote or line break, got ${JSON.stringify(delimiter)}`);
  }
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: string[][] = [];
  const length = input.length;
  let row: string[] = [];
  let line = 1;
  let i = 0;
  // True right after a line break: a line break here means a blank line.
  let atLineStart = true;

  const endRow = () => {
    rows.push(row);
    row = [];
  };

  while (i < length) {
    const char = input[i];
    if (atLineStart && (char === '\n' || char === '\r')) {
      // Blank line: skip it.
      i += char === '\r' && input[i + 1] === '\n' ? 2 : 1;
      line++;
      continue;
    }
    atLineStart = false;
    let field: string;
    if (char === '"') {
      const startLine = line;
      let value = '';
      let j = i + 1;
      for (;;) {
        const close = input.indexOf('"', j);
        if (close === -1) throw new CsvParseError(`unterminated quoted field starting on line ${startLine}`, startLine);
        const chunk = input.slice(j, close);
        value += chunk;
        line += countLineBreaks(chunk);
        if (input[close + 1] === '"') {
          value += '"';
          j = close + 2;
          continue;
        }
        j = close + 1;
        break;
      }
      // Text between the closing quote and the next delimiter (not RFC 4180) is kept as is.
      const end = nextBoundary(input, j, delimiter);
      field = value + input.slice(j, end);
      i = end;
    } else {
      const end = nextBoundary(input, i, delimiter);
      field = input.slice(i, end);
      i = end;
    }
    row.push(field);
    if (i >= length) break;
    const boundary = input[i];
    if (boundary === delimiter) {
      i++;
      // A delimiter at the very end of a line or of the text leaves one more, empty field.
      if (i >= length || input[i] === '\n' || input[i] === '\r') row.push('');
      if (i < length && (input[i] === '\n' || input[i] === '\r')) {
        i += input[i] === '\r' && input[i + 1] === '\n' ? 2 : 1;
        line++;
        endRow();
        atLineStart = true;
      }
      continue;
    }
    // A line break.
    i += boundary === '\r' && input[i + 1] === '\n' ? 2 : 1;
    line++;
    endRow();
    atLineStart = true;
  }
  if (row.length > 0) endRow();
  return rows;
}

/** Rows keyed by the header row's names (trimmed); blank rows skipped, missing cells ''. */
export function parseCsvRecords(text: string, options: ParseCsvOptions = {}): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text, options);
  if (header === undefined) return [];
  const names = header.map((name) => name.trim());
  return rows
    .filter((row) => row.some((cell) => cell.trim() !== ''))
    .map((row) => Object.fromEntries(names.map((name, i) => [name, row[i] ?? ''])));
}

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
  tier: Tier;
  saves: number | null;
  createdAtSec: number | null;
  hashtags: string[];
  sound: string | null;
}

/** Reads a file written by videosCsv back into typed rows (undoing the formula guard). */
export function parseVideosCsv(text: string): VideoCsvRow[] {
  return parseCsvRecords(text).map((r) => {
    const number = (column: VideoCsvColumn) => Number(r[column] ?? '');
    const optionalNumber = (column: VideoCsvColumn) => ((r[column] ?? '') === '' ? null : Number(r[column]));
    const createdAt = r.created_at ?? '';
    const hashtags = unguardFormula(r.hashtags ?? '');
    const sound = unguardFormula(r.sound ?? '');
    return {
      id: r.id ?? '',
      url: r.url ?? '',
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
      tier: (r.tier ?? 'unranked') as Tier,
      saves: optionalNumber('saves'),
      createdAtSec: createdAt === '' ? null : Date.parse(createdAt) / 1000,
      hashtags: hashtags === '' ? [] : hashtags.split(' ').map((tag) => tag.replace(/^#/u, '')),
      sound: sound === '' ? null : sound,
    };
  });
}

function nextBoundary(input: string, from: number, delimiter: string): number {
  for (let k = from; k < input.length; k++) {
    const c = input[k];
    if (c === delimiter || c === '\n' || c === '\r') return k;
  }
  return input.length;
}

function countLineBreaks(text: string): number {
  let count = 0;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === 10) count++;
    else if (c === 13 && text.charCodeAt(k + 1) !== 10) count++;
  }
  return count;
}
