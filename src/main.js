/**
 * `npm start`: the bot, from .env / the environment. Exit code 2 with one line
 * per problem when the configuration or the data files are not usable.
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { startBot } from './bot.js';
import { ConfigError, loadConfig } from './config.js';
import { isUserFacingError } from './errors.js';
import { createLogger, redactor } from './logger.js';
import { openStore } from './storage/index.js';
import { systemClock } from './tiktok/clock.js';
/** The system clock, moved so that it reads `startMs` now. */
function offsetClock(startMs) {
    const offset = startMs - Date.now();
    return { now: () => Date.now() + offset, sleep: (ms, signal) => systemClock.sleep(ms, signal) };
}
export async function main(options = {}) {
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
    }
    catch (error) {
        await store.close();
        throw error;
    }
}
/** Within Docker's default 10 s between SIGTERM and SIGKILL. */
const SHUTDOWN_LIMIT_MS = 9_000;
async function runFromCommandLine() {
    if (existsSync('.env'))
        process.loadEnvFile('.env');
    // stderr is not the logger, but must not show a secret either: an error message can quote anything.
    const redact = redactor([process.env.DISCORD_TOKEN?.trim(), process.env.SCAVIO_API_KEY?.trim()]);
    function exitWith(code, text) {
        process.stderr.write(`${redact(text)}\n`);
        process.exit(code);
    }
    // Signal handlers go in before anything starts: a service manager may stop the bot while it is
    // still logging in, and without a handler Node would die at once, skipping the graceful stop.
    let bot;
    let stopRequested;
    const shutdown = (signal) => {
        if (stopRequested !== undefined)
            exitWith(1, `${signal} received again: exiting without a clean shutdown.`);
        stopRequested = signal;
        process.stderr.write(`${signal} received, shutting down...\n`);
        // Service managers escalate to SIGKILL after a grace period (systemd: 90 s, Docker: 10 s); stay inside it.
        setTimeout(() => exitWith(1, `The bot did not shut down within ${SHUTDOWN_LIMIT_MS / 1000} s; exiting.`), SHUTDOWN_LIMIT_MS).unref();
        // Still starting: main() resolving (or failing) below finishes the job.
        if (bot)
            stopAndExit(bot);
    };
    const stopAndExit = (running) => {
        running.stop().then(() => process.exit(0), (error) => exitWith(1, `The bot did not shut down cleanly: ${messageOf(error)}`));
    };
    process.on('SIGINT', () => shutdown('SIGINT'));
    process.on('SIGTERM', () => shutdown('SIGTERM'));
    try {
        bot = await main();
    }
    catch (error) {
        if (stopRequested !== undefined)
            exitWith(0, `Stopped by ${stopRequested} while starting.`);
        if (error instanceof ConfigError || isUserFacingError(error))
            exitWith(2, error.message);
        // Messages often end in a full stop already ('An invalid token was provided.'); the sentence adds its own.
        const message = messageOf(error).replace(/\.+$/u, '');
        const tokenProblem = /token/i.test(message) ? ' Check DISCORD_TOKEN: Discord refused it.' : '';
        exitWith(1, `The bot could not start: ${message}.${tokenProblem}`);
    }
    if (stopRequested !== undefined)
        stopAndExit(bot);
}
function messageOf(error) {
    return error instanceof Error ? error.message : String(error);
}
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
    await runFromCommandLine();
}
//# sourceMappingURL=main.js.map