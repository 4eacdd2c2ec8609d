import { MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import { helpEmbeds } from '../../reports/help.js';
import { callsFor } from '../../tiktok/scavio-client.js';
import type { CommandContext } from '../context.js';
import { requesterLocale } from '../server-defaults.js';

/** /retention help: to the requester only (nobody else asked). */
export async function executeHelp(interaction: ChatInputCommandInteraction, context: CommandContext): Promise<void> {
  await interaction.reply({
    embeds: helpEmbeds({
      defaultMaxVideos: context.config.scavio.maxVideos,
      callsFor,
      cacheMinutes: context.config.cacheMinutes,
      cooldownSeconds: context.config.analyzeCooldownSeconds,
      locale: requesterLocale(interaction),
    }),
    flags: MessageFlags.Ephemeral,
  });
}
