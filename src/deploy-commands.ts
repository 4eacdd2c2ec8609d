import { REST, Routes, type RESTPutAPIApplicationCommandsResult } from 'discord.js';
import type { Config } from './config.js';
import { commandDefinitions } from './commands/definitions.js';
import { discordRestAgent } from './discord-rest-agent.js';

export type DeployResult =
  { scope: 'guild'; guildId: string; commands: string[] } | { scope: 'global'; commands: string[] };

/**
 * Registers the slash commands: to DISCORD_GUILD_ID when set (instant, for
 * development), else globally (Discord may take up to an hour to show them).
 */
export async function deployCommands(config: Config): Promise<DeployResult> {
  const { token, applicationId, guildId, apiBase } = config.discord;
  if (token === undefined || applicationId === undefined)
    throw new Error('DISCORD_TOKEN and DISCORD_APPLICATION_ID are required');
  const rest = new REST({ agent: discordRestAgent(), ...(apiBase ? { api: apiBase } : {}) }).setToken(token);
  const route = guildId
    ? Routes.applicationGuildCommands(applicationId, guildId)
    : Routes.applicationCommands(applicationId);
  // REST.put is untyped (unknown); a bulk overwrite answers with the registered commands.
  const registered = (await rest.put(route, { body: commandDefinitions() })) as RESTPutAPIApplicationCommandsResult;
  const commands = registered.map((command) => command.name);
  return guildId ? { scope: 'guild', guildId, commands } : { scope: 'global', commands };
}
