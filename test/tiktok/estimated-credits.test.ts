import { afterEach, describe, expect, it } from 'vitest';
import { syntheticAwemes } from '../support/fake-scavio.js';
import { startScavioHarness, type ScavioHarness } from '../support/scavio-harness.js';

/**
 * What compare's cost estimate rests on: a fetch of up to N videos costs at most 1 + ceil(N / 30) credits
 * (the fake Scavio charges 1 a call), and nothing when the cache holds the catalog or a fetch in flight
 * will share it.
 */

let harness: ScavioHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('CatalogService.estimatedCredits', () => {
  it('is an upper bound of what the fetch is charged, and 0 once cached or while in flight', async () => {
    const h = (harness = await startScavioHarness({
      accounts: [{ username: 'chefmaya', videos: syntheticAwemes(75, 'chefmaya') }],
    }));
    expect(h.service.estimatedCredits('chefmaya', 90)).toBe(1 + 3);
    expect(h.service.estimatedCredits('chefmaya', 75)).toBe(1 + 3);
    expect(h.service.estimatedCredits('@ChefMaya')).toBe(1 + Math.ceil(h.config.scavio.maxVideos / 30));

    const fetching = h.service.fetchCatalog('chefmaya', { maxVideos: 75 });
    expect(h.service.estimatedCredits('chefmaya', 75)).toBe(0);
    await fetching;
    // Exactly the estimate here: 75 videos fill the limit.
    expect(h.fake.credits.used).toBe(1 + 3);
    expect(h.service.estimatedCredits('chefmaya', 75)).toBe(0);
    // Another limit is another catalog.
    expect(h.service.estimatedCredits('chefmaya', 30)).toBe(1 + 1);
  });

  it('refuses a bad limit or username like fetchCatalog, before any call', async () => {
    const h = (harness = await startScavioHarness({ accounts: [] }));
    expect(() => h.service.estimatedCredits('chefmaya', 0)).toThrow(/video limit/u);
    expect(() => h.service.estimatedCredits('not a handle!')).toThrow();
    expect(h.fake.requests).toHaveLength(0);
  });
});
