import type { ChatInputCommandInteraction } from 'discord.js';
import { progressLine } from '../../reports/progress.js';
import { isUserFacingError, UserFacingError } from '../../errors.js';
import type { FetchProgress } from '../../tiktok/scavio-client.js';
import { analyzeAccount, type AccountAnalysis } from '../../retention/analyze-account.js';
import { parseUsername } from '../../tiktok/username.js';
import { rememberAccount } from '../autocomplete/username.js';
import type { CommandContext } from '../context.js';
import { RequesterUnreachableError } from '../delivery.js';
import { requestedTimeZone, requesterLocale, serverDefaults } from '../server-defaults.js';
import { reportMessage } from '../report-message.js';
import { StatusLine } from '../status-line.js';

/** Failures after which the user may try again at once (nothing much was spent). */
export const RETRY_AT_ONCE = new Set([
  'scavio.unknown_account',
  'scavio.private_account',
  'scavio.no_videos',
  'tiktok.invalid_max_videos',
]);

/**
 * /retention analyze username [max_videos] [min_age_days] [timezone]: defers at once, keeps one status
 * line up to date while the catalog is fetched, then replaces it with the
 * report (embed + charts).
 */
export async function executeAnalyze(interaction: ChatInputCommandInteraction, context: CommandContext): Promise<void> {
  // Checks that cost nothing come before the deferral, so their errors are plain ephemeral replies.
  const username = parseUsername(interaction.options.getString('username', true));
  const maxVideos = interaction.options.getInteger('max_videos') ?? undefined;
  // Left out: this server's defaults (/retention settings), else the bot's.
  const minAgeDays =
    interaction.options.getInteger('min_age_days') ?? serverDefaults(context, interaction.guildId).minAgeDays;
  const timeZone = requestedTimeZone(interaction, context);
  const lane = interaction.guildId ?? undefined;
  // A full queue is refused at once, privately, as the acknowledgement itself.
  context.catalogs.checkRoom(username, {
    ...(maxVideos !== undefined ? { maxVideos } : {}),
    ...(lane ? { lane } : {}),
  });
  const releaseCooldown = context.cooldowns.take(interaction.user.id);
  // The fetch takes its place in line now, in the order commands arrive (a deferral's answer can overtake
  // another's); status lines wait for the deferral.
  const deferring = interaction.deferReply();

  const delivery = context.delivery(interaction);
  // Stops this requester's wait (and the fetch, when nobody else waits for it) when they cannot be answered.
  const cancel = new AbortController();
  const status = new StatusLine(
    (text) =>
      deferring.then(() =>
        delivery.edit({ content: `⏳ @${username}: ${text}` }).catch((error: unknown) => {
          if (error instanceof RequesterUnreachableError) cancel.abort(error);
          else throw error;
        }),
      ),
    (error) => context.logger.warn('analyze.status-edit-failed', { interactionId: interaction.id, error }),
  );
  const onProgress = (progress: FetchProgress): void => {
    let line = progressLine(progress);
    const fits = delivery.fitsToken(progress.waitMs ?? 0);
    // Estimates start pessimistic (every fetch counted at its largest) and improve as fetches finish.
    if (progress.phase === 'queued' && fits) delivery.fitsAgain();
    if (progress.phase === 'queued' && !delivery.viaChannel && !fits) {
      if (!delivery.canPostInChannel()) {
        cancel.abort(
          new UserFacingError(
            `${line.replace(/\.+$/u, '')}: longer than Discord keeps this command open (15 min), and the bot cannot post in this channel. ` +
              'Try again later, or in a channel where the bot can send messages, embeds and files.',
            'queue.too_long',
          ),
        );
        return;
      }
      delivery.switchToChannel('the wait outlasts the interaction token', { byEstimate: true });
    }
    if (delivery.viaChannel && progress.phase !== 'done')
      line += ' The report will be posted in this channel, mentioning you.';
    status.update(line);
  };
  let result: AccountAnalysis;
  try {
    const analyzing = analyzeAccount(
      context.catalogs,
      username,
      {
        ...(maxVideos !== undefined ? { maxVideos } : {}),
        onProgress,
        signal: cancel.signal,
        ...(lane ? { lane } : {}),
        capped: true,
      },
      { timeZone, minAgeDays },
    );
    // Handled below; a failed deferral must not leave it unobserved.
    analyzing.catch(() => undefined);
    try {
      await deferring;
    } catch (error) {
      cancel.abort(error);
      throw error;
    }
    result = await analyzing;
  } catch (error) {
    // A wrong or unknown account costs at most one call: let the user correct it without waiting.
    if (isUserFacingError(error) && RETRY_AT_ONCE.has(error.code)) releaseCooldown();
    throw cancel.signal.aborted ? cancel.signal.reason : error;
  } finally {
    await status.close();
  }

  const { catalog, analysis } = result;
  const { charts, ...message } = await reportMessage(
    catalog,
    analysis,
    {
      username,
      maxVideos: maxVideos ?? context.config.scavio.maxVideos,
      minAgeDays,
      // The buttons analyse again in the zone this report was made in (an option or the server's default).
      timeZone,
      issuedAtMs: context.now().getTime(),
    },
    context,
    requesterLocale(interaction),
  );
  const via = await delivery.deliver(message, `your report on @${username} is ready.`);
  if (lane !== undefined) await rememberAccount(context, lane, username);
  context.logger.info('analyze.done', {
    interactionId: interaction.id,
    via,
    username,
    videos: catalog.videos.length,
    calls: catalog.source.calls,
    fromCache: catalog.source.fromCache,
    charts,
  });
}
