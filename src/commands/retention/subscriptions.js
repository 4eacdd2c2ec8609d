import { UserFacingError } from '../../errors.js';
import { subscriptionsReport } from '../../reports/subscriptions-report.js';
import { nextRunAfter } from '../../scheduler/due.js';
/** /retention subscriptions: this server's weekly reports (never another server's). */
export async function executeSubscriptions(interaction, context) {
    if (!interaction.inGuild())
        throw new UserFacingError('Subscriptions belong to a server: run this inside one.', 'subscriptions.not_in_guild');
    const now = context.now();
    const subscriptions = context.store.subscriptions.listByGuild(interaction.guildId);
    const fault = context.store.health.fault;
    await interaction.reply(subscriptionsReport(subscriptions, {
        now,
        nextRun: (sub) => nextRunAfter(sub, now),
        storageFault: fault ? { summary: fault.error.summary, at: fault.at } : null,
    }));
}
//# sourceMappingURL=subscriptions.js.map