import type { ChatInputCommandInteraction } from 'discord.js';
import { resolveLocale } from '../reports/format.js';
import type { GuildSettings } from '../storage/guilds.js';
import type { CommandContext } from './context.js';
import { parseTimeZoneOption } from './retention/subscription-options.js';

/**
 * What a command uses when an option is left out: the server's own setting
 * (/retention settings), else the bot's (config). One place, so analyze,
 * compare, export and subscribe agree.
 */
export interface ServerDefaults {
  timeZone: string;
  minAgeDays: number;
  /** What the server set itself (absent fields: the bot's default applies). */
  own: GuildSettings;
}

export function serverDefaults(
  context: Pick<CommandContext, 'config' | 'store'>,
  guildId: string | null,
): ServerDefaults {
  const own = guildId === null ? {} : context.store.guilds.settings(guildId);
  return {
    timeZone: own.timeZone ?? context.config.defaultTimeZone,
    minAgeDays: own.minAgeDays ?? 0,
    own,
  };
}

/** The `timezone` option of this interaction, checked, else the server's default time zone. */
export function requestedTimeZone(
  interaction: ChatInputCommandInteraction,
  context: Pick<CommandContext, 'config' | 'store'>,
): string {
  return parseTimeZoneOption(
    interaction.options.getString('timezone'),
    serverDefaults(context, interaction.guildId).timeZone,
  );
}

/** The requester's Discord locale for numbers and dates ('en-US' when Discord sends none Intl knows). */
export function requesterLocale(interaction: { locale?: string | null }): string {
  return resolveLocale(interaction.locale);
}
