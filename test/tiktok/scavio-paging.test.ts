import { afterEach, describe, expect, it } from 'vitest';
import { UserFacingError } from '../../src/errors.js';
import { catalogNotes } from '../../src/reports/catalog-notes.js';
import { syntheticAwemes } from '../support/fake-scavio.js';
import { startScavioHarness, type HarnessOptions, type ScavioHarness } from '../support/scavio-harness.js';

/** Scavio paging that ends early is labelled partial, never loops, and never reads a runaway page. */

let harness: ScavioHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function start(options: HarnessOptions): Promise<ScavioHarness> {
  harness = await startScavioHarness({ env: { SCAVIO_RATE_PER_MINUTE: '1000' }, ...options });
  return harness;
}

const account = (username: string, count: number, extra: { awemeCount?: number } = {}) => ({
  username,
  videos: syntheticAwemes(count, username),
  ...extra,
});

describe('Scavio paging guards', () => {
  it('a cursor that does not advance ends the fetch after that page: no loop, labelled incomplete', async () => {
    const h = await start({ accounts: [account('looper', 90)], fake: { switches: { repeatCursorFrom: 2 } } });
    const catalog = await h.service.fetchCatalog('looper');
    // Page 1 advances; page 2 hands back the cursor it was given: stop there instead of paying for page 2 forever.
    expect(h.fake.requestsTo('user/posts')).toHaveLength(2);
    expect(catalog.videos).toHaveLength(60);
    expect(catalog.completeness).toEqual({
      complete: false,
      expectedVideos: 90,
      reason: 'the page cursor did not advance',
    });
    expect(catalogNotes(catalog)[0]).toBe('Incomplete: 60 of 90 videos (the page cursor did not advance).');
  });

  it('an empty page that still claims more is retried once; a second one ends the fetch', async () => {
    const once = await start({
      accounts: [account('hiccup', 60)],
      fake: { switches: { emptyPagesClaimingMore: { nth: 2, times: 1 } } },
    });
    const whole = await once.service.fetchCatalog('hiccup');
    expect(whole.videos).toHaveLength(60);
    expect(whole.completeness?.complete).toBe(true);
    const cursors = once.fake.requestsTo('user/posts').map((r) => (r.body as { cursor: string }).cursor);
    expect(cursors[1]).toBe(cursors[2]); // the retry asks for the same page again
    await once.close();

    const twice = await start({
      accounts: [account('hiccup', 60)],
      fake: { switches: { emptyPagesClaimingMore: { nth: 2, times: 50 } } },
    });
    const partial = await twice.service.fetchCatalog('hiccup');
    expect(twice.fake.requestsTo('user/posts')).toHaveLength(3);
    expect(partial.videos).toHaveLength(30);
    expect(partial.completeness).toMatchObject({ complete: false, expectedVideos: 60 });
    expect(partial.completeness?.reason).toMatch(/empty pages/);
  });

  it('a page that brings no new video ids ends the fetch', async () => {
    const first = syntheticAwemes(30, 'echo');
    // The provider serves page 1 twice under an advancing cursor.
    const h = await start({ accounts: [{ username: 'echo', videos: [...first, ...first, ...first], awemeCount: 90 }] });
    const catalog = await h.service.fetchCatalog('echo');
    expect(h.fake.requestsTo('user/posts')).toHaveLength(2);
    expect(catalog.videos).toHaveLength(30);
    expect(catalog.intake?.duplicates).toBe(30);
    expect(catalog.completeness).toEqual({
      complete: false,
      expectedVideos: 90,
      reason: 'a page brought no new videos',
    });
  });

  it('fewer videos than the profile counts: incomplete, "45 of 60"', async () => {
    const h = await start({ accounts: [account('shy', 45, { awemeCount: 60 })] });
    const catalog = await h.service.fetchCatalog('shy');
    expect(catalog.videos).toHaveLength(45);
    expect(catalog.completeness).toEqual({
      complete: false,
      expectedVideos: 60,
      reason: 'the pages ended after 45 videos, the profile counts 60',
    });
  });

  it('the limit asked for is what "complete" means: 30 of an account of 100, asked for 30, is complete', async () => {
    const h = await start({ accounts: [account('big', 100)] });
    const catalog = await h.service.fetchCatalog('big', { maxVideos: 30 });
    expect(catalog.completeness).toEqual({ complete: true, expectedVideos: 30, reason: null });
  });

  for (const declareLength of [true, false]) {
    it(`a page larger than SCAVIO_MAX_RESPONSE_BYTES is refused unread (${declareLength ? 'with' : 'without'} Content-Length), not retried`, async () => {
      const h = await start({
        accounts: [account('huge', 60)],
        env: { SCAVIO_RATE_PER_MINUTE: '1000', SCAVIO_MAX_RESPONSE_BYTES: String(1024 * 1024) },
        fake: { switches: { hugePage: { nth: 1, bytes: 8 * 1024 * 1024, declareLength } } },
      });
      const error = await h.service.fetchCatalog('huge').then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(UserFacingError);
      expect((error as UserFacingError).code).toBe('scavio.response_too_large');
      expect((error as UserFacingError).message).toMatch(/over the 1 MB limit \(SCAVIO_MAX_RESPONSE_BYTES\)/);
      expect(h.fake.requestsTo('user/posts')).toHaveLength(1);
    });
  }

  it('pages whose items carry no duration: the report says the provider gave none', async () => {
    const videos = syntheticAwemes(10, 'nodur').map((item) =>
      Object.fromEntries(Object.entries(item).filter(([key]) => key !== 'duration' && key !== 'video')),
    );
    const h = await start({ accounts: [{ username: 'nodur', videos }] });
    const catalog = await h.service.fetchCatalog('nodur');
    expect(catalog.videos.every((v) => v.durationSec === 0)).toBe(true);
    expect(catalogNotes(catalog)).toContain('The source gave no video durations, so there is no breakdown by length.');
  });
});
