import { AttachmentBuilder, type APIEmbed } from 'discord.js';
import type { Analysis } from '../analysis/types.js';
import { durationChartConfig } from '../charts/duration.js';
import { tierChartConfig } from '../charts/tiers.js';
import { analysisReport } from '../reports/analysis-embed.js';
import type { Catalog } from '../tiktok/catalog.js';
import type { ReportRef } from '../reports/component-ids.js';
import { reportComponents, type ReportComponentRow } from '../reports/report-components.js';
import type { CommandContext } from './context.js';

const DURATION_CHART_FILE = 'chart.png';
const TIER_CHART_FILE = 'tiers.png';

export interface ReportMessage {
  content: string;
  embeds: APIEmbed[];
  files: AttachmentBuilder[];
  components: ReportComponentRow[];
  /** Which renderer drew each chart ('none' when there was none), for the log. */
  charts: [string, string];
}

/**
 * The analyze report as a Discord message: embeds, the two charts as
 * attachments, and the buttons and menu that act on it (`ref` says what the
 * report was made from). /retention analyze and the Refresh button send it.
 */
export async function reportMessage(
  catalog: Catalog,
  analysis: Analysis,
  ref: ReportRef,
  context: Pick<CommandContext, 'renderChart' | 'now' | 'catalogs'>,
  /** The requester's locale for numbers and dates (requesterLocale); en-US by default. */
  locale?: string,
): Promise<ReportMessage> {
  const username = ref.username;
  const [durationChart, tierChart] = await Promise.all([
    analysis.durationBuckets.length > 0 ? context.renderChart(durationChartConfig(analysis, { username })) : null,
    analysis.tiers !== null ? context.renderChart(tierChartConfig(analysis, { username })) : null,
  ]);
  const report = analysisReport(catalog, analysis, {
    ...(durationChart ? { chartFileName: DURATION_CHART_FILE } : {}),
    ...(tierChart ? { tierChartFileName: TIER_CHART_FILE } : {}),
    now: context.now(),
    ...(locale !== undefined ? { locale } : {}),
    // The cache's own clock stamped fetchedAt and decides freshness; the bot's clock may differ (tests inject one).
    ...(catalog.source.fromCache ? { cacheAgeMs: context.catalogs.ageMs(catalog) } : {}),
  });
  const files: AttachmentBuilder[] = [];
  if (durationChart) files.push(new AttachmentBuilder(durationChart.png, { name: DURATION_CHART_FILE }));
  if (tierChart) files.push(new AttachmentBuilder(tierChart.png, { name: TIER_CHART_FILE }));
  return {
    content: '',
    ...report,
    files,
    components: reportComponents(ref),
    charts: [durationChart?.renderer ?? 'none', tierChart?.renderer ?? 'none'],
  };
}
