import {
  ChannelType,
  type ChatInputCommandInteraction,
  type GuildBasedChannel,
  type RepliableInteraction,
} from 'discord.js';
import { UserFacingError } from '../../errors.js';
import { progressLine } from '../../reports/progress.js';
import { subscribeConfirmation } from '../../reports/subscriptions-report.js';
import { ensureBaseline } from '../../scheduler/baseline.js';
import { nextRunAfter, type Weekday } from '../../scheduler/due.js';
import { parseUsername } from '../../tiktok/username.js';
import type { CommandContext } from '../context.js';
import { InteractionDelivery } from '../delivery.js';
import { requestedTimeZone } from '../server-defaults.js';
import { StatusLine } from '../status-line.js';
import { requireManageServer } from './manage-permission.js';
import { missingReportPermissions, parseTimeOption, parseWeekdayOption } from './subscription-options.js';

/**
 * /retention subscribe: validates everything before saving, takes a first
 * snapshot so the first weekly report already has a baseline, then saves
 * (or updates) the subscription and confirms with the next run time.
 */
export async function executeSubscribe(
  interaction: ChatInputCommandInteraction,
  context: CommandContext,
): Promise<void> {
  requireManageServer(interaction);
  const username = parseUsername(interaction.options.getString('username', true));
  const weekday = parseWeekdayOption(interaction.options.getString('day'));
  const time = parseTimeOption(interaction.options.getString('time'));
  const timeZone = requestedTimeZone(interaction, context);
  const channel = await reportChannel(
    interaction,
    interaction.options.getChannel('channel')?.id ?? interaction.channelId,
  );
  await saveSubscription(interaction, { username, channel, weekday, time, timeZone }, context);
}

export interface SubscriptionRequest {
  username: string;
  channel: GuildBasedChannel;
  weekday: Weekday;
  time: string;
  timeZone: string;
}

/**
 * Takes the baseline, saves the subscription and confirms it: what /retention subscribe and the
 * report's "Subscribe weekly here" button share once their options are checked.
 */
export async function saveSubscription(
  interaction: RepliableInteraction<'cached' | 'raw'>,
  request: SubscriptionRequest,
  context: CommandContext,
): Promise<void> {
  const { username, channel, weekday, time, timeZone } = request;
  // The baseline costs calls: find out that it could not be saved before paying for it.
  await context.store.checkWritable();

  await interaction.deferReply();
  const delivery = deliveryOf(interaction, context);
  const status = new StatusLine(
    (text) => delivery.edit({ content: `⏳ Taking a first snapshot of @${username}: ${text}` }),
    (error) => context.logger.warn('subscribe.status-edit-failed', { interactionId: interaction.id, error }),
  );
  let baseline;
  try {
    baseline = await ensureBaseline(
      username,
      {
        store: context.store,
        catalogs: context.catalogs,
        now: context.now,
        timeZone: context.config.defaultTimeZone,
        lane: interaction.guildId,
      },
      (progress) => status.update(progressLine(progress)),
    );
  } finally {
    await status.close();
  }

  const { subscription, created } = await context.store.subscriptions.upsert(
    {
      guildId: interaction.guildId,
      channelId: channel.id,
      username,
      weekday,
      time,
      timeZone,
      createdBy: interaction.user.id,
    },
    context.now(),
  );
  const nextRun = nextRunAfter(subscription, context.now());
  // The baseline's fetch can outlast the token: then the confirmation goes to the channel, as analyze's report does.
  const via = await delivery.deliver(
    { content: '', ...subscribeConfirmation(subscription, { nextRun, baseline, updated: !created }) },
    `your weekly report of @${username} is set up.`,
  );
  context.logger.info('subscribe.saved', {
    interactionId: interaction.id,
    via,
    subscription: subscription.id,
    username,
    channel: channel.id,
    created,
  });
}

/**
 * The command's delivery (shared with its error reply, see bot.ts); a button click has none there, so it gets
 * its own, on the bot's clock as the other buttons' token watch (report-actions.ts).
 */
function deliveryOf(interaction: RepliableInteraction, context: CommandContext): InteractionDelivery {
  return interaction.isChatInputCommand()
    ? context.delivery(interaction)
    : new InteractionDelivery(interaction, () => context.now().getTime(), context.logger);
}

/** The channel to post in, checked: a text channel of this server where the bot can post reports. */
export async function reportChannel(
  interaction: RepliableInteraction<'cached' | 'raw'>,
  channelId: string,
): Promise<GuildBasedChannel> {
  // Asked from Discord itself, not the cache: the resolved data of an interaction can name a channel of another
  // server, and discord.js files such a channel under the interaction's server.
  const channel = await interaction.client.channels.fetch(channelId, { force: true }).catch(() => null);
  if (channel === null || channel.isDMBased() || channel.guildId !== interaction.guildId) {
    throw new UserFacingError(
      'That channel is not in this server (or the bot cannot see it). Pick a text channel of this server.',
      'subscribe.bad_channel',
    );
  }
  if (channel.type !== ChannelType.GuildText && channel.type !== ChannelType.GuildAnnouncement) {
    throw new UserFacingError(
      `<#${channel.id}> is not a text channel: weekly reports need a text or announcement channel.`,
      'subscribe.bad_channel',
    );
  }
  const guild = channel.guild;
  const me = guild.members.me ?? (await guild.members.fetchMe());
  const missing = missingReportPermissions(channel.permissionsFor(me));
  if (missing.length > 0) {
    throw new UserFacingError(
      `The bot cannot post weekly reports in <#${channel.id}>: it is missing ${missing.map((m) => `**${m}**`).join(', ')}. Grant ${missing.length === 1 ? 'it' : 'them'} to the bot in the channel's permissions, then subscribe again.`,
      'subscribe.missing_permissions',
    );
  }
  return channel;
}
