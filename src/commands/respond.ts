import { randomBytes } from 'node:crypto';
import { MessageFlags, type ChatInputCommandInteraction, type Interaction } from 'discord.js';
import { ConfigError } from '../config.js';
import { isOperatorOnly, isUserFacingError, memberMessage } from '../errors.js';
import type { Logger } from '../logger.js';
import type { OperatorAlerts } from '../ops-alerts.js';
import { DISCORD_LIMITS, truncateForDiscord } from '../reports/discord-limits.js';
import { isTokenRefused, RequesterUnreachableError, type InteractionDelivery } from './delivery.js';

/** A short id that ties what a user sees to the log line with the details. */
export function referenceId(): string {
  return randomBytes(4).toString('hex');
}

/** What a member is told about `error`: its message (cut to fit, never the reference), or "went wrong on our side". */
export function errorReplyContent(error: unknown, reference: string): string {
  // Some messages echo provider text of any length; cut the message, never the reference, so Discord takes the reply.
  const referenceLine = `\n-# ref ${reference}`;
  return isUserFacingError(error)
    ? `${truncateForDiscord(memberMessage(error), DISCORD_LIMITS.content - referenceLine.length)}${referenceLine}`
    : `Something went wrong on our side and the command did not finish. Please try again in a minute; if it keeps failing, tell the bot's admins the reference **${reference}**.`;
}

/**
 * Tells the user that their command failed, ephemerally, whatever state the
 * interaction is in, and logs the details with a reference id. Never throws:
 * the interaction may have expired, and that must not crash the bot.
 */
export async function replyWithError(
  interaction: ChatInputCommandInteraction,
  error: unknown,
  logger: Logger,
  options: { alerts?: OperatorAlerts; delivery?: InteractionDelivery } = {},
): Promise<void> {
  const reference = referenceId();
  if (error instanceof RequesterUnreachableError) {
    // Nobody can be told: the work was stopped (not paid for further), and the log says why.
    logger.warn('command.requester-unreachable', {
      reference,
      interactionId: interaction.id,
      command: interaction.options.getSubcommand(false),
      user: interaction.user.id,
      reason: error.reason,
    });
    return;
  }
  const known = isUserFacingError(error);
  if (known && isOperatorOnly(error)) options.alerts?.alert('provider-key', error.message, { code: error.code });
  const content = errorReplyContent(error, reference);
  logger[known ? 'warn' : 'error']('command.failed', {
    reference,
    interactionId: interaction.id,
    command: interaction.options.getSubcommand(false),
    user: interaction.user.id,
    guild: interaction.guildId,
    code: known ? error.code : error instanceof ConfigError ? 'config' : 'unexpected',
    error: known ? error.message : error,
  });
  try {
    const delivery = options.delivery;
    if (delivery && (delivery.viaChannel || !delivery.tokenAlive)) {
      // Past the token's life the answer can only be public: in the channel, mentioning the requester.
      await delivery.deliver({ content }, `your command could not finish:`);
      return;
    }
    if (interaction.deferred || interaction.replied) {
      // A public "thinking..." cannot become ephemeral: remove it, then answer privately.
      if (!interaction.ephemeral) await interaction.deleteReply().catch(() => undefined);
      await interaction.followUp({ content, flags: MessageFlags.Ephemeral });
    } else {
      await interaction.reply({ content, flags: MessageFlags.Ephemeral });
    }
  } catch (replyError) {
    // The token died while the answer was on its way: the channel is the last place left.
    if (isTokenRefused(replyError) && options.delivery) {
      try {
        await options.delivery.deliver({ content }, 'your command could not finish:');
        return;
      } catch (channelError) {
        logger.error('command.error-reply-failed', { reference, interactionId: interaction.id, error: channelError });
        return;
      }
    }
    logger.error('command.error-reply-failed', { reference, interactionId: interaction.id, error: replyError });
  }
}

/** What an interaction that arrives while the bot shuts down is told. */
export const RESTARTING_MESSAGE = 'The bot is restarting; try again in a minute.';

/**
 * Answers an interaction that arrived while the bot is shutting down, without
 * starting its work: privately for a command or a click, with no choices for
 * autocomplete (which cannot carry a message). Never throws.
 */
export async function refuseWhileStopping(interaction: Interaction, logger: Logger): Promise<void> {
  try {
    if (interaction.isAutocomplete()) await interaction.respond([]);
    else if (interaction.isRepliable())
      await interaction.reply({ content: RESTARTING_MESSAGE, flags: MessageFlags.Ephemeral });
    logger.info('interaction.refused-stopping', { interactionId: interaction.id, type: interaction.type });
  } catch (error) {
    logger.warn('interaction.refused-stopping-failed', { interactionId: interaction.id, error });
  }
}
