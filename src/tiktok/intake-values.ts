/**
 * Reading one value of an export exactly: counters, durations, dates, flags.
 * Pure functions; a value that is present but cannot be read throws
 * RecordProblem (the record is then dropped and the reason shown), a value
 * that is absent returns undefined (the caller decides what absent means).
 */

/** Why one record cannot be read; the normalizer adds the record's position. */
export class RecordProblem extends Error {
  /** The record had a counter this tool reads (so the file is the right kind, this record is just broken). */
  hadCounters = false;
  /** The id was a JSON number a double cannot hold: exact text may still be had by reading the file as a stream. */
  inexactId = false;
}

/** The decimal mark of a file: '.' (2,314.5) or ',' (2.314,5, the convention of semicolon-separated spreadsheets). */
export type DecimalMark = '.' | ',';

/** What spreadsheets and pandas write for "no value". */
const MISSING_TEXT = /^(#?n\/?a|nan|null|none|-|—)$/i;

const SUFFIX: Record<string, number> = { k: 1e3, m: 1e6, b: 1e9 };

/** Digits with the file's decimal mark and an optional grouping separator (2,314 / 2.314 / 2 314). */
const GROUPED: Record<DecimalMark, RegExp> = {
  '.': /^\d{1,3}(?:[, \u00a0\u202f']\d{3})+(?:\.\d+)?$/,
  ',': /^\d{1,3}(?:[. \u00a0\u202f']\d{3})+(?:,\d+)?$/,
};
const PLAIN: Record<DecimalMark, RegExp> = {
  '.': /^\d+(?:\.\d+)?(?:e\+?\d+)?$/i,
  ',': /^\d+(?:,\d+)?$/,
};

function shown(value: unknown): string {
  return typeof value === 'string'
    ? JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
    : typeof value;
}

/**
 * A non-negative number written as text ("2,314", "2.3K", "1.2M", "343296.0"); undefined for "no value".
 * Only a count may be abbreviated or grouped in thousands: nobody writes a duration "15.250" for four
 * hours, so in a duration that is a decimal mark the file's convention does not expect, not a separator.
 */
function numberFromText(
  raw: string,
  field: string,
  decimal: DecimalMark,
  kind: 'count' | 'duration',
): number | undefined {
  const text = raw.trim();
  if (text === '' || MISSING_TEXT.test(text)) return undefined;
  if (text.startsWith('-') && /\d/.test(text)) throw new RecordProblem(`${field} is negative (${shown(raw)})`);
  let body = text;
  let factor = 1;
  const last = text.at(-1)!.toLowerCase();
  if (kind === 'count' && last in SUFFIX) {
    factor = SUFFIX[last]!;
    body = text.slice(0, -1).trim();
  }
  let normalized: string | undefined;
  if (PLAIN[decimal].test(body)) normalized = decimal === ',' ? body.replace(',', '.') : body;
  else if (kind === 'count' && GROUPED[decimal].test(body)) {
    const [whole, fraction] = body.split(decimal);
    normalized = `${whole!.replace(/\D/g, '')}${fraction !== undefined ? `.${fraction}` : ''}`;
  }
  if (normalized === undefined) {
    const hint =
      decimal === '.' && /^\d+,\d{1,2}$/.test(body)
        ? ' (a decimal comma in a comma-decimal file? save it separated by semicolons)'
        : decimal === ',' && /^\d+\.\d+$/.test(body)
          ? " (a decimal point in a semicolon-separated file, where ',' is the decimal mark? save it separated by commas)"
          : '';
    throw new RecordProblem(`${field} is not a number (${shown(raw)})${hint}`);
  }
  // An abbreviation is a rounded figure already: "1.2345K" is 1,235 (rounding also takes away float noise,
  // 2.3 * 1000 = 2299.9999999999995).
  const value = factor === 1 ? Number(normalized) : Math.round(Number(normalized) * factor);
  if (!Number.isFinite(value)) throw new RecordProblem(`${field} is not a finite number (${shown(raw)})`);
  return value;
}

/**
 * A counter (plays, likes, ...): a whole number, as a number, a numeric string or an abbreviation;
 * undefined when absent. A fraction is refused: no platform counts half a view, and "12.345" read
 * as twelve is a thousands separator misread (one such video showed 8,250% engagement).
 */
export function readCount(value: unknown, field: string, decimal: DecimalMark): number | undefined {
  const amount = readAmount(value, field, decimal);
  if (amount !== undefined && !Number.isInteger(amount)) throw notWhole(field, value, decimal);
  return amount;
}

function notWhole(field: string, value: unknown, decimal: DecimalMark): RecordProblem {
  const thousands = decimal === '.' && typeof value === 'string' && /^\s*\d{1,3}(?:\.\d{3})+\s*$/.test(value);
  const hint = thousands
    ? " (if '.' separates thousands in this file, save it separated by semicolons: then '.' is read as a thousands separator)"
    : '';
  return new RecordProblem(
    `${field} is not a whole number (${typeof value === 'string' ? shown(value) : String(value)})${hint}`,
  );
}

/** A non-negative amount: a number, a numeric string, an abbreviation (counters only); undefined when absent. */
function readAmount(value: unknown, field: string, decimal: DecimalMark): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RecordProblem(`${field} is not a finite number (${value})`);
    if (value < 0) throw new RecordProblem(`${field} is negative (${value})`);
    if (value > Number.MAX_SAFE_INTEGER) throw tooLarge(field, value);
    return value;
  }
  if (typeof value === 'string') {
    const read = numberFromText(value, field, decimal, 'count');
    if (read !== undefined && read > Number.MAX_SAFE_INTEGER) throw tooLarge(field, value);
    return read;
  }
  if (typeof value === 'bigint') {
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw tooLarge(field, value);
    return Number(value);
  }
  throw new RecordProblem(`${field} is not a number (${shown(value)})`);
}

/**
 * Past 2^53 a double no longer holds every whole number, so such a counter would be read
 * rounded (9007199254740993 as ...992) without a word: refused, as such an id is.
 */
function tooLarge(field: string, value: number | string | bigint): RecordProblem {
  const text = typeof value === 'string' ? shown(value) : String(value);
  return new RecordProblem(`${field} is past 2^53 (${text}), more than this tool can read exactly`);
}

/**
 * A duration in seconds. `unit` is the shape's unit for plain numbers (the app
 * API sends milliseconds, everything else seconds); "m:ss" and "h:mm:ss" are read as such.
 */
export function readDuration(
  value: unknown,
  field: string,
  unit: 'sec' | 'ms',
  decimal: DecimalMark,
): number | undefined {
  if (typeof value === 'string' && value.includes(':')) {
    const match = /^\s*(?:(\d+):)?(\d{1,2}):(\d{2}(?:[.,]\d+)?)\s*$/.exec(value);
    if (!match) throw new RecordProblem(`${field} is not a duration (${shown(value)})`);
    const [, hours, minutes, seconds] = match;
    return Number(hours ?? 0) * 3600 + Number(minutes) * 60 + Number(seconds!.replace(',', '.'));
  }
  const amount =
    typeof value === 'string' ? numberFromText(value, field, decimal, 'duration') : readAmount(value, field, decimal);
  if (amount === undefined) return undefined;
  return unit === 'ms' ? amount / 1000 : amount;
}

export interface ReadDate {
  /** Unix seconds, or null when absent. A date without a time of day is that date's 00:00 UTC. */
  sec: number | null;
  /** The text gave a date and time but no zone: it was read as UTC. */
  zoneless: boolean;
  /**
   * The text gave a calendar date but no time of day (ISO `2023-08-29`, yt-dlp's `20230829`):
   * `sec` is that date's 00:00 UTC, which stands for the date as written, not for a time.
   */
  dateOnly: boolean;
}

const NO_DATE: ReadDate = { sec: null, zoneless: false, dateOnly: false };
const ISO_LIKE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Unix time in seconds, milliseconds, microseconds or nanoseconds, told apart by size: in seconds
 * a post time stays below 1e11 until the year 5138, and each finer unit is a thousand times larger.
 */
function fromNumber(value: number): number {
  if (value >= 1e17) return Math.floor(value / 1e9);
  if (value >= 1e14) return Math.floor(value / 1e6);
  if (value >= 1e11) return Math.floor(value / 1e3);
  return Math.floor(value);
}

/** TikTok (musical.ly before it) began in 2014; a post time outside 2010-2100 is a misread value. */
const EARLIEST_POST_SEC = Date.UTC(2010, 0, 1) / 1000;
const LATEST_POST_SEC = Date.UTC(2100, 0, 1) / 1000;

/**
 * The date, or a RecordProblem for one no post can have: an Excel day number (45236.5) read as
 * seconds is 1970, a unit beyond nanoseconds lands past 2100. Weekday and hour of such a date
 * would be invented.
 */
function plausible(date: ReadDate, field: string, value: unknown): ReadDate {
  if (date.sec === null || isPostTime(date.sec)) return date;
  throw notAPostTime(field, value, date.sec);
}

const isPostTime = (sec: number): boolean => sec >= EARLIEST_POST_SEC && sec < LATEST_POST_SEC;

function notAPostTime(field: string, value: unknown, sec: number): RecordProblem {
  const when = new Date(sec * 1000).toISOString().slice(0, 10);
  return new RecordProblem(
    `${field} is not a post time (${typeof value === 'string' ? shown(value) : String(value)} reads as ${when}); use Unix seconds or ISO 8601`,
  );
}

/** Refuses a year, month and day that name no calendar day (Date.UTC rolls 2023-02-30 over to March 2). */
function checkCalendarDay(year: number, month: number, day: number, field: string, value: string): void {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    throw new RecordProblem(`${field} is not a calendar day (${shown(value)})`);
}

/**
 * A post time: Unix seconds or milliseconds (number or text), ISO 8601, or
 * yt-dlp's YYYYMMDD. A time without a zone is UTC, never the machine's zone.
 * A date without a time (`2023-08-29`, `20230829`) is marked dateOnly: it has
 * a weekday (the date's own, in any time zone) but no hour.
 */
export function readDate(value: unknown, field: string): ReadDate {
  if (value === undefined || value === null) return NO_DATE;
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value <= 0) return NO_DATE;
    const sec = fromNumber(value);
    if (!isPostTime(sec)) throw notAPostTime(field, value, sec);
    return { sec, zoneless: false, dateOnly: false };
  }
  if (typeof value !== 'string') throw new RecordProblem(`${field} is not a date (${shown(value)})`);
  return plausible(readDateText(value, field), field, value);
}

/**
 * readDate's text forms, apart so that readDate stays small: V8 then inlines it into the
 * normalizer, and the result object of a numeric date (most files) is never allocated.
 */
function readDateText(value: string, field: string): ReadDate {
  const text = value.trim();
  if (text === '' || MISSING_TEXT.test(text)) return NO_DATE;
  if (/^\d{8}$/.test(text) && Number(text.slice(0, 4)) >= 1990) {
    const [year, month, day] = [Number(text.slice(0, 4)), Number(text.slice(4, 6)), Number(text.slice(6, 8))];
    checkCalendarDay(year, month, day, field, value);
    return calendarDate(year, month, day);
  }
  if (/^\d+(\.\d+)?$/.test(text)) {
    const n = Number(text);
    return n > 0 ? { sec: fromNumber(n), zoneless: false, dateOnly: false } : NO_DATE;
  }
  const iso = ISO_LIKE.exec(text);
  if (iso) {
    const [, y, mo, d, h, mi = '00', s = '00', frac = '', zone] = iso;
    checkCalendarDay(Number(y), Number(mo), Number(d), field, value);
    // A date alone (with or without a zone) names a day, not its midnight somewhere.
    if (h === undefined) return calendarDate(Number(y), Number(mo), Number(d));
    const ms = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}${frac}${isoZone(zone)}`);
    if (Number.isNaN(ms)) throw new RecordProblem(`${field} is not a date (${shown(value)})`);
    return { sec: Math.floor(ms / 1000), zoneless: zone === undefined, dateOnly: false };
  }
  // Other spellings (RFC 2822 "Tue, 29 Aug 2023 10:00:00 GMT") only with a zone: without one the machine's zone would decide.
  if (/(gmt|utc|z|[+-]\d{4})$/i.test(text)) {
    const ms = Date.parse(text);
    if (!Number.isNaN(ms)) return { sec: Math.floor(ms / 1000), zoneless: false, dateOnly: false };
  }
  throw new RecordProblem(`${field} is not a date this tool reads (${shown(value)}); use Unix seconds or ISO 8601`);
}

/** A calendar date without a time of day: its 00:00 UTC, marked dateOnly (see ReadDate). */
function calendarDate(year: number, month: number, day: number): ReadDate {
  return { sec: Date.UTC(year, month - 1, day) / 1000, zoneless: false, dateOnly: true };
}

/** "Z" for no zone (UTC), else the zone as Date.parse reads it (+05:30). */
function isoZone(zone: string | undefined): string {
  if (zone === undefined || /^(z|utc|gmt)$/i.test(zone)) return 'Z';
  const digits = zone.slice(1).replace(':', '');
  return `${zone[0]}${digits.slice(0, 2)}:${digits.slice(2, 4) || '00'}`;
}

/** A platform's yes/no flag (true, 1, "true", "yes"); undefined when absent or not a flag. */
export function readFlag(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : undefined;
  if (typeof value === 'string') {
    const text = value.trim().toLowerCase();
    if (['true', '1', 'yes', 'y'].includes(text)) return true;
    if (['false', '0', 'no', 'n'].includes(text)) return false;
  }
  return undefined;
}

/** A number in a spreadsheet's scientific notation (7.30123E+18): what Excel shows, and saves, for a long id. */
const SCIENTIFIC = /^\d(?:[.,]\d+)?e\+?\d+$/i;

/** A cheap look at the second character, so that real ids (all digits) skip the regex. */
function mayBeScientific(text: string): boolean {
  const second = text.charCodeAt(1);
  return second === 46 /* . */ || second === 44 /* , */ || second === 69 /* E */ || second === 101; /* e */
}

/** A video id, kept exactly as text (ids past 2^53 arrive as text from the JSON reader, see json-records.ts). */
export function readId(value: unknown): string {
  if (typeof value === 'string') {
    const text =
      value.length > 0 && value.charCodeAt(0) > 32 && value.charCodeAt(value.length - 1) > 32 ? value : value.trim();
    // Only short texts can be a "missing" marker (#N/A, null): skip the regex for real ids.
    if (text !== '' && (text.length > 4 || !MISSING_TEXT.test(text))) {
      if (mayBeScientific(text) && SCIENTIFIC.test(text))
        throw new RecordProblem(
          `has an id rounded by a spreadsheet (${text}): its digits are lost and such ids collide; format the id column as text and export again`,
        );
      return text;
    }
    throw new RecordProblem('has no id');
  }
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  if (typeof value === 'number') {
    const problem = new RecordProblem(
      `has an id that is not a whole number within 2^53 (${value}); export ids as text`,
    );
    problem.inexactId = !Number.isSafeInteger(value) && Number.isInteger(value) && value > 0;
    throw problem;
  }
  throw new RecordProblem('has no id');
}
