import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageFlags } from 'discord.js';
import type { RunningBot } from '../../../src/bot.js';
import { loadConfig } from '../../../src/config.js';
import { deployCommands } from '../../../src/deploy-commands.js';
import { main } from '../../../src/main.js';
import type { Clock } from '../../../src/tiktok/clock.js';
import {
  startDiscordEmulator,
  type DiscordEmulator,
  type DiscordEmulatorOptions,
  type AutocompleteChoiceRecord,
  type DispatchedInteraction,
  type InteractionOptionValue,
  type InteractionUser,
  type PermissionInput,
  type StoredMessage,
} from '../../support/discord-emulator.js';
import { startFakeQuickChart, type FakeQuickChart, type FakeQuickChartMode } from '../../support/fake-quickchart.js';
import {
  startFakeScavio,
  type FakeAccount,
  type FakeScavio,
  type FakeScavioSwitches,
} from '../../support/fake-scavio.js';
import { fixtureAccount, TEST_API_KEY } from '../../support/scavio-harness.js';
import { LogCapture, type LogEntry } from './log-capture.js';

/**
 * The real bot, started through `main()` (the entry `npm start` uses), wired
 * to loopback stand-ins for every service it talks to: the Discord emulator
 * (REST + gateway), a fake Scavio and a fake QuickChart. The commands are
 * deployed through src/deploy-commands.ts first, so the emulator checks every
 * interaction a test sends against the definitions the bot registered.
 *
 * Shared by the e2e suites (analyze, export, errors, weekly reports): extra
 * env, an injected clock, a bot restart on the same data directory.
 *
 *   const h = await startBotHarness({ accounts: [fixtureAccount('clean-60', 'chefmaya')] });
 *   const { id } = await h.command('analyze', { username: 'chefmaya' });
 *   const outcome = await h.outcome(id);      // 'completed' with the final message, or 'failed'
 *   await h.stop();                           // bot first, then the servers
 */

export interface BotHarnessOptions {
  /** Accounts the fake Scavio serves; default chefmaya = test/fixtures/catalogs/clean-60.json. */
  accounts?: FakeAccount[];
  /** Initial fake Scavio switches (latency, rate limit, failures...); they can also be changed later through `scavio.switches`. */
  scavio?: Partial<FakeScavioSwitches>;
  /** Starting credit balance of the fake Scavio account. */
  credits?: number;
  /** The key the fake Scavio accepts; default TEST_API_KEY. */
  scavioServerKey?: string;
  quickchartMode?: FakeQuickChartMode;
  emulator?: DiscordEmulatorOptions;
  /**
   * Extra or overriding environment for the bot (anything src/config.ts reads). The commands are
   * deployed to the emulator's first guild; DISCORD_GUILD_ID: '' deploys them globally instead.
   */
  env?: Record<string, string>;
  /** The bot's clock (`main({ now })`). */
  now?: () => Date;
  /**
   * One clock for everything time-dependent (`main({ clock })`: rate limiter, queue estimates, token life; the
   * emulator's deadlines and timestamps; the fake Scavio's arrival times), e.g. a SimulatedClock.
   */
  clock?: Clock;
  /** Register the commands before the bot starts (default true). */
  deployCommands?: boolean;
  /** Keep the data directory on stop (default false: it is removed). */
  keepDataDir?: boolean;
}

export interface CommandOptions {
  user?: InteractionUser;
  channelId?: string;
  guildId?: string | null;
  memberPermissions?: PermissionInput;
  /** The requester's Discord locale (interaction.locale); default en-US. */
  locale?: string;
}

/** How the bot finished an interaction. */
export type CommandOutcome =
  | { kind: 'completed'; interactionId: string; message: StoredMessage; log: LogEntry }
  | { kind: 'failed'; interactionId: string; reply: StoredMessage; log: LogEntry };

export interface BotHarness {
  readonly emulator: DiscordEmulator;
  readonly scavio: FakeScavio;
  readonly quickchart: FakeQuickChart;
  /** The running bot (replaced by restartBot). */
  readonly bot: RunningBot;
  /** The environment the bot was started with (secrets included: never print it). */
  readonly env: Readonly<Record<string, string>>;
  readonly dataDir: string;
  /** Every log line the bot wrote, across restarts. */
  readonly logs: LogCapture;
  /** Dispatches `/retention <subcommand>` as INTERACTION_CREATE. */
  command(
    subcommand: string,
    options?: Record<string, InteractionOptionValue>,
    extra?: CommandOptions,
  ): Promise<DispatchedInteraction>;
  /**
   * Sends an autocomplete interaction for `/retention <subcommand>` with `typed` in the `focused` option and
   * resolves with the choices the bot answered (callback type 8).
   */
  autocomplete(
    subcommand: string,
    focused: string,
    typed: string,
    extra?: CommandOptions & { options?: Record<string, InteractionOptionValue> },
  ): Promise<{ id: string; choices: readonly AutocompleteChoiceRecord[] }>;
  /**
   * Resolves when the bot is done with the interaction: 'completed' (its
   * handler finished; the message is the @original as it is now) or 'failed'
   * (the ephemeral error reply landed). Rejects if the error reply itself failed.
   */
  outcome(interactionId: string, options?: { timeoutMs?: number }): Promise<CommandOutcome>;
  /** Stops the bot and starts it again on the same data directory (and the same servers). */
  restartBot(options?: { env?: Record<string, string>; now?: () => Date }): Promise<RunningBot>;
  /** Stops the bot, then the emulator and the fakes, then removes the data directory. */
  stop(): Promise<void>;
}

/** Default account of the harness. */
const DEFAULT_USERNAME = 'chefmaya';

const DEFAULT_OUTCOME_TIMEOUT_MS = 20_000;

export async function startBotHarness(options: BotHarnessOptions = {}): Promise<BotHarness> {
  const started: { stop(): Promise<void> }[] = [];
  const stopAll = async () => {
    // Reverse start order: nothing is stopped while something started after it still uses it.
    for (const part of started.reverse()) await part.stop();
  };
  try {
    const dataDir = await mkdtemp(join(tmpdir(), 'retention-bot-e2e-'));
    if (!options.keepDataDir) started.push({ stop: () => rm(dataDir, { recursive: true, force: true }) });

    const scavio = await startFakeScavio({
      apiKey: options.scavioServerKey ?? TEST_API_KEY,
      accounts: options.accounts ?? [fixtureAccount('clean-60', DEFAULT_USERNAME)],
      ...(options.credits !== undefined ? { credits: options.credits } : {}),
      ...(options.scavio ? { switches: options.scavio } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
    });
    started.push({ stop: () => scavio.close() });
    const quickchart = await startFakeQuickChart({ mode: options.quickchartMode ?? 'ok' });
    started.push({ stop: () => quickchart.close() });
    const clock = options.clock;
    const emulator = await startDiscordEmulator({
      ...options.emulator,
      ...(clock ? { clock: () => clock.now() } : {}),
    });
    started.push({ stop: () => emulator.stop() });

    const env: Record<string, string> = {
      DISCORD_API_BASE: emulator.apiBase,
      DISCORD_TOKEN: emulator.token,
      DISCORD_APPLICATION_ID: emulator.applicationId,
      DISCORD_GUILD_ID: emulator.guildId,
      SCAVIO_BASE_URL: scavio.baseUrl,
      SCAVIO_API_KEY: TEST_API_KEY,
      // The limiter is shared by the whole process; a high rate keeps it out of the way unless a test wants it.
      SCAVIO_RATE_PER_MINUTE: '100000',
      SCAVIO_TIMEOUT_MS: '10000',
      QUICKCHART_URL: quickchart.url,
      QUICKCHART_TIMEOUT_MS: '5000',
      DATA_DIR: dataDir,
      ANALYZE_COOLDOWN_SECONDS: '0',
      LOG_LEVEL: 'debug',
      ...options.env,
    };
    if (options.deployCommands ?? true) await deployCommands(loadConfig(env, 'deploy'));

    const logs = new LogCapture();
    const startBot = (now: (() => Date) | undefined) =>
      main({ env, writeLog: (line) => logs.write(line), ...(now ? { now } : {}), ...(clock ? { clock } : {}) });
    let bot = await startBot(options.now);
    let botRunning = true;
    const stopBot = async () => {
      if (!botRunning) return;
      botRunning = false;
      await bot.stop();
    };
    // The bot stops first: it still answers interactions and closes its gateway connection to the emulator.
    started.push({ stop: stopBot });

    let stopping: Promise<void> | undefined;
    return {
      emulator,
      scavio,
      quickchart,
      get bot() {
        return bot;
      },
      env,
      dataDir,
      logs,
      command: (subcommand, commandOptions = {}, extra = {}) =>
        emulator.sendInteraction({
          commandName: 'retention',
          subcommand,
          options: commandOptions,
          ...(extra.user ? { user: extra.user } : {}),
          ...(extra.channelId ? { channelId: extra.channelId } : {}),
          ...(extra.guildId !== undefined ? { guildId: extra.guildId } : {}),
          ...(extra.memberPermissions !== undefined ? { memberPermissions: extra.memberPermissions } : {}),
          ...(extra.locale !== undefined ? { locale: extra.locale } : {}),
        }),
      async autocomplete(subcommand, focused, typed, extra = {}) {
        const { id } = await emulator.sendAutocomplete({
          commandName: 'retention',
          subcommand,
          focused,
          typed,
          ...(extra.options ? { options: extra.options } : {}),
          ...(extra.user ? { user: extra.user } : {}),
          ...(extra.guildId !== undefined ? { guildId: extra.guildId } : {}),
          ...(extra.locale !== undefined ? { locale: extra.locale } : {}),
        });
        const answered = await emulator.waitForRequest(
          (request) =>
            request.interactionId === id && request.route === '/interactions/:interactionId/:interactionToken/callback',
        );
        const choices = emulator.interaction(id)?.autocompleteChoices;
        if (!choices) throw new Error(`autocomplete ${id} was answered ${answered.status} without choices`);
        return { id, choices };
      },
      outcome: (interactionId, waitOptions = {}) =>
        outcomeOf(emulator, logs, interactionId, waitOptions.timeoutMs ?? DEFAULT_OUTCOME_TIMEOUT_MS),
      async restartBot(restart = {}) {
        await stopBot();
        Object.assign(env, restart.env);
        bot = await startBot(restart.now ?? options.now);
        botRunning = true;
        return bot;
      },
      stop() {
        stopping ??= stopAll();
        return stopping;
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

async function outcomeOf(
  emulator: DiscordEmulator,
  logs: LogCapture,
  interactionId: string,
  timeoutMs: number,
): Promise<CommandOutcome> {
  const log = await logs.waitFor(
    (entry) =>
      entry.interactionId === interactionId &&
      (entry.event === 'command.completed' ||
        entry.event === 'command.failed' ||
        entry.event === 'command.error-reply-failed'),
    { timeoutMs },
  );
  if (log.event === 'command.completed') {
    const message = emulator.interaction(interactionId)?.original;
    if (!message) throw new Error(`interaction ${interactionId} completed without a message`);
    return { kind: 'completed', interactionId, message, log };
  }
  // command.failed is logged before the reply goes out: wait for the ephemeral answer itself.
  try {
    const event = await emulator.waitForMessage(
      (e) => e.interactionId === interactionId && e.change !== 'delete' && isEphemeral(e.message),
      { timeoutMs },
    );
    return { kind: 'failed', interactionId, reply: event.message, log };
  } catch (error) {
    const replyFailed = logs.events('command.error-reply-failed', interactionId)[0];
    if (replyFailed)
      throw new Error(`the error reply to interaction ${interactionId} failed: ${JSON.stringify(replyFailed)}`);
    throw error;
  }
}

/** The outcome of a command that must have completed (throws with the error reply otherwise). */
export function completed(outcome: CommandOutcome): Extract<CommandOutcome, { kind: 'completed' }> {
  if (outcome.kind !== 'completed')
    throw new Error(`expected the command to complete, it failed: ${outcome.reply.content}`);
  return outcome;
}

/** The outcome of a command that must have failed. */
export function failed(outcome: CommandOutcome): Extract<CommandOutcome, { kind: 'failed' }> {
  if (outcome.kind !== 'failed') throw new Error('expected the command to fail, it completed');
  return outcome;
}

export function isEphemeral(message: Pick<StoredMessage, 'flags'>): boolean {
  return ((message.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
}
