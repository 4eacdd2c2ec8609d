import { AttachmentBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { analyzeVideos } from '../../analysis/analyze.js';
import { durationChartConfig } from '../../charts/duration.js';
import { tierChartConfig } from '../../charts/tiers.js';
import { analysisReport } from '../../reports/analysis-embed.js';
import { progressLine } from '../../reports/progress.js';
import { isUserFacingError } from '../../errors.js';
import type { Catalog } from '../../tiktok/catalog.js';
import { parseUsername } from '../../tiktok/username.js';
import type { CommandContext } from '../context.js';
import { StatusLine } from '../status-line.js';

/** Failures after which the user may try again at once (nothing much was spent). */
const RETRY_AT_ONCE = new Set([
  'scavio.unknown_account',
  'scavio.private_account',
  'scavio.no_videos',
  'tiktok.invalid_max_videos',
]);

const DURATION_CHART_FILE = 'chart.png';
const TIER_CHART_FILE = 'tiers.png';

/**
 * /retention analyze username [max_videos] [min_age_days]: defers at once, keeps one status
 * line up to date while the catalog is fetched, then replaces it with the
 * report (embed + charts).
 */
export async function executeAnalyze(interaction: ChatInputCommandInteraction, context: CommandContext): Promise<void> {
  // Checks that cost nothing come before the deferral, so their errors are plain ephemeral replies.
  const username = parseUsername(interaction.options.getString('username', true));
  const maxVideos = interaction.options.getInteger('max_videos') ?? undefined;
  const minAgeDays = interaction.options.getInteger('min_age_days') ?? 0;
  const releaseCooldown = context.cooldowns.take(interaction.user.id);
  await interaction.deferReply();

  const status = new StatusLine(
    (text) => interaction.editReply({ content: `⏳ @${username}: ${text}` }),
    (error) => context.logger.warn('analyze.status-edit-failed', { interactionId: interaction.id, error }),
  );
  let catalog: Catalog;
  try {
    catalog = await context.catalogs.fetchCatalog(username, {
      ...(maxVideos !== undefined ? { maxVideos } : {}),
      onProgress: (progress) => status.update(progressLine(progress)),
    });
  } catch (error) {
    // A wrong or unknown account costs at most one call: let the user correct it without waiting.
    if (isUserFacingError(error) && RETRY_AT_ONCE.has(error.code)) releaseCooldown();
    throw error;
  } finally {
    await status.close();
  }

  const analysis = analyzeVideos(catalog.videos, {
    timeZone: context.config.defaultTimeZone,
    asOf: catalog.source.fetchedAt,
    minAgeDays,
  });
  const [durationChart, tierChart] = await Promise.all([
    analysis.durationBuckets.length > 0 ? context.renderChart(durationChartConfig(analysis, { username })) : null,
    analysis.tiers !== null ? context.renderChart(tierChartConfig(analysis, { username })) : null,
  ]);

  const report = analysisReport(catalog, analysis, {
    ...(durationChart ? { chartFileName: DURATION_CHART_FILE } : {}),
    ...(tierChart ? { tierChartFileName: TIER_CHART_FILE } : {}),
    now: context.now(),
    // The cache's own clock stamped fetchedAt and decides freshness; the bot's clock may differ (tests inject one).
    ...(catalog.source.fromCache ? { cacheAgeMs: context.catalogs.ageMs(catalog) } : {}),
  });
  const files: AttachmentBuilder[] = [];
  if (durationChart) files.push(new AttachmentBuilder(durationChart.png, { name: DURATION_CHART_FILE }));
  if (tierChart) files.push(new AttachmentBuilder(tierChart.png, { name: TIER_CHART_FILE }));
  await interaction.editReply({ content: '', ...report, files });
  context.logger.info('analyze.done', {
    interactionId: interaction.id,
    username,
    videos: catalog.videos.length,
    calls: catalog.source.calls,
    fromCache: catalog.source.fromCache,
    charts: [durationChart?.renderer ?? 'none', tierChart?.renderer ?? 'none'],
  });
}
