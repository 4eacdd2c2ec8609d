/** `npm run deploy-commands`: registers /retention with Discord (see src/deploy-commands.ts). */
import { existsSync } from 'node:fs';
import { ConfigError, loadConfig } from '../config.js';
import { deployCommands } from '../deploy-commands.js';

if (existsSync('.env')) process.loadEnvFile('.env');
try {
  const result = await deployCommands(loadConfig(process.env, 'deploy'));
  const where =
    result.scope === 'guild' ? `to server ${result.guildId}` : 'globally (may take up to an hour to appear)';
  console.log(`Registered /${result.commands.join(', /')} ${where}.`);
} catch (error) {
  const reason = error instanceof Error ? error.message : String(error);
  process.stderr.write(
    `${error instanceof ConfigError ? error.message : `Could not register the commands: ${reason}`}\n`,
  );
  process.exitCode = 2;
}
