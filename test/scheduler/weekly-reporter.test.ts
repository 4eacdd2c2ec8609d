import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { ReportPoster } from '../../src/scheduler/channel-poster.js';
import { openStore, type Store } from '../../src/storage/index.js';
import { createCatalogService } from '../../src/tiktok/catalog-service.js';
import { LATE_AFTER_MS } from '../../src/scheduler/due.js';
import { SIMULATION_START } from '../support/clocks.js';
import { syntheticAwemes } from '../support/fake-scavio.js';
import { recordingPoster, testReporter } from '../support/weekly-reporter.js';
import { startScavioHarness, type ScavioHarness } from '../support/scavio-harness.js';

const unusedPoster: ReportPoster = {
  postWithThread: () => Promise.reject(new Error('no subscription is due in this test')),
};

describe('WeeklyReporter scheduling', () => {
  let store: Store | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    vi.useRealTimers();
    await store?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('node-cron calls the tick every minute after a catch-up tick at start, and stop() ends it', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-30T08:59:30Z') });
    dir = await mkdtemp(join(tmpdir(), 'weekly-cron-'));
    store = await openStore(dir);
    const config = loadConfig({ SCAVIO_BASE_URL: 'http://127.0.0.1:9' });
    const reporter = testReporter({
      store,
      catalogs: createCatalogService(config),
      poster: unusedPoster,
      now: () => new Date(),
    });
    const tick = vi.spyOn(reporter, 'tick');

    reporter.start();
    expect(tick).toHaveBeenCalledTimes(1); // the catch-up tick at start
    await vi.advanceTimersByTimeAsync(3 * 60_000);
    expect(tick).toHaveBeenCalledTimes(4); // 09:00, 09:01, 09:02

    await reporter.stop();
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(tick).toHaveBeenCalledTimes(4);
  });
});

describe('WeeklyReporter lateness', () => {
  const LATE = 'This report is late';
  /** Monday 2026-01-05 09:00 UTC, the slot of every subscription below (SIMULATION_START). */
  const slot = new Date(SIMULATION_START);
  let harness: ScavioHarness | undefined;
  let store: Store | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await store?.close();
    await harness?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
    store = harness = dir = undefined;
  });

  /**
   * Two accounts of `videos` videos (1 + ceil(videos / 30) calls each) with Scavio at 1 call a
   * minute; each subscribed in channel-0 / channel-1 at Monday 09:00 UTC, plus `extra` subscriptions.
   */
  async function setUp(
    start: Date,
    options: { videos?: number; extra?: { username: string; channelId: string; time: string }[] } = {},
  ) {
    const usernames = ['firstcreator', 'secondcreator'];
    harness = await startScavioHarness({
      accounts: usernames.map((username) => ({ username, videos: syntheticAwemes(options.videos ?? 150, username) })),
      env: { SCAVIO_RATE_PER_MINUTE: '1' },
    });
    harness.clock.advance(start.getTime() - harness.clock.now());
    dir = await mkdtemp(join(tmpdir(), 'weekly-late-'));
    store = await openStore(dir);
    const subscriptions = [
      ...usernames.map((username, i) => ({ username, channelId: `channel-${i}`, time: '09:00' })),
      ...(options.extra ?? []),
    ];
    for (const { username, channelId, time } of subscriptions) {
      await store.subscriptions.upsert(
        { guildId: 'guild', channelId, username, weekday: 1, time, timeZone: 'UTC', createdBy: 'test' },
        new Date('2025-12-29T12:00:00Z'),
      );
    }
    const posted: { channelId: string; text: string; at: number }[] = [];
    const clock = harness.clock;
    const poster: ReportPoster = {
      postWithThread: ({ channelId }, message, threadName) => {
        posted.push({ channelId, text: JSON.stringify(message.embeds), at: clock.now() });
        return Promise.resolve({ messageId: `m-${posted.length}`, threadId: `t-${threadName}` });
      },
    };
    const reporter = testReporter({
      store,
      catalogs: harness.service,
      poster,
      now: () => new Date(clock.now()),
    });
    return { reporter, posted };
  }

  it('a run enqueued on time is not called late when it waits in the queue behind rate-limited fetches', async () => {
    const { reporter, posted } = await setUp(new Date(slot.getTime() + 20_000));
    expect(await reporter.tick()).toEqual([
      { username: 'firstcreator', posted: 1, failed: 0 },
      { username: 'secondcreator', posted: 1, failed: 0 },
    ]);
    expect(posted.map((p) => p.channelId)).toEqual(['channel-0', 'channel-1']);
    // The second account's run got its turn well past the late threshold...
    expect(posted[1]!.at - slot.getTime()).toBeGreaterThan(LATE_AFTER_MS);
    // ...but the bot was up at the slot: neither report says it is late.
    expect(posted.filter((p) => p.text.includes(LATE))).toEqual([]);
  });

  it('a subscription whose slot falls due while its account waits in the queue is on time too', async () => {
    // 300 videos: 11 calls, so the first account's fetch runs 09:00-09:10 and the second's starts at 09:11.
    const { reporter, posted } = await setUp(new Date(slot.getTime() + 20_000), {
      videos: 300,
      extra: [{ username: 'secondcreator', channelId: 'channel-2', time: '09:02' }],
    });
    const first = reporter.tick();
    // The cron tick at 09:02, while the first account is still fetching: it finds channel-2 due, on time.
    const later = harness!.clock.sleep(2 * 60_000).then(() => reporter.tick());
    await Promise.all([first, later]);
    expect(posted.map((p) => p.channelId).sort()).toEqual(['channel-0', 'channel-1', 'channel-2']);
    const channel2 = posted.find((p) => p.channelId === 'channel-2')!;
    expect(channel2.at - Date.parse('2026-01-05T09:02:00Z')).toBeGreaterThan(LATE_AFTER_MS);
    expect(posted.filter((p) => p.text.includes(LATE))).toEqual([]);
  });

  it('a tick that finds the slot already past the threshold (the bot was down) labels every run late', async () => {
    const { reporter, posted } = await setUp(new Date(slot.getTime() + LATE_AFTER_MS + 60_000));
    await reporter.tick();
    expect(posted).toHaveLength(2);
    expect(posted.every((p) => p.text.includes(LATE))).toBe(true);
  });
});

describe('WeeklyReporter and an incomplete catalog', () => {
  let harness: ScavioHarness | undefined;
  let store: Store | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await store?.close();
    await harness?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
    store = harness = dir = undefined;
  });

  it('never stores a partial catalog as the week snapshot: it retries later, as after an outage', async () => {
    // Scavio's pages end at 45 videos while the profile counts 60.
    harness = await startScavioHarness({
      accounts: [{ username: 'partialcreator', videos: syntheticAwemes(45, 'partialcreator'), awemeCount: 60 }],
      env: { SCAVIO_RATE_PER_MINUTE: '100' },
    });
    const clock = harness.clock;
    clock.advance(SIMULATION_START + 20_000 - clock.now());
    dir = await mkdtemp(join(tmpdir(), 'weekly-partial-'));
    store = await openStore(dir);
    await store.subscriptions.upsert(
      {
        guildId: 'guild',
        channelId: 'c',
        username: 'partialcreator',
        weekday: 1,
        time: '09:00',
        timeZone: 'UTC',
        createdBy: 't',
      },
      new Date('2025-12-29T12:00:00Z'),
    );
    const posted: string[] = [];
    const reporter = testReporter({
      store,
      catalogs: harness.service,
      poster: recordingPoster(posted),
      now: () => new Date(clock.now()),
    });

    expect(await reporter.tick()).toEqual([{ username: 'partialcreator', posted: 0, failed: 0 }]);
    expect(store.snapshots.latest('partialcreator')).toBeNull();
    expect(posted).toEqual([]);
    // Still due: the next tick within the retry delay does not fetch again.
    const callsAfterFirst = harness.fake.requests.length;
    await reporter.tick();
    expect(harness.fake.requests.length).toBe(callsAfterFirst);

    // The provider catches up; after the first retry delay (15 min) the week is reported from the whole catalog.
    harness.fake.addAccount({ username: 'partialcreator', videos: syntheticAwemes(60, 'partialcreator') });
    clock.advance(15 * 60_000);
    expect(await reporter.tick()).toEqual([{ username: 'partialcreator', posted: 1, failed: 0 }]);
    expect(store.snapshots.latest('partialcreator')?.summary.videoCount).toBe(60);
  });
});
