import { AttachmentBuilder } from 'discord.js';
import { trendPointsFromSnapshots } from '../../analysis/snapshot.js';
import { trendChartConfig } from '../../charts/trend.js';
import { UserFacingError } from '../../errors.js';
import { historyReport } from '../../reports/history-report.js';
import { accountKey } from '../../storage/index.js';
import { parseUsername } from '../../tiktok/username.js';
const HISTORY_CHART_FILE = 'history.png';
/** /retention history username: the stored weekly snapshots as a trend chart and a short table. */
export async function executeHistory(interaction, context) {
    const username = parseUsername(interaction.options.getString('username', true));
    // Stored history belongs to the servers that track the account. Another server gets the same answer whether
    // or not someone else tracks it: which accounts a server follows is its own business.
    const tracked = interaction.guildId !== null &&
        context.store.subscriptions.listByGuild(interaction.guildId).some((s) => s.username === accountKey(username));
    if (!tracked) {
        throw new UserFacingError(`This server has no weekly report for @${username}, so there is no history to show. ` +
            `Start one with \`/retention subscribe username:${username}\`; the history grows a point a week.`, 'history.not_tracked');
    }
    await interaction.deferReply();
    const points = trendPointsFromSnapshots(context.store.snapshots.history(username), context.config.defaultTimeZone);
    const chart = points.length >= 2 ? await context.renderChart(trendChartConfig(points, { username })) : null;
    const report = historyReport(username, points, chart ? { chartFileName: HISTORY_CHART_FILE } : {});
    await interaction.editReply({
        ...report,
        files: chart ? [new AttachmentBuilder(chart.png, { name: HISTORY_CHART_FILE })] : [],
    });
}
//# sourceMappingURL=history.js.map