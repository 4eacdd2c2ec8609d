/**
 * The budget month: a calendar month in UTC (the same for every server, so
 * "resets on the 1st at 00:00 UTC" is one sentence everywhere).
 */

/** 'YYYY-MM' of an instant, in UTC. */
export { usageMonth } from '../storage/guilds.js';

/** When the month of `at` ends and the next budget month begins (UTC midnight on the 1st). */
export function nextMonthStart(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1));
}

/** When the month of `at` began. */
export function monthStart(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
}
