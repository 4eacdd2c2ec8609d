import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Events, GatewayIntentBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { discordPoster, type ReportPoster } from '../../src/scheduler/channel-poster.js';
import { WeeklyReporter } from '../../src/scheduler/weekly-reporter.js';
import { openStore } from '../../src/storage/index.js';
import { startDiscordEmulator, type DiscordEmulator } from '../support/discord-emulator.js';
import { syntheticAwemes } from '../support/fake-scavio.js';
import { startScavioHarness } from '../support/scavio-harness.js';

/**
 * The weekly poster against the Discord emulator, through discord.js: thread
 * refusals, and finding its own post after a crash.
 */

async function connect(emulator: DiscordEmulator): Promise<Client> {
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: emulator.apiBase } });
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(emulator.token);
  await ready;
  return client;
}

describe('discordPoster', () => {
  let emulator: DiscordEmulator;
  let client: Client;
  beforeAll(async () => {
    emulator = await startDiscordEmulator({
      guilds: [{ name: 'G', channels: [{ name: 'nothreads', botDeny: ['CreatePublicThreads'] }, { name: 'open' }] }],
    });
    client = await connect(emulator);
  });
  afterAll(async () => {
    await client.destroy();
    await emulator.stop();
  });

  it('names the thread permissions when the thread is refused', async () => {
    const channelId = emulator.channelIds['nothreads']!;
    const result = await discordPoster(client).postWithThread(
      { guildId: emulator.guildId, channelId },
      { embeds: [{ title: 'Week 2: @x' }] },
      'Week 2: @x',
      { nonce: 'wthreadrefused' },
    );
    expect(result.threadId).toBeNull();
    expect(result.threadProblem).toBe(
      'the discussion thread could not be started: the bot is missing a permission in the channel ' +
        '(Create Public Threads or Send Messages in Threads)',
    );
    expect(emulator.messagesIn(channelId, { source: 'channel' })).toHaveLength(1);
  });

  it('a resumed post finds its earlier post by the nonce in its footer, even under another title', async () => {
    const channelId = emulator.channelIds['open']!;
    const poster = discordPoster(client);
    const since = new Date(Date.now() - 60_000);
    const first = await poster.postWithThread(
      { guildId: emulator.guildId, channelId },
      { embeds: [{ title: 'Week 2: @x', footer: { text: 'Report wfootermatch1' } }] },
      'Week 2: @x',
      { nonce: 'wfootermatch1' },
    );
    const resumed = await poster.postWithThread(
      { guildId: emulator.guildId, channelId },
      { embeds: [{ title: 'Week 3: @x', footer: { text: 'Report wfootermatch1' } }] },
      'Week 3: @x',
      { nonce: 'wfootermatch1', lookFirst: { since } },
    );
    expect(resumed).toMatchObject({ messageId: first.messageId, found: true, threadId: first.threadId });
    expect(emulator.messagesIn(channelId, { source: 'channel' })).toHaveLength(1);
  });
});

describe('a weekly post cut off by a crash late on Sunday, restarted on Monday', () => {
  it('is posted once', async () => {
    const harness = await startScavioHarness({
      accounts: [{ username: 'latecreator', videos: syntheticAwemes(60, 'latecreator') }],
      env: { SCAVIO_RATE_PER_MINUTE: '100' },
    });
    const clock = harness.clock;
    clock.advance(Date.parse('2026-01-11T23:55:20Z') - clock.now());
    const emulator = await startDiscordEmulator({ clock: () => clock.now() });
    const client = await connect(emulator);
    const channelId = Object.values(emulator.channelIds)[0]!;
    const dir = await mkdtemp(join(tmpdir(), 'weekly-crash-midnight-'));
    try {
      let store = await openStore(dir);
      await store.subscriptions.upsert(
        {
          guildId: emulator.guildId,
          channelId,
          username: 'latecreator',
          weekday: 0,
          time: '23:55',
          timeZone: 'UTC',
          createdBy: 'u',
        },
        new Date('2026-01-01T00:00:00Z'),
      );
      const real = discordPoster(client);
      let posted!: () => void;
      const postedOnce = new Promise<void>((resolve) => (posted = resolve));
      // The first process: the post goes out, then the process dies before the run is recorded.
      const dying: ReportPoster = {
        async postWithThread(...args) {
          await real.postWithThread(...args);
          posted();
          return new Promise(() => undefined);
        },
      };
      const options = {
        catalogs: harness.service,
        renderChart: () => Promise.resolve(null),
        logger: silentLogger,
        now: () => new Date(clock.now()),
        analysisTimeZone: 'UTC',
      };
      void new WeeklyReporter({ ...options, store, poster: dying }).tick();
      await postedOnce;
      expect(store.subscriptions.listAll()[0]!.pending?.slot).toBe('2026-01-11T23:55:00.000Z');
      await store.close();

      // Restarted 25 minutes later, on Monday (the next ISO week).
      clock.advance(25 * 60_000);
      store = await openStore(dir);
      const results = await new WeeklyReporter({ ...options, store, poster: real }).tick();
      expect(results).toEqual([{ username: 'latecreator', posted: 1, failed: 0 }]);
      const posts = emulator.messagesIn(channelId, { source: 'channel' });
      expect(posts.map((m) => m.embeds[0]?.title)).toEqual(['Week 2: @latecreator']);
      expect(emulator.threadsIn(channelId).map((t) => t.name)).toEqual(['Week 2: @latecreator']);
      expect(store.subscriptions.listAll()[0]!.lastRunAt).toBe('2026-01-11T23:55:00.000Z');
      await store.close();
    } finally {
      await client.destroy();
      await emulator.stop();
      await harness.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
