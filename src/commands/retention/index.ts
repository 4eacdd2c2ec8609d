import type { ChatInputCommandInteraction } from 'discord.js';
import type { SubcommandName } from '../definitions.js';
import type { CommandContext, SubcommandHandler } from '../context.js';
import { executeAnalyze } from './analyze.js';
import { executeExport } from './export.js';
import { executeHistory } from './history.js';
import { executeSubscribe } from './subscribe.js';
import { executeSubscriptions } from './subscriptions.js';
import { executeUnsubscribe } from './unsubscribe.js';

/** The handler of each /retention subcommand; definitions live in ../definitions.ts. */
export const retentionHandlers: Record<SubcommandName, SubcommandHandler> = {
  analyze: executeAnalyze,
  export: executeExport,
  subscribe: executeSubscribe,
  unsubscribe: executeUnsubscribe,
  subscriptions: executeSubscriptions,
  history: executeHistory,
};

export function handlerFor(interaction: ChatInputCommandInteraction): SubcommandHandler<CommandContext> | undefined {
  return retentionHandlers[interaction.options.getSubcommand(true) as SubcommandName];
}
