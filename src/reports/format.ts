/**
 * Number, time and text formatting for people. Every report (Discord embed,
 * terminal, CSV captions) formats through here so "7.12%" and "1.2M" look the
 * same everywhere. All functions are pure. Numbers take an optional locale
 * (a Discord user's `interaction.locale`, a BCP 47 tag): the digits are rounded
 * here the same way for every locale, then written with that locale's decimal
 * sign, grouping and percent style through Intl. The default is 'en-US', never
 * the machine's locale, so output does not change with where it runs.
 */

import { graphemes } from './graphemes.js';

const MISSING = 'n/a';

/** The locale used when none is given (and for tags Intl does not accept). */
export const DEFAULT_LOCALE = 'en-US';

/** `locale` when Intl accepts it, else DEFAULT_LOCALE (a locale must never break a report). */
export function resolveLocale(locale: string | null | undefined): string {
  if (!locale) return DEFAULT_LOCALE;
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/** One cached formatter per locale and style: NumberFormat construction is slow next to format(). */
function numberFormat(locale: string, style: 'decimal' | 'percent' | 'integer', digits: number): Intl.NumberFormat {
  const key = `${locale}|${style}|${digits}`;
  let format = numberFormats.get(key);
  if (!format) {
    format =
      style === 'integer'
        ? new Intl.NumberFormat(locale, { maximumFractionDigits: 0 })
        : new Intl.NumberFormat(locale, {
            style,
            minimumFractionDigits: digits,
            maximumFractionDigits: digits,
            // Rates and ratios read as one figure; en-US output has never grouped them.
            useGrouping: false,
          });
    numberFormats.set(key, format);
  }
  return format;
}

/** A decimal already rounded by fixed() ('-12.34'), written in `locale` ('-12,34' in de). */
function localized(text: string, locale: string | undefined): string {
  const at = resolveLocale(locale);
  const dot = text.indexOf('.');
  const digits = dot < 0 ? 0 : text.length - dot - 1;
  return numberFormat(at, 'decimal', digits).format(Number(text));
}

/** 0.07123 -> '7.12%' ('7,12 %' in fr). Rates are fractions; non-finite values read 'n/a'. */
export function formatPercent(rate: number, digits = 2, locale?: string): string {
  if (!Number.isFinite(rate)) return MISSING;
  const text = fixed(rate, digits, 2);
  // Rounded here (half away from zero on the digits shown), so Intl only writes it: the value is exact to `digits`.
  return numberFormat(resolveLocale(locale), 'percent', digits).format(Number(text) / 100);
}

/**
 * Compact counts: 950 -> '950', 48210 -> '48.2K', 1234567 -> '1.2M'.
 * The unit is chosen after rounding, so 999_950 reads '1M', never '1000K'.
 */
export function formatCompact(value: number, locale?: string): string {
  if (!Number.isFinite(value)) return MISSING;
  const sign = value < 0 ? '-' : '';
  const magnitude = Math.abs(value);
  const units: readonly [number, string][] = [
    [1e3, 'K'],
    [1e6, 'M'],
    [1e9, 'B'],
    [1e12, 'T'],
  ];
  const whole = Math.round(magnitude);
  if (whole < 1000) return whole === 0 ? '0' : `${sign}${whole}`;
  for (const [size, suffix] of units) {
    const scaled = Math.round((magnitude / size) * 10) / 10;
    if (scaled < 1000 || suffix === 'T')
      return `${sign}${localized(stripTrailingZero(scaled.toFixed(1)), locale)}${suffix}`;
  }
  return `${sign}${whole}`; // unreachable: the 'T' unit always returns
}

/** A decimal to `digits` places: 2.45 -> '2.5' ('2,5' in de). */
export function formatDecimal(value: number, digits: number, locale?: string): string {
  if (!Number.isFinite(value)) return MISSING;
  return localized(value.toFixed(digits), locale);
}

/** 1234567 -> '1,234,567' ('1.234.567' in de; for exact counts in tables). */
export function formatInteger(value: number, locale?: string): string {
  if (!Number.isFinite(value)) return MISSING;
  // 0 for -0 (and for -0.4, which rounds to it): never '-0'.
  return numberFormat(resolveLocale(locale), 'integer', 0).format(Math.round(value) || 0);
}

/** Seconds as a clock: 75 -> '1:15', 3725 -> '1:02:05'. Fractions are rounded. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return MISSING;
  const total = Math.round(seconds);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const secs = total % 60;
  const ss = String(secs).padStart(2, '0');
  if (hours > 0) return `${hours}:${String(minutes).padStart(2, '0')}:${ss}`;
  return `${minutes}:${ss}`;
}

/** How long ago, from an age in milliseconds: 'just now', '12 min ago', '3 h ago', '2 days ago'. */
export function formatAge(ageMs: number): string {
  if (!Number.isFinite(ageMs) || ageMs < 60_000) return 'just now';
  const minutes = Math.floor(ageMs / 60_000);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.floor(hours / 24);
  return days === 1 ? '1 day ago' : `${days} days ago`;
}

/** '2025-11-20T14:03:59Z' -> '2025-11-20 14:03 UTC'; unparsable input is returned as is. */
export function formatUtcDateTime(iso: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  return `${new Date(time).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * An instant for people in `locale` and `timeZone`, with the zone named:
 * '1 déc. 2026, 14:03 (Europe/Paris)'. Unparsable input is returned as is.
 */
export function formatDateTime(at: string | Date, options: { locale?: string; timeZone?: string } = {}): string {
  const time = typeof at === 'string' ? Date.parse(at) : at.getTime();
  if (Number.isNaN(time)) return typeof at === 'string' ? at : MISSING;
  const timeZone = options.timeZone ?? 'UTC';
  const text = new Intl.DateTimeFormat(resolveLocale(options.locale), {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone,
  }).format(time);
  return `${text} (${timeZone})`;
}

/** A calendar day in `locale`, from a UTC instant: '1 January 2027' in en-GB, 'January 1, 2027' in en-US. */
export function formatUtcDate(at: Date, locale?: string): string {
  return new Intl.DateTimeFormat(resolveLocale(locale), { dateStyle: 'long', timeZone: 'UTC' }).format(at);
}

/** A change of a rate in percentage points: 0.012 -> '+1.2 pp'. */
export function formatDeltaPoints(deltaRate: number, digits = 1, locale?: string): string {
  if (!Number.isFinite(deltaRate)) return MISSING;
  return `${signed(deltaRate, digits, 2, locale)} pp`;
}

/**
 * The change between two rates as formatPercent shows them (`digits` decimals):
 * the difference of the shown, rounded values, so a row reading 7.12% then
 * 7.14% says '+0.02 pp' (the raw difference, 0.0001 rounded, would read
 * '+0.01 pp' and contradict its own columns).
 */
export function formatShownDeltaPoints(previous: number, current: number, digits = 2, locale?: string): string {
  if (!Number.isFinite(previous) || !Number.isFinite(current)) return MISSING;
  const scale = 10 ** digits;
  // In hundredths of a point (for 2 digits) as integers: no float noise in the subtraction.
  const steps =
    Math.round(Number(fixed(current, digits, 2)) * scale) - Math.round(Number(fixed(previous, digits, 2)) * scale);
  return formatDeltaPoints(steps / scale / 100, digits, locale);
}

/** A relative change: 0.123 -> '+12.3%'. */
export function formatDeltaPercent(relative: number, digits = 1, locale?: string): string {
  if (!Number.isFinite(relative)) return MISSING;
  return `${signed(relative, digits, 2, locale)}%`;
}

/** How many times larger a is than b: '3.4×'; 'n/a' when b is 0. */
export function formatRatio(a: number, b: number, locale?: string): string {
  if (!Number.isFinite(a) || !Number.isFinite(b) || b === 0) return MISSING;
  const ratio = a / b;
  return `${localized(ratio >= 10 ? fixed(ratio, 0) : fixed(ratio, 1), locale)}×`;
}

/** A correlation coefficient: '+0.42', '-0.07', 'n/a' when it could not be computed. */
export function formatCorrelation(rho: number | null, locale?: string): string {
  if (rho === null || !Number.isFinite(rho)) return MISSING;
  return signed(rho, 2, 0, locale);
}

/** Singular or plural noun with its count: plural(1, 'video') -> '1 video'. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`, locale?: string): string {
  return `${formatInteger(count, locale)} ${count === 1 ? singular : pluralForm}`;
}

// ---------------------------------------------------------------------------
// Text

/** How a length limit counts: Unicode code points, or UTF-16 code units (JavaScript's `.length`). */
export type LengthUnit = 'codePoints' | 'utf16';

export interface TruncateOptions {
  unit?: LengthUnit;
  /** Appended when text is cut; counts toward the limit. Default '…'. */
  ellipsis?: string;
}

export function lengthIn(text: string, unit: LengthUnit): number {
  if (unit === 'utf16') return text.length;
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // A high surrogate followed by a low one is a single code point.
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    count++;
  }
  return count;
}

/**
 * Cuts text to at most `max` units (ellipsis included), at a grapheme-cluster
 * boundary, so an emoji such as 🧑‍🍳 (three code points) is kept whole or
 * dropped whole, never split into a broken glyph or a lone surrogate.
 */
export function truncateText(text: string, max: number, options: TruncateOptions = {}): string {
  const unit = options.unit ?? 'codePoints';
  const ellipsis = options.ellipsis ?? '…';
  if (max <= 0) return '';
  if (lengthIn(text, unit) <= max) return text;
  const ellipsisLength = lengthIn(ellipsis, unit);
  if (ellipsisLength > max) return prefixByCodePoints(text, max, unit);
  const budget = max - ellipsisLength;
  let used = 0;
  let end = 0;
  for (const { segment, index } of graphemes(text)) {
    const size = lengthIn(segment, unit);
    if (used + size > budget) break;
    used += size;
    end = index + segment.length;
  }
  // A single grapheme larger than the whole budget (pathological stacks of
  // combining marks): fall back to whole code points rather than showing nothing.
  const kept = end === 0 ? prefixByCodePoints(text, budget, unit) : text.slice(0, end);
  return `${kept.trimEnd()}${ellipsis}`;
}

/** Whitespace runs (newlines included) become single spaces, so a caption fits on one line. */
export function oneLine(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

/** A caption for display: on one line, cut to `maxCodePoints` (80 by default, as in the fixtures). */
export function formatCaption(caption: string, maxCodePoints = 80): string {
  return truncateText(oneLine(caption), maxCodePoints);
}

/** A username as reports write it after an '@': ' @chefmaya' -> 'chefmaya'. */
export function bareHandle(username: string): string {
  return username.trim().replace(/^@/u, '');
}

/** Link to a video on TikTok: https://www.tiktok.com/@user/video/ID. */
export function tiktokVideoUrl(username: string, videoId: string): string {
  return `${tiktokProfileUrl(username)}/video/${encodeURIComponent(videoId)}`;
}

/** Link to a TikTok profile. */
export function tiktokProfileUrl(username: string): string {
  return `https://www.tiktok.com/@${encodeURIComponent(bareHandle(username))}`;
}

// ---------------------------------------------------------------------------

function prefixByCodePoints(text: string, max: number, unit: LengthUnit): string {
  let used = 0;
  let out = '';
  for (const codePoint of text) {
    const size = lengthIn(codePoint, unit);
    if (used + size > max) break;
    used += size;
    out += codePoint;
  }
  return out;
}

/**
 * value × 10^scale with `digits` decimals, rounded half away from zero on the
 * decimal digits people see: 0.12415 reads 12.42 (%), where (0.12415 * 100)
 * .toFixed(2) gives 12.41 because the product is 12.414999... in binary.
 * Never '-0.00'.
 */
function fixed(value: number, digits: number, scale = 0): string {
  const magnitude = Math.abs(value);
  const shifted = Number(`${magnitude}e${scale + digits}`);
  const rounded =
    Number.isFinite(shifted) && !String(magnitude).includes('e')
      ? Math.round(shifted) / 10 ** digits
      : Number((magnitude * 10 ** scale).toFixed(digits));
  const text = rounded.toFixed(digits);
  return value < 0 && Number(text) !== 0 ? `-${text}` : text;
}

function signed(value: number, digits: number, scale = 0, locale?: string): string {
  const text = fixed(value, digits, scale);
  const shown = localized(text, locale);
  if (Number(text) === 0) return `±${shown}`;
  return value > 0 ? `+${shown}` : shown;
}

function stripTrailingZero(text: string): string {
  return text.endsWith('.0') ? text.slice(0, -2) : text;
}

/** The number formatters bound to one locale, for a report written for one reader. */
export interface LocaleFormat {
  readonly locale: string;
  percent(rate: number, digits?: number): string;
  integer(value: number): string;
  decimal(value: number, digits: number): string;
  compact(value: number): string;
  plural(count: number, singular: string, pluralForm?: string): string;
  ratio(a: number, b: number): string;
  deltaPercent(relative: number, digits?: number): string;
  deltaPoints(deltaRate: number, digits?: number): string;
}

export function localeFormat(locale?: string): LocaleFormat {
  const at = resolveLocale(locale);
  return {
    locale: at,
    percent: (rate, digits = 2) => formatPercent(rate, digits, at),
    integer: (value) => formatInteger(value, at),
    decimal: (value, digits) => formatDecimal(value, digits, at),
    compact: (value) => formatCompact(value, at),
    plural: (count, singular, pluralForm = `${singular}s`) => plural(count, singular, pluralForm, at),
    ratio: (a, b) => formatRatio(a, b, at),
    deltaPercent: (relative, digits = 1) => formatDeltaPercent(relative, digits, at),
    deltaPoints: (deltaRate, digits = 1) => formatDeltaPoints(deltaRate, digits, at),
  };
}
