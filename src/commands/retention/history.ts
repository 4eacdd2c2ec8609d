import { AttachmentBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { trendPointsFromSnapshots } from '../../analysis/snapshot.js';
import { trendChartConfig } from '../../charts/trend.js';
import { historyReport } from '../../reports/history-report.js';
import { parseUsername } from '../../tiktok/username.js';
import type { CommandContext } from '../context.js';

const HISTORY_CHART_FILE = 'history.png';

/** /retention history username: the stored weekly snapshots as a trend chart and a short table. */
export async function executeHistory(interaction: ChatInputCommandInteraction, context: CommandContext): Promise<void> {
  const username = parseUsername(interaction.options.getString('username', true));
  await interaction.deferReply();
  const points = trendPointsFromSnapshots(context.store.snapshots.history(username), context.config.defaultTimeZone);
  const chart = points.length >= 2 ? await context.renderChart(trendChartConfig(points, { username })) : null;
  const report = historyReport(username, points, chart ? { chartFileName: HISTORY_CHART_FILE } : {});
  await interaction.editReply({
    ...report,
    files: chart ? [new AttachmentBuilder(chart.png, { name: HISTORY_CHART_FILE })] : [],
  });
}
