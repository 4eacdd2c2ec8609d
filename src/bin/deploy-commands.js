/** `npm run deploy-commands`: registers /retention with Discord (see src/deploy-commands.ts). */
import { existsSync } from 'node:fs';
import { ConfigError, loadConfig } from '../config.js';
import { deployCommands, explainDeployFailure } from '../deploy-commands.js';
import { redactor } from '../logger.js';
if (existsSync('.env'))
    process.loadEnvFile('.env');
// An error message can quote anything; the token must not reach the terminal.
const redact = redactor([process.env.DISCORD_TOKEN?.trim()]);
let config;
try {
    config = loadConfig(process.env, 'deploy');
    const result = await deployCommands(config);
    const where = result.scope === 'guild' ? `to server ${result.guildId}` : 'globally (may take up to an hour to appear)';
    console.log(`Registered /${result.commands.join(', /')} ${where}.`);
}
catch (error) {
    const text = error instanceof ConfigError
        ? error.message
        : `Could not register the commands. ${config ? explainDeployFailure(error, config) : String(error)}`;
    process.stderr.write(`${redact(text)}\n`);
    process.exitCode = 2;
}
//# sourceMappingURL=deploy-commands.js.map