import type { AutocompleteInteraction } from 'discord.js';
import { COMMAND_NAME } from '../definitions.js';
import type { CommandContext } from '../context.js';
import { respondUsernameAutocomplete } from './username.js';

type AutocompleteHandler = (interaction: AutocompleteInteraction, context: CommandContext) => Promise<void>;

/** The autocomplete of each option, by the focused option's name (the same in every subcommand). */
const autocompleteHandlers = new Map<string, AutocompleteHandler>([['username', respondUsernameAutocomplete]]);

/**
 * Answers an autocomplete interaction (Discord waits 3 s and shows nothing
 * after). Never throws: an option without suggestions gets an empty list.
 */
export async function handleAutocomplete(interaction: AutocompleteInteraction, context: CommandContext): Promise<void> {
  try {
    const focused = interaction.options.getFocused(true).name;
    const handler = interaction.commandName === COMMAND_NAME ? autocompleteHandlers.get(focused) : undefined;
    if (handler === undefined) await interaction.respond([]);
    else await handler(interaction, context);
  } catch (error) {
    context.logger.warn('autocomplete.failed', { interactionId: interaction.id, error });
  }
}
