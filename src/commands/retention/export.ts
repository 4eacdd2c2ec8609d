import { AttachmentBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { videosCsv } from '../../reports/csv.js';
import { incompleteSentence } from '../../reports/catalog-notes.js';
import { formatAge, plural } from '../../reports/format.js';
import { analyzeAccount, type AccountAnalysis } from '../../retention/analyze-account.js';
import { parseUsername } from '../../tiktok/username.js';
import { rememberAccount } from '../autocomplete/username.js';
import type { CommandContext } from '../context.js';
import { requesterLocale, serverDefaults } from '../server-defaults.js';

/** /retention export username: the per-video table as a CSV attachment (from cache when fresh). */
export async function executeExport(interaction: ChatInputCommandInteraction, context: CommandContext): Promise<void> {
  const username = parseUsername(interaction.options.getString('username', true));
  const lane = interaction.guildId ?? undefined;
  // Refused before the deferral (privately, as the acknowledgement): a full queue or a spent budget.
  context.catalogs.checkRoom(username, lane ? { lane } : {});
  await interaction.deferReply();
  const account = await analyzeAccount(
    context.catalogs,
    username,
    { ...(interaction.guildId !== null ? { lane: interaction.guildId } : {}), capped: true },
    { timeZone: serverDefaults(context, interaction.guildId).timeZone },
  );
  const { catalog } = account;
  // As analyze does: through the interaction while its token lives, else in the channel, mentioning the
  // requester (a fetch can outlast the token; the file was paid for).
  const via = await context
    .delivery(interaction)
    .deliver(
      csvExportMessage(username, account, context, requesterLocale(interaction)),
      `your export of @${username} is ready.`,
    );
  if (interaction.guildId !== null) await rememberAccount(context, interaction.guildId, username);
  context.logger.info('export.done', {
    interactionId: interaction.id,
    via,
    username,
    videos: catalog.videos.length,
    fromCache: catalog.source.fromCache,
  });
}

/** The export message of a catalog (text + CSV file): the command's and the report's Export CSV button's. */
export function csvExportMessage(
  username: string,
  { catalog, analysis }: AccountAnalysis,
  context: Pick<CommandContext, 'catalogs'>,
  locale?: string,
): { content: string; files: AttachmentBuilder[] } {
  const csv = videosCsv(catalog, analysis);
  // Age by the cache's clock (the one that stamped fetchedAt), not the bot's, which tests may set elsewhere.
  const origin = catalog.source.fromCache
    ? `from cache, ${formatAge(context.catalogs.ageMs(catalog))}`
    : `fetched now, ${plural(catalog.source.calls, 'API call', 'API calls', locale)}`;
  const incomplete = incompleteSentence(catalog);
  return {
    content:
      `Per-video export of **@${username}**: ${plural(catalog.videos.length, 'video', 'videos', locale)} (${origin}). Open it in any spreadsheet.` +
      (incomplete !== null ? `\n⚠️ **${incomplete}**: the file holds only what Scavio sent.` : ''),
    files: [new AttachmentBuilder(Buffer.from(csv, 'utf8'), { name: `${username}-videos.csv` })],
  };
}
