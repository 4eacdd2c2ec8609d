import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { analyzeVideos } from '../../src/analysis/analyze.js';
import { UserFacingError } from '../../src/errors.js';
import { normalizeRecords } from '../../src/tiktok/normalize.js';
import { retryAfterMs } from '../../src/tiktok/scavio-client.js';
import { awemeFromFlat, loadFlatCatalog, loadScavioFixture, syntheticAwemes } from '../support/fake-scavio.js';
import {
  TEST_API_KEY,
  fixtureAccount,
  startScavioHarness,
  type HarnessOptions,
  type ScavioHarness,
} from '../support/scavio-harness.js';

const MINUTE = 60_000;
let harness: ScavioHarness | undefined;

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function start(options: HarnessOptions): Promise<ScavioHarness> {
  harness = await startScavioHarness(options);
  return harness;
}

async function failure(promise: Promise<unknown>): Promise<UserFacingError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof UserFacingError) return error;
    throw error;
  }
  throw new Error('expected the fetch to fail');
}

function distinctVideos(records: readonly Record<string, unknown>[]): number {
  const ids = new Set(records.map((r) => r.id).filter((id) => id !== undefined && id !== null && id !== ''));
  return ids.size + records.filter((r) => r.id === undefined || r.id === null || r.id === '').length;
}

function syntheticAccount(username: string, count: number) {
  return { username, videos: syntheticAwemes(count, username) };
}

describe('the fake Scavio server', () => {
  it('serves the documented shapes: fixture pages and profile, byte for byte in content', async () => {
    const h = await start({
      accounts: [
        fixtureAccount('clean-60', 'chefmaya', {
          videos: loadFlatCatalog('clean-60')
            .slice(0, 45)
            .map((r) => awemeFromFlat(r, 'chefmaya')),
        }),
      ],
    });
    const post = async (path: string, body: unknown) => {
      const response = await fetch(`${h.fake.baseUrl}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return (await response.json()) as { data: Record<string, unknown> };
    };
    const profile = await post('/api/v1/tiktok/profile', { username: 'chefmaya' });
    expect(profile.data).toEqual((loadScavioFixture('profile') as typeof profile).data);
    const page1 = await post('/api/v1/tiktok/user/posts', {
      sec_user_id: 'MS4wLjABAAAAchefmaya',
      cursor: 0,
      count: 30,
    });
    const documented1 = loadScavioFixture('posts-page-1') as typeof page1;
    expect(page1.data.aweme_list).toEqual(documented1.data.aweme_list);
    expect(page1.data.has_more).toBe(1);
    const page2 = await post('/api/v1/tiktok/user/posts', {
      sec_user_id: 'MS4wLjABAAAAchefmaya',
      cursor: page1.data.max_cursor,
      count: 30,
    });
    expect(page2.data.aweme_list).toEqual((loadScavioFixture('posts-page-2') as typeof page2).data.aweme_list);
    expect(page2.data.has_more).toBe(0);
  });
});

describe('fetching a live catalog', () => {
  it.each(['clean-60', 'edge-240', 'ties-12'])(
    '%s: the analysis of the fetched catalog equals the analysis of the file',
    async (name) => {
      const h = await start({ accounts: [fixtureAccount(name, 'chefmaya')] });
      const catalog = await h.service.fetchCatalog('@chefmaya');

      const fromFile = normalizeRecords(loadFlatCatalog(name));
      expect(analyzeVideos(catalog.videos)).toEqual(analyzeVideos(fromFile.videos));
      // Same videos in the same order; Scavio also reports saves and each video's author, which the flat file lacks.
      expect(catalog.videos.map((video) => ({ ...video, saves: undefined, author: undefined }))).toEqual(
        fromFile.videos.map((video) => ({ ...video, saves: undefined, author: undefined })),
      );
      expect(new Set(catalog.videos.map((v) => v.author))).toEqual(new Set(['chefmaya']));
      expect(catalog.completeness).toEqual({ complete: true, expectedVideos: catalog.videos.length, reason: null });
      expect(catalog.skipped).toEqual(fromFile.skipped);
      expect(catalog.account).toEqual({
        username: 'chefmaya',
        followers: 48_210,
        // TikTok counts each video once: the file's distinct ids (and its records without one).
        videoCountHint: distinctVideos(loadFlatCatalog(name)),
      });
    },
  );

  it.each([
    [1, 300],
    [29, 300],
    [30, 300],
    [31, 300],
    [45, 300],
    [60, 300],
    [299, 300],
    [300, 300],
    [301, 300],
    [1000, 300],
    [1000, 1000],
    [100, 45],
    [100, 1],
  ])(
    '%i videos, limit %i: exactly 1 + ceil(fetched / 30) calls, asking only for what is left',
    async (total, maxVideos) => {
      const h = await start({ accounts: [syntheticAccount('bulk', total)], env: { SCAVIO_RATE_PER_MINUTE: '1000' } });
      const catalog = await h.service.fetchCatalog('bulk', { maxVideos });

      const expected = Math.min(total, maxVideos);
      expect(catalog.videos).toHaveLength(expected);
      expect(h.fake.requests).toHaveLength(1 + Math.ceil(expected / 30));
      expect(catalog.source).toMatchObject({
        kind: 'scavio',
        calls: 1 + Math.ceil(expected / 30),
        creditsUsed: 1 + Math.ceil(expected / 30),
        fromCache: false,
      });
      expect(catalog.source.creditsRemaining).toBe(h.fake.credits.remaining);

      const counts = h.fake.requestsTo('user/posts').map((r) => (r.body as { count: number }).count);
      // Each page asks for what the limit still allows, never more than 30.
      const wanted: number[] = [];
      for (let received = 0; received < expected; received += 30) wanted.push(Math.min(30, maxVideos - received));
      expect(counts).toEqual(wanted);
      // The cursor sent is always the one the previous page returned.
      const cursors = h.fake.requestsTo('user/posts').map((r) => (r.body as { cursor: unknown }).cursor);
      // Scavio's own SDKs send the cursor as a string, "0" first; then each page's max_cursor, as text.
      expect(cursors[0]).toBe('0');
      expect(cursors.every((cursor) => typeof cursor === 'string')).toBe(true);
      expect(catalog.completeness?.complete).toBe(true);
      expect(h.fake.requests.every((r) => r.authorization === `Bearer ${TEST_API_KEY}`)).toBe(true);
    },
  );

  it('reports progress: profile, each page, done, with the expected count capped by the limit', async () => {
    const h = await start({ accounts: [syntheticAccount('bulk', 100)], env: { SCAVIO_RATE_PER_MINUTE: '1000' } });
    await h.service.fetchCatalog('bulk', { maxVideos: 70, onProgress: h.track });
    expect(h.progress.map((p) => [p.phase, p.videosSoFar, p.expectedVideos, p.pages, p.calls])).toEqual([
      ['profile', 0, 70, 0, 1],
      ['page', 30, 70, 1, 2],
      ['page', 60, 70, 2, 3],
      ['page', 70, 70, 3, 4],
      ['done', 70, 70, 3, 4],
    ]);
    expect(h.progress.every((p) => p.username === 'bulk' && p.maxVideos === 70)).toBe(true);
  });
});

describe('rate limits', () => {
  it('never calls faster than SCAVIO_RATE_PER_MINUTE: 300 videos at 5/min take 11 calls in three windows, no 429', async () => {
    const h = await start({
      accounts: [syntheticAccount('bulk', 300)],
      env: { SCAVIO_RATE_PER_MINUTE: '5' },
      fake: { switches: { rateLimit: { limit: 5, windowMs: MINUTE } } },
    });
    const catalog = await h.service.fetchCatalog('bulk', { onProgress: h.track });

    expect(catalog.videos).toHaveLength(300);
    const times = h.fake.requests.map((r) => r.at);
    expect(times).toHaveLength(11);
    expect(h.fake.requests.every((r) => r.status === 200)).toBe(true);
    for (let i = 5; i < times.length; i++) expect(times[i]! - times[i - 5]!).toBeGreaterThanOrEqual(MINUTE);
    // ...and no slower than that either: 5 at once, 5 a minute later, the last a minute after.
    expect(times.map((t) => t - times[0]!)).toEqual([
      0,
      0,
      0,
      0,
      0,
      MINUTE,
      MINUTE,
      MINUTE,
      MINUTE,
      MINUTE,
      2 * MINUTE,
    ]);
    expect(h.progress.filter((p) => p.phase === 'rate-limit-wait').map((p) => [p.waitMs, p.videosSoFar])).toEqual([
      [MINUTE, 120],
      [MINUTE, 270],
    ]);
  });

  it('several users at once queue on the one limiter instead of tripping 429s', async () => {
    const accounts = ['alpha', 'bravo', 'charlie', 'delta'].map((name, i) => syntheticAccount(name, 40 + 35 * i));
    const h = await start({
      accounts,
      env: { SCAVIO_RATE_PER_MINUTE: '5' },
      fake: { switches: { rateLimit: { limit: 5, windowMs: MINUTE } } },
    });
    const catalogs = await Promise.all(accounts.map((a) => h.service.fetchCatalog(a.username)));

    expect(catalogs.map((c) => c.videos.length)).toEqual([40, 75, 110, 145]);
    const minimum = accounts.reduce((sum, a) => sum + 1 + Math.ceil(a.videos.length / 30), 0);
    expect(h.fake.requests).toHaveLength(minimum);
    expect(h.fake.requests.filter((r) => r.status === 429)).toHaveLength(0);
    const times = h.fake.requests.map((r) => r.at);
    for (let i = 5; i < times.length; i++) expect(times[i]! - times[i - 5]!).toBeGreaterThanOrEqual(MINUTE);
  });

  it('recovers from 429: waits for Retry-After, holds back, then finishes the catalog', async () => {
    // The plan allows 3 a minute but the bot was configured for 10.
    const h = await start({
      accounts: [syntheticAccount('bulk', 150)],
      env: { SCAVIO_RATE_PER_MINUTE: '10' },
      fake: { switches: { rateLimit: { limit: 3, windowMs: MINUTE } } },
    });
    const catalog = await h.service.fetchCatalog('bulk', { onProgress: h.track });

    expect(catalog.videos).toHaveLength(150);
    const accepted = h.fake.requests.filter((r) => r.status === 200);
    const refused = h.fake.requests.filter((r) => r.status === 429);
    expect(accepted).toHaveLength(6);
    expect(refused.length).toBeGreaterThan(0);
    expect(catalog.source.calls).toBe(6 + refused.length);
    expect(catalog.source.creditsUsed).toBe(6);
    // After a 429 nothing is sent before the time the server named.
    for (const rejected of refused) {
      const next = h.fake.requests[h.fake.requests.indexOf(rejected) + 1];
      expect(next!.at - rejected.at).toBeGreaterThanOrEqual(MINUTE);
    }
    const retries = h.progress.filter((p) => p.phase === 'retry');
    expect(retries[0]).toMatchObject({ reason: 'HTTP 429 rate limited', waitMs: MINUTE });
    expect(h.progress.some((p) => p.phase === 'rate-limit-wait')).toBe(true);
  });

  it('gives up with a clear message when 429s keep coming', async () => {
    const h = await start({
      accounts: [syntheticAccount('bulk', 30)],
      env: { SCAVIO_RATE_PER_MINUTE: '10' },
      fake: { switches: { rateLimit: { limit: 0, windowMs: MINUTE } } },
    });
    const error = await failure(h.service.fetchCatalog('bulk'));
    expect(error.code).toBe('scavio.rate_limited');
    expect(error.message).toMatch(/rate limit.*try again/i);
    expect(h.fake.requests).toHaveLength(6); // first try + 5 tolerated 429s
  });

  it('reads Retry-After as seconds or a date, else X-RateLimit-Reset as seconds or an epoch time', () => {
    const now = Date.UTC(2026, 0, 5, 9, 0, 0);
    expect(retryAfterMs({ 'retry-after': '12' }, now)).toBe(12_000);
    expect(retryAfterMs({ 'retry-after': new Date(now + 30_000).toUTCString() }, now)).toBe(30_000);
    expect(retryAfterMs({ 'x-ratelimit-reset': '7' }, now)).toBe(7_000);
    expect(retryAfterMs({ 'x-ratelimit-reset': String(now / 1000 + 45) }, now)).toBe(45_000);
    expect(retryAfterMs({}, now)).toBeUndefined();
  });
});

describe('retries', () => {
  it('recovers from a 503 on a page with one retry after a backoff', async () => {
    const h = await start({
      accounts: [syntheticAccount('bulk', 90)],
      fake: { switches: { failPostsRequest: { nth: 2, status: 503 } } },
    });
    const catalog = await h.service.fetchCatalog('bulk', { onProgress: h.track });

    expect(catalog.videos).toHaveLength(90);
    expect(h.fake.requests.map((r) => r.status)).toEqual([200, 200, 503, 200, 200]);
    expect(catalog.source.calls).toBe(5);
    expect(catalog.source.creditsUsed).toBe(4);
    expect(h.progress.filter((p) => p.phase === 'retry')).toEqual([
      expect.objectContaining({ reason: 'HTTP 503', attempt: 1, waitMs: 375 }),
    ]);
    // The retry asks for the same page again.
    const posts = h.fake.requestsTo('user/posts');
    expect(posts[1]!.body).toEqual(posts[2]!.body);
  });

  it('retries a page that does not answer within the timeout', async () => {
    const h = await start({
      accounts: [syntheticAccount('bulk', 60)],
      env: { SCAVIO_TIMEOUT_MS: '250' },
      fake: { switches: { slowPostsRequest: { nth: 1, delayMs: 30_000 } } },
    });
    const catalog = await h.service.fetchCatalog('bulk', { onProgress: h.track });

    expect(catalog.videos).toHaveLength(60);
    expect(h.fake.requestsTo('user/posts')).toHaveLength(3);
    expect(h.progress.find((p) => p.phase === 'retry')?.reason).toBe('no answer within 250 ms');
  });

  it('says the provider is down after the configured retries of 5xx', async () => {
    const h = await start({
      accounts: [syntheticAccount('bulk', 60)],
      env: { SCAVIO_MAX_RETRIES: '2' },
      fake: { switches: { failPostsRequest: { nth: 1, status: 502, times: Infinity } } },
    });
    const error = await failure(h.service.fetchCatalog('bulk', { onProgress: h.track }));

    expect(error.code).toBe('scavio.unavailable');
    expect(error.message).toMatch(/not answering.*3 attempts.*try again in a few minutes/);
    expect(h.fake.requestsTo('user/posts')).toHaveLength(3);
    expect(h.progress.filter((p) => p.phase === 'retry').map((p) => p.waitMs)).toEqual([375, 750]);
  });

  it('says the provider cannot be reached when nothing listens', async () => {
    const h = await start({ accounts: [], env: { SCAVIO_MAX_RETRIES: '1' } });
    await h.fake.close();
    const error = await failure(h.service.fetchCatalog('bulk'));
    expect(error.code).toBe('scavio.unavailable');
    expect(error.message).toMatch(/network error, 2 attempts/);
  });
});

describe('errors a person can act on', () => {
  it('401: the key is wrong, said without repeating it, and not retried', async () => {
    const h = await start({ accounts: [syntheticAccount('bulk', 10)], clientKey: 'sk_wrong_KEY_0000' });
    const error = await failure(h.service.fetchCatalog('bulk'));
    expect(error.code).toBe('scavio.unauthorized');
    expect(error.message).toMatch(/refused the API key.*SCAVIO_API_KEY/);
    expect(error.message).not.toContain('sk_wrong_KEY_0000');
    expect(h.fake.requests).toHaveLength(1);
  });

  it('no key configured: says how to set it, and makes no call', async () => {
    const h = await start({ accounts: [syntheticAccount('bulk', 10)], clientKey: null });
    const error = await failure(h.service.fetchCatalog('bulk'));
    expect(error.code).toBe('scavio.missing_key');
    expect(error.message).toMatch(/SCAVIO_API_KEY/);
    expect(h.fake.requests).toHaveLength(0);
  });

  it('402: out of credits, with the billing link from the body', async () => {
    const h = await start({ accounts: [syntheticAccount('bulk', 10)], fake: { credits: 0 } });
    const error = await failure(h.service.fetchCatalog('bulk'));
    expect(error.code).toBe('scavio.out_of_credits');
    expect(error.message).toContain('https://dashboard.scavio.dev/billing');
    expect(h.fake.requests).toHaveLength(1);
  });

  it('402 in the middle of a catalog stops at once', async () => {
    const h = await start({ accounts: [syntheticAccount('bulk', 100)], fake: { credits: 2 } });
    const error = await failure(h.service.fetchCatalog('bulk'));
    expect(error.code).toBe('scavio.out_of_credits');
    expect(h.fake.requests.map((r) => r.status)).toEqual([200, 200, 402]);
  });

  it.each(['http-404', 'null-user'] as const)('unknown account (%s)', async (style) => {
    const h = await start({ accounts: [syntheticAccount('bulk', 10)], fake: { switches: { unknownUser: style } } });
    const error = await failure(h.service.fetchCatalog('nosuchuser'));
    expect(error.code).toBe('scavio.unknown_account');
    expect(error.message).toMatch(/@nosuchuser was not found.*spelling/);
    expect(h.fake.requests).toHaveLength(1);
  });

  it('private account: says so after the profile call, without paying for pages', async () => {
    const h = await start({ accounts: [{ ...syntheticAccount('hidden', 50), private: true }] });
    const error = await failure(h.service.fetchCatalog('hidden'));
    expect(error.code).toBe('scavio.private_account');
    expect(h.fake.requests).toHaveLength(1);
  });

  it('empty account: no videos, after one call', async () => {
    const h = await start({ accounts: [syntheticAccount('newbie', 0)] });
    const error = await failure(h.service.fetchCatalog('newbie'));
    expect(error.code).toBe('scavio.no_videos');
    expect(error.message).toMatch(/@newbie has no public videos/);
    expect(h.fake.requests).toHaveLength(1);
  });

  it('an account whose profile counts videos but whose pages are empty: no videos', async () => {
    const h = await start({ accounts: [{ username: 'ghost', videos: [], awemeCount: 12 }] });
    const error = await failure(h.service.fetchCatalog('ghost'));
    expect(error.code).toBe('scavio.no_videos');
    expect(h.fake.requests).toHaveLength(2);
  });

  it.each(['shape', 'not-json'] as const)('a malformed page (%s) is reported, not retried', async (kind) => {
    const h = await start({
      accounts: [syntheticAccount('bulk', 90)],
      fake: { switches: { malformedPostsRequest: { nth: 2, kind } } },
    });
    const error = await failure(h.service.fetchCatalog('bulk'));
    expect(error.code).toBe('scavio.malformed_response');
    expect(error.message).toMatch(/could not be read/);
    expect(h.fake.requests).toHaveLength(3);
  });

  it('a bad username is refused before any call', async () => {
    const h = await start({ accounts: [syntheticAccount('bulk', 10)] });
    const error = await failure(h.service.fetchCatalog('https://vm.tiktok.com/ZMabc/'));
    expect(error.code).toBe('tiktok.invalid_username');
    const limit = await failure(h.service.fetchCatalog('bulk', { maxVideos: 0 }));
    expect(limit.code).toBe('tiktok.invalid_max_videos');
    expect(h.fake.requests).toHaveLength(0);
  });

  it('the API key appears in no error and no progress event, even when the provider echoes it', async () => {
    const scenarios: HarnessOptions[] = [
      { accounts: [syntheticAccount('bulk', 10)], fake: { credits: 0 } },
      {
        accounts: [syntheticAccount('bulk', 60)],
        env: { SCAVIO_MAX_RETRIES: '0' },
        fake: { switches: { failPostsRequest: { nth: 1, status: 503 } } },
      },
      {
        accounts: [syntheticAccount('bulk', 60)],
        fake: { switches: { malformedPostsRequest: { nth: 1, kind: 'shape' } } },
      },
      {
        accounts: [syntheticAccount('bulk', 60)],
        env: { SCAVIO_TIMEOUT_MS: '100', SCAVIO_MAX_RETRIES: '0' },
        fake: { switches: { slowPostsRequest: { nth: 1, delayMs: 30_000 } } },
      },
      { accounts: [] },
      { accounts: [syntheticAccount('bulk', 10)], fake: { switches: { rateLimit: { limit: 0, windowMs: MINUTE } } } },
    ];
    const seen: string[] = [];
    for (const scenario of scenarios) {
      const h = await start(scenario);
      const error = await failure(h.service.fetchCatalog('bulk', { onProgress: h.track }));
      seen.push(error.code, error.message, inspect(error, { depth: 10 }), JSON.stringify(h.progress));
      await h.close();
      harness = undefined;
    }
    expect(seen.filter((s) => s.startsWith('scavio.'))).toHaveLength(scenarios.length);
    for (const text of seen) expect(text).not.toContain(TEST_API_KEY);
    // With no retries the outage message counts one attempt, in the singular.
    expect(seen.filter((s) => /, 1 attempt for @bulk\)/.test(s)).length).toBeGreaterThan(0);

    // A provider that repeats the key in its error text gets it scrubbed.
    const clientKey = 'fake_client_key_4b8d1f';
    const h = await start({
      accounts: [syntheticAccount('bulk', 10)],
      clientKey,
      fake: { switches: { echoKeyIn401: true } },
    });
    const error = await failure(h.service.fetchCatalog('bulk'));
    expect(error.code).toBe('scavio.unauthorized');
    expect(error.message).toContain('Invalid API key [redacted]');
    expect(inspect(error, { depth: 10 })).not.toContain(clientKey);
  });
});
