import { MessageFlags, type MessageComponentInteraction } from 'discord.js';
import { isOperatorOnly, isUserFacingError, UserFacingError } from '../../errors.js';
import { formatUtcDateTime } from '../../reports/format.js';
import type { CommandContext } from '../context.js';
import { errorReplyContent, referenceId } from '../respond.js';
import {
  componentExpired,
  decodeComponentId,
  REPORT_ID_NAMESPACE,
  type ComponentId,
} from '../../reports/component-ids.js';
import { executeCompareButton } from '../retention/compare.js';
import { COMPARE_ID_NAMESPACE, isCompareButton } from '../retention/compare-confirmation.js';
import { reportActionHandlers, type ComponentReplyState } from './report-actions.js';

type ComponentHandler = (interaction: MessageComponentInteraction, context: CommandContext) => Promise<void>;

/**
 * Component handlers by the namespace their custom_ids start with ('rt1:...' -> 'rt'). An id of
 * another namespace is someone else's (a collector waiting on its own message, say) and is left alone.
 */
const componentHandlers = new Map<string, ComponentHandler>([
  [REPORT_ID_NAMESPACE, handleReportComponent],
  [COMPARE_ID_NAMESPACE, handleCompareComponent],
]);

/** Compare's Confirm / Cancel (retention/compare.ts answers every failure itself). */
async function handleCompareComponent(
  interaction: MessageComponentInteraction,
  context: CommandContext,
): Promise<void> {
  if (!interaction.isButton() || !isCompareButton(interaction.customId)) return;
  context.logger.info('component.received', { interactionId: interaction.id, customId: interaction.customId });
  await executeCompareButton(interaction, context);
}

export function componentHandlerFor(customId: string): ComponentHandler | undefined {
  const namespace = /^([a-z]+)\d*:/u.exec(customId)?.[1];
  return namespace === undefined ? undefined : componentHandlers.get(namespace);
}

/**
 * Routes a click on a report's button or menu to its handler (report-actions.ts)
 * by the action its custom_id names, after checking the id and its age.
 * Never throws: every failure is answered privately to the clicker.
 */
export async function handleReportComponent(
  interaction: MessageComponentInteraction,
  context: CommandContext,
): Promise<void> {
  const started = Date.now();
  const decoded = decodeComponentId(interaction.customId);
  const action = decoded.ok ? decoded.id.action : null;
  context.logger.info('component.received', {
    interactionId: interaction.id,
    action,
    user: interaction.user.id,
    guild: interaction.guildId,
  });
  const reply: ComponentReplyState = { mode: 'none' };
  try {
    const id = checkedId(decoded, context);
    await reportActionHandlers[id.action](interaction, id, context, reply);
    context.logger.info('component.completed', {
      interactionId: interaction.id,
      action,
      durationMs: Date.now() - started,
    });
  } catch (error) {
    await replyComponentError(interaction, error, context, reply, action);
  }
}

function checkedId(decoded: ReturnType<typeof decodeComponentId>, context: CommandContext): ComponentId {
  if (!decoded.ok) {
    throw new UserFacingError(
      decoded.reason === 'unknown'
        ? 'This button comes from another version of the bot and no longer works. Run `/retention analyze` again for a fresh report.'
        : 'This button could not be read. Run `/retention analyze` again for a fresh report.',
      decoded.reason === 'unknown' ? 'component.unknown' : 'component.malformed',
    );
  }
  const ttlMs = context.config.cacheMinutes * 60_000;
  if (componentExpired(decoded.id, context.now().getTime(), ttlMs)) {
    throw new UserFacingError(
      `This report is from ${formatUtcDateTime(new Date(decoded.id.issuedAtMs).toISOString())}; its buttons have expired. ` +
        `Run \`/retention analyze username:${decoded.id.username}\` again for a fresh one.`,
      'component.expired',
    );
  }
  return decoded.id;
}

async function replyComponentError(
  interaction: MessageComponentInteraction,
  error: unknown,
  context: CommandContext,
  reply: ComponentReplyState,
  action: string | null,
): Promise<void> {
  const reference = referenceId();
  const known = isUserFacingError(error);
  if (known && isOperatorOnly(error)) context.alerts.alert('provider-key', error.message, { code: error.code });
  const content = errorReplyContent(error, reference);
  context.logger[known ? 'warn' : 'error']('component.failed', {
    reference,
    interactionId: interaction.id,
    action,
    user: interaction.user.id,
    guild: interaction.guildId,
    code: known ? error.code : 'unexpected',
    error: known ? error.message : error,
  });
  try {
    if (!interaction.deferred && !interaction.replied) {
      await interaction.reply({ content, flags: MessageFlags.Ephemeral });
    } else if (reply.mode === 'ephemeral') {
      await interaction.editReply({ content, embeds: [], files: [], attachments: [] });
    } else {
      // A public "thinking..." cannot become private: remove it first. An update leaves the report as it is.
      if (reply.mode === 'public') await interaction.deleteReply().catch(() => undefined);
      await interaction.followUp({ content, flags: MessageFlags.Ephemeral });
    }
  } catch (replyError) {
    context.logger.error('component.error-reply-failed', {
      reference,
      interactionId: interaction.id,
      error: replyError,
    });
  }
}
