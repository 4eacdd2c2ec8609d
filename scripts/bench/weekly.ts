/**
 * Weekly-run benchmark (issue 5, Speed): one weekly run of 100 subscriptions
 * against the fake Scavio server, through the real WeeklyReporter, the real
 * Scavio client and limiter, the real store and a real discord.js client
 * posting to the Discord emulator.
 *
 * Set-up: 80 accounts of 300 videos each; 20 of them are subscribed in two
 * channels, so 100 subscriptions share 80 fetches. Every subscription is due
 * at the same slot (Monday 09:00 UTC) and has a baseline snapshot from a week
 * earlier (written through the store, as /retention subscribe would), so every
 * post is a real diff. Scavio allows 5 calls a minute (the smallest plan), and
 * the fake server enforces it too: a call past the limit would come back 429
 * and show up as a call above the minimum.
 *
 * Time. The limiter, the Scavio client, the fake server and the reporter's
 * `now` run on a SimulatedClock: a rate-limit wait jumps virtual time instead
 * of sleeping, so the ~3 hours a run needs at 5 calls/min take seconds.
 * Virtual time moves only in those waits (never while a request travels, nor
 * while the bot analyses, writes or posts), so the simulated run time is the
 * waiting the run did, to compare with the least waiting the rate limit forces.
 * The Discord side (discord.js heartbeats and REST, the emulator) stays on real
 * time, which is sound because the reporter never waits on the clock while it
 * posts: a run fetches, then posts, then the next account's fetch starts. The
 * wall-clock time is what everything except the waiting costs (HTTP over
 * loopback, validation, normalization, analysis, snapshot writes, charts,
 * Discord uploads). In production that work overlaps the rate-limit waits (the
 * sliding window keeps moving while a run posts), so a real run takes about
 * the floor plus the last account's work.
 *
 * Two variants: without charts (renderChart returns null) and with the charts
 * drawn locally through the bot's own renderChart with QuickChart unreachable
 * (the fallback path: Chart.js + @napi-rs/canvas on the bot's CPU, the costly
 * case; with QuickChart up the bot only waits for the PNG). Memory is the
 * whole process: the bot side and, in the same process, the fake Scavio (80
 * catalogs), the emulator (every post with its PNG) and the discord.js client.
 *
 * Runnable alone: npx tsx scripts/bench/weekly.ts
 */
import { RATE_WINDOW_MARGIN_MS } from '../../src/tiktok/catalog-service.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { inspect } from 'node:util';
import { Client, Events, GatewayIntentBits } from 'discord.js';
import { analyzeVideos } from '../../src/analysis/analyze.js';
import { takeSnapshot } from '../../src/analysis/snapshot.js';
import type { Video } from '../../src/analysis/types.js';
import type { ChartConfig } from '../../src/charts/chart-config.js';
import { renderChart, type RenderedChart } from '../../src/charts/render.js';
import { loadConfig } from '../../src/config.js';
import { discordRestAgent } from '../../src/discord-rest-agent.js';
import type { LogFields, Logger } from '../../src/logger.js';
import { discordPoster } from '../../src/scheduler/channel-poster.js';
import { TREND_CHART_FILE, WeeklyReporter, type AccountRunResult } from '../../src/scheduler/weekly-reporter.js';
import { openStore, type Store } from '../../src/storage/index.js';
import { createCatalogService } from '../../src/tiktok/catalog-service.js';
import { normalizeRecords } from '../../src/tiktok/normalize.js';
import { SlidingWindowRateLimiter } from '../../src/tiktok/rate-limiter.js';
import { SIMULATION_START, SimulatedClock } from '../../test/support/clocks.js';
import { startDiscordEmulator, type DiscordEmulator } from '../../test/support/discord-emulator.js';
import { startFakeQuickChart } from '../../test/support/fake-quickchart.js';
import { startFakeScavio, syntheticAwemes } from '../../test/support/fake-scavio.js';

const ACCOUNTS = 80;
/** Accounts subscribed in a second channel too: 80 + 20 = 100 subscriptions. */
const TWICE_SUBSCRIBED = 20;
const VIDEOS = 300;
const PAGE_SIZE = 30;
const RATE_PER_MINUTE = 5;
const PROVIDER_WINDOW_MS = 60_000;
/**
 * The product's limiter counts a window a little longer than Scavio's, against
 * network jitter; the bench builds the same limiter on the simulated clock.
 */
const LIMITER_MARGIN_MS = RATE_WINDOW_MARGIN_MS;
const GUILDS = 4;
const CHANNELS_PER_GUILD = 5;
const API_KEY = 'bench-weekly-key';
/** Monday 2026-01-05 09:00 UTC: the slot every subscription is due at; the cron tick fires on it. */
const SLOT = SIMULATION_START;
const WEEK_MS = 7 * 86_400_000;
/** Subscribed (and baseline taken) an hour before the previous week's slot. */
const SUBSCRIBED_AT = SLOT - WEEK_MS - 3_600_000;
/** New videos since the baseline, and the plays growth of the others. */
const NEW_SINCE_BASELINE = 3;
const BASELINE_PLAYS_FACTOR = 0.9;
/** A real-time guard: the run normally takes seconds; a stuck simulation must not hang `npm run bench`. */
const WATCHDOG_MS = 4 * 60_000;
const MEMORY_SAMPLE_MS = 20;
const LATE_MARKER = 'This report is late';

type ChartMode = 'none' | 'local';

interface VariantResult {
  chartMode: ChartMode;
  subscriptions: number;
  accounts: number;
  results: AccountRunResult[];
  profileCalls: number;
  postsCalls: number;
  refusedCalls: number;
  creditsUsed: number;
  posts: number;
  threads: number;
  postsWithChart: number;
  latePosts: number;
  simulatedMs: number;
  wallMs: number;
  memory: MemoryPeak;
  logProblems: string[];
}

/**
 * The least time `calls` calls can take when at most `limit` calls may start
 * in any window of `windowMs` (the provider's rule; the limiter's too).
 * Call k (0-based) may only start once the call `limit` places before it
 * started at least a window earlier: start(k) >= start(k - limit) + windowMs,
 * so by induction start(k) >= floor(k / limit) * windowMs, reached when every
 * group of `limit` calls goes out at once. The run is over no earlier than
 * its last call starts (requests and posting take no time on this clock):
 * floor((calls - 1) / limit) * windowMs, i.e. (ceil(calls / limit) - 1) full
 * windows. 880 calls at 5 a minute: 175 windows, 175 min.
 */
export function rateLimitFloorMs(calls: number, limit: number, windowMs: number): number {
  return calls <= 0 ? 0 : Math.floor((calls - 1) / limit) * windowMs;
}

/** Calls a weekly run needs at least: per account one profile call and one call per page. */
function minimumCalls(accounts: number, videos: number): number {
  return accounts * (1 + Math.ceil(videos / PAGE_SIZE));
}

// ---- Memory --------------------------------------------------------------------------

interface MemoryPeak {
  baselineRss: number;
  baselineHeap: number;
  peakRss: number;
  peakHeap: number;
}

/** Samples RSS and heap on a real-time interval (virtual time does not drive it). */
function sampleMemory(): { stop(): MemoryPeak } {
  const start = process.memoryUsage();
  const peak: MemoryPeak = {
    baselineRss: start.rss,
    baselineHeap: start.heapUsed,
    peakRss: start.rss,
    peakHeap: start.heapUsed,
  };
  const sample = (): void => {
    const now = process.memoryUsage();
    peak.peakRss = Math.max(peak.peakRss, now.rss);
    peak.peakHeap = Math.max(peak.peakHeap, now.heapUsed);
  };
  const timer = setInterval(sample, MEMORY_SAMPLE_MS);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}

// ---- Logs ------------------------------------------------------------------------------

/** Keeps the run quiet but remembers every warning and error, so a failed post cannot hide. */
function problemLogger(): Logger & { problems: string[] } {
  const problems: string[] = [];
  const keep =
    (level: string) =>
    (event: string, fields: LogFields = {}) => {
      const { error } = fields;
      const text = error instanceof Error ? error.message : typeof error === 'string' ? error : inspect(error);
      problems.push(`${level} ${event}${error === undefined ? '' : `: ${text}`}`);
    };
  return { problems, debug() {}, info() {}, warn: keep('warn'), error: keep('error') };
}

// ---- Fixture data ----------------------------------------------------------------------

function usernameOf(index: number): string {
  return `bench_creator_${String(index).padStart(3, '0')}`;
}

/**
 * The account as it was at subscribe time: without its newest videos (Scavio
 * pages newest first) and with fewer plays, likes, comments and shares, so
 * this week's post has additions, gains and rate changes to report.
 */
function baselineVideos(current: readonly Video[]): Video[] {
  const scale = (n: number) => Math.floor(n * BASELINE_PLAYS_FACTOR);
  return current.slice(NEW_SINCE_BASELINE).map((video, i) => ({
    ...video,
    // Uneven growth, so the fastest-growing list and the top quartile move.
    plays: i % 4 === 0 ? Math.floor(video.plays * 0.6) : scale(video.plays),
    likes: scale(video.likes),
    comments: scale(video.comments),
    shares: scale(video.shares),
  }));
}

/** The text channels subscriptions post to, with their guilds. */
function channelsOf(emulator: DiscordEmulator): { guildId: string; channelId: string }[] {
  return emulator.guilds.flatMap((guild) =>
    Object.values(guild.channelIds).map((channelId) => ({ guildId: guild.id, channelId })),
  );
}

/** 80 subscriptions (one per account) plus 20 second channels for the first 20 accounts. */
async function subscribeAll(store: Store, emulator: DiscordEmulator): Promise<number> {
  const channels = channelsOf(emulator);
  const subscribedAt = new Date(SUBSCRIBED_AT);
  let count = 0;
  for (let i = 0; i < ACCOUNTS; i++) {
    const targets = [channels[i % channels.length]!];
    // A different channel (and, every other time, a different guild) for the second subscription.
    if (i < TWICE_SUBSCRIBED) targets.push(channels[(i + CHANNELS_PER_GUILD + 2) % channels.length]!);
    for (const { guildId, channelId } of targets) {
      await store.subscriptions.upsert(
        { guildId, channelId, username: usernameOf(i), weekday: 1, time: '09:00', timeZone: 'UTC', createdBy: 'bench' },
        subscribedAt,
      );
      count++;
    }
  }
  return count;
}

async function writeBaselines(store: Store, catalogs: ReadonlyMap<string, unknown[]>): Promise<void> {
  for (const [username, awemes] of catalogs) {
    const videos = baselineVideos(normalizeRecords(awemes).videos);
    await store.snapshots.append(
      takeSnapshot(username, videos, analyzeVideos(videos, { timeZone: 'UTC' }), new Date(SUBSCRIBED_AT)),
    );
  }
}

// ---- One run ---------------------------------------------------------------------------

function withWatchdog<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not finish within ${WATCHDOG_MS / 1000} s (real time)`)),
      WATCHDOG_MS,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function runVariant(chartMode: ChartMode): Promise<VariantResult> {
  const cleanups: (() => Promise<void> | void)[] = [];
  const cleanUp = async (): Promise<void> => {
    for (const step of cleanups.reverse()) {
      try {
        await step();
      } catch (error) {
        console.log(`  (clean-up step failed: ${error instanceof Error ? error.message : String(error)})`);
      }
    }
  };
  try {
    const dataDir = await mkdtemp(join(tmpdir(), 'retention-bench-weekly-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const clock = new SimulatedClock(SLOT);
    cleanups.push(() => clock.dispose());

    const catalogs = new Map(
      Array.from({ length: ACCOUNTS }, (_, i) => [usernameOf(i), syntheticAwemes(VIDEOS, usernameOf(i))] as const),
    );
    const scavio = await startFakeScavio({
      apiKey: API_KEY,
      accounts: [...catalogs].map(([username, videos]) => ({ username, videos })),
      clock,
      credits: 100_000,
      switches: { rateLimit: { limit: RATE_PER_MINUTE, windowMs: PROVIDER_WINDOW_MS } },
    });
    cleanups.push(() => scavio.close());

    const quickchart = chartMode === 'local' ? await startFakeQuickChart({ mode: 'down' }) : undefined;
    if (quickchart) cleanups.push(() => quickchart.close());

    const emulator = await startDiscordEmulator({
      guilds: Array.from({ length: GUILDS }, (_, g) => ({
        name: `Agency ${g + 1}`,
        channels: Array.from({ length: CHANNELS_PER_GUILD }, (_, c) => ({ name: `reports-${g + 1}-${c + 1}` })),
      })),
    });
    cleanups.push(() => emulator.stop());

    const client = new Client({
      intents: [GatewayIntentBits.Guilds],
      rest: { agent: discordRestAgent(), api: emulator.apiBase },
    });
    cleanups.push(() => client.destroy());
    const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
    await client.login(emulator.token);
    const readyClient = await withWatchdog(ready, 'discord.js login');

    const store = await openStore(dataDir);
    cleanups.push(() => store.close());
    const subscriptions = await subscribeAll(store, emulator);
    await writeBaselines(store, catalogs);

    const config = loadConfig(
      {
        SCAVIO_API_KEY: API_KEY,
        SCAVIO_BASE_URL: scavio.baseUrl,
        SCAVIO_RATE_PER_MINUTE: String(RATE_PER_MINUTE),
        MAX_VIDEOS: String(VIDEOS),
        ...(quickchart ? { QUICKCHART_URL: quickchart.url } : {}),
      },
      'live-cli',
    );
    const limiter = new SlidingWindowRateLimiter({
      limit: config.scavio.ratePerMinute,
      windowMs: PROVIDER_WINDOW_MS,
      marginMs: LIMITER_MARGIN_MS,
      clock,
    });
    const service = createCatalogService(config, { limiter, clock, random: () => 0.5 });
    cleanups.push(() => service.close());

    const logger = problemLogger();
    const chartRenderer = async (chart: ChartConfig): Promise<RenderedChart | null> => {
      if (chartMode === 'none') return null;
      // The bot's renderer (src/bot.ts): QuickChart first, local Chart.js when it cannot be reached.
      return renderChart(chart, { quickchartUrl: config.quickchart.url, timeoutMs: config.quickchart.timeoutMs });
    };
    const reporter = new WeeklyReporter({
      store,
      catalogs: service,
      poster: discordPoster(readyClient),
      renderChart: chartRenderer,
      logger,
      now: () => new Date(clock.now()),
      analysisTimeZone: 'UTC',
    });
    cleanups.push(() => reporter.stop());

    const memory = sampleMemory();
    const wallStart = performance.now();
    const simStart = clock.now();
    // What the minute cron calls at 09:00: every account is enqueued at once and runs in turn.
    const results = await withWatchdog(reporter.tick(), 'the weekly run');
    const simulatedMs = clock.now() - simStart;
    const wallMs = performance.now() - wallStart;
    const peak = memory.stop();

    const channels = channelsOf(emulator);
    const posts = channels.flatMap(({ channelId }) => emulator.messagesIn(channelId, { source: 'channel' }));
    return {
      chartMode,
      subscriptions,
      accounts: catalogs.size,
      results,
      profileCalls: scavio.requestsTo('profile').length,
      postsCalls: scavio.requestsTo('user/posts').length,
      refusedCalls: scavio.requests.filter((r) => r.status !== 200).length,
      creditsUsed: scavio.credits.used,
      posts: posts.length,
      threads: channels.reduce((sum, { channelId }) => sum + emulator.threadsIn(channelId).length, 0),
      postsWithChart: posts.filter((p) => p.attachments.some((a) => a.filename === TREND_CHART_FILE)).length,
      latePosts: posts.filter((p) => (p.embeds[0]?.description ?? '').includes(LATE_MARKER)).length,
      simulatedMs,
      wallMs,
      memory: peak,
      logProblems: logger.problems,
    };
  } finally {
    await cleanUp();
  }
}

// ---- Output ----------------------------------------------------------------------------

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

function duration(ms: number): string {
  const totalSeconds = ms / 1000;
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  return `${hours}h ${String(minutes).padStart(2, '0')}m ${seconds.toFixed(2).padStart(5, '0')}s`;
}

function report(result: VariantResult): void {
  const minimum = minimumCalls(result.accounts, VIDEOS);
  const calls = result.profileCalls + result.postsCalls;
  const floorMs = rateLimitFloorMs(calls, RATE_PER_MINUTE, PROVIDER_WINDOW_MS);
  const limiterFloorMs = rateLimitFloorMs(calls, RATE_PER_MINUTE, PROVIDER_WINDOW_MS + LIMITER_MARGIN_MS);
  const windows = Math.ceil(calls / RATE_PER_MINUTE) - 1;
  const posted = result.results.reduce((sum, r) => sum + r.posted, 0);
  const failed = result.results.reduce((sum, r) => sum + r.failed, 0);
  const charts =
    result.chartMode === 'none'
      ? 'none (renderChart returns null)'
      : "local Chart.js + @napi-rs/canvas (the bot's fallback with QuickChart unreachable)";
  const verdict = (ok: boolean) => (ok ? 'OK' : 'NOT AS EXPECTED');

  console.log(`  charts: ${charts}`);
  console.log(
    `  Scavio calls: ${calls} (${result.profileCalls} profile + ${result.postsCalls} posts; ${result.refusedCalls} refused by the server, ${result.creditsUsed} credits) ` +
      `vs minimum ${result.accounts} x (1 + ceil(${VIDEOS}/${PAGE_SIZE})) = ${minimum}: ${verdict(calls === minimum && result.refusedCalls === 0)}`,
  );
  console.log(
    `  posts ${result.posts}, threads ${result.threads} (expected ${result.subscriptions} each: ${verdict(result.posts === result.subscriptions && result.threads === result.subscriptions)}); ` +
      `runs: ${posted} posted, ${failed} failed; ${result.postsWithChart} posts with ${TREND_CHART_FILE}; ${result.latePosts} posts say "${LATE_MARKER}"`,
  );
  console.log(
    `  simulated run time ${duration(result.simulatedMs)} vs rate-limit floor ${duration(floorMs)} ` +
      `(${calls} calls at ${RATE_PER_MINUTE}/min: ceil(${calls}/${RATE_PER_MINUTE}) - 1 = ${windows} windows of 60 s): ratio ${(result.simulatedMs / floorMs).toFixed(4)}; ` +
      `the limiter's own floor with its ${LIMITER_MARGIN_MS} ms margin: ${duration(limiterFloorMs)} (ratio ${(result.simulatedMs / limiterFloorMs).toFixed(4)})`,
  );
  console.log(
    `  wall-clock ${(result.wallMs / 1000).toFixed(2)} s for everything but the waiting (${(result.wallMs / result.accounts).toFixed(0)} ms per account: ` +
      `fetch over loopback, analysis, snapshot write, chart, Discord posts + threads)`,
  );
  console.log(
    `  peak RSS ${mb(result.memory.peakRss)} (+${mb(result.memory.peakRss - result.memory.baselineRss)} during the run), ` +
      `peak heap ${mb(result.memory.peakHeap)} (+${mb(result.memory.peakHeap - result.memory.baselineHeap)}); whole process, fake servers and emulator included`,
  );
  if (result.logProblems.length > 0) {
    console.log(
      `  ${result.logProblems.length} warnings/errors logged, first: ${result.logProblems.slice(0, 3).join(' | ')}`,
    );
  }
}

export async function run(): Promise<void> {
  console.log(
    `weekly run: ${ACCOUNTS + TWICE_SUBSCRIBED} subscriptions of ${ACCOUNTS} distinct accounts (${TWICE_SUBSCRIBED} in two channels), ` +
      `${VIDEOS} videos each, all due Monday 09:00 UTC, Scavio at ${RATE_PER_MINUTE} calls/min (simulated clock), posting to the Discord emulator`,
  );
  // Without charts first, so the canvas module's memory is not in its figures.
  for (const mode of ['none', 'local'] as const) {
    report(await runVariant(mode));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
