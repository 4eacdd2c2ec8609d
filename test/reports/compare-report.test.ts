import { describe, expect, it } from 'vitest';
import type { AccountFigures, AccountTest, Comparison } from '../../src/analysis/compare.js';
import { compareReport, renderComparisonText, verdictLine } from '../../src/reports/compare-report.js';
import { findLimitViolations } from '../../src/reports/discord-limits.js';
import type { Catalog } from '../../src/tiktok/catalog.js';

/** The comparison in words: the verdicts follow the tests, and the report fits Discord with 5 long handles. */

const tested = (over: Partial<Extract<AccountTest, { tested: true }>>): AccountTest => ({
  username: 'b',
  against: 'you',
  tested: true,
  n: 40,
  nAgainst: 60,
  median: 0.112,
  medianAgainst: 0.084,
  u: 1500,
  p: 0.001,
  q: 0.002,
  effect: 0.25,
  significant: true,
  ...over,
});

describe('verdictLine', () => {
  it('says which engages more, with the medians, when the test finds a difference', () => {
    expect(verdictLine(tested({}))).toBe('@b engages more than @you: median 11.2% vs 8.4%, beyond chance.');
    expect(verdictLine(tested({ median: 0.05, effect: -0.3 }))).toBe(
      '@b engages less than @you: median 5.0% vs 8.4%, beyond chance.',
    );
  });

  it('never contradicts the medians it shows: rates that rank higher with a lower median are said to rank higher', () => {
    expect(verdictLine(tested({ median: 0.08, effect: 0.2 }))).toBe(
      "@b's rates rank higher than @you's: median 8.0% vs 8.4%, beyond chance.",
    );
  });

  it('says "no clear difference" when the guarded test finds none, and "not tested" for too few videos', () => {
    expect(verdictLine(tested({ significant: false, q: 0.2 }))).toBe(
      '@b vs @you: no clear difference (median 11.2% vs 8.4%).',
    );
    expect(verdictLine({ username: 'b', against: 'you', tested: false, n: 3, nAgainst: 60 })).toBe(
      '@b vs @you: not tested, too few analysed videos (3 vs 60; at least 5 each).',
    );
  });
});

describe('compareReport', () => {
  const handle = (c: string) => `${c}_`.repeat(12);
  const figures = (username: string): AccountFigures => ({
    username,
    videoCount: 300,
    analyzedCount: 298,
    medianEngagementRate: 0.084,
    quartiles: { q25: 0.06, q75: 0.11 },
    meanShareRate: 0.004,
    meanCommentRate: 0.002,
    cadence: { perWeek: 3.5, weeks: 8, until: '2026-11-30T00:00:00.000Z', endsAt: 'fetch', atLeast: true },
    bestDuration: { label: '15-30s', count: 80, avgEngagementRate: 0.09, liftOverMean: 0.1, significant: true },
    topHashtags: [
      { tag: 'a_very_long_hashtag_name_indeed', count: 90, share: 0.3 },
      { tag: 'food', count: 60, share: 0.2 },
      { tag: 'recipe', count: 30, share: 0.1 },
    ],
    followers: 48_210,
  });
  const names = ['a', 'b', 'c', 'd', 'e'].map(handle);
  const comparison: Comparison = {
    alpha: 0.05,
    minSideVideos: 5,
    accounts: names.map(figures),
    tests: names.slice(1).map((username) => tested({ username, against: names[0]! })),
  };
  const catalog = (username: string): Catalog => ({
    account: { username, followers: 48_210, videoCountHint: 900 },
    videos: [],
    skipped: [],
    source: {
      kind: 'scavio',
      fetchedAt: '2026-11-30T00:00:00.000Z',
      calls: 11,
      creditsUsed: 11,
      creditsRemaining: 500,
      fromCache: false,
    },
    completeness: { complete: false, expectedVideos: 320, reason: 'the provider stopped' },
  });

  it('fits Discord with five 24-character handles, a field per account, partial catalogs labelled', () => {
    const { embeds } = compareReport(
      { comparison, catalogs: names.map(catalog) },
      { now: new Date('2026-11-30T00:05:00Z'), chartFileName: 'compare.png' },
    );
    expect(findLimitViolations({ embeds })).toEqual([]);
    expect(embeds[0]!.fields).toHaveLength(5);
    expect(embeds[0]!.fields![0]!.value).toContain('⚠️ incomplete: 0 of 320 videos');
    expect(embeds[0]!.fields![0]!.value).toContain('Posting: ≥ 3.5/week (last 8 weeks)');
    expect(embeds[0]!.fields![0]!.value).toContain('Followers: 48.2K');
    // Handles are escaped, so underscores do not turn into italics.
    expect(embeds[0]!.description).toContain(`@${names[1]!.replaceAll('_', '\\_')} engages more than`);
    expect(embeds[0]!.image).toEqual({ url: 'attachment://compare.png' });
  });

  it('prints the same verdicts in the terminal text', () => {
    const text = renderComparisonText({ comparison, catalogs: names.map(catalog) }, { now: new Date() });
    for (const test of comparison.tests) expect(text).toContain(verdictLine(test));
    expect(text).toContain(`note: @${names[0]} incomplete: 0 of 320 videos`);
  });
});
