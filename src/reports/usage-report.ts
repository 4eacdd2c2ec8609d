import type { MonthUsage } from '../storage/guilds.js';
import { formatDateTime, formatInteger, formatUtcDate, plural } from './format.js';

export interface UsageView {
  usage: MonthUsage;
  /** Credits held by this server's fetches still in progress. */
  held: number;
  budget: number | undefined;
  /** The provider's last reported balance for the key (shared by every server of this bot). */
  keyCredits: { remaining: number; at: string } | null;
  monthStart: Date;
  resetsAt: Date;
  locale: string;
  /** The server's time zone, for "as of" times. */
  timeZone: string;
}

/** What /retention usage shows, as lines of Discord markdown in the requester's locale. */
export function usageLines(view: UsageView): string[] {
  const { usage, locale } = view;
  const month = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    view.monthStart,
  );
  const lines = [
    `**Credit usage of this server, ${month}** (calendar month, UTC)`,
    `• ${plural(usage.fetches, 'new fetch', 'new fetches', locale)}: ${plural(usage.calls, 'API call', 'API calls', locale)}, ${plural(usage.credits, 'credit', 'credits', locale)}` +
      (view.held > 0 ? ` (up to ${formatInteger(view.held, locale)} more held by fetches in progress)` : ''),
  ];
  if (view.budget === undefined) {
    lines.push('• Budget: none set (a server admin can set one with `/retention settings monthly_credit_budget`)');
  } else {
    const left = Math.max(0, view.budget - usage.credits - view.held);
    lines.push(
      `• Budget: ${plural(view.budget, 'credit', 'credits', locale)} a month, **${formatInteger(left, locale)} left**; resets on ${formatUtcDate(view.resetsAt, locale)}, 00:00 UTC`,
    );
  }
  lines.push(
    view.keyCredits === null
      ? '• Credits left on the data provider key: not reported yet (Scavio reports them with every answer)'
      : `• Credits left on the data provider key (shared by every server of this bot): **${formatInteger(view.keyCredits.remaining, locale)}**, as of ${formatDateTime(view.keyCredits.at, { locale, timeZone: view.timeZone })}`,
  );
  lines.push('-# Reports served from the cache, and fetches shared with a request already running, cost nothing.');
  return lines;
}
