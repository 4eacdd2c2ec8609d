import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIEmbed } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { PostOptions, ReportPoster } from '../../src/scheduler/channel-poster.js';
import { openStore, type Store, type Subscription } from '../../src/storage/index.js';
import type { CatalogService } from '../../src/tiktok/catalog-service.js';
import { createCatalogService } from '../../src/tiktok/catalog-service.js';
import { syntheticAwemes } from '../support/fake-scavio.js';
import { recordingPoster, testReporter } from '../support/weekly-reporter.js';
import { startScavioHarness, type ScavioHarness } from '../support/scavio-harness.js';

/**
 * Weekly runs against the real catalog service and a fake Scavio on the
 * simulated clock (no wall-clock waits), with a recording poster.
 */

interface Post {
  channelId: string;
  threadName: string;
  at: string;
  embeds: APIEmbed[];
  options: PostOptions;
}

let harness: ScavioHarness | undefined;
let store: Store | undefined;
let dir: string | undefined;
afterEach(async () => {
  await store?.close();
  await harness?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  store = harness = dir = undefined;
});

interface SetUpOptions {
  username?: string;
  subscriptions: { channelId: string; weekday: Subscription['weekday']; time: string }[];
  /** Replaces the recording poster's answer (throw to fail a post). */
  answer?: (post: Post, attempt: number) => void;
  catalogs?: (service: CatalogService) => CatalogService;
  env?: Record<string, string>;
}

async function setUp(options: SetUpOptions) {
  const username = options.username ?? 'weekcreator';
  harness = await startScavioHarness({
    accounts: [{ username, videos: syntheticAwemes(60, username) }],
    env: { SCAVIO_RATE_PER_MINUTE: '100', ...options.env },
  });
  const clock = harness.clock;
  dir = await mkdtemp(join(tmpdir(), 'weekly-runs-'));
  store = await openStore(dir);
  for (const { channelId, weekday, time } of options.subscriptions) {
    await store.subscriptions.upsert(
      { guildId: 'guild', channelId, username, weekday, time, timeZone: 'UTC', createdBy: 'test' },
      new Date('2025-12-30T12:00:00Z'),
    );
  }
  const posts: Post[] = [];
  let attempts = 0;
  const poster: ReportPoster = {
    postWithThread: ({ channelId }, message, threadName, postOptions) => {
      const post: Post = {
        channelId,
        threadName,
        at: new Date(clock.now()).toISOString(),
        embeds: message.embeds as APIEmbed[],
        options: postOptions,
      };
      attempts++;
      try {
        options.answer?.(post, attempts);
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
      posts.push(post);
      return Promise.resolve({ messageId: `m${posts.length}`, threadId: `t${posts.length}` });
    },
  };
  const reporter = testReporter({
    store,
    catalogs: options.catalogs ? options.catalogs(harness.service) : harness.service,
    poster,
    now: () => new Date(clock.now()),
  });
  const at = (iso: string) => clock.advance(Date.parse(iso) - clock.now());
  return { reporter, posts, at, clock, store, harness, username, attempts: () => attempts };
}

const discordTime = (iso: string) => `<t:${Math.floor(Date.parse(iso) / 1000)}:D>`;

describe('the week of a weekly report is its slot’s week', () => {
  it('a Sunday 23:00 slot retried past midnight is still that week, and the next week keeps its own snapshot', async () => {
    const {
      reporter,
      posts,
      at,
      harness: h,
      store: s,
    } = await setUp({
      env: { SCAVIO_MAX_RETRIES: '0' },
      subscriptions: [{ channelId: 'c', weekday: 0, time: '23:00' }],
    });
    at('2026-01-04T23:00:20Z'); // week 1, on time
    await reporter.tick();
    // Week 2: Scavio answers 503 to the 23:00 run and its 23:15 retry; the 1 h retry succeeds on Monday.
    h.fake.switches.failPostsRequest = { nth: h.fake.requestsTo('user/posts').length + 1, status: 503, times: 2 };
    at('2026-01-11T23:00:20Z');
    await reporter.tick();
    at('2026-01-11T23:15:30Z');
    await reporter.tick();
    at('2026-01-12T00:15:40Z');
    await reporter.tick();
    at('2026-01-18T23:00:20Z'); // week 3, on time
    await reporter.tick();

    expect(posts.map((p) => p.threadName)).toEqual([
      'Week 1: @weekcreator',
      'Week 2: @weekcreator',
      'Week 3: @weekcreator',
    ]);
    expect(posts.map((p) => p.embeds[0]!.title)).toEqual(posts.map((p) => p.threadName));
    expect(posts[1]!.at).toBe('2026-01-12T00:15:40.000Z');
    expect(s.snapshots.history('weekcreator')).toHaveLength(3);
    for (const week of ['2026-W01', '2026-W02', '2026-W03'])
      expect(s.snapshots.countForWeek('weekcreator', week)).toBe(1);
    // Week 3 compares with week 2's snapshot (taken Monday 00:15), not across two weeks.
    expect(posts[2]!.embeds[0]!.description).toContain(discordTime('2026-01-12T00:15:40Z'));
  });

  it('a Sunday slot caught up after downtime on Monday is labelled and stored as that Sunday’s week', async () => {
    const {
      reporter,
      posts,
      at,
      store: s,
    } = await setUp({
      subscriptions: [{ channelId: 'c', weekday: 0, time: '23:00' }],
    });
    at('2026-01-04T23:00:20Z');
    await reporter.tick();
    at('2026-01-12T00:30:00Z'); // the bot was down Sunday night: late catch-up on Monday
    await reporter.tick();
    at('2026-01-18T23:00:20Z');
    await reporter.tick();
    expect(posts.map((p) => p.threadName)).toEqual([
      'Week 1: @weekcreator',
      'Week 2: @weekcreator',
      'Week 3: @weekcreator',
    ]);
    expect(s.snapshots.history('weekcreator')).toHaveLength(3);
  });

  it('two schedules of one account (Monday in #a, Friday in #b) each compare with their own previous week', async () => {
    const { reporter, posts, at } = await setUp({
      subscriptions: [
        { channelId: 'a', weekday: 1, time: '09:00' },
        { channelId: 'b', weekday: 5, time: '09:00' },
      ],
    });
    for (const day of ['2026-01-05', '2026-01-09', '2026-01-12', '2026-01-16', '2026-01-19']) {
      at(`${day}T09:00:20Z`);
      await reporter.tick();
    }
    const mondays = posts.filter((p) => p.channelId === 'a');
    const fridays = posts.filter((p) => p.channelId === 'b');
    // Monday 12th compares with Monday 5th and Monday 19th with Monday 12th, not with the Friday before.
    expect(mondays.map((p) => p.at.slice(0, 10))).toEqual(['2026-01-05', '2026-01-12', '2026-01-19']);
    expect(mondays[1]!.embeds[0]!.description).toContain(discordTime('2026-01-05T09:00:20Z'));
    expect(mondays[2]!.embeds[0]!.description).toContain(discordTime('2026-01-12T09:00:20Z'));
    expect(fridays.at(-1)!.at.slice(0, 10)).toBe('2026-01-16');
    expect(fridays.at(-1)!.embeds[0]!.description).toContain(discordTime('2026-01-09T09:00:20Z'));
    // Each previous snapshot kept its per-video counters, so the reports show the full diff.
    for (const post of [...mondays.slice(1), fridays.at(-1)!])
      expect(JSON.stringify(post.embeds)).not.toContain('Per-video counters were not kept');
  });

  it('puts the run’s nonce in the first embed’s footer, where a resumed run looks for its post', async () => {
    const { reporter, posts, at } = await setUp({ subscriptions: [{ channelId: 'c', weekday: 1, time: '09:00' }] });
    at('2026-01-05T09:00:20Z');
    await reporter.tick();
    at('2026-01-12T09:00:20Z');
    await reporter.tick();
    expect(posts).toHaveLength(2);
    for (const post of posts) expect(post.embeds[0]!.footer?.text).toContain(post.options.nonce);
  });
});

describe('a weekly post that fails for a passing reason', () => {
  const unavailable = () => Object.assign(new Error('Service Unavailable'), { name: 'HTTPError', status: 503 });

  it('is tried again on the retry schedule, resuming with its nonce, and posted once', async () => {
    const {
      reporter,
      posts,
      clock,
      at,
      store: s,
      attempts,
    } = await setUp({
      subscriptions: [{ channelId: 'c', weekday: 1, time: '09:00' }],
      answer: (_post, attempt) => {
        if (attempt === 1) throw unavailable();
      },
    });
    at('2026-01-05T09:00:20Z');
    expect(await reporter.tick()).toEqual([{ username: 'weekcreator', posted: 0, failed: 0 }]);
    // Still due and still pending with its nonce: not recorded as run.
    const afterFailure = s.subscriptions.listAll()[0]!;
    expect(afterFailure.lastRunAt).toBeNull();
    expect(afterFailure.pending?.slot).toBe('2026-01-05T09:00:00.000Z');
    clock.advance(60_000);
    expect(await reporter.tick()).toEqual([]); // waiting for the first retry delay (15 min)
    clock.advance(15 * 60_000);
    expect(await reporter.tick()).toEqual([{ username: 'weekcreator', posted: 1, failed: 0 }]);
    clock.advance(4 * 60 * 60_000);
    expect(await reporter.tick()).toEqual([]);
    expect(attempts()).toBe(2);
    expect(posts).toHaveLength(1);
    // The retry looked for a post that might have landed, with the same nonce.
    expect(posts[0]!.options).toEqual({
      nonce: afterFailure.pending!.nonce,
      lookFirst: { since: new Date('2026-01-05T09:00:00Z') },
    });
    const done = s.subscriptions.listAll()[0]!;
    expect(done.lastRunAt).toBe('2026-01-05T09:00:00.000Z');
    expect(done.lastResult?.ok).toBe(true);
  });

  it('counts the week as failed after the last retry', async () => {
    const {
      reporter,
      clock,
      at,
      store: s,
      attempts,
    } = await setUp({
      subscriptions: [{ channelId: 'c', weekday: 1, time: '09:00' }],
      answer: () => {
        throw unavailable();
      },
    });
    at('2026-01-05T09:00:20Z');
    await reporter.tick();
    for (const minutes of [15, 60, 240]) {
      clock.advance(minutes * 60_000 + 1000);
      await reporter.tick();
    }
    expect(attempts()).toBe(4);
    const sub = s.subscriptions.listAll()[0]!;
    expect(sub.lastRunAt).toBe('2026-01-05T09:00:00.000Z');
    expect(sub.lastResult).toMatchObject({
      ok: false,
      message: 'Not posted: Discord refused the message (see the logs)',
    });
  });

  it('a refusal (4xx) is not retried', async () => {
    const {
      reporter,
      clock,
      at,
      store: s,
      attempts,
    } = await setUp({
      subscriptions: [{ channelId: 'c', weekday: 1, time: '09:00' }],
      answer: () => {
        throw Object.assign(new Error('Invalid Form Body'), { status: 400 });
      },
    });
    at('2026-01-05T09:00:20Z');
    expect(await reporter.tick()).toEqual([{ username: 'weekcreator', posted: 0, failed: 1 }]);
    clock.advance(15 * 60_000 + 1000);
    expect(await reporter.tick()).toEqual([]);
    expect(attempts()).toBe(1);
    expect(s.subscriptions.listAll()[0]!.lastResult?.ok).toBe(false);
  });
});

describe('a subscription changed while its weekly fetch waits in line', () => {
  async function gated(subscriptions: SetUpOptions['subscriptions']) {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let fetching!: () => void;
    const started = new Promise<void>((resolve) => (fetching = resolve));
    const setup = await setUp({
      subscriptions,
      catalogs: (service) =>
        ({
          ...service,
          fetchCatalog: async (...args: Parameters<CatalogService['fetchCatalog']>) => {
            fetching();
            await gate;
            return service.fetchCatalog(...args);
          },
        }) as unknown as CatalogService,
    });
    setup.at('2026-01-05T09:00:20Z');
    const run = setup.reporter.tick();
    await started;
    return { ...setup, run, release };
  }

  it('is not posted when it was unsubscribed meanwhile', async () => {
    const { run, release, store: s, posts } = await gated([{ channelId: 'c', weekday: 1, time: '09:00' }]);
    await s.subscriptions.remove({ guildId: 'guild', username: 'weekcreator' }); // /retention unsubscribe
    release();
    expect(await run).toEqual([{ username: 'weekcreator', posted: 0, failed: 0 }]);
    expect(posts).toEqual([]);
    expect(s.subscriptions.listAll()).toEqual([]);
  });

  it('is not posted when it was paused or rescheduled meanwhile; the others still are', async () => {
    const {
      run,
      release,
      store: s,
      posts,
    } = await gated([
      { channelId: 'paused', weekday: 1, time: '09:00' },
      { channelId: 'moved', weekday: 1, time: '09:00' },
      { channelId: 'kept', weekday: 1, time: '09:00' },
    ]);
    const [paused, moved] = s.subscriptions.listAll();
    await s.subscriptions.pause(paused!.id, 'test pause', new Date('2026-01-05T09:00:30Z'));
    await s.subscriptions.upsert(
      {
        guildId: 'guild',
        channelId: moved!.channelId,
        username: 'weekcreator',
        weekday: 3,
        time: '10:00',
        timeZone: 'UTC',
        createdBy: 'test',
      },
      new Date('2026-01-05T09:00:30Z'),
    );
    release();
    expect(await run).toEqual([{ username: 'weekcreator', posted: 1, failed: 0 }]);
    expect(posts.map((p) => p.channelId)).toEqual(['kept']);
  });
});

describe('a subscription whose stored time zone this Node.js does not know', () => {
  it('is paused with a readable reason, and the other subscriptions are still posted', async () => {
    harness = await startScavioHarness({
      accounts: [{ username: 'goodcreator', videos: syntheticAwemes(30, 'goodcreator') }],
      env: { SCAVIO_RATE_PER_MINUTE: '100' },
    });
    const clock = harness.clock;
    clock.advance(Date.parse('2026-01-05T09:00:30Z') - clock.now());
    dir = await mkdtemp(join(tmpdir(), 'weekly-zone-'));
    const at = '2026-01-01T00:00:00.000Z';
    const sub = (id: string, username: string, timeZone: string) => ({
      id,
      guildId: 'g',
      channelId: `c${id}`,
      username,
      weekday: 1,
      time: '09:00',
      timeZone,
      createdBy: 'u',
      createdAt: at,
      scheduledSince: at,
      lastRunAt: null,
      lastResult: null,
      paused: null,
    });
    // The schema accepts any zone at load (an ICU update must not make the file corrupt).
    await writeFile(
      join(dir, 'subscriptions.json'),
      JSON.stringify({
        schemaVersion: 1,
        subscriptions: [sub('b', 'othercreator', 'Europe/Kyiv_Old'), sub('a', 'goodcreator', 'UTC')],
      }),
    );
    store = await openStore(dir);
    const posts: string[] = [];
    const reporter = testReporter({
      store,
      catalogs: harness.service,
      poster: recordingPoster(posts),
      now: () => new Date(clock.now()),
    });
    expect(await reporter.tick()).toEqual([{ username: 'goodcreator', posted: 1, failed: 0 }]);
    expect(posts).toEqual(['ca']);
    expect(reporter.lastTickAt).toEqual(new Date('2026-01-05T09:00:30Z'));
    const broken = store.subscriptions.get('b')!;
    expect(broken.paused?.reason).toBe(
      'its time zone "Europe/Kyiv_Old" is not known to the bot; subscribe again with another time zone',
    );
    expect(store.subscriptions.get('a')!.paused).toBeNull();
    // Paused: later ticks leave it alone (and do not throw).
    clock.advance(7 * 24 * 3_600_000);
    expect(await reporter.tick()).toEqual([{ username: 'goodcreator', posted: 1, failed: 0 }]);
  });

  it('does not make start() throw', async () => {
    dir = await mkdtemp(join(tmpdir(), 'weekly-zone-start-'));
    const at = '2026-01-01T00:00:00.000Z';
    await writeFile(
      join(dir, 'subscriptions.json'),
      JSON.stringify({
        schemaVersion: 1,
        subscriptions: [
          {
            id: 'b',
            guildId: 'g',
            channelId: 'c',
            username: 'othercreator',
            weekday: 1,
            time: '09:00',
            timeZone: 'Mars/Olympus_Mons',
            createdBy: 'u',
            createdAt: at,
            scheduledSince: at,
            lastRunAt: null,
            lastResult: null,
            paused: null,
          },
        ],
      }),
    );
    store = await openStore(dir);
    const reporter = testReporter({
      store,
      catalogs: createCatalogService(loadConfig({ SCAVIO_BASE_URL: 'http://127.0.0.1:9' })),
      poster: { postWithThread: () => Promise.reject(new Error('not due')) },
      now: () => new Date('2026-01-05T09:00:30Z'),
    });
    expect(() => reporter.start()).not.toThrow();
    await reporter.stop(); // waits for start's catch-up tick, and the pause it wrote
    expect(store.subscriptions.get('b')!.paused?.reason).toContain('"Mars/Olympus_Mons" is not known');
  });
});
