import type { ChatInputCommandInteraction } from 'discord.js';
import { SUBCOMMANDS, type SubcommandName } from '../definitions.js';
import type { CommandContext, SubcommandHandler } from '../context.js';
import { executeAnalyze } from './analyze.js';
import { executeCompare } from './compare.js';
import { executeExport } from './export.js';
import { executeHelp } from './help.js';
import { executeHistory } from './history.js';
import { executeSettings } from './settings.js';
import { executeSubscribe } from './subscribe.js';
import { executeSubscriptions } from './subscriptions.js';
import { executeUnsubscribe } from './unsubscribe.js';
import { executeUsage } from './usage.js';

/** The handler of each /retention subcommand; definitions live in ../definitions.ts. */
const retentionHandlers: Record<SubcommandName, SubcommandHandler> = {
  analyze: executeAnalyze,
  export: executeExport,
  subscribe: executeSubscribe,
  unsubscribe: executeUnsubscribe,
  subscriptions: executeSubscriptions,
  history: executeHistory,
  settings: executeSettings,
  usage: executeUsage,
  help: executeHelp,
  compare: executeCompare,
};

function isSubcommandName(name: string | null): name is SubcommandName {
  return SUBCOMMANDS.some((known) => known === name);
}

/**
 * The handler for this interaction, or undefined when its subcommand is
 * missing or unknown (commands registered by an older version of the bot).
 * Never throws, unlike getSubcommand(true): the router answers "no handler"
 * with an error reply, where a throw here would leave the interaction
 * unanswered and reject the gateway listener's promise.
 */
export function handlerFor(interaction: ChatInputCommandInteraction): SubcommandHandler<CommandContext> | undefined {
  const name = interaction.options.getSubcommand(false);
  return isSubcommandName(name) ? retentionHandlers[name] : undefined;
}
