import { createRequire } from 'node:module';
/**
 * The HTTP agent discord.js must send its REST requests through.
 *
 * discord.js (through @discordjs/rest) uses its own undici 6, and by default
 * whatever dispatcher is installed process-wide. This project's undici 7 (the
 * Scavio client's) installs its own Agent process-wide when it loads first,
 * and that Agent cannot encode the FormData discord.js builds for file
 * uploads ("action is not a function": nodejs/undici#5520). So every message
 * with a chart or CSV would fail depending on module load order. Handing
 * discord.js an Agent from its own undici removes that dependency.
 */
export function discordRestAgent() {
    const requireFromRest = createRequire(createRequire(import.meta.url).resolve('@discordjs/rest'));
    const { Agent } = requireFromRest('undici');
    return new Agent();
}
//# sourceMappingURL=discord-rest-agent.js.map