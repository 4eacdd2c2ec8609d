import { PermissionFlagsBits, type BaseInteraction, type ChatInputCommandInteraction } from 'discord.js';
import { UserFacingError } from '../../errors.js';

/**
 * Commands that change what the bot does in a server (subscribe, unsubscribe,
 * settings) need Manage Server. Discord's default_member_permissions applies
 * to a whole command, not a subcommand, so the check lives here, written once;
 * `action` names what was refused ("Setting up weekly reports").
 */
export function requireManageServer(
  interaction: ChatInputCommandInteraction,
  action = 'Setting up weekly reports',
): asserts interaction is ChatInputCommandInteraction<'cached' | 'raw'> {
  checkManageServer(interaction, action);
}

/** The same rule for any interaction (the "Subscribe weekly here" button): throws the same refusals. */
export function checkManageServer(
  interaction: Pick<BaseInteraction, 'inGuild' | 'memberPermissions'>,
  action = 'Setting up weekly reports',
): void {
  if (!interaction.inGuild())
    throw new UserFacingError(`${action} happens inside a server, not in direct messages.`, 'permission.not_in_guild');
  if (!interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
    throw new UserFacingError(
      `${action} needs the **Manage Server** permission. Ask a server admin to run this command.`,
      'permission.forbidden',
    );
  }
}
