import type { ChatInputCommandInteraction } from 'discord.js';
import type { SubcommandName } from '../definitions.js';
import type { CommandContext, SubcommandHandler } from '../context.js';
import { executeAnalyze } from './analyze.js';
import { executeExport } from './export.js';

/** The handler of each /retention subcommand; definitions live in ../definitions.ts. */
export const retentionHandlers: Partial<Record<SubcommandName, SubcommandHandler>> = {
  analyze: executeAnalyze,
  export: executeExport,
};

export function handlerFor(interaction: ChatInputCommandInteraction): SubcommandHandler<CommandContext> | undefined {
  return retentionHandlers[interaction.options.getSubcommand(true) as SubcommandName];
}
