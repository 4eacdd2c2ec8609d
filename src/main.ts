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
    format: config.logFormat,
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

/** Within Docker's default 10 s between SIGTERM and SIGKILL. */
const SHUTDOWN_LIMIT_MS = 9_000;

async function runFromCommandLine(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  // stderr is not the logger, but must not show a secret either: an error message can quote anything.
  const redact = redactor([process.env.DISCORD_TOKEN?.trim(), process.env.SCAVIO_API_KEY?.trim()]);
  function exitWith(code: number, text: string): never {
    process.stderr.write(`${redact(text)}\n`);
    process.exit(code);
  }
  // Signal handlers go in before anything starts: a service manager may stop the bot while it is
  // still logging in, and without a handler Node would die at once, skipping the graceful stop.
  let bot: RunningBot | undefined;
  let stopRequested: string | undefined;
  const shutdown = (signal: string) => {
    if (stopRequested !== undefined) exitWith(1, `${signal} received again: exiting without a clean shutdown.`);
    stopRequested = signal;
    process.stderr.write(`${signal} received, shutting down...\n`);
    // Service managers escalate to SIGKILL after a grace period (systemd: 90 s, Docker: 10 s); stay inside it.
    setTimeout(
      () => exitWith(1, `The bot did not shut down within ${SHUTDOWN_LIMIT_MS / 1000} s; exiting.`),
      SHUTDOWN_LIMIT_MS,
    ).unref();
    // Still starting: main() resolving (or failing) below finishes the job.
    if (bot) stopAndExit(bot);
  };
  const stopAndExit = (running: RunningBot) => {
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => exitWith(1, `The bot did not shut down cleanly: ${messageOf(error)}`),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  try {
    bot = await main();
  } catch (error) {
    if (stopRequested !== undefined) exitWith(0, `Stopped by ${stopRequested} while starting.`);
    if (error instanceof ConfigError || isUserFacingError(error)) exitWith(2, error.message);
    // A refused token is a setting to fix, like a missing one: exit 2, so a service manager
    // (RestartPreventExitStatus=2) stops instead of logging in with it every few seconds.
    if (isRefusedToken(error))
      exitWith(
        2,
        'The bot could not start: Discord refused DISCORD_TOKEN. Copy a fresh token (developer portal > Bot > Reset Token) into DISCORD_TOKEN.',
      );
    // Messages often end in a full stop already; the sentence adds its own.
    exitWith(1, `The bot could not start: ${messageOf(error).replace(/\.+$/u, '')}.`);
  }
  if (stopRequested !== undefined) stopAndExit(bot);
}

/** discord.js's error for a token Discord answers 401 to, at login or on the gateway (close code 4004). */
function isRefusedToken(error: unknown): boolean {
  return error instanceof Error && (error as { code?: unknown }).code === 'TokenInvalid';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runFromCommandLine();
}
