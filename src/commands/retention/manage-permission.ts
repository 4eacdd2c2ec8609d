import { PermissionFlagsBits, type BaseInteraction, type ChatInputCommandInteraction } from 'discord.js';
import { UserFacingError } from '../../errors.js';

/**
 * Subscribe and unsubscribe change what the bot posts in a server, so they
 * need Manage Server. Discord's default_member_permissions applies to a whole
 * command, not a subcommand, so the check lives here.
 */
export function requireManageServer(
  interaction: ChatInputCommandInteraction,
): asserts interaction is ChatInputCommandInteraction<'cached' | 'raw'> {
  checkManageServer(interaction);
}

/** The same rule for any interaction (the "Subscribe weekly here" button): throws the same refusals. */
export function checkManageServer(interaction: Pick<BaseInteraction, 'inGuild' | 'memberPermissions'>): void {
  if (!interaction.inGuild())
    throw new UserFacingError(
      'Weekly reports are set up inside a server, not in direct messages.',
      'subscribe.not_in_guild',
    );
  if (!interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
    throw new UserFacingError(
      'Setting up weekly reports needs the **Manage Server** permission. Ask a server admin to run this command.',
      'subscribe.forbidden',
    );
  }
}
