/**
 * ISO 8601 week labels ('2026-W48') of an instant as seen in an IANA time
 * zone: weekly reports and trend charts name a week the way the team reading
 * them does, so a snapshot taken Monday 00:30 in Berlin (Sunday in UTC) is in
 * Berlin's new week.
 */
import { wallClockAt } from './local-time.js';
/** ISO week-numbering year and week (1-53) of a calendar date. */
function isoWeekOfDate(year, month, day) {
    const date = Date.UTC(year, month - 1, day);
    const mondayBased = (new Date(date).getUTCDay() + 6) % 7;
    // The ISO week belongs to the year of its Thursday.
    const thursday = new Date(date + (3 - mondayBased) * 86_400_000);
    const isoYear = thursday.getUTCFullYear();
    const week = 1 + Math.floor((thursday.getTime() - Date.UTC(isoYear, 0, 1)) / (7 * 86_400_000));
    return { year: isoYear, week };
}
/** '2026-W48': the ISO week of `date` in `timeZone` (default UTC). */
export function isoWeek(date, timeZone = 'UTC') {
    if (Number.isNaN(date.getTime()))
        throw new RangeError('isoWeek: invalid date');
    const local = wallClockAt(timeZone, date.getTime());
    const { year, week } = isoWeekOfDate(local.year, local.month, local.day);
    return `${year}-W${String(week).padStart(2, '0')}`;
}
//# sourceMappingURL=iso-week.js.map