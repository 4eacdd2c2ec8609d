import {
  ChannelType,
  InteractionContextType,
  SlashCommandBuilder,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  type SlashCommandChannelOption,
  type SlashCommandStringOption,
} from 'discord.js';
import { MAX_MIN_AGE_DAYS } from '../analysis/video-age.js';
import { MAX_VIDEOS_CEILING } from '../tiktok/catalog-service.js';

/**
 * The slash command definitions, apart from their handlers (as in yuudachi):
 * deploy-commands registers exactly this, and the bot routes by these names.
 * Subscribe/unsubscribe need Manage Server, which their handlers check
 * (retention/manage-permission.ts): Discord's default_member_permissions
 * covers the whole /retention command, not one subcommand.
 */

export const COMMAND_NAME = 'retention';

export const SUBCOMMANDS = [
  'analyze',
  'export',
  'subscribe',
  'unsubscribe',
  'subscriptions',
  'history',
  'settings',
  'usage',
  'help',
  'compare',
] as const;
export type SubcommandName = (typeof SUBCOMMANDS)[number];

const WEEKDAY_CHOICES = [
  { name: 'Monday', value: 'mon' },
  { name: 'Tuesday', value: 'tue' },
  { name: 'Wednesday', value: 'wed' },
  { name: 'Thursday', value: 'thu' },
  { name: 'Friday', value: 'fri' },
  { name: 'Saturday', value: 'sat' },
  { name: 'Sunday', value: 'sun' },
] as const;

const usernameOption = (description: string) => (option: SlashCommandStringOption) =>
  option
    .setName('username')
    .setDescription(description)
    .setRequired(true)
    .setMinLength(2)
    .setMaxLength(100)
    // Suggests this server's subscriptions and recent accounts (commands/autocomplete/username.ts).
    .setAutocomplete(true);

/** Largest monthly credit budget a server can set (far above any plan: a typo, not a limit). */
export const MAX_MONTHLY_CREDIT_BUDGET = 10_000_000;
/** Largest compare confirmation threshold. */
export const MAX_COMPARE_CONFIRM_CREDITS = 1_000_000;

/** What /retention settings reset can put back to the bot's default (option names, as the settings show them). */
export const RESETTABLE_SETTINGS = [
  { name: 'Everything', value: 'all' },
  { name: 'timezone', value: 'timezone' },
  { name: 'min_age_days', value: 'min_age_days' },
  { name: 'monthly_credit_budget', value: 'monthly_credit_budget' },
  { name: 'compare_confirm_above_credits', value: 'compare_confirm_above_credits' },
] as const;

/** Every `timezone` option: IANA names, suggested as they are typed (autocomplete/time-zone.ts). */
export const timeZoneOption = (description: string) => (option: SlashCommandStringOption) =>
  option.setName('timezone').setDescription(description).setMaxLength(64).setAutocomplete(true);

/** Weekly reports post a message and open a thread on it: text and announcement channels allow both. */
const reportChannelOption = (description: string) => (option: SlashCommandChannelOption) =>
  option
    .setName('channel')
    .setDescription(description)
    .addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement);

export const retentionCommand = new SlashCommandBuilder()
  .setName(COMMAND_NAME)
  .setDescription('Catalog-wide TikTok retention analysis: what separates your best videos from the rest')
  // Servers only (analyze, export and history too: their cost and cooldown are per server member).
  // `contexts` replaces the deprecated dm_permission.
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((sub) =>
    sub
      .setName('analyze')
      .setDescription('Compare the top and bottom quarter of a creator\u2019s videos on every dimension')
      .addStringOption(usernameOption('TikTok username, @name or profile link'))
      .addIntegerOption((option) =>
        option
          .setName('max_videos')
          .setDescription('How many of the latest videos to fetch (default: the bot\u2019s MAX_VIDEOS, normally 300)')
          .setMinValue(1)
          .setMaxValue(MAX_VIDEOS_CEILING),
      )
      .addIntegerOption((option) =>
        option
          .setName('min_age_days')
          .setDescription('Leave out videos younger than this many days (still gathering plays); default 0')
          .setMinValue(0)
          .setMaxValue(MAX_MIN_AGE_DAYS),
      )
      .addStringOption(
        timeZoneOption('Time zone for posting days and hours (default: this server\u2019s, see /retention settings)'),
      ),
  )
  .addSubcommand((sub) =>
    sub
      .setName('export')
      .setDescription('Download the per-video table (plays, likes, rates, tier) as CSV')
      .addStringOption(usernameOption('TikTok username, @name or profile link')),
  )
  .addSubcommand((sub) =>
    sub
      .setName('subscribe')
      .setDescription('Post a weekly report of what changed for an account in a channel')
      .addStringOption(usernameOption('TikTok username to follow'))
      .addChannelOption(reportChannelOption('Where to post (default: this channel)'))
      .addStringOption((option) =>
        option
          .setName('day')
          .setDescription('Day of the week (default Monday)')
          .addChoices(...WEEKDAY_CHOICES),
      )
      .addStringOption((option) =>
        option
          .setName('time')
          .setDescription('Time of day, HH:MM, 24-hour (default 09:00)')
          .setMinLength(4)
          .setMaxLength(5),
      )
      .addStringOption(
        timeZoneOption('IANA time zone such as Europe/Berlin (default: this server\u2019s, see /retention settings)'),
      ),
  )
  .addSubcommand((sub) =>
    sub
      .setName('unsubscribe')
      .setDescription('Stop the weekly report of an account')
      .addStringOption(usernameOption('TikTok username to stop following'))
      .addChannelOption(reportChannelOption('Only this channel (default: every channel of this server)')),
  )
  .addSubcommand((sub) =>
    sub.setName('subscriptions').setDescription('This server\u2019s weekly reports, their next run and last result'),
  )
  .addSubcommand((sub) =>
    sub
      .setName('history')
      .setDescription('Weekly trend of an account from the stored snapshots')
      .addStringOption(usernameOption('TikTok username')),
  )
  .addSubcommand((sub) =>
    sub
      .setName('settings')
      .setDescription(
        'This server\u2019s defaults and credit budget; no options shows them (changing needs Manage Server)',
      )
      .addStringOption(timeZoneOption('Default time zone for analyze, compare and subscribe'))
      .addIntegerOption((option) =>
        option
          .setName('min_age_days')
          .setDescription('Default min_age_days for analyze: leave out videos younger than this')
          .setMinValue(0)
          .setMaxValue(MAX_MIN_AGE_DAYS),
      )
      .addIntegerOption((option) =>
        option
          .setName('monthly_credit_budget')
          .setDescription('Credits this server may spend per calendar month (UTC); fetches past it are refused')
          .setMinValue(1)
          .setMaxValue(MAX_MONTHLY_CREDIT_BUDGET),
      )
      .addIntegerOption((option) =>
        option
          .setName('compare_confirm_above_credits')
          .setDescription('Compare asks before spending more than this many credits (0: always ask)')
          .setMinValue(0)
          .setMaxValue(MAX_COMPARE_CONFIRM_CREDITS),
      )
      .addStringOption((option) =>
        option
          .setName('reset')
          .setDescription('Put a setting (or everything) back to the bot\u2019s default')
          .addChoices(...RESETTABLE_SETTINGS),
      ),
  )
  .addSubcommand((sub) =>
    sub.setName('usage').setDescription('Calls and credits this server used this month, its budget, credits left'),
  )
  .addSubcommand((sub) =>
    sub.setName('help').setDescription('What each command does and costs, what the numbers mean, and the limits'),
  )
  .addSubcommand((sub) =>
    sub
      .setName('compare')
      .setDescription('Compare 2 to 5 accounts side by side; the first is yours, the others are tested against it')
      .addStringOption((option) =>
        option
          .setName('usernames')
          .setDescription('2 to 5 TikTok usernames, separated by spaces or commas, yours first')
          .setRequired(true)
          .setMinLength(5)
          .setMaxLength(300),
      )
      .addIntegerOption((option) =>
        option
          .setName('max_videos')
          .setDescription(
            'How many of the latest videos to fetch per account (default: the bot\u2019s MAX_VIDEOS, normally 300)',
          )
          .setMinValue(1)
          .setMaxValue(MAX_VIDEOS_CEILING),
      ),
  );

export function commandDefinitions(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return [retentionCommand.toJSON()];
}
