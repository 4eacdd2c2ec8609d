import { PermissionFlagsBits, type ChatInputCommandInteraction } from 'discord.js';
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
  if (!interaction.inGuild())
    throw new UserFacingError(`${action} happens inside a server, not in direct messages.`, 'permission.not_in_guild');
  if (!interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
    throw new UserFacingError(
      `${action} needs the **Manage Server** permission. Ask a server admin to run this command.`,
      'permission.forbidden',
    );
  }
}
