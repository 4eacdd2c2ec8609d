import { AttachmentBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { analyzeVideos } from '../../analysis/analyze.js';
import { videosCsv } from '../../reports/csv.js';
import { incompleteSentence } from '../../reports/catalog-notes.js';
import { formatAge, plural } from '../../reports/format.js';
import { parseUsername } from '../../tiktok/username.js';
import type { Catalog } from '../../tiktok/catalog.js';
import { rememberAccount } from '../autocomplete/username.js';
import type { CommandContext } from '../context.js';

/** /retention export username: the per-video table as a CSV attachment (from cache when fresh). */
export async function executeExport(interaction: ChatInputCommandInteraction, context: CommandContext): Promise<void> {
  const username = parseUsername(interaction.options.getString('username', true));
  await interaction.deferReply();
  const catalog = await context.catalogs.fetchCatalog(username, {
    ...(interaction.guildId !== null ? { lane: interaction.guildId } : {}),
    capped: true,
  });
  await interaction.editReply(csvExportMessage(username, catalog, context));
  if (interaction.guildId !== null) await rememberAccount(context, interaction.guildId, username);
  context.logger.info('export.done', {
    interactionId: interaction.id,
    username,
    videos: catalog.videos.length,
    fromCache: catalog.source.fromCache,
  });
}

/** The export message of a catalog (text + CSV file): the command's and the report's Export CSV button's. */
export function csvExportMessage(
  username: string,
  catalog: Catalog,
  context: Pick<CommandContext, 'config' | 'catalogs'>,
): { content: string; files: AttachmentBuilder[] } {
  const analysis = analyzeVideos(catalog.videos, { timeZone: context.config.defaultTimeZone });
  const csv = videosCsv(catalog, analysis);
  // Age by the cache's clock (the one that stamped fetchedAt), not the bot's, which tests may set elsewhere.
  const origin = catalog.source.fromCache
    ? `from cache, ${formatAge(context.catalogs.ageMs(catalog))}`
    : `fetched now, ${plural(catalog.source.calls, 'API call')}`;
  const incomplete = incompleteSentence(catalog);
  return {
    content:
      `Per-video export of **@${username}**: ${plural(catalog.videos.length, 'video')} (${origin}). Open it in any spreadsheet.` +
      (incomplete !== null ? `\n⚠️ **${incomplete}**: the file holds only what Scavio sent.` : ''),
    files: [new AttachmentBuilder(Buffer.from(csv, 'utf8'), { name: `${username}-videos.csv` })],
  };
}
