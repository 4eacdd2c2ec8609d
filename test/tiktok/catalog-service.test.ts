import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { UserFacingError } from '../../src/errors.js';
import { createCatalogService, processRateLimiter } from '../../src/tiktok/catalog-service.js';
import type { FetchProgress } from '../../src/tiktok/scavio-client.js';
import { syntheticAwemes } from '../support/fake-scavio.js';
import { startScavioHarness, type HarnessOptions, type ScavioHarness } from '../support/scavio-harness.js';

const MINUTE = 60_000;
let harness: ScavioHarness | undefined;

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function start(options: HarnessOptions = {}): Promise<ScavioHarness> {
  harness = await startScavioHarness({
    accounts: [
      { username: 'chefmaya', videos: syntheticAwemes(75, 'chefmaya') },
      { username: 'other', videos: syntheticAwemes(20, 'other') },
    ],
    ...options,
  });
  return harness;
}

describe('the catalog cache', () => {
  it('serves a fresh catalog again with zero calls, marked as from cache, with its age', async () => {
    const h = await start();
    const fetched = await h.service.fetchCatalog('chefmaya');
    expect(h.fake.requests).toHaveLength(4);

    h.clock.advance(12 * MINUTE);
    const progress: FetchProgress[] = [];
    const again = await h.service.fetchCatalog('@ChefMaya', { onProgress: (p) => progress.push(p) });

    expect(h.fake.requests).toHaveLength(4);
    expect(again.videos).toEqual(fetched.videos);
    expect(again.source).toEqual({ ...fetched.source, fromCache: true, calls: 0, creditsUsed: 0 });
    expect(h.service.ageMs(again)).toBe(12 * MINUTE);
    expect(h.service.cached('https://www.tiktok.com/@chefmaya')?.ageMs).toBe(12 * MINUTE);
    expect(progress).toEqual([expect.objectContaining({ phase: 'done', fromCache: true, videosSoFar: 75, calls: 0 })]);
    // The first answer still says what it cost.
    expect(fetched.source).toMatchObject({ fromCache: false, calls: 4 });
  });

  it('fetches again once CATALOG_CACHE_MINUTES have passed', async () => {
    const h = await start({ env: { CATALOG_CACHE_MINUTES: '60' } });
    await h.service.fetchCatalog('chefmaya');
    h.clock.advance(60 * MINUTE);
    const again = await h.service.fetchCatalog('chefmaya');
    expect(again.source.fromCache).toBe(false);
    expect(h.fake.requests).toHaveLength(8);
    expect(h.service.cached('chefmaya')?.ageMs).toBe(0);
  });

  it('keys on the video limit: a smaller catalog does not answer for a larger one', async () => {
    const h = await start();
    await h.service.fetchCatalog('chefmaya', { maxVideos: 30 });
    const larger = await h.service.fetchCatalog('chefmaya', { maxVideos: 300 });
    expect(larger.videos).toHaveLength(75);
    expect(larger.source.fromCache).toBe(false);
    expect(h.fake.requests).toHaveLength(2 + 4);
  });

  it('is off with CATALOG_CACHE_MINUTES=0', async () => {
    const h = await start({ env: { CATALOG_CACHE_MINUTES: '0' } });
    await h.service.fetchCatalog('other');
    await h.service.fetchCatalog('other');
    expect(h.fake.requests).toHaveLength(4);
    expect(h.service.cached('other')).toBeUndefined();
  });

  it('refresh skips the cache and stores the new catalog', async () => {
    const h = await start();
    await h.service.fetchCatalog('other');
    const fresh = await h.service.fetchCatalog('other', { refresh: true });
    expect(fresh.source.fromCache).toBe(false);
    expect(h.fake.requests).toHaveLength(4);
    expect(h.service.cached('other')?.catalog.source.fetchedAt).toBe(fresh.source.fetchedAt);
  });

  it('does not cache failures', async () => {
    const h = await start({ fake: { credits: 0 } });
    await expect(h.service.fetchCatalog('other')).rejects.toMatchObject({ code: 'scavio.out_of_credits' });
    h.fake.credits.remaining = 100;
    const catalog = await h.service.fetchCatalog('other');
    expect(catalog.videos).toHaveLength(20);
    expect(h.fake.requests).toHaveLength(3);
  });
});

describe('coalescing', () => {
  it('simultaneous requests for one account share one fetch, and every caller sees its progress', async () => {
    const h = await start({ env: { SCAVIO_RATE_PER_MINUTE: '2' } });
    const seen: FetchProgress[][] = [[], [], [], [], []];
    const inputs = ['chefmaya', '@chefmaya', 'ChefMaya', 'https://www.tiktok.com/@chefmaya', 'tiktok.com/@chefmaya/'];
    const pending = inputs.map((input, i) => h.service.fetchCatalog(input, { onProgress: (p) => seen[i]!.push(p) }));
    expect(h.service.fetchesInFlight).toBe(1);
    const catalogs = await Promise.all(pending);

    expect(h.fake.requests).toHaveLength(4);
    expect(new Set(catalogs).size).toBe(1);
    expect(catalogs[0]!.source.fromCache).toBe(false);
    for (const events of seen) {
      expect(events.map((e) => e.phase)).toEqual(['profile', 'page', 'rate-limit-wait', 'page', 'page', 'done']);
    }
    expect(h.service.fetchesInFlight).toBe(0);
  });

  it('a caller joining a fetch in flight first gets its latest progress', async () => {
    const h = await start({ env: { SCAVIO_RATE_PER_MINUTE: '2' } });
    let joined: Promise<unknown> | undefined;
    const late: FetchProgress[] = [];
    const first = h.service.fetchCatalog('chefmaya', {
      onProgress: (p) => {
        if (p.phase === 'rate-limit-wait' && !joined)
          joined = h.service.fetchCatalog('chefmaya', { onProgress: (q) => late.push(q) });
      },
    });
    await first;
    await joined;
    expect(late.map((e) => [e.phase, e.videosSoFar])).toEqual([
      ['rate-limit-wait', 30],
      ['page', 60],
      ['page', 75],
      ['done', 75],
    ]);
    expect(h.fake.requests).toHaveLength(4);
  });

  it('different accounts are fetched separately; a caller giving up does not cancel the others', async () => {
    const h = await start({ env: { SCAVIO_RATE_PER_MINUTE: '3' } });
    const quitter = new AbortController();
    const gaveUp = h.service.fetchCatalog('chefmaya', { signal: quitter.signal });
    const stays = h.service.fetchCatalog('chefmaya');
    const other = h.service.fetchCatalog('other');
    expect(h.service.fetchesInFlight).toBe(2);
    quitter.abort(new Error('left the channel'));
    await expect(gaveUp).rejects.toThrow('left the channel');
    expect((await stays).videos).toHaveLength(75);
    expect((await other).videos).toHaveLength(20);
    expect(h.fake.requests).toHaveLength(4 + 2);
  });

  it('close() cancels fetches in flight with a clear message', async () => {
    const h = await start({ env: { SCAVIO_RATE_PER_MINUTE: '1' } });
    const pending = h.service.fetchCatalog('chefmaya');
    const progress = h.service.fetchCatalog('chefmaya');
    h.service.close();
    for (const p of [pending, progress]) {
      const error = await p.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(UserFacingError);
      expect(error).toMatchObject({ code: 'service.closed' });
    }
  });
});

describe('createCatalogService', () => {
  it('builds from Config and shares one rate limiter per process', () => {
    const config = loadConfig({ SCAVIO_API_KEY: 'k', SCAVIO_RATE_PER_MINUTE: '7' }, 'live-cli');
    const limiter = processRateLimiter(config);
    expect(limiter).toMatchObject({ limit: 7, windowMs: 60_250 });
    expect(processRateLimiter(loadConfig({ SCAVIO_RATE_PER_MINUTE: '9' }))).toBe(limiter);
    expect(createCatalogService(config)).not.toBe(createCatalogService(config));
  });
});
