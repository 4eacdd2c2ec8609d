/**
 * Weekday and hour of a Unix time in an IANA time zone, fast enough for a
 * million videos. Intl is slow (~10 us a call), so it is asked for the UTC
 * offset at the start and end of each UTC day only; where the two differ (a
 * DST change, at most one a day), a binary search finds the exact second the
 * offset changed. A catalog spanning two years costs ~1,500 Intl calls.
 */

const WEEKDAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
export type WeekdayName = (typeof WEEKDAY_NAMES)[number];
export { WEEKDAY_NAMES };

const DAY_SECONDS = 86_400;

export interface LocalClock {
  /** The local wall-clock time as seconds since 1970-01-01 00:00 local. */
  localSeconds(unixSec: number): number;
  /** 0 = Monday ... 6 = Sunday. */
  weekday(unixSec: number): number;
  /** 0-23. */
  hour(unixSec: number): number;
}

/** 0 = Monday ... 6 = Sunday, of a local time in seconds. 1970-01-01 was a Thursday (3). */
export function weekdayOfLocal(localSec: number): number {
  return (((Math.floor(localSec / DAY_SECONDS) + 3) % 7) + 7) % 7;
}

/** 0-23, of a local time in seconds. */
export function hourOfLocal(localSec: number): number {
  return ((Math.floor(localSec / 3600) % 24) + 24) % 24;
}

/** What a wall clock shows: month 1-12, hour 0-23. */
export interface WallClockTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall-clock time of an instant in `timeZone`. */
export function wallClockAt(timeZone: string, epochMs: number): WallClockTime {
  return readWallClock(wallClockFormatter(timeZone), epochMs);
}

function readWallClock(formatter: Intl.DateTimeFormat, epochMs: number): WallClockTime {
  const parts = formatter.formatToParts(new Date(epochMs));
  const get = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  // `% 24` guards against ICU writing midnight as 24 (as it does for hour12: false).
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour') % 24,
    minute: get('minute'),
    second: get('second'),
  };
}

/** Offset of local time from UTC, in seconds, at one instant. */
export function utcOffsetSeconds(formatter: Intl.DateTimeFormat, unixSec: number): number {
  const local = readWallClock(formatter, unixSec * 1000);
  const localAsUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  return Math.round(localAsUtc / 1000 - Math.floor(unixSec));
}

/** The offset of one UTC day: `before` until `changeAt`, `after` from then on. */
interface DayOffsets {
  before: number;
  after: number;
  changeAt: number;
}

function dayOffsets(dayStart: number, offsetAt: (unixSec: number) => number): DayOffsets {
  const before = offsetAt(dayStart);
  const after = offsetAt(dayStart + DAY_SECONDS - 1);
  if (before === after) return { before, after, changeAt: Number.POSITIVE_INFINITY };
  // Binary search for the first second with the new offset.
  let lo = dayStart; // has `before`
  let hi = dayStart + DAY_SECONDS - 1; // has `after`
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetAt(mid) === before) lo = mid;
    else hi = mid;
  }
  return { before, after, changeAt: hi };
}

/**
 * Clocks are kept per time zone, with the day offsets they learned: a weekly
 * run or a bot analysing many catalogs asks Intl about each day once.
 */
const clocks = new Map<string, LocalClock>();

export function localClock(timeZone: string): LocalClock {
  let clock = clocks.get(timeZone);
  if (clock === undefined) {
    clock = createClock(timeZone);
    clocks.set(timeZone, clock);
  }
  return clock;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** A formatter that reads the wall clock of `timeZone` to the second (cached per zone). */
export function wallClockFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Days per block of DayOffsetTable (about 2.8 years), and the blocks it keeps by index (1970 to 2149). */
const BLOCK_DAYS = 1024;
const BLOCKS = 64;

/**
 * Each UTC day's offsets, learned on first use. Days from 1970 to 2149 are kept
 * in blocks of typed arrays, found by index: a million videos look their day up
 * a million times, and a Map lookup per video cost ~40 ms of 1M analysed. Other
 * days (a date far off, which a file may well hold) go in a Map.
 */
class DayOffsetTable {
  /** Per block: before, after and changeAt of each of its days; NaN while not learned. */
  readonly #blocks: (Float64Array | undefined)[] = [];
  readonly #farDays = new Map<number, DayOffsets>();

  constructor(private readonly offsetAt: (unixSec: number) => number) {}

  offset(unixSec: number): number {
    const day = Math.floor(unixSec / DAY_SECONDS);
    const index = Math.floor(day / BLOCK_DAYS);
    if (index < 0 || index >= BLOCKS) return this.#farOffset(day, unixSec);
    const block = (this.#blocks[index] ??= new Float64Array(3 * BLOCK_DAYS).fill(Number.NaN));
    const at = 3 * (day - index * BLOCK_DAYS);
    if (Number.isNaN(block[at]!)) {
      const { before, after, changeAt } = dayOffsets(day * DAY_SECONDS, this.offsetAt);
      block[at] = before;
      block[at + 1] = after;
      block[at + 2] = changeAt;
    }
    return unixSec < block[at + 2]! ? block[at]! : block[at + 1]!;
  }

  #farOffset(day: number, unixSec: number): number {
    let offsets = this.#farDays.get(day);
    if (offsets === undefined) {
      offsets = dayOffsets(day * DAY_SECONDS, this.offsetAt);
      this.#farDays.set(day, offsets);
    }
    return unixSec < offsets.changeAt ? offsets.before : offsets.after;
  }
}

function createClock(timeZone: string): LocalClock {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return clockWithOffset(() => 0);
  const formatter = wallClockFormatter(timeZone);
  const days = new DayOffsetTable((unixSec) => utcOffsetSeconds(formatter, unixSec));
  return clockWithOffset((unixSec) => days.offset(unixSec));
}

function clockWithOffset(offsetAt: (unixSec: number) => number): LocalClock {
  const localSeconds = (unixSec: number) => unixSec + offsetAt(unixSec);
  return {
    localSeconds,
    weekday: (unixSec) => weekdayOfLocal(localSeconds(unixSec)),
    hour: (unixSec) => hourOfLocal(localSeconds(unixSec)),
  };
}
