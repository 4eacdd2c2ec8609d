import { describe, expect, it } from 'vitest';
import { analyzeVideos } from '../../src/analysis/analyze.js';
import { takeSnapshot, type Snapshot } from '../../src/analysis/snapshot.js';
import { analyzeAccount, analyzeCatalog } from '../../src/retention/analyze-account.js';
import type { CatalogProvider, FetchCatalogOptions } from '../../src/retention/catalog-provider.js';
import { recordSnapshot } from '../../src/retention/record-snapshot.js';
import { readCatalogFile } from '../../src/tiktok/file-source.js';
import { catalogPath } from '../support/fixtures.js';

/**
 * The use cases every entry point calls: fetch -> analyze is the analysis
 * module's own result for the catalog, measured at the catalog's fetch time,
 * and a recorded snapshot is the one takeSnapshot makes, stored as given.
 */

describe('analyzeAccount / analyzeCatalog', () => {
  it('asks the provider for the account with the fetch options, and analyses what it returns', async () => {
    const catalog = await readCatalogFile(catalogPath('clean-60'));
    const asked: { account: string; options: FetchCatalogOptions | undefined }[] = [];
    const provider: CatalogProvider = {
      fetchCatalog: (account, options) => {
        asked.push({ account, options });
        return Promise.resolve(catalog);
      },
    };
    const result = await analyzeAccount(
      provider,
      'chefmaya',
      { maxVideos: 60, lane: 'g1', capped: true },
      { timeZone: 'Europe/Berlin', minAgeDays: 30 },
    );
    expect(asked).toEqual([{ account: 'chefmaya', options: { maxVideos: 60, lane: 'g1', capped: true } }]);
    expect(result.catalog).toBe(catalog);
    expect(result.analysis).toEqual(
      analyzeVideos(catalog.videos, { timeZone: 'Europe/Berlin', asOf: catalog.source.fetchedAt, minAgeDays: 30 }),
    );
    // The setting reached the analysis (not only the equality above, which would also hold for 0 on both sides).
    expect(result.analysis.videoAge.minAgeDays).toBe(30);
  });

  it('analyses a catalog in hand the same way (minAgeDays 0 by default)', async () => {
    const catalog = await readCatalogFile(catalogPath('edge-240'));
    expect(analyzeCatalog(catalog, { timeZone: 'UTC' }).analysis).toEqual(
      analyzeVideos(catalog.videos, { timeZone: 'UTC', asOf: catalog.source.fetchedAt, minAgeDays: 0 }),
    );
  });
});

describe('recordSnapshot', () => {
  it('stores the snapshot takeSnapshot makes of the analysed catalog, with the week given', async () => {
    const catalog = await readCatalogFile(catalogPath('clean-60'));
    const result = analyzeCatalog(catalog, { timeZone: 'UTC' });
    const stored: { snapshot: Snapshot; options: { week?: string } }[] = [];
    const takenAt = new Date('2026-11-30T09:00:00Z');
    const snapshot = await recordSnapshot(
      {
        append: (s, options = {}) => {
          stored.push({ snapshot: s, options });
          return Promise.resolve();
        },
      },
      'chefmaya',
      result,
      takenAt,
      { week: '2026-W49' },
    );
    expect(snapshot).toEqual(takeSnapshot('chefmaya', catalog.videos, result.analysis, takenAt));
    expect(stored).toEqual([{ snapshot, options: { week: '2026-W49' } }]);
  });
});
