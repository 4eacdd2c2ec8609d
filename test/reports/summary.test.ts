import { describe, expect, it } from 'vitest';
import { analyzeVideos } from '../../src/analysis/analyze.js';
import type { Analysis, Video } from '../../src/analysis/types.js';
import { chancePhrase, summaryLines } from '../../src/reports/summary.js';
import { normalizeRecords } from '../../src/tiktok/normalize.js';
import { CATALOG_NAMES, expectedFindings, fixtureRecords } from '../support/fixtures.js';

/**
 * The false-discovery guard as a reader meets it: the summary names a group
 * only when the analysis found it beyond chance, so catalogs without effects
 * get the honest sentence and the planted catalog gets its three effects.
 */

const analyse = (videos: Video[]) => analyzeVideos(videos, { timeZone: 'UTC' });

/** The groups a summary names, as 'dimension:key'. */
function namedGroups(lines: readonly string[]): string[] {
  const named: string[] = [];
  for (const line of lines) {
    const tag = /^Videos tagged #(\S+):/u.exec(line);
    if (tag) named.push(`hashtag:${tag[1]}`);
    const hour = /^Videos posted (\d\d):00-\d\d:00 /u.exec(line);
    if (hour) named.push(`hour:${hour[1]}`);
    const day = /^Videos posted on ([A-Z][a-z]{2})[a-z]*day:/u.exec(line);
    if (day) named.push(`weekday:${day[1]}`);
    const length = /^Videos (\S+) long:/u.exec(line);
    if (length) named.push(`duration:${length[1]}`);
    if (line.startsWith('Videos with an original sound:')) named.push('sound:original');
  }
  return named;
}

const NOTHING =
  /no hashtag, posting time, sound or length (separates your best videos from the rest beyond chance|has the 5 videos on each side a test needs)/u;

describe('the summary names only what the reference calls significant', () => {
  for (const name of CATALOG_NAMES) {
    it(`${name}`, () => {
      const lines = summaryLines(analyse(normalizeRecords(fixtureRecords(name)).videos));
      const reference = expectedFindings(name).findings;
      const significant = reference.tests
        .filter((t) => t.dimension !== 'tiers' && t.q < reference.alpha)
        .sort((a, b) => a.p - b.p)
        .map((t) => `${t.dimension}:${t.key}`);
      expect(namedGroups(lines)).toEqual(significant.slice(0, 5));
      if (significant.length === 0) expect(lines[0]).toMatch(NOTHING);
      else expect(lines.join('\n')).not.toMatch(NOTHING);
    });
  }

  it('planted-1000: the three planted effects, with their figures', () => {
    const analysis = analyse(normalizeRecords(fixtureRecords('planted-1000')).videos);
    const lines = summaryLines(analysis);
    expect(namedGroups(lines)).toEqual(expect.arrayContaining(['hashtag:recipe', 'hour:18', 'duration:30-60s']));
    const recipe = lines.find((line) => line.startsWith('Videos tagged #recipe'))!;
    expect(recipe).toBe(
      'Videos tagged #recipe: 12.05% median engagement vs 8.38% for the rest (103 vs 897 videos; ' +
        'counting all 65 groups checked, a difference this large would be a fluke less than 1 time in a million).',
    );
    expect(lines.find((line) => line.startsWith('Videos posted 18:00-19:00 (UTC)'))).toBeDefined();
    expect(lines.length).toBeLessThanOrEqual(5);
  });
});

/** A catalog in which nothing has an effect: every video's rate comes from the same distribution. */
function nullCatalog(seed: number, count: number): Video[] {
  let state = seed >>> 0;
  const random = () => (state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0) / 4_294_967_296;
  const tags = ['recipe', 'vlog', 'fyp', 'asmr', 'tutorial', 'comedy', 'gym', 'booktok', 'dinner', 'travel'];
  return Array.from({ length: count }, (_, i) => {
    const plays = 200 + Math.floor(random() * random() * 200_000);
    const rate = 0.02 + random() * random() * 0.15;
    return {
      id: String(i),
      caption: '',
      durationSec: 3 + Math.floor(random() * random() * 400),
      plays,
      likes: Math.round(plays * rate * 0.85),
      comments: Math.round(plays * rate * 0.05),
      shares: Math.round(plays * rate * 0.1),
      createdAtSec: 1_700_000_000 + Math.floor(random() * 30_000_000),
      hashtags: tags.filter(() => random() < 0.15),
      sound: random() < 0.4 ? 'original sound - me' : 'a hit',
    };
  });
}

describe('the false-discovery guard on catalogs with no effects', () => {
  it('30 catalogs of 300 videos: at most a couple of chance findings in all, and mostly the honest sentence', () => {
    const analyses: Analysis[] = Array.from({ length: 30 }, (_, i) => analyse(nullCatalog(1000 + i, 300)));
    const named = analyses.map((a) => namedGroups(summaryLines(a)).length);
    const testsPerCatalog = analyses.map((a) => a.findings.tests.length);
    // Dozens of tests each: without the guard, about 5% of them (2-3 a catalog) would pass p < 0.05.
    expect(Math.min(...testsPerCatalog)).toBeGreaterThan(30);
    const uncorrected = analyses.reduce(
      (n, a) => n + a.findings.tests.filter((t) => t.dimension !== 'tiers' && t.p < 0.05).length,
      0,
    );
    expect(uncorrected).toBeGreaterThan(30);
    // With it, the false-discovery rate is held at 5%: a catalog shows any finding about 1 time in 20.
    expect(named.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(3);
    expect(named.filter((n) => n === 0).length).toBeGreaterThanOrEqual(28);
    for (const [i, analysis] of analyses.entries())
      if (named[i] === 0) expect(summaryLines(analysis)[0]).toMatch(NOTHING);
  });
});

describe('the "by chance" figure of a finding', () => {
  it('is phrased from the corrected q over every test, not the uncorrected p, and says so', () => {
    // planted-1000: 30-60s has p = 0.000826 but q = 0.0134 among 65 tests.
    const analysis = analyse(normalizeRecords(fixtureRecords('planted-1000')).videos);
    const test = analysis.findings.tests.find((t) => t.dimension === 'duration' && t.key === '30-60s')!;
    expect(test.p).toBeLessThan(0.001);
    expect(test.q).toBeCloseTo(0.0134, 4);
    expect(analysis.findings.tests).toHaveLength(65);
    const line = summaryLines(analysis).find((l) => l.startsWith('Videos 30-60s long'));
    expect(line).toBe(
      'Videos 30-60s long: 9.78% median engagement vs 8.48% for the rest (111 vs 889 videos; ' +
        'counting all 65 groups checked, a difference this large would be a fluke about 1 time in 75).',
    );
  });
});

describe('chancePhrase', () => {
  it('says how often chance alone gives a difference this large', () => {
    expect(chancePhrase(1e-9)).toBe('less than 1 time in a million');
    expect(chancePhrase(0.0004)).toBe('less than 1 time in 1,000');
    expect(chancePhrase(0.0123)).toBe('about 1 time in 81');
  });
});
