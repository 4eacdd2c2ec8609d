/**
 * Weekday and hour of a Unix time in an IANA time zone, fast enough for a
 * million videos. Intl is slow (~10 us a call), so it is asked for the UTC
 * offset at the start and end of each UTC day only; where the two differ (a
 * DST change, at most one a day), a binary search finds the exact second the
 * offset changed. A catalog spanning two years costs ~1,500 Intl calls.
 */
const WEEKDAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
export { WEEKDAY_NAMES };
const DAY_SECONDS = 86_400;
/** 0 = Monday ... 6 = Sunday, of a local time in seconds. 1970-01-01 was a Thursday (3). */
export function weekdayOfLocal(localSec) {
    return (((Math.floor(localSec / DAY_SECONDS) + 3) % 7) + 7) % 7;
}
/** 0-23, of a local time in seconds. */
export function hourOfLocal(localSec) {
    return ((Math.floor(localSec / 3600) % 24) + 24) % 24;
}
/** The wall-clock time of an instant in `timeZone`. */
export function wallClockAt(timeZone, epochMs) {
    return readWallClock(wallClockFormatter(timeZone), epochMs);
}
function readWallClock(formatter, epochMs) {
    const parts = formatter.formatToParts(new Date(epochMs));
    const get = (type) => Number(parts.find((p) => p.type === type)?.value);
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
export function utcOffsetSeconds(formatter, unixSec) {
    const local = readWallClock(formatter, unixSec * 1000);
    const localAsUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
    return Math.round(localAsUtc / 1000 - Math.floor(unixSec));
}
function dayOffsets(dayStart, offsetAt) {
    const before = offsetAt(dayStart);
    const after = offsetAt(dayStart + DAY_SECONDS - 1);
    if (before === after)
        return { before, after, changeAt: Number.POSITIVE_INFINITY };
    // Binary search for the first second with the new offset.
    let lo = dayStart; // has `before`
    let hi = dayStart + DAY_SECONDS - 1; // has `after`
    while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (offsetAt(mid) === before)
            lo = mid;
        else
            hi = mid;
    }
    return { before, after, changeAt: hi };
}
/**
 * Clocks are kept per time zone, with the day offsets they learned: a weekly
 * run or a bot analysing many catalogs asks Intl about each day once.
 */
const clocks = new Map();
export function localClock(timeZone) {
    let clock = clocks.get(timeZone);
    if (clock === undefined) {
        clock = createClock(timeZone);
        clocks.set(timeZone, clock);
    }
    return clock;
}
const formatters = new Map();
/** A formatter that reads the wall clock of `timeZone` to the second (cached per zone). */
export function wallClockFormatter(timeZone) {
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
function createClock(timeZone) {
    if (timeZone === 'UTC' || timeZone === 'Etc/UTC')
        return clockWithOffset(() => 0);
    const formatter = wallClockFormatter(timeZone);
    const offsetAt = (unixSec) => utcOffsetSeconds(formatter, unixSec);
    const days = new Map();
    return clockWithOffset((unixSec) => {
        const day = Math.floor(unixSec / DAY_SECONDS);
        let offsets = days.get(day);
        if (offsets === undefined) {
            offsets = dayOffsets(day * DAY_SECONDS, offsetAt);
            days.set(day, offsets);
        }
        return unixSec < offsets.changeAt ? offsets.before : offsets.after;
    });
}
function clockWithOffset(offsetAt) {
    const localSeconds = (unixSec) => unixSec + offsetAt(unixSec);
    return {
        localSeconds,
        weekday: (unixSec) => weekdayOfLocal(localSeconds(unixSec)),
        hour: (unixSec) => hourOfLocal(localSeconds(unixSec)),
    };
}
//# sourceMappingURL=local-time.js.map