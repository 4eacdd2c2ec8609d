import {
  AttachmentBuilder,
  MessageFlags,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type InteractionEditReplyOptions,
} from 'discord.js';
import { compareChartConfig } from '../../charts/compare.js';
import { isUserFacingError, memberMessage } from '../../errors.js';
import { compareReport } from '../../reports/compare-report.js';
import { formatInteger, plural } from '../../reports/format.js';
import { progressLine } from '../../reports/progress.js';
import { compareAccounts, type AccountsComparison } from '../../retention/compare-accounts.js';
import type { CommandContext } from '../context.js';
import { requesterLocale, serverDefaults } from '../server-defaults.js';
import { isTokenRefused, RequesterUnreachableError } from '../delivery.js';
import { StatusLine } from '../status-line.js';
import { RETRY_AT_ONCE } from './analyze.js';
import {
  CANCEL_PREFIX,
  CONFIRMATION_TTL_MS,
  confirmationButtons,
  parseUsernameList,
  requestFromButtons,
  type CompareRequest,
} from './compare-confirmation.js';

/**
 * /retention compare usernames:<2 to 5 handles> [max_videos]: fetches each
 * account in turn (cache and fair queue as analyze; lane = this server),
 * then posts the accounts side by side with a distribution chart. When the
 * fetches would cost more credits than the server allows without asking
 * (compareConfirmAboveCredits), it first answers privately with the estimate
 * and Confirm / Cancel buttons; the Confirm click runs the comparison.
 */

const CHART_FILE = 'compare.png';

interface CostEstimate {
  credits: number;
  /** Accounts that would be fetched (not in the cache, not being fetched already). */
  fetched: string[];
}

function estimateCost(context: CommandContext, request: CompareRequest): CostEstimate {
  let credits = 0;
  const fetched: string[] = [];
  for (const username of request.usernames) {
    const cost = context.catalogs.estimatedCredits(username, request.maxVideos);
    credits += cost;
    if (cost > 0) fetched.push(username);
  }
  return { credits, fetched };
}

const handles = (usernames: readonly string[]) => usernames.map((u) => `@${u}`).join(', ');

function confirmationText(request: CompareRequest, estimate: CostEstimate, threshold: number): string {
  const cached = request.usernames.length - estimate.fetched.length;
  return [
    `Comparing ${handles(request.usernames)} will fetch ${plural(estimate.fetched.length, 'account')} ` +
      `(${handles(estimate.fetched)}) and cost **up to ${plural(estimate.credits, 'credit')}** ` +
      `(1 a call: the profile, then a page per 30 videos${request.maxVideos !== undefined ? `, up to ${formatInteger(request.maxVideos)} videos each` : ''}; fewer when an account has fewer videos).` +
      (cached > 0 ? ` ${plural(cached, 'account')} from the cache cost nothing.` : ''),
    `This server asks before spending more than ${plural(threshold, 'credit')} on one comparison.`,
    `-# The buttons work for ${CONFIRMATION_TTL_MS / 60_000} minutes.`,
  ].join('\n');
}

/** Fetch -> analyze -> compare, then the chart and the report payload. */
async function runComparison(
  request: CompareRequest,
  context: CommandContext,
  options: {
    guildId: string | null;
    lane: string | undefined;
    /** The requester's locale for the report's numbers. */
    locale: string;
    onStatus: (text: string) => void;
    signal?: AbortSignal;
  },
): Promise<{ result: AccountsComparison; payload: Required<Pick<InteractionEditReplyOptions, 'embeds' | 'files'>> }> {
  const n = request.usernames.length;
  const defaults = serverDefaults(context, options.guildId);
  const result = await compareAccounts(
    context.catalogs,
    request.usernames,
    (account, index) => ({
      ...(request.maxVideos !== undefined ? { maxVideos: request.maxVideos } : {}),
      ...(options.lane !== undefined ? { lane: options.lane } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      capped: true,
      onProgress: (progress) => options.onStatus(`@${account} (${index + 1} of ${n}): ${progressLine(progress)}`),
    }),
    // This server's defaults (/retention settings): a comparison reads like this server's analyses.
    { timeZone: defaults.timeZone, minAgeDays: defaults.minAgeDays },
  );
  const catalogs = result.accounts.map((account) => account.catalog);
  const chart = await context.renderChart(compareChartConfig(result.comparison));
  const report = compareReport(
    { comparison: result.comparison, catalogs },
    {
      now: context.now(),
      locale: options.locale,
      // The cache's own clock stamped fetchedAt; the bot's clock may differ (tests inject one).
      cacheAgesMs: catalogs.map((catalog) => (catalog.source.fromCache ? context.catalogs.ageMs(catalog) : undefined)),
      ...(chart ? { chartFileName: CHART_FILE } : {}),
    },
  );
  const files = chart ? [new AttachmentBuilder(chart.png, { name: CHART_FILE })] : [];
  return { result, payload: { embeds: report.embeds, files } };
}

/** Every account must have room in the queue and in the server's budget before anything starts. */
function checkRoomFor(request: CompareRequest, lane: string | undefined, context: CommandContext): void {
  for (const username of request.usernames)
    context.catalogs.checkRoom(username, {
      ...(request.maxVideos !== undefined ? { maxVideos: request.maxVideos } : {}),
      ...(lane ? { lane } : {}),
    });
}

/**
 * The comparison with a status line kept up to date through `edit` (the deferred reply, or the
 * confirmation message); a failure the user can fix at once gives the cooldown back.
 */
async function comparisonWithStatus(
  request: CompareRequest,
  interaction: ChatInputCommandInteraction | ButtonInteraction,
  context: CommandContext,
  options: { lane: string | undefined; edit: (content: string) => Promise<unknown>; releaseCooldown: () => void },
): ReturnType<typeof runComparison> {
  const status = new StatusLine(
    (text) => options.edit(`⏳ Comparing ${request.usernames.length} accounts: ${text}`),
    (error) => context.logger.warn('compare.status-edit-failed', { interactionId: interaction.id, error }),
  );
  try {
    return await runComparison(request, context, {
      guildId: interaction.guildId,
      locale: requesterLocale(interaction),
      lane: options.lane,
      onStatus: (text) => status.update(text),
    });
  } catch (error) {
    if (isUserFacingError(error) && RETRY_AT_ONCE.has(error.code)) options.releaseCooldown();
    throw error;
  } finally {
    await status.close();
  }
}

function logDone(context: CommandContext, interactionId: string, result: AccountsComparison, confirmed: boolean): void {
  context.logger.info('compare.done', {
    interactionId,
    confirmed,
    usernames: result.comparison.accounts.map((a) => a.username),
    calls: result.accounts.reduce((sum, a) => sum + a.catalog.source.calls, 0),
    credits: result.accounts.reduce((sum, a) => sum + a.catalog.source.creditsUsed, 0),
  });
}

export async function executeCompare(interaction: ChatInputCommandInteraction, context: CommandContext): Promise<void> {
  // Checks that cost nothing come first, so their errors are plain ephemeral replies.
  const request: CompareRequest = {
    usernames: parseUsernameList(interaction.options.getString('usernames', true)),
    maxVideos: interaction.options.getInteger('max_videos') ?? undefined,
  };
  const estimate = estimateCost(context, request);
  const threshold = context.compareConfirmAboveCredits(interaction.guildId);
  const lane = interaction.guildId ?? undefined;
  if (estimate.credits > threshold) {
    await interaction.reply({
      content: confirmationText(request, estimate, threshold),
      components: [confirmationButtons(request)],
      flags: MessageFlags.Ephemeral,
    });
    context.logger.info('compare.confirmation-asked', {
      interactionId: interaction.id,
      usernames: request.usernames,
      estimatedCredits: estimate.credits,
      threshold,
    });
    return;
  }
  checkRoomFor(request, lane, context);
  const releaseCooldown = context.cooldowns.take(interaction.user.id);
  await interaction.deferReply();
  const delivery = context.delivery(interaction);
  const run = await comparisonWithStatus(request, interaction, context, {
    lane,
    edit: (content) => delivery.edit({ content }),
    releaseCooldown,
  });
  await delivery.deliver({ content: '', ...run.payload }, `your comparison of ${handles(request.usernames)} is ready.`);
  logDone(context, interaction.id, run.result, false);
}

/**
 * The comparison after a Confirm click: a public follow-up while the click's token lives; once Discord
 * refuses it (401, 50027: the fetches outlasted its 15 minutes), a message in the channel mentioning only
 * the requester, as analyze does (delivery.ts).
 */
async function postComparison(
  interaction: ButtonInteraction,
  payload: Required<Pick<InteractionEditReplyOptions, 'embeds' | 'files'>>,
  lead: string,
): Promise<'interaction' | 'channel'> {
  try {
    await interaction.followUp({ content: '', ...payload });
    return 'interaction';
  } catch (error) {
    if (!isTokenRefused(error)) throw error;
  }
  const user = interaction.user.id;
  const channel =
    interaction.channel ?? (await interaction.client.channels.fetch(interaction.channelId).catch(() => null));
  if (channel === null || !channel.isSendable())
    throw new RequesterUnreachableError('the token was refused and the command channel cannot be posted in');
  await channel.send({ ...payload, content: `<@${user}> ${lead}`, allowedMentions: { users: [user] } });
  return 'channel';
}

/** The custom_ids of every button on the message a click came from. */
function customIdsOn(interaction: ButtonInteraction): string[] {
  const ids: string[] = [];
  for (const row of interaction.message.components) {
    if (!('components' in row)) continue;
    for (const component of row.components)
      if ('customId' in component && component.customId) ids.push(component.customId);
  }
  return ids;
}

/**
 * A click on Confirm or Cancel. Never throws: a failure is told to the
 * clicker privately (the confirmation message shows it).
 */
export async function executeCompareButton(interaction: ButtonInteraction, context: CommandContext): Promise<void> {
  try {
    if (interaction.customId.startsWith(CANCEL_PREFIX)) {
      await interaction.update({ content: 'Cancelled: nothing was fetched.', components: [] });
      context.logger.info('compare.cancelled', { interactionId: interaction.id });
      return;
    }
    const ageMs = context.now().getTime() - interaction.message.createdTimestamp;
    const request = requestFromButtons(interaction.customId, customIdsOn(interaction));
    if (ageMs > CONFIRMATION_TTL_MS || request === null) {
      await interaction.update({
        content:
          request === null
            ? 'This confirmation no longer says what to compare. Run `/retention compare` again.'
            : `This confirmation has expired (it is over ${CONFIRMATION_TTL_MS / 60_000} minutes old, and what is cached may have changed). Run \`/retention compare\` again.`,
        components: [],
      });
      context.logger.info('compare.confirmation-expired', { interactionId: interaction.id, ageMs });
      return;
    }
    const lane = interaction.guildId ?? undefined;
    checkRoomFor(request, lane, context);
    const releaseCooldown = context.cooldowns.take(interaction.user.id);
    // Type 7: the buttons go at once, so a second click cannot start a second comparison.
    await interaction.update({ content: `⏳ Comparing ${handles(request.usernames)}: starting...`, components: [] });
    const run = await comparisonWithStatus(request, interaction, context, {
      lane,
      edit: (content) => interaction.editReply({ content }),
      releaseCooldown,
    });
    // The confirmation is private; the comparison is for the channel, like analyze's report.
    const via = await postComparison(
      interaction,
      run.payload,
      `your comparison of ${handles(request.usernames)} is ready.`,
    );
    const credits = run.result.accounts.reduce((sum, a) => sum + a.catalog.source.creditsUsed, 0);
    // Past the token's life the private message cannot be edited any more; the channel post says it all.
    if (via === 'interaction')
      await interaction.editReply({ content: `✅ Comparison posted below (${plural(credits, 'credit')} used).` });
    logDone(context, interaction.id, run.result, true);
    if (via === 'channel') context.logger.info('delivery.via-channel', { interactionId: interaction.id });
  } catch (error) {
    if (error instanceof RequesterUnreachableError) {
      // Nobody can be told: the log says why.
      context.logger.warn('compare.requester-unreachable', { interactionId: interaction.id, reason: error.reason });
      return;
    }
    const known = isUserFacingError(error);
    context.logger[known ? 'warn' : 'error']('compare.button-failed', {
      interactionId: interaction.id,
      code: known ? error.code : 'unexpected',
      error: known ? error.message : error,
    });
    const content = known
      ? memberMessage(error)
      : 'Something went wrong on our side and the comparison did not finish. Please try again in a minute.';
    try {
      if (interaction.deferred || interaction.replied) await interaction.editReply({ content, components: [] });
      else await interaction.reply({ content, flags: MessageFlags.Ephemeral });
    } catch (replyError) {
      context.logger.error('compare.error-reply-failed', { interactionId: interaction.id, error: replyError });
    }
  }
}
