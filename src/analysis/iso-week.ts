/**
 * ISO 8601 week labels ('2026-W48') of an instant as seen in an IANA time
 * zone: weekly reports and trend charts name a week the way the team reading
 * them does, so a snapshot taken Monday 00:30 in Berlin (Sunday in UTC) is in
 * Berlin's new week.
 */

import { wallClockAt } from './local-time.js';

/** ISO week-numbering year and week (1-53) of a calendar date. */
function isoWeekOfDate(year: number, month: number, day: number): { year: number; week: number } {
  const date = Date.UTC(year, month - 1, day);
  const mondayBased = (new Date(date).getUTCDay() + 6) % 7;
  // The ISO week belongs to the year of its Thursday.
  const thursday = new Date(date + (3 - mondayBased) * 86_400_000);
  const isoYear = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(isoYear, 0, 1)) / (7 * 86_400_000));
  return { year: isoYear, week };
}

/** '2026-W48': the ISO week of `date` in `timeZone` (default UTC). */
export function isoWeek(date: Date, timeZone = 'UTC'): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('isoWeek: invalid date');
  const local = wallClockAt(timeZone, date.getTime());
  const { year, week } = isoWeekOfDate(local.year, local.month, local.day);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Year and week number of an ISO week label ('2026-W48'), or null for text of another form. */
export function parseIsoWeek(label: string): { year: number; week: number } | null {
  const match = /^(\d{4})-W(\d{1,2})$/u.exec(label.trim());
  return match === null ? null : { year: Number(match[1]), week: Number(match[2]) };
}

const WEEK_MS = 7 * 86_400_000;

/** The UTC time of the Monday that starts an ISO week label ('2026-W02'), or null. */
function isoWeekMonday(label: string): number | null {
  const parsed = parseIsoWeek(label);
  if (parsed === null || parsed.week < 1 || parsed.week > 53) return null;
  // 4 January is always in ISO week 1; its week starts on the Monday on or before it.
  const jan4 = Date.UTC(parsed.year, 0, 4);
  const weekday = (new Date(jan4).getUTCDay() + 6) % 7; // 0 = Monday
  return jan4 - weekday * 86_400_000 + (parsed.week - 1) * WEEK_MS;
}

/**
 * Weeks from one ISO week label to another ('2026-W02' to '2026-W23': 21), or
 * null when a label is not an ISO week. Snapshots need not be consecutive, so
 * a span comes from the labels, never from how many points there are.
 */
export function weeksBetween(fromLabel: string, toLabel: string): number | null {
  const from = isoWeekMonday(fromLabel);
  const to = isoWeekMonday(toLabel);
  return from === null || to === null ? null : Math.round((to - from) / WEEK_MS);
}
