import type { GuildSettings } from '../storage/guilds.js';
import { formatDateTime, formatInteger, plural } from './format.js';

/** What /retention settings shows: each setting, its value here and what applies when none is set. */
export interface SettingsView {
  own: GuildSettings;
  /** The bot's defaults (config) for the settings that have one. */
  botTimeZone: string;
  botCompareConfirmAboveCredits: number;
  /** Who changed them last, when known. */
  changed?: { by: string; at: string };
  /** The server's time zone (for the "changed" time) and the requester's locale. */
  locale: string;
}

function line(name: string, own: string | null, fallback: string): string {
  return own === null ? `• \`${name}\`: ${fallback} _(bot default)_` : `• \`${name}\`: **${own}**`;
}

/** The settings as lines of text (Discord markdown), in `locale`. */
export function settingsLines(view: SettingsView): string[] {
  const { own, locale } = view;
  const credits = (n: number) => plural(n, 'credit', 'credits', locale);
  const lines = [
    line('timezone', own.timeZone ?? null, view.botTimeZone),
    line(
      'min_age_days',
      own.minAgeDays === undefined ? null : formatInteger(own.minAgeDays, locale),
      '0 (every video counts)',
    ),
    line(
      'monthly_credit_budget',
      own.monthlyCreditBudget === undefined ? null : `${credits(own.monthlyCreditBudget)} a month`,
      'none (no limit for this server)',
    ),
    line(
      'compare_confirm_above_credits',
      own.compareConfirmAboveCredits === undefined ? null : credits(own.compareConfirmAboveCredits),
      credits(view.botCompareConfirmAboveCredits),
    ),
  ];
  if (view.changed) {
    lines.push(
      `-# Last changed by <@${view.changed.by}>, ${formatDateTime(view.changed.at, { locale, timeZone: own.timeZone ?? view.botTimeZone })}.`,
    );
  }
  return lines;
}
