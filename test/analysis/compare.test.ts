import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeVideos } from '../../src/analysis/analyze.js';
import {
  CADENCE_WEEKS,
  compareAnalyses,
  postingCadence,
  rankTotals,
  type CompareInput,
} from '../../src/analysis/compare.js';
import { mannWhitney } from '../../src/analysis/findings.js';
import type { Video } from '../../src/analysis/types.js';
import { readCatalogFile } from '../../src/tiktok/file-source.js';
import { catalogPath, differences, type CatalogName } from '../support/fixtures.js';

/**
 * The comparison's statistics against the reference (scripts/reference/compare.py: scipy's
 * mannwhitneyu and Benjamini-Hochberg, numpy's quantiles) on the fixture catalogs, plus the
 * posting cadence on videos whose count in the window is known by construction.
 */

interface ReferenceFamily {
  accounts: { account: CatalogName; analyzedCount: number; median: number; q25: number; q75: number }[];
  tests: {
    account: CatalogName;
    n: number;
    nAgainst: number;
    u: number;
    p: number;
    effect: number;
    q: number;
    significant: boolean;
  }[];
}

const references = JSON.parse(readFileSync(new URL('./compare-references.json', import.meta.url), 'utf8')) as {
  families: ReferenceFamily[];
};

async function inputOf(name: CatalogName): Promise<CompareInput> {
  const catalog = await readCatalogFile(catalogPath(name));
  return {
    username: name,
    videos: catalog.videos,
    analysis: analyzeVideos(catalog.videos, { asOf: catalog.source.fetchedAt }),
    followers: catalog.account.followers,
    asOf: catalog.source.fetchedAt,
    cadenceEnd: 'newest-video',
    wholeCatalog: true,
  };
}

describe('compareAnalyses against the scipy reference', () => {
  it.each(references.families.map((family) => [family.accounts.map((a) => a.account).join(' vs '), family] as const))(
    '%s',
    async (_, family) => {
      const comparison = compareAnalyses(await Promise.all(family.accounts.map((a) => inputOf(a.account))));
      expect(
        differences(
          family.accounts.map((a) => ({
            username: a.account,
            analyzedCount: a.analyzedCount,
            medianEngagementRate: a.median,
            quartiles: { q25: a.q25, q75: a.q75 },
          })),
          comparison.accounts,
        ),
      ).toEqual([]);
      expect(
        differences(
          family.tests.map((t) => ({
            username: t.account,
            against: family.accounts[0]!.account,
            tested: true,
            n: t.n,
            nAgainst: t.nAgainst,
            u: t.u,
            p: t.p,
            effect: t.effect,
            q: t.q,
            significant: t.significant,
          })),
          comparison.tests,
        ),
      ).toEqual([]);
      expect(comparison.tests).toHaveLength(family.tests.length);
    },
  );

  it('the reference families include both a difference beyond chance and none', () => {
    const verdicts = references.families.flatMap((f) => f.tests.map((t) => t.significant));
    expect(verdicts).toContain(true);
    expect(verdicts).toContain(false);
  });
});

describe('rankTotals', () => {
  it('ranks ties at their average and counts every tied run (hand-computed)', () => {
    // Combined sorted: 1 1 2 3 3 3 -> ranks 1.5 1.5 3 5 5 5; group {1, 3, 3} -> 1.5 + 5 + 5.
    const totals = rankTotals(Float64Array.from([3, 1, 3]), Float64Array.from([1, 2, 3]));
    expect(totals).toEqual({ n: 3, nRest: 3, rankSum: 11.5, tieTerm: 2 * 2 * 2 - 2 + (3 * 3 * 3 - 3) });
    expect(mannWhitney(totals).u).toBe(11.5 - 6);
  });
});

describe('compareAnalyses guards', () => {
  const video = (id: number, plays: number, likes: number, createdAtSec: number | null = null): Video => ({
    id: String(id),
    caption: '',
    durationSec: 20,
    plays,
    likes,
    comments: 0,
    shares: 0,
    createdAtSec,
    hashtags: [],
  });
  const input = (username: string, videos: Video[]): CompareInput => ({
    username,
    videos,
    analysis: analyzeVideos(videos),
    followers: null,
    asOf: '2026-11-30T00:00:00Z',
    cadenceEnd: 'fetch',
    wholeCatalog: true,
  });

  it('leaves an account with fewer than 5 analysed videos untested, and guards only the tests run', () => {
    const many = Array.from({ length: 8 }, (_, i) => video(i, 1000, 10 + i));
    const few = Array.from({ length: 4 }, (_, i) => video(i, 1000, 50 + i));
    const comparison = compareAnalyses([input('you', many), input('few', few), input('same', many)]);
    expect(comparison.tests[0]).toEqual({ username: 'few', against: 'you', tested: false, n: 4, nAgainst: 8 });
    // One test in the family: q is its own p.
    const same = comparison.tests[1]!;
    expect(same.tested && same.q === same.p).toBe(true);
    expect(same.tested && same.significant).toBe(false);
  });

  it('refuses fewer than two accounts', () => {
    expect(() => compareAnalyses([input('you', [video(1, 10, 1)])])).toThrow(/at least 2 accounts/u);
  });
});

describe('postingCadence', () => {
  const asOf = '2026-11-30T00:00:00.000Z';
  const asOfSec = Date.parse(asOf) / 1000;
  const week = 7 * 86_400;
  const fetch = { asOf, endsAt: 'fetch' } as const;
  const at = (sec: number | null, i: number): Video => ({
    id: String(i),
    caption: '',
    durationSec: 10,
    plays: 1,
    likes: 0,
    comments: 0,
    shares: 0,
    createdAtSec: sec,
    hashtags: [],
  });

  it('counts the videos posted in the 8 weeks before the fetch, per week', () => {
    // 12 inside the window (the edge asOf - 8 weeks itself is outside), 3 older, 1 undated.
    const inside = Array.from({ length: 12 }, (_, i) => asOfSec - i * 4 * 86_400);
    const videos = [...inside, asOfSec - CADENCE_WEEKS * week, asOfSec - 9 * week, asOfSec - 20 * week, null].map(at);
    expect(postingCadence(videos, fetch, false)).toEqual({
      perWeek: 12 / 8,
      weeks: 8,
      until: asOf,
      endsAt: 'fetch',
      atLeast: false,
    });
  });

  it("ends a file's window at its newest video", () => {
    const newest = asOfSec - 30 * week;
    // Inside the 8 weeks up to the newest: it, and 3 more; 2 older.
    const videos = [newest, newest - week, newest - 3 * week, newest - 7 * week, newest - 8 * week, newest - 12 * week];
    expect(postingCadence(videos.map(at), { asOf, endsAt: 'newest-video' }, true)).toEqual({
      perWeek: 4 / 8,
      weeks: 8,
      until: new Date(newest * 1000).toISOString(),
      endsAt: 'newest-video',
      atLeast: false,
    });
  });

  it('is a lower bound when a cut catalog does not reach back to the window start', () => {
    const videos = [asOfSec - week, asOfSec - 2 * week].map(at);
    expect(postingCadence(videos, fetch, false)).toMatchObject({ perWeek: 2 / 8, atLeast: true });
    expect(postingCadence(videos, fetch, true)).toMatchObject({ perWeek: 2 / 8, atLeast: false });
  });

  it('is unknown without post times', () => {
    expect(postingCadence([at(null, 1)], fetch, true)).toBeNull();
  });
});
