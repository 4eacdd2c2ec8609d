import { describe, expect, it } from 'vitest';
import { analyzeVideos } from '../../src/analysis/analyze.js';
import { normalUpperTail } from '../../src/analysis/distributions.js';
import { DURATION_BUCKETS, bucketIndexOf } from '../../src/analysis/duration-buckets.js';
import { benjaminiHochberg, leanOf, mannWhitney, separatingGroups } from '../../src/analysis/findings.js';
import { WEEKDAY_NAMES } from '../../src/analysis/local-time.js';
import type { Findings, GroupStats, GroupTest, Video } from '../../src/analysis/types.js';

/** A seeded generator, so every run tests the same catalogs. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => (state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0) / 4_294_967_296;
}

/**
 * A catalog with many ties (counters from a few values), videos without a
 * post time, a duration or a sound, and overlapping hashtags. With
 * `dateOnlyShare`, that share of the post times are dates without a time of day.
 */
function awkwardCatalog(seed: number, count: number, dateOnlyShare = 0): Video[] {
  const random = lcg(seed);
  const dates = lcg(seed + 1000);
  const tags = ['a', 'b', 'c', 'd', 'e', 'rare'];
  return Array.from({ length: count }, (_, i) => {
    const plays = [0, 100, 200, 400, 1000][Math.floor(random() * 5)]!;
    const video: Video = {
      id: String(i),
      caption: '',
      durationSec: random() < 0.15 ? 0 : [5, 15, 20, 45, 60, 90, 200, 700][Math.floor(random() * 8)]!,
      plays,
      likes: Math.floor(random() * 4) * 10,
      comments: random() < 0.5 ? 0 : 5,
      shares: 0,
      createdAtSec: random() < 0.1 ? null : 1_700_000_000 + Math.floor(random() * 20) * 7_200,
      hashtags: tags.filter((t) => random() < (t === 'rare' ? 0.01 : 0.3)),
      ...(random() < 0.2 ? {} : { sound: random() < 0.4 ? 'original sound - me' : 'hit song' }),
    };
    if (video.createdAtSec !== null && dates() < dateOnlyShare) {
      // As the normalizer reads `2023-11-14`: 00:00 UTC of the date, marked date-only.
      video.createdAtSec -= video.createdAtSec % 86_400;
      video.dateOnly = true;
    }
    return video;
  });
}

const rate = (v: Video) => (v.likes + v.comments + v.shares) / v.plays;
const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return (s[Math.floor((s.length - 1) / 2)]! + s[Math.floor(s.length / 2)]!) / 2;
};

/** The test by its definition: U by comparing every pair, the tie correction from the combined sample. */
function bruteForce(group: number[], rest: number[]) {
  let u = 0;
  for (const x of group) for (const y of rest) u += x > y ? 1 : x === y ? 0.5 : 0;
  const counts = new Map<number, number>();
  for (const v of [...group, ...rest]) counts.set(v, (counts.get(v) ?? 0) + 1);
  let tieTerm = 0;
  for (const t of counts.values()) tieTerm += t ** 3 - t;
  const n = group.length;
  const m = rest.length;
  const total = n + m;
  const sigma = Math.sqrt(((n * m) / 12) * (total + 1 - tieTerm / (total * (total - 1))));
  const z = (Math.max(u, n * m - u) - (n * m) / 2 - 0.5) / sigma;
  const p = sigma > 0 ? Math.min(1, 2 * normalUpperTail(z)) : 1;
  return { u, p, effect: (2 * u) / (n * m) - 1, medianGroup: median(group), medianRest: median(rest) };
}

/** Every group of every breakdown by definition (UTC): its videos and the rest it is compared with. */
function groupsByDefinition(videos: Video[]): Map<string, { group: number[]; rest: number[] }> {
  const analysed = videos.filter((v) => v.plays > 0);
  const out = new Map<string, { group: number[]; rest: number[] }>();
  const add = (id: string, within: Video[], member: (v: Video) => boolean) =>
    out.set(id, { group: within.filter(member).map(rate), rest: within.filter((v) => !member(v)).map(rate) });
  const tagCounts = new Map<string, number>();
  for (const v of analysed) for (const t of v.hashtags) tagCounts.set(t, (tagCounts.get(t) ?? 0) + 1);
  for (const [tag, count] of tagCounts)
    if (count >= 3) add(`hashtag:${tag}`, analysed, (v) => v.hashtags.includes(tag));
  const timed = analysed.filter((v) => v.createdAtSec !== null);
  const utc = (v: Video) => new Date(v.createdAtSec! * 1000);
  WEEKDAY_NAMES.forEach((day, i) => add(`weekday:${day}`, timed, (v) => (utc(v).getUTCDay() + 6) % 7 === i));
  // Hours against the other videos with a time of day: a date alone has none.
  const withHour = timed.filter((v) => v.dateOnly !== true);
  for (let h = 0; h < 24; h++) add(`hour:${String(h).padStart(2, '0')}`, withHour, (v) => utc(v).getUTCHours() === h);
  const sounded = analysed.filter((v) => v.sound !== undefined);
  add('sound:original', sounded, (v) => /original sound/i.test(v.sound!));
  const timedLengths = analysed.filter((v) => v.durationSec > 0);
  DURATION_BUCKETS.forEach((b, i) =>
    add(`duration:${b.label}`, timedLengths, (v) => bucketIndexOf(v.durationSec) === i),
  );
  return out;
}

describe('the group tests, against their definition', () => {
  for (const [seed, dateOnlyShare] of [
    [1, 0],
    [2, 0],
    [3, 0],
    [6, 0.3],
    [7, 0.6],
  ] as const) {
    const dates = dateOnlyShare > 0 ? `, ${dateOnlyShare * 100}% of post times dates only` : '';
    it(`catalog ${seed}${dates}: every testable group is tested, with U, p, effect and medians as defined`, () => {
      const videos = awkwardCatalog(seed, 400, dateOnlyShare);
      const findings = analyzeVideos(videos, { timeZone: 'UTC' }).findings;
      const definitions = groupsByDefinition(videos);
      const testable = [...definitions].filter(([, g]) => g.group.length >= 5 && g.rest.length >= 5);
      const ids = (tests: GroupTest[]) =>
        tests.filter((t) => t.dimension !== 'tiers').map((t) => `${t.dimension}:${t.key}`);
      expect(ids(findings.tests).sort()).toEqual(testable.map(([id]) => id).sort());
      for (const [id, { group, rest }] of testable) {
        const test = findings.tests.find((t) => `${t.dimension}:${t.key}` === id)!;
        const expected = bruteForce(group, rest);
        expect([test.n, test.nRest], id).toEqual([group.length, rest.length]);
        expect(test.u, id).toBe(expected.u);
        expect(test.p, id).toBeCloseTo(expected.p, 12);
        expect(test.effect, id).toBeCloseTo(expected.effect, 12);
        expect([test.medianGroup, test.medianRest], id).toEqual([expected.medianGroup, expected.medianRest]);
      }
    });
  }

  it('the tier tests compare the top tier with the bottom tier, a duration of 0 left out', () => {
    const videos = awkwardCatalog(4, 400);
    const analysis = analyzeVideos(videos);
    const { q25, q75 } = analysis.thresholds!;
    const analysed = videos.filter((v) => v.plays > 0);
    const top = analysed.filter((v) => rate(v) >= q75);
    const bottom = analysed.filter((v) => rate(v) <= q25);
    for (const [key, value, keep] of [
      ['plays', (v: Video) => v.plays, () => true],
      ['duration', (v: Video) => v.durationSec, (v: Video) => v.durationSec > 0],
    ] as const) {
      const test = analysis.findings.tests.find((t) => t.dimension === 'tiers' && t.key === key)!;
      const expected = bruteForce(top.filter(keep).map(value), bottom.filter(keep).map(value));
      expect(test.u, key).toBe(expected.u);
      expect(test.p, key).toBeCloseTo(expected.p, 12);
      expect([test.medianGroup, test.medianRest], key).toEqual([expected.medianGroup, expected.medianRest]);
    }
  });

  it('group medians in the breakdowns are the plain medians of their videos', () => {
    const videos = awkwardCatalog(5, 300);
    const analysis = analyzeVideos(videos, { timeZone: 'UTC' });
    const definitions = groupsByDefinition(videos);
    for (const group of analysis.hashtags.groups)
      expect(group.medianEngagementRate).toBe(median(definitions.get(`hashtag:${group.key}`)!.group));
    for (const bucket of analysis.durationBuckets)
      expect(bucket.medianEngagementRate).toBe(median(definitions.get(`duration:${bucket.label}`)!.group));
  });
});

describe('mannWhitney', () => {
  it('gives p = 1 when every value is tied, and an effect of 0', () => {
    expect(mannWhitney({ n: 5, nRest: 7, rankSum: 5 * 6.5, tieTerm: 12 ** 3 - 12 })).toEqual({
      u: 17.5,
      p: 1,
      effect: 0,
    });
  });
  it('is symmetric: the rest against the group has the same p and the opposite effect', () => {
    // group ranks 8..12 of 12, no ties
    const forward = mannWhitney({ n: 5, nRest: 7, rankSum: 8 + 9 + 10 + 11 + 12, tieTerm: 0 });
    const backward = mannWhitney({ n: 7, nRest: 5, rankSum: 1 + 2 + 3 + 4 + 5 + 6 + 7, tieTerm: 0 });
    expect(forward.effect).toBe(1);
    expect(backward.effect).toBe(-1);
    expect(backward.p).toBe(forward.p);
  });
});

describe('benjaminiHochberg', () => {
  it('is min over the larger p of p * m / rank, capped at 1, in the order given', () => {
    const random = lcg(9);
    const p = Array.from({ length: 40 }, () => (random() < 0.2 ? random() * 0.01 : random()));
    p.push(p[3]!); // a tie
    const sorted = [...p].sort((a, b) => a - b);
    const m = p.length;
    const expected = p.map((value) => {
      const first = sorted.indexOf(value);
      return Math.min(1, ...sorted.slice(first).map((later, k) => (later * m) / (first + k + 1)));
    });
    const q = benjaminiHochberg(p);
    q.forEach((value, i) => expect(value).toBeCloseTo(expected[i]!, 15));
  });
});

describe('reading the findings', () => {
  const test = (dimension: GroupTest['dimension'], key: string, effect: number, significant: boolean): GroupTest => ({
    dimension,
    key,
    n: 10,
    nRest: 10,
    medianGroup: 0.1,
    medianRest: 0.1,
    u: 50,
    p: significant ? 0.001 : 0.5,
    q: significant ? 0.01 : 0.6,
    effect,
    significant,
  });
  const findings: Findings = {
    alpha: 0.05,
    minSideVideos: 5,
    tests: [
      test('hashtag', 'up', 0.4, true),
      test('hashtag', 'down', -0.3, true),
      test('hashtag', 'flat', 0.2, false),
      test('sound', 'original', 0.3, true),
    ],
  };
  const group = (key: string): GroupStats => ({
    key,
    count: 10,
    avgEngagementRate: 0.1,
    medianEngagementRate: 0.1,
    topCount: 3,
    bottomCount: 3,
  });

  it('a group leans only where its test is significant; without a test it is untested', () => {
    expect(leanOf(findings, 'hashtag', 'up')).toBe('top');
    expect(leanOf(findings, 'hashtag', 'down')).toBe('bottom');
    expect(leanOf(findings, 'hashtag', 'flat')).toBe('neither');
    expect(leanOf(findings, 'hashtag', 'tiny')).toBe('untested');
    expect(leanOf(findings, 'sound', 'original')).toBe('top');
    expect(leanOf(findings, 'sound', 'other')).toBe('bottom'); // the same test, read the other way round
  });

  it('separatingGroups keeps the order of the tests and counts the untested', () => {
    const picked = separatingGroups(findings, 'hashtag', ['flat', 'down', 'up', 'tiny'].map(group), 3);
    expect(picked.leansTop.map((g) => g.key)).toEqual(['up']);
    expect(picked.leansBottom.map((g) => g.key)).toEqual(['down']);
    expect([picked.tested, picked.untested]).toEqual([3, 1]);
  });
});
