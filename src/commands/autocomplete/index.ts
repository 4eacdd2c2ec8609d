import type { AutocompleteInteraction } from 'discord.js';
import { fitAutocompleteChoices, type AutocompleteChoice } from '../../reports/discord-limits.js';
import type { CommandContext } from '../context.js';
import { timeZoneChoices } from './time-zone.js';
import { usernameAutocompleteChoices } from './username.js';

/**
 * Autocomplete, routed by the name of the focused option: every `timezone`
 * (and `username`) option of every subcommand gets the same suggestions. To
 * add one, write a handler beside time-zone.ts and name its option here.
 */

/** Suggestions for what the member has typed so far in the focused option. */
export type AutocompleteHandler = (
  typed: string,
  interaction: AutocompleteInteraction,
  context: CommandContext,
) => AutocompleteChoice[] | Promise<AutocompleteChoice[]>;

const autocompleteHandlers: Readonly<Record<string, AutocompleteHandler>> = {
  timezone: timeZoneChoices,
  username: usernameAutocompleteChoices,
};

/**
 * Answers one autocomplete interaction, once, within Discord's 3 s: an option
 * without a handler, or a handler that fails, gets an empty list (Discord then
 * shows "no options match"), never an unanswered interaction. Never throws.
 */
export async function respondToAutocomplete(
  interaction: AutocompleteInteraction,
  context: CommandContext,
): Promise<void> {
  const focused = interaction.options.getFocused(true);
  const handler = autocompleteHandlers[focused.name];
  let choices: AutocompleteChoice[] = [];
  try {
    if (handler) choices = fitAutocompleteChoices(await handler(String(focused.value), interaction, context));
  } catch (error) {
    context.logger.warn('autocomplete.failed', { interactionId: interaction.id, option: focused.name, error });
  }
  try {
    await interaction.respond(choices);
  } catch (error) {
    // Typically expired (the member typed on): nothing to tell them.
    context.logger.debug('autocomplete.respond-failed', { interactionId: interaction.id, option: focused.name, error });
  }
}
