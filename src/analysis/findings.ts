/**
 * The tests behind every "leans top / bottom": a two-sided Mann-Whitney U test
 * per group against the rest, and a Benjamini-Hochberg guard over all of
 * them, so that looking at dozens of groups does not turn noise into findings.
 * Semantics pinned by test/fixtures/README.md (scipy's mannwhitneyu,
 * method='asymptotic', use_continuity=True).
 */
import { normalUpperTail } from './distributions.js';
import type { FindingDimension, Findings, GroupStats, GroupTest } from './types.js';

/** False-discovery rate the findings are held to. */
export const ALPHA = 0.05;
/** A test needs this many videos on each side. */
export const MIN_SIDE_VIDEOS = 5;

/** A group's rank totals within the sample it is compared in (group + rest). */
export interface RankTotals {
  n: number;
  nRest: number;
  /** Sum of the group's ranks (1-based, ties at their average) in the combined sample. */
  rankSum: number;
  /** Sum of t^3 - t over the runs of t tied values of the combined sample. */
  tieTerm: number;
}

export interface MannWhitney {
  u: number;
  p: number;
  effect: number;
}

/**
 * U of the group, the two-sided p of the normal approximation with tie and
 * continuity correction (1 when every value is tied), and the rank-biserial
 * correlation. Written in scipy's order of operations.
 */
export function mannWhitney({ n, nRest, rankSum, tieTerm }: RankTotals): MannWhitney {
  const u = rankSum - (n * (n + 1)) / 2;
  const uOther = n * nRest - u;
  const mu = (n * nRest) / 2;
  const total = n + nRest;
  const s = Math.sqrt(((n * nRest) / 12) * (total + 1 - tieTerm / (total * (total - 1))));
  const p = s > 0 ? Math.min(1, Math.max(0, 2 * normalUpperTail((Math.max(u, uOther) - mu - 0.5) / s))) : 1;
  return { u, p, effect: (2 * u) / (n * nRest) - 1 };
}

/** Benjamini-Hochberg adjusted p values, in the order given: q_(i) = min over j >= i of p_(j) * m / j, at most 1. */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const byP = pValues.map((_, i) => i).sort((a, b) => pValues[a]! - pValues[b]!);
  const q = new Array<number>(m);
  let running = 1;
  for (let rank = m; rank >= 1; rank--) {
    const i = byP[rank - 1]!;
    running = Math.min(running, (pValues[i]! * m) / rank);
    q[i] = running;
  }
  return q;
}

/** A test before the guard: everything but q and the verdict. */
export type UnadjustedTest = Omit<GroupTest, 'q' | 'significant'>;

export function groupTest(
  dimension: FindingDimension,
  key: string,
  totals: RankTotals,
  medians: { group: number; rest: number },
): UnadjustedTest {
  return {
    dimension,
    key,
    n: totals.n,
    nRest: totals.nRest,
    medianGroup: medians.group,
    medianRest: medians.rest,
    ...mannWhitney(totals),
  };
}

/** Whether a group and its rest are large enough to be tested. */
export function testable(n: number, nRest: number): boolean {
  return n >= MIN_SIDE_VIDEOS && nRest >= MIN_SIDE_VIDEOS;
}

const DIMENSION_ORDER: readonly FindingDimension[] = ['hashtag', 'weekday', 'hour', 'sound', 'duration', 'tiers'];

/** Applies the guard over every test of one analysis (one family) and ranks them, strongest evidence first. */
export function guardFindings(tests: readonly UnadjustedTest[]): Findings {
  const q = benjaminiHochberg(tests.map((t) => t.p));
  const guarded = tests.map((t, i) => ({ ...t, q: q[i]!, significant: q[i]! < ALPHA }));
  guarded.sort(
    (a, b) =>
      a.p - b.p ||
      Math.abs(b.effect) - Math.abs(a.effect) ||
      DIMENSION_ORDER.indexOf(a.dimension) - DIMENSION_ORDER.indexOf(b.dimension) ||
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
  return { alpha: ALPHA, minSideVideos: MIN_SIDE_VIDEOS, tests: guarded };
}

// ---------------------------------------------------------------------------
// Reading the findings: what reports show. Nothing here tests anything; it
// looks up what the tests found.

/** The test of one group, if it was run. */
export function findingFor(findings: Findings, dimension: FindingDimension, key: string): GroupTest | undefined {
  return findings.tests.find((t) => t.dimension === dimension && t.key === key);
}

/**
 * Which way a group leans, by its test: 'top' when it does better than the
 * rest beyond chance, 'bottom' when worse, 'neither' when its test found
 * nothing, 'untested' when it or its rest has too few videos. Sound has two
 * groups and one test (original vs the rest, which is every other sound):
 * 'other' reads that test the other way round.
 */
export type Lean = 'top' | 'bottom' | 'neither' | 'untested';

export function leanOf(findings: Findings, dimension: FindingDimension, key: string): Lean {
  let test = findingFor(findings, dimension, key);
  let sign = 1;
  if (test === undefined && dimension === 'sound' && key !== 'original') {
    test = findingFor(findings, 'sound', 'original');
    sign = -1;
  }
  if (test === undefined) return 'untested';
  if (!test.significant || test.effect === 0) return 'neither';
  return sign * test.effect > 0 ? 'top' : 'bottom';
}

export interface SeparatingGroups {
  /** Groups that do better than the rest beyond chance, strongest evidence first. */
  leansTop: GroupStats[];
  /** Groups that do worse, strongest evidence first. */
  leansBottom: GroupStats[];
  /** Groups that were tested, and groups too small to test. */
  tested: number;
  untested: number;
  /** Groups that separate beyond chance but are past the limit of their side, so not listed above. */
  cut: number;
}

/** The groups of one breakdown that separate top from bottom, by their tests, at most `limit` a side. */
export function separatingGroups(
  findings: Findings,
  dimension: FindingDimension,
  groups: readonly GroupStats[],
  limit: number,
): SeparatingGroups {
  const byKey = new Map(groups.map((g) => [g.key, g]));
  const leansTop: GroupStats[] = [];
  const leansBottom: GroupStats[] = [];
  let cut = 0;
  // findings.tests is ordered strongest first, so walking it keeps that order.
  for (const test of findings.tests) {
    if (test.dimension !== dimension) continue;
    const group = byKey.get(test.key);
    if (group === undefined) continue;
    const lean = leanOf(findings, dimension, test.key);
    const side = lean === 'top' ? leansTop : lean === 'bottom' ? leansBottom : undefined;
    if (side === undefined) continue;
    if (side.length < limit) side.push(group);
    else cut++;
  }
  const untested = groups.filter((g) => leanOf(findings, dimension, g.key) === 'untested').length;
  return { leansTop, leansBottom, tested: groups.length - untested, untested, cut };
}

/** The significant tests, strongest first: what a summary puts in words. */
export function significantFindings(findings: Findings): GroupTest[] {
  return findings.tests.filter((t) => t.significant);
}
