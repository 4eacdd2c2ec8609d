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
import { systemClock, type Clock } from './tiktok/clock.js';

/** The system clock, moved so that it reads `startMs` now. */
function offsetClock(startMs: number): Clock {
  const offset = startMs - Date.now();
  return { now: () => Date.now() + offset, sleep: (ms, signal) => systemClock.sleep(ms, signal) };
}

export interface MainOptions {
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
  /** The bot's clock for rate limiting, queue estimates and token life (tests: a simulated one). */
  clock?: Clock;
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
  // Tests only (TEST_CLOCK_START): a clock that starts at the given instant and runs at real speed from there.
  const clock = options.clock ?? (config.testClockStart !== undefined ? offsetClock(config.testClockStart) : undefined);
  // A damaged data file or a data folder that cannot be written stops the start here, before anything is written.
  const store = await openStore(config.dataDir);
  try {
    return await startBot({
      config,
      logger,
      store,
      ...(options.now ? { now: options.now } : {}),
      ...(clock ? { clock } : {}),
    });
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
