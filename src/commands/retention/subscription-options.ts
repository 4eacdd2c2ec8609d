import { PermissionFlagsBits, PermissionsBitField, type PermissionResolvable } from 'discord.js';
import { UserFacingError } from '../../errors.js';
import { parseTime, weekdayFromName, type Weekday } from '../../scheduler/due.js';
import { checkTimeZone, suggestTimeZones } from '../../scheduler/time-zones.js';

/** What the bot needs in a channel to post weekly reports there, with the names Discord shows. */
const REPORT_CHANNEL_PERMISSIONS: readonly [bigint, string][] = [
  [PermissionFlagsBits.ViewChannel, 'View Channel'],
  [PermissionFlagsBits.SendMessages, 'Send Messages'],
  // A weekly run that was cut off by a restart looks for its own post before posting again.
  [PermissionFlagsBits.ReadMessageHistory, 'Read Message History'],
  [PermissionFlagsBits.EmbedLinks, 'Embed Links'],
  [PermissionFlagsBits.AttachFiles, 'Attach Files'],
  [PermissionFlagsBits.CreatePublicThreads, 'Create Public Threads'],
  [PermissionFlagsBits.SendMessagesInThreads, 'Send Messages in Threads'],
];

/** Names of the report permissions missing from `granted`. */
export function missingReportPermissions(granted: PermissionResolvable): string[] {
  const bits = new PermissionsBitField(granted);
  return REPORT_CHANNEL_PERMISSIONS.filter(([flag]) => !bits.has(flag, true)).map(([, name]) => name);
}

export function parseWeekdayOption(value: string | null): Weekday {
  const weekday = weekdayFromName(value ?? 'mon');
  if (weekday === undefined)
    throw new UserFacingError(
      `"${value}" is not a day of the week: pick one of Monday ... Sunday.`,
      'subscribe.bad_day',
    );
  return weekday;
}

/** "9:00", "09:00" or "0900" -> "09:00". */
export function parseTimeOption(value: string | null): string {
  const raw = (value ?? '09:00').trim();
  const match = /^(\d{1,2}):?(\d{2})$/.exec(raw);
  const time = match ? `${match[1]!.padStart(2, '0')}:${match[2]}` : raw;
  if (parseTime(time) === undefined) {
    throw new UserFacingError(
      `"${raw}" is not a time of day: use 24-hour HH:MM, such as 09:00 or 17:30.`,
      'subscribe.bad_time',
    );
  }
  return time;
}

/** A `timezone` option (any command), checked, with "did you mean" suggestions; null gives `fallback`. */
export function parseTimeZoneOption(value: string | null, fallback: string, code = 'subscribe.bad_timezone'): string {
  if (value === null) return fallback;
  const zone = checkTimeZone(value);
  if (zone !== undefined) return zone;
  const suggestions = suggestTimeZones(value);
  const hint =
    suggestions.length > 0
      ? ` Did you mean ${suggestions.map((s) => `\`${s}\``).join(', ')}?`
      : ' Use a name such as Europe/Berlin, America/New_York or UTC.';
  throw new UserFacingError(`"${value}" is not an IANA time zone.${hint}`, code);
}
