import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoWeek } from '../../src/analysis/snapshot.js';
import type { Subscription } from '../../src/storage/index.js';
import { startDiscordEmulator, type DiscordEmulator } from '../support/discord-emulator.js';
import { startFakeQuickChart, type FakeQuickChart } from '../support/fake-quickchart.js';
import { startFakeScavio, type FakeScavio } from '../support/fake-scavio.js';
import { fixtureAccount, TEST_API_KEY } from '../support/scavio-harness.js';
import { spawnMain, type MainProcess } from './support/npm-start.js';

/**
 * Weekly reports exactly once through crashes: the bot runs as a real
 * process (`npm start`), its clock set (TEST_CLOCK_START) just past a due
 * slot, and is killed with SIGKILL at a random point of the weekly run (at
 * the k-th of its calls to Scavio or its posts and threads on Discord, k
 * random), then started again on the same data folder. After each restart,
 * every subscription of that week has exactly one post and every account
 * exactly one snapshot for the week. One week per trial, 30 trials.
 */

const TRIALS = 30;
const ACCOUNTS = ['crashchef', 'crashrival'];
/** Monday 2027-01-04 09:00 UTC, the first slot. */
const FIRST_SLOT = Date.UTC(2027, 0, 4, 9, 0, 0);
const WEEK_MS = 7 * 24 * 3_600_000;

/** A seeded generator (mulberry32), so a failing trial can be replayed. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface Servers {
  emulator: DiscordEmulator;
  scavio: FakeScavio;
  quickchart: FakeQuickChart;
}

let servers: Servers;
let dataDir: string;
let cwd: string;
const channels: string[] = [];

beforeAll(async () => {
  servers = {
    emulator: await startDiscordEmulator({ guilds: [{ name: 'Crash', channels: [{ name: 'one' }, { name: 'two' }] }] }),
    scavio: await startFakeScavio({
      apiKey: TEST_API_KEY,
      accounts: ACCOUNTS.map((username) => fixtureAccount('ties-12', username)),
    }),
    quickchart: await startFakeQuickChart({ mode: 'ok' }),
  };
  channels.push(...Object.values(servers.emulator.channelIds));
  dataDir = await mkdtemp(join(tmpdir(), 'retention-crash-'));
  cwd = await mkdtemp(join(tmpdir(), 'retention-crash-cwd-'));
  // Two accounts, each in both channels: four subscriptions, every Monday 09:00 UTC.
  const at = new Date(FIRST_SLOT - 24 * 3_600_000).toISOString();
  const subscriptions: Subscription[] = ACCOUNTS.flatMap((username) =>
    channels.map((channelId) => ({
      id: randomUUID(),
      guildId: servers.emulator.guildId,
      channelId,
      username,
      weekday: 1 as const,
      time: '09:00',
      timeZone: 'UTC',
      createdBy: '1',
      createdAt: at,
      scheduledSince: at,
      lastRunAt: null,
      lastResult: null,
      paused: null,
    })),
  );
  await writeFile(join(dataDir, 'subscriptions.json'), JSON.stringify({ schemaVersion: 1, subscriptions }, null, 2));
}, 60_000);

afterAll(async () => {
  await servers?.emulator.stop();
  await servers?.scavio.close();
  await servers?.quickchart.close();
  await rm(dataDir, { recursive: true, force: true });
  await rm(cwd, { recursive: true, force: true });
});

function botEnv(clockStart: number): Record<string, string> {
  return {
    DISCORD_API_BASE: servers.emulator.apiBase,
    DISCORD_TOKEN: servers.emulator.token,
    DISCORD_APPLICATION_ID: servers.emulator.applicationId,
    SCAVIO_BASE_URL: servers.scavio.baseUrl,
    SCAVIO_API_KEY: TEST_API_KEY,
    SCAVIO_RATE_PER_MINUTE: '100000',
    QUICKCHART_URL: servers.quickchart.url,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    TEST_CLOCK_START: new Date(clockStart).toISOString(),
  };
}

/** Resolves when the child logs `event` (its stdout is one JSON line per event). */
function logged(child: MainProcess, event: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line.includes(`"event":"${event}"`)) {
          child.stdout.off('data', onData);
          resolve();
        }
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the bot exited (${code}) before logging ${event}`)));
  });
}

/** SIGKILL to the bot (spawnMain runs node on dist/main.js itself: no wrapper process to outlive it). */
function kill(child: MainProcess): void {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

function exited(child: MainProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

/** Requests that are steps of a weekly run: Scavio calls, posts and threads on Discord. */
function runSteps(): number {
  const discord = servers.emulator.requests.filter(
    (r) =>
      r.method === 'POST' && (r.route === '/channels/:channelId/messages' || r.route?.endsWith('/threads') === true),
  ).length;
  return discord + servers.scavio.requests.length;
}

async function readJson<T>(path: string): Promise<T> {
  return JSON.parse(await readFile(path, 'utf8')) as T;
}

describe('weekly reports through SIGKILL', () => {
  it(`posts exactly once and keeps one snapshot per subscription-week, killed at random points ${TRIALS} times`, async () => {
    const random = seeded(11);
    // Steps of one clean run: 2 accounts x (profile + page) + 4 posts + 4 threads.
    const stepsPerRun = ACCOUNTS.length * 2 + channels.length * ACCOUNTS.length * 2;
    const killedAt: number[] = [];
    for (let trial = 0; trial < TRIALS; trial++) {
      const slot = FIRST_SLOT + trial * WEEK_MS;
      const clockStart = slot + 30_000;
      const week = isoWeek(new Date(clockStart), 'UTC');
      const title = (username: string) => `Week ${Number(week.split('-W')[1])}: @${username}`;

      // Killed at the k-th step (k = 1 .. all steps): the step's request has reached the server, its answer may not have reached the bot.
      const k = 1 + Math.floor(random() * stepsPerRun);
      const before = runSteps();
      const doomed = spawnMain(botEnv(clockStart), cwd);
      const finished = logged(doomed, 'weekly.catch-up-done').then(() => 'finished' as const);
      const unsubscribe: (() => void)[] = [];
      const reached = new Promise<'reached'>((resolve) => {
        const check = () => {
          if (runSteps() - before < k) return;
          kill(doomed);
          resolve('reached');
        };
        unsubscribe.push(servers.emulator.onRequest(check), servers.scavio.onRequest(check));
      });
      const how = await Promise.race([reached, finished.catch(() => 'exited' as const)]);
      for (const stop of unsubscribe) stop();
      kill(doomed);
      await exited(doomed);
      killedAt.push(how === 'reached' ? k : -1);

      const restarted = spawnMain(botEnv(clockStart + 5_000), cwd);
      await logged(restarted, 'weekly.catch-up-done');
      kill(restarted);
      await exited(restarted);

      const subscriptions = (await readJson<{ subscriptions: Subscription[] }>(join(dataDir, 'subscriptions.json')))
        .subscriptions;
      for (const subscription of subscriptions) {
        const posts = servers.emulator
          .messagesIn(subscription.channelId, { source: 'channel' })
          .filter((m) => m.embeds[0]?.title === title(subscription.username));
        expect(posts, `trial ${trial} (k=${k}) ${subscription.username} in ${subscription.channelId}`).toHaveLength(1);
        expect(
          servers.emulator.threadsIn(subscription.channelId).filter((t) => t.name === title(subscription.username)),
        ).toHaveLength(1);
        expect(subscription.lastRunAt).toBe(new Date(slot).toISOString());
        expect(subscription.pending).toBeUndefined();
      }
      for (const username of ACCOUNTS) {
        const file = await readJson<{ snapshots: { week?: string }[] }>(join(dataDir, 'snapshots', `${username}.json`));
        expect(
          file.snapshots.filter((s) => s.week === week),
          `trial ${trial} snapshots of ${username}`,
        ).toHaveLength(1);
      }
    }
    // The kills really landed inside runs, at many different steps.
    expect(killedAt.filter((k) => k > 0).length).toBeGreaterThanOrEqual(TRIALS - 2);
    expect(new Set(killedAt).size).toBeGreaterThan(stepsPerRun / 2);
  }, 600_000);
});
