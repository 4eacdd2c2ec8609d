import { MessageFlags, type MessageComponentInteraction } from 'discord.js';
import { UserFacingError, isUserFacingError } from '../../errors.js';
import { detailPage, isDetailPageName } from '../../reports/detail-pages.js';
import { progressLine } from '../../reports/progress.js';
import { detailPageMenu } from '../../reports/report-components.js';
import type { FetchProgress } from '../../tiktok/scavio-client.js';
import { rememberAccount } from '../autocomplete/username.js';
import type { CommandContext } from '../context.js';
import { reportMessage } from '../report-message.js';
import { checkManageServer } from '../retention/manage-permission.js';
import { RETRY_AT_ONCE } from '../retention/analyze.js';
import { csvExportMessage } from '../retention/export.js';
import { reportChannel, saveSubscription } from '../retention/subscribe.js';
import { parseTimeOption, parseWeekdayOption } from '../retention/subscription-options.js';
import { INTERACTION_TOKEN_LIFE_MS, TOKEN_SAFETY_MS } from '../delivery.js';
import { StatusLine } from '../status-line.js';
import type { ComponentId, ReportAction } from '../../reports/component-ids.js';
import { loadReport } from './report-data.js';
import { requesterLocale } from '../server-defaults.js';

/**
 * What each button and the menu of a report do. A handler acknowledges the
 * click itself and notes how (`reply.mode`), so a failure is answered the
 * right way (report-component-router.ts).
 */

/** How the click was acknowledged so far. */
export interface ComponentReplyState {
  mode: 'none' | 'ephemeral' | 'public' | 'update';
}

export type ReportActionHandler = (
  interaction: MessageComponentInteraction,
  id: ComponentId,
  context: CommandContext,
  reply: ComponentReplyState,
) => Promise<void>;

const NEWER_DATA_NOTICE =
  'The data behind this report is no longer cached: these figures were fetched now and may differ from the report above.';

/** Export CSV: the same file as /retention export, privately to whoever clicked. */
async function exportCsv(...[interaction, id, context, reply]: Parameters<ReportActionHandler>): Promise<void> {
  const watch = tokenWatch(context);
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  reply.mode = 'ephemeral';
  const loaded = await withStatus(interaction, `@${id.username}`, context, (onProgress) =>
    watch.run((options) => loadReport(id, context, interaction.guildId, withProgress(options, onProgress))),
  );
  await interaction.editReply(csvExportMessage(id.username, loaded, context, requesterLocale(interaction)));
}

/**
 * A detail page from the menu, privately (the report others read stays as it is). The page has
 * the menu too; choosing from a page's menu turns that same private message to the other page.
 */
async function showPage(...[interaction, id, context, reply]: Parameters<ReportActionHandler>): Promise<void> {
  const page = interaction.isStringSelectMenu() ? interaction.values[0] : undefined;
  if (page === undefined || !isDetailPageName(page)) {
    throw new UserFacingError(
      'That detail page is not one this bot knows. Pick a page from the menu, or run `/retention analyze` again for a fresh report.',
      'component.unknown_page',
    );
  }
  const watch = tokenWatch(context);
  const onPage = interaction.message.flags.has(MessageFlags.Ephemeral);
  if (onPage) {
    await interaction.deferUpdate();
    reply.mode = 'update';
  } else {
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    reply.mode = 'ephemeral';
  }
  const { catalog, analysis, newerThanReport } = await withStatus(
    interaction,
    `@${id.username}`,
    context,
    (onProgress) =>
      watch.run((options) => loadReport(id, context, interaction.guildId, withProgress(options, onProgress))),
  );
  await interaction.editReply({
    // Replaces the status line, if one was shown.
    content: '',
    ...detailPage(catalog, analysis, page, {
      now: context.now(),
      ...(catalog.source.fromCache ? { cacheAgeMs: context.catalogs.ageMs(catalog) } : {}),
      ...(newerThanReport ? { notice: NEWER_DATA_NOTICE } : {}),
    }),
    components: [detailPageMenu(id, page)],
  });
}

/**
 * Refresh: a new fetch (within the clicker's analysis cooldown), and the
 * report message replaced by the new report in place, with a status line on
 * it while the fetch runs.
 */
async function refresh(...[interaction, id, context, reply]: Parameters<ReportActionHandler>): Promise<void> {
  const watch = tokenWatch(context);
  // A full queue is refused before the cooldown is taken, as /retention analyze refuses it: a click
  // that fetched nothing must not make the user wait.
  context.catalogs.checkRoom(id.username, {
    maxVideos: id.maxVideos,
    refresh: true,
    ...(interaction.guildId !== null ? { lane: interaction.guildId } : {}),
  });
  const releaseCooldown = context.cooldowns.take(interaction.user.id);
  await interaction.deferUpdate();
  reply.mode = 'update';
  let loaded;
  try {
    loaded = await withStatus(interaction, `Refreshing @${id.username}`, context, (onProgress) =>
      watch.run((options) =>
        loadReport(id, context, interaction.guildId, withProgress({ ...options, refresh: true }, onProgress)),
      ),
    );
  } catch (error) {
    if (isUserFacingError(error) && RETRY_AT_ONCE.has(error.code)) releaseCooldown();
    // The report stays as it was: take the status line off it again.
    await interaction.editReply({ content: '' }).catch(() => undefined);
    throw error;
  }
  const { charts, ...message } = await reportMessage(
    loaded.catalog,
    loaded.analysis,
    { ...id, issuedAtMs: context.now().getTime() },
    context,
    requesterLocale(interaction),
  );
  // The old charts go: only the new files are kept.
  await interaction.editReply({ ...message, attachments: [] });
  if (interaction.guildId !== null) await rememberAccount(context, interaction.guildId, id.username);
  context.logger.info('refresh.done', {
    interactionId: interaction.id,
    username: id.username,
    videos: loaded.catalog.videos.length,
    calls: loaded.catalog.source.calls,
    charts,
  });
}

/**
 * Subscribe weekly here: the weekly report of this account in this channel,
 * on the default schedule (Monday 09:00, the report's time zone), for
 * members with Manage Server (the rule /retention subscribe applies).
 */
async function subscribeHere(...[interaction, id, context, reply]: Parameters<ReportActionHandler>): Promise<void> {
  checkManageServer(interaction);
  // checkManageServer refused clicks outside a server already; only a doctored id puts this action on a menu.
  if (!interaction.inGuild() || !interaction.isButton())
    throw new UserFacingError(
      'This control cannot subscribe. Use the report’s **Subscribe weekly here** button.',
      'component.malformed',
    );
  const channel = await reportChannel(interaction, interaction.channelId);
  reply.mode = 'public';
  await saveSubscription(
    interaction,
    {
      username: id.username,
      channel,
      weekday: parseWeekdayOption(null),
      time: parseTimeOption(null),
      timeZone: id.timeZone ?? context.config.defaultTimeZone,
    },
    context,
  );
}

/** Progress of a fetch a click waits for (data no longer cached), shown on the message the click edits. */
async function withStatus<T>(
  interaction: MessageComponentInteraction,
  lead: string,
  context: Pick<CommandContext, 'logger'>,
  load: (onProgress: (progress: FetchProgress) => void) => Promise<T>,
): Promise<T> {
  const status = new StatusLine(
    (text) => interaction.editReply({ content: `⏳ ${lead}: ${text}` }),
    (error) => context.logger.warn('component.status-edit-failed', { interactionId: interaction.id, error }),
  );
  try {
    return await load((progress) => {
      // A cache hit needs no status line.
      if (progress.phase !== 'done') status.update(progressLine(progress));
    });
  } finally {
    await status.close();
  }
}

function withProgress<O extends { onProgress: (progress: FetchProgress) => void }>(
  options: O,
  onProgress: (progress: FetchProgress) => void,
): O {
  return {
    ...options,
    onProgress: (progress: FetchProgress) => {
      options.onProgress(progress);
      onProgress(progress);
    },
  };
}

/**
 * A click's answer goes through its interaction token, which Discord refuses 15 minutes after the
 * click. A fetch whose place in line is estimated to end later is given up at once (this
 * caller's wait only: a fetch shared with others goes on for them), and the clicker is told,
 * rather than leaving a status line nobody can clear. Times are the bot's clock from the moment
 * the handler started, a few milliseconds after the click.
 */
function tokenWatch(context: Pick<CommandContext, 'now'>) {
  const deadline = context.now().getTime() + INTERACTION_TOKEN_LIFE_MS - TOKEN_SAFETY_MS;
  const cancel = new AbortController();
  const onProgress = (progress: FetchProgress): void => {
    if (progress.phase !== 'queued' || cancel.signal.aborted) return;
    if (context.now().getTime() + (progress.waitMs ?? 0) < deadline) return;
    cancel.abort(
      new UserFacingError(
        `${progressLine(progress).replace(/\.+$/u, '')}: longer than Discord keeps this button's answer open (15 min). ` +
          'Try again later, or run `/retention analyze`, which posts its report in the channel when the wait is long.',
        'queue.too_long',
      ),
    );
  };
  return {
    run<T>(load: (options: { onProgress: (progress: FetchProgress) => void; signal: AbortSignal }) => Promise<T>) {
      return load({ onProgress, signal: cancel.signal });
    },
  };
}

export const reportActionHandlers: Record<ReportAction, ReportActionHandler> = {
  csv: exportCsv,
  page: showPage,
  refresh,
  subscribe: subscribeHere,
};
