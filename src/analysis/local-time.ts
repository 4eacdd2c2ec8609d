/**
 * Weekday and hour of a Unix time in an IANA time zone, fast enough for a
 * million videos: Intl is asked once per 15-minute UTC slot (time zone offsets
 * only change on such boundaries) and the answer is cached.
 */

const WEEKDAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
export type WeekdayName = (typeof WEEKDAY_NAMES)[number];
export { WEEKDAY_NAMES };

const SLOT_SECONDS = 15 * 60;

export interface LocalClock {
  /** 0 = Monday ... 6 = Sunday. */
  weekday(unixSec: number): number;
  /** 0-23. */
  hour(unixSec: number): number;
}

/** Offset of local time from UTC, in seconds, at one instant. */
export function utcOffsetSeconds(formatter: Intl.DateTimeFormat, unixSec: number): number {
  const parts = formatter.formatToParts(new Date(unixSec * 1000));
  const get = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  const localAsUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour') % 24, get('minute'), get('second'));
  return Math.round(localAsUtc / 1000 - Math.floor(unixSec));
}

export function localClock(timeZone: string): LocalClock {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return clockWithOffset(() => 0);
  const formatter = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const offsets = new Map<number, number>();
  return clockWithOffset((unixSec) => {
    const slot = Math.floor(unixSec / SLOT_SECONDS);
    let offset = offsets.get(slot);
    if (offset === undefined) {
      offset = utcOffsetSeconds(formatter, slot * SLOT_SECONDS);
      offsets.set(slot, offset);
    }
    return offset;
  });
}

function clockWithOffset(offsetAt: (unixSec: number) => number): LocalClock {
  const localDays = (unixSec: number) => Math.floor((unixSec + offsetAt(unixSec)) / 86_400);
  return {
    // 1970-01-01 was a Thursday (index 3 with Monday = 0).
    weekday: (unixSec) => (((localDays(unixSec) + 3) % 7) + 7) % 7,
    hour: (unixSec) => {
      const local = unixSec + offsetAt(unixSec);
      return ((Math.floor(local / 3600) % 24) + 24) % 24;
    },
  };
}
