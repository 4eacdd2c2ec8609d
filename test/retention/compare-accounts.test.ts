import { describe, expect, it } from 'vitest';
import { analyzeAccount } from '../../src/retention/analyze-account.js';
import type { CatalogProvider } from '../../src/retention/catalog-provider.js';
import { compareAccounts } from '../../src/retention/compare-accounts.js';
import { readCatalogFile } from '../../src/tiktok/file-source.js';
import { catalogPath, type CatalogName } from '../support/fixtures.js';

/**
 * Compare's figures come from the same analysis as analyze: each account's
 * column equals what analyzeAccount gives for the same catalog and settings.
 */

const files: CatalogProvider = { fetchCatalog: (path) => readCatalogFile(path) };
const names: CatalogName[] = ['planted-1000', 'clean-60', 'edge-240'];
const settings = { timeZone: 'America/New_York', minAgeDays: 0 };

describe('compareAccounts', () => {
  it('gives each account the figures of its own analyzeAccount result, and fetches in the order asked', async () => {
    const asked: string[] = [];
    const provider: CatalogProvider = {
      fetchCatalog: (path, options) => {
        asked.push(path);
        return files.fetchCatalog(path, options);
      },
    };
    const paths = names.map(catalogPath);
    const { accounts, comparison } = await compareAccounts(provider, paths, () => ({}), settings);
    expect(asked).toEqual(paths);
    for (const [i, path] of paths.entries()) {
      const single = await analyzeAccount(files, path, {}, settings);
      // The same analysis (file reads stamp their own time: compare all but the provenance).
      expect(accounts[i]!.analysis).toEqual({
        ...single.analysis,
        videoAge: { ...single.analysis.videoAge, asOfSec: accounts[i]!.analysis.videoAge.asOfSec },
      });
      const { analysis } = single;
      expect(comparison.accounts[i]).toMatchObject({
        username: names[i],
        videoCount: analysis.videoCount,
        analyzedCount: analysis.analyzedCount,
        medianEngagementRate: analysis.overall!.medianEngagementRate,
        quartiles: analysis.thresholds,
        meanShareRate: analysis.overall!.meanShareRate,
        meanCommentRate: analysis.overall!.meanCommentRate,
        bestDuration: analysis.durationSweetSpot,
        topHashtags: analysis.hashtags.groups.slice(0, 3).map((g) => ({
          tag: g.key,
          count: g.count,
          share: g.count / analysis.analyzedCount,
        })),
        followers: null,
      });
    }
  });

  it('refuses fewer than 2 or more than 5 accounts before fetching anything', async () => {
    const asked: string[] = [];
    const provider: CatalogProvider = {
      fetchCatalog: (path) => {
        asked.push(path);
        return files.fetchCatalog(path);
      },
    };
    await expect(compareAccounts(provider, [catalogPath('clean-60')], () => ({}), settings)).rejects.toThrow(
      /2 to 5 accounts/u,
    );
    await expect(
      compareAccounts(
        provider,
        Array.from({ length: 6 }, () => catalogPath('clean-60')),
        () => ({}),
        settings,
      ),
    ).rejects.toThrow(/2 to 5 accounts/u);
    expect(asked).toEqual([]);
  });
});
