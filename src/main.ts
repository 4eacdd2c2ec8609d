/**
 * `npm start`: the bot, from .env / the environment. Exit code 2 with one line
 * per problem when the configuration or the data files are not usable.
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { startBot, type RunningBot } from './bot.js';
import { ConfigError, loadConfig } from './config.js';
import { isUserFacingError } from './errors.js';
import { createLogger, redactor } from './logger.js';
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
  // stderr is not the logger, but must not show a secret either: an error message can quote anything.
  const redact = redactor([process.env.DISCORD_TOKEN?.trim(), process.env.SCAVIO_API_KEY?.trim()]);
  function exitWith(code: number, text: string): never {
    process.stderr.write(`${redact(text)}\n`);
    process.exit(code);
  }
  let bot: RunningBot;
  try {
    bot = await main();
  } catch (error) {
    if (error instanceof ConfigError || isUserFacingError(error)) exitWith(2, error.message);
    // Messages often end in a full stop already ('An invalid token was provided.'); the sentence adds its own.
    const message = messageOf(error).replace(/\.+$/u, '');
    const tokenProblem = /token/i.test(message) ? ' Check DISCORD_TOKEN: Discord refused it.' : '';
    exitWith(1, `The bot could not start: ${message}.${tokenProblem}`);
  }
  const shutdown = (signal: string) => {
    process.stderr.write(`${signal} received, shutting down...\n`);
    bot.stop().then(
      () => process.exit(0),
      (error: unknown) => exitWith(1, `The bot did not shut down cleanly: ${messageOf(error)}`),
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runFromCommandLine();
}
