/** `npm run deploy-commands`: registers /retention with Discord (see src/deploy-commands.ts). */
import { existsSync } from 'node:fs';
import { ConfigError, loadConfig } from '../src/config.js';
import { deployCommands } from '../src/deploy-commands.js';

if (existsSync('.env')) process.loadEnvFile('.env');
try {
  const result = await deployCommands(loadConfig(process.env, 'deploy'));
  const where = result.scope === 'guild' ? `to server ${process.env.DISCORD_GUILD_ID}` : 'globally (may take up to an hour to appear)';
  console.log(`Registered /${result.commands.join(', /')} ${where}.`);
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError ? error.message : `Could not register the commands: ${(error as Error).message}`}\n`);
  process.exitCode = 2;
}
