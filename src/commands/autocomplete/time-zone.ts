import type { AutocompleteInteraction } from 'discord.js';
import type { AutocompleteChoice } from '../../reports/discord-limits.js';
import { matchTimeZones } from '../../scheduler/time-zones.js';
import type { CommandContext } from '../context.js';
import { serverDefaults } from '../server-defaults.js';

/** IANA zone names matching what was typed, this server's default time zone first. */
export function timeZoneChoices(
  typed: string,
  interaction: AutocompleteInteraction,
  context: CommandContext,
): AutocompleteChoice[] {
  const first = serverDefaults(context, interaction.guildId).timeZone;
  return matchTimeZones(typed, { first }).map((zone) => ({
    name: zone === first ? `${zone} (this server\u2019s default)` : zone,
    value: zone,
  }));
}
