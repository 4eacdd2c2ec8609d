/**
 * `npm start`: the bot, from .env / the environment. Exit code 2 with one line
 * per problem when the configuration or the data files are not usable.
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { startBot, type RunningBot } from './bot.js';
import { ConfigError, loadConfig } from './config.js';
import { isUserFacingError } from './errors.js';
import { createLogger } from './logger.js';
import { openStore } from './storage/index.js';

export interface MainOptions {
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
  /** Where log lines go; default stdout. */
  writeLog?: (line: string) => void;
}

export async function main(options: MainOptions = {}): Promise<RunningBot> {
  const env = options.env ?? process.env;
  const config = loadConfig(env, 'bot');
  const logger = createLogger({
    level: config.logLevel,
    secrets: [config.discord.token, config.scavio.apiKey],
    ...(options.writeLog ? { write: options.writeLog } : {}),
  });
  // A damaged data file stops the start here, before anything could write to it.
  const store = await openStore(config.dataDir);
  try {
    return await startBot({ config, logger, store, ...(options.now ? { now: options.now } : {}) });
  } catch (error) {
    await store.close();
    throw error;
  }
}

async function runFromCommandLine(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  let bot: RunningBot;
  try {
    bot = await main();
  } catch (error) {
    if (error instanceof ConfigError || isUserFacingError(error)) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    const message = error instanceof Error ? error.message : String(error);
    const tokenProblem = /token/i.test(message) ? ' Check DISCORD_TOKEN: Discord refused it.' : '';
    process.stderr.write(`The bot could not start: ${message}.${tokenProblem}\n`);
    process.exit(1);
  }
  const shutdown = (signal: string) => {
    process.stderr.write(`${signal} received, shutting down...\n`);
    bot.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runFromCommandLine();
}
