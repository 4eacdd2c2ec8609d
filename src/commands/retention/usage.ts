import type { ChatInputCommandInteraction } from 'discord.js';
import { UserFacingError } from '../../errors.js';
import { usageLines } from '../../reports/usage-report.js';
import { monthStart, nextMonthStart, usageMonth } from '../../usage/month.js';
import type { CommandContext } from '../context.js';
import { requesterLocale, serverDefaults } from '../server-defaults.js';

/** /retention usage: this server's calls and credits this month, its budget, and the key's balance. */
export async function executeUsage(interaction: ChatInputCommandInteraction, context: CommandContext): Promise<void> {
  const guildId = interaction.guildId;
  if (guildId === null)
    throw new UserFacingError('Usage is counted per server: run this inside one.', 'usage.not_in_guild');
  const now = context.now();
  const defaults = serverDefaults(context, guildId);
  const lines = usageLines({
    usage: (context.creditBudget ?? context.store.guilds).usage(guildId, usageMonth(now)),
    held: context.creditBudget?.heldFor(guildId) ?? 0,
    budget: defaults.own.monthlyCreditBudget,
    keyCredits: (context.creditBudget ?? context.store.guilds).keyCredits(),
    monthStart: monthStart(now),
    resetsAt: nextMonthStart(now),
    locale: requesterLocale(interaction),
    timeZone: defaults.timeZone,
  });
  await interaction.reply({ content: lines.join('\n') });
}
