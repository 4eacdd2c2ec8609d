import { unsubscribeConfirmation } from '../../reports/subscriptions-report.js';
import { parseUsername } from '../../tiktok/username.js';
import { requireManageServer } from './manage-permission.js';
/** /retention unsubscribe username [channel]: without a channel, every channel of this server. */
export async function executeUnsubscribe(interaction, context) {
    requireManageServer(interaction);
    const username = parseUsername(interaction.options.getString('username', true));
    const channelId = interaction.options.getChannel('channel')?.id;
    const removed = await context.store.subscriptions.remove({
        guildId: interaction.guildId,
        username,
        ...(channelId ? { channelId } : {}),
    });
    await interaction.reply(unsubscribeConfirmation(removed, { username, ...(channelId ? { channelId } : {}) }));
    context.logger.info('unsubscribe.done', { interactionId: interaction.id, username, removed: removed.length });
}
//# sourceMappingURL=unsubscribe.js.map