/**
 * Wall-clock time in an IANA time zone <-> instants, with Intl only (no
 * time-zone library). The one subtle part is turning a local date and time
 * into an instant across DST changes:
 * - a local time skipped by spring-forward does not exist: we return the first
 *   instant after the gap (the moment of the change), the next valid instant;
 * - a local time repeated by fall-back happens twice: we return the first.
 */
import { utcOffsetSeconds, wallClockAt, wallClockFormatter } from '../analysis/local-time.js';
/** Local wall-clock fields of an instant (seconds dropped). */
export function toLocal(epochMs, timeZone) {
    const { year, month, day, hour, minute } = wallClockAt(timeZone, epochMs);
    return { year, month, day, hour, minute };
}
/** Offset of local time from UTC at an instant, in ms (whole seconds). */
export function offsetAt(epochMs, timeZone) {
    return utcOffsetSeconds(wallClockFormatter(timeZone), epochMs / 1000) * 1000;
}
/** The local fields read as if they were UTC: a number that orders wall-clock times. */
function wallMs(local) {
    return Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
}
const DAY_MS = 86_400_000;
/**
 * The instant at which the wall clock in `timeZone` shows `local`; for a
 * skipped time, the first instant after the gap; for a repeated time, the
 * earlier of the two.
 */
export function fromLocal(local, timeZone) {
    const wall = wallMs(local);
    // Offsets a day either side cover any single transition near this time.
    const offsets = new Set([
        offsetAt(wall - DAY_MS, timeZone),
        offsetAt(wall, timeZone),
        offsetAt(wall + DAY_MS, timeZone),
    ]);
    const matches = [...offsets].map((offset) => wall - offset).filter((t) => offsetAt(t, timeZone) === wall - t);
    if (matches.length > 0)
        return Math.min(...matches);
    return endOfGap(wall, offsets, timeZone);
}
/**
 * `wall` falls in a spring-forward gap: find the instant the clocks jumped.
 * Reading `wall` with the pre-change (smaller) offset gives an instant after
 * the change; with the post-change (larger) offset, one before it. Binary
 * search between them to the second (tz transitions fall on whole seconds).
 */
function endOfGap(wall, offsets, timeZone) {
    const sorted = [...offsets].sort((a, b) => a - b);
    const smaller = sorted[0];
    const larger = sorted[sorted.length - 1];
    let before = Math.floor((wall - larger) / 1000); // seconds; still on the old offset
    let after = Math.ceil((wall - smaller) / 1000); // seconds; already on the new offset
    const oldOffset = offsetAt(before * 1000, timeZone);
    while (after - before > 1) {
        const middle = Math.floor((before + after) / 2);
        if (offsetAt(middle * 1000, timeZone) === oldOffset)
            before = middle;
        else
            after = middle;
    }
    return after * 1000;
}
/** The calendar date `days` after a local date (day arithmetic without time zones). */
export function addDays(date, days) {
    const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
    return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}
/** 0 = Sunday ... 6 = Saturday, as Date#getDay and cron count. */
export function weekdayOf(date) {
    return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
}
//# sourceMappingURL=zoned-time.js.map