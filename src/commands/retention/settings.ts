import { MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import { MAX_MIN_AGE_DAYS } from '../../analysis/video-age.js';
import { UserFacingError } from '../../errors.js';
import { settingsLines } from '../../reports/settings-report.js';
import type { GuildSettingsChange } from '../../storage/guilds.js';
import { checkTimeZone, suggestTimeZones } from '../../scheduler/time-zones.js';
import type { CommandContext } from '../context.js';
import { MAX_COMPARE_CONFIRM_CREDITS, MAX_MONTHLY_CREDIT_BUDGET, RESETTABLE_SETTINGS } from '../definitions.js';
import { requesterLocale } from '../server-defaults.js';
import { requireManageServer } from './manage-permission.js';

/** The options of /retention settings as Discord sent them (null: not given). */
export interface SettingsOptions {
  timezone: string | null;
  min_age_days: number | null;
  monthly_credit_budget: number | null;
  compare_confirm_above_credits: number | null;
  reset: string | null;
}

type OptionName = Exclude<keyof SettingsOptions, 'reset'>;

const FIELD_OF = {
  timezone: 'timeZone',
  min_age_days: 'minAgeDays',
  monthly_credit_budget: 'monthlyCreditBudget',
  compare_confirm_above_credits: 'compareConfirmAboveCredits',
} as const satisfies Record<OptionName, keyof GuildSettingsChange>;

type WholeNumberOption = Exclude<OptionName, 'timezone'>;

/** The whole-number settings, in the order their problems are listed: the range each takes, and what it counts. */
const WHOLE_NUMBER_SETTINGS: Record<WholeNumberOption, { min: number; max: number; meaning: string }> = {
  min_age_days: { min: 0, max: MAX_MIN_AGE_DAYS, meaning: 'days' },
  monthly_credit_budget: {
    min: 1,
    max: MAX_MONTHLY_CREDIT_BUDGET,
    meaning: 'credits a month; use reset to remove the budget',
  },
  compare_confirm_above_credits: { min: 0, max: MAX_COMPARE_CONFIRM_CREDITS, meaning: 'credits; 0 asks every time' },
};

function wholeIn(name: string, value: number, min: number, max: number, meaning: string): string | null {
  if (Number.isInteger(value) && value >= min && value <= max) return null;
  return `\`${name}\` must be a whole number from ${min} to ${max} (${meaning}); got ${value}.`;
}

/**
 * The change these options ask for, or every problem with them (one sentence
 * per bad value). Pure: the handler only reads the options and saves.
 */
export function parseSettingsOptions(options: SettingsOptions): { change: GuildSettingsChange; problems: string[] } {
  const change: GuildSettingsChange = {};
  const problems: string[] = [];
  if (options.timezone !== null) {
    const zone = checkTimeZone(options.timezone);
    if (zone === undefined) {
      const suggestions = suggestTimeZones(options.timezone);
      problems.push(
        `\`timezone\`: "${options.timezone}" is not an IANA time zone.` +
          (suggestions.length > 0
            ? ` Did you mean ${suggestions.map((s) => `\`${s}\``).join(', ')}?`
            : ' Use a name such as Europe/Berlin, America/New_York or UTC (pick one from the list as you type).'),
      );
    } else change.timeZone = zone;
  }
  for (const name of Object.keys(WHOLE_NUMBER_SETTINGS) as WholeNumberOption[]) {
    const value = options[name];
    if (value === null) continue;
    const { min, max, meaning } = WHOLE_NUMBER_SETTINGS[name];
    const problem = wholeIn(name, value, min, max, meaning);
    if (problem) problems.push(problem);
    else change[FIELD_OF[name]] = value;
  }
  if (options.reset !== null) {
    const known = RESETTABLE_SETTINGS.some((choice) => choice.value === options.reset);
    if (!known) {
      problems.push(
        `\`reset\`: "${options.reset}" is not a setting; pick one of ${RESETTABLE_SETTINGS.map((c) => `\`${c.value}\``).join(', ')}.`,
      );
    } else {
      const names = (Object.keys(FIELD_OF) as OptionName[]).filter(
        (n) => options.reset === 'all' || n === options.reset,
      );
      for (const name of names) {
        if (options[name] !== null) {
          problems.push(`\`${name}\` is both set and reset: choose one.`);
          continue;
        }
        change[FIELD_OF[name]] = null;
      }
    }
  }
  return { change, problems };
}

function optionsOf(interaction: ChatInputCommandInteraction): SettingsOptions {
  return {
    timezone: interaction.options.getString('timezone'),
    min_age_days: interaction.options.getInteger('min_age_days'),
    monthly_credit_budget: interaction.options.getInteger('monthly_credit_budget'),
    compare_confirm_above_credits: interaction.options.getInteger('compare_confirm_above_credits'),
    reset: interaction.options.getString('reset'),
  };
}

/**
 * /retention settings: with no options, shows this server's settings (to the
 * requester only); with options, checks Manage Server and every value, saves,
 * and shows the result to the channel (the team sees what changed).
 */
export async function executeSettings(
  interaction: ChatInputCommandInteraction,
  context: CommandContext,
): Promise<void> {
  const guildId = interaction.guildId;
  if (guildId === null)
    throw new UserFacingError('Settings belong to a server: run this inside one.', 'settings.not_in_guild');
  const locale = requesterLocale(interaction);
  const options = optionsOf(interaction);
  const asked = Object.values(options).some((value) => value !== null);
  const view = () => ({
    own: context.store.guilds.settings(guildId),
    botTimeZone: context.config.defaultTimeZone,
    botCompareConfirmAboveCredits: context.config.compareConfirmAboveCredits,
    locale,
    ...(context.store.guilds.lastChange(guildId) ? { changed: context.store.guilds.lastChange(guildId)! } : {}),
  });

  if (!asked) {
    await interaction.reply({
      content: ['**This server\u2019s settings**', ...settingsLines(view())].join('\n'),
      flags: MessageFlags.Ephemeral,
    });
    return;
  }

  requireManageServer(interaction, 'Changing this server\u2019s settings');
  const { change, problems } = parseSettingsOptions(options);
  if (problems.length > 0) {
    throw new UserFacingError(
      `Nothing was changed:\n${problems.map((p) => `• ${p}`).join('\n')}`,
      'settings.bad_value',
    );
  }
  await context.store.guilds.updateSettings(guildId, change, { userId: interaction.user.id, at: context.now() });
  await interaction.reply({
    content: [`**This server\u2019s settings** (updated by <@${interaction.user.id}>)`, ...settingsLines(view())].join(
      '\n',
    ),
  });
  context.logger.info('settings.saved', {
    interactionId: interaction.id,
    guild: guildId,
    changed: Object.keys(change),
  });
}
