import { DiscordAPIError, REST, RESTJSONErrorCodes, Routes, } from 'discord.js';
import { commandDefinitions } from './commands/definitions.js';
import { discordRestAgent } from './discord-rest-agent.js';
/**
 * Registers the slash commands: to DISCORD_GUILD_ID when set (instant, for
 * development), else globally (Discord may take up to an hour to show them).
 */
export async function deployCommands(config) {
    const { token, applicationId, guildId, apiBase } = config.discord;
    if (token === undefined || applicationId === undefined)
        throw new Error('DISCORD_TOKEN and DISCORD_APPLICATION_ID are required');
    const rest = new REST({ agent: discordRestAgent(), ...(apiBase ? { api: apiBase } : {}) }).setToken(token);
    const route = guildId
        ? Routes.applicationGuildCommands(applicationId, guildId)
        : Routes.applicationCommands(applicationId);
    // REST.put is untyped (unknown); a bulk overwrite answers with the registered commands.
    const registered = (await rest.put(route, { body: commandDefinitions() }));
    const commands = registered.map((command) => command.name);
    return guildId ? { scope: 'guild', guildId, commands } : { scope: 'global', commands };
}
/**
 * What a failed registration means for the operator, in one sentence naming
 * the setting to fix. Discord's own messages ("401: Unauthorized") say what
 * happened, not which of the three ids or the token is wrong.
 */
export function explainDeployFailure(error, config) {
    if (error instanceof DiscordAPIError) {
        if (error.status === 401)
            return 'Discord refused the token (401 Unauthorized): DISCORD_TOKEN is wrong or was reset. Copy a fresh one from the developer portal (Bot > Reset Token).';
        if (error.code === RESTJSONErrorCodes.UnknownApplication)
            return `Discord knows no application ${config.discord.applicationId ?? ''}: check DISCORD_APPLICATION_ID (General Information > Application ID).`;
        if (error.code === RESTJSONErrorCodes.UnknownGuild)
            return `Discord knows no server ${config.discord.guildId ?? ''}: check DISCORD_GUILD_ID, or leave it empty to register globally.`;
        if (error.status === 403)
            return config.discord.guildId
                ? `Discord refused to register in server ${config.discord.guildId} (403 ${error.message}): invite the bot there with the applications.commands scope, and check that DISCORD_APPLICATION_ID belongs to DISCORD_TOKEN's bot.`
                : `Discord refused (403 ${error.message}): check that DISCORD_APPLICATION_ID belongs to the bot whose token is DISCORD_TOKEN.`;
        return `Discord answered ${error.status}: ${error.message}.`;
    }
    const message = error instanceof Error ? error.message : String(error);
    return `Could not reach Discord (${message}): check the network${config.discord.apiBase ? ` and DISCORD_API_BASE` : ''}.`;
}
//# sourceMappingURL=deploy-commands.js.map