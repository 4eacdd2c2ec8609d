import { tTwoSided } from './distributions.js';
import { sortNonNegative, tieRunEnd, type SortedOrder } from './radix-sort.js';
import type { RankCorrelation } from './types.js';

/**
 * 1-based ranks of non-negative values, ties sharing their average rank (as
 * scipy's rankdata 'average'). Linear time after the radix argsort.
 */
export function averageRanks(
  values: Float64Array,
  sorted: SortedOrder = sortNonNegative(values),
  ranks: Float64Array = new Float64Array(values.length),
): Float64Array {
  const n = values.length;
  const { order } = sorted;
  let start = 0;
  while (start < n) {
    const end = tieRunEnd(sorted, start);
    const rank = (start + 1 + end) / 2; // mean of the 1-based ranks start+1 .. end
    for (let k = start; k < end; k++) ranks[order[k]!] = rank;
    start = end;
  }
  return ranks;
}

/** Pearson correlation; null when either side has no variance or n < 3. */
export function pearson(x: Float64Array, y: Float64Array): number | null {
  const n = x.length;
  if (n < 3 || y.length !== n) return null;
  let sumX = 0;
  let sumY = 0;
  for (let i = 0; i < n; i++) {
    sumX += x[i]!;
    sumY += y[i]!;
  }
  const meanX = sumX / n;
  const meanY = sumY / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - meanX;
    const dy = y[i]! - meanY;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  return sxy / Math.sqrt(sxx * syy);
}

/**
 * Two-sided p of a Spearman rho over n pairs, as scipy's spearmanr: t = rho *
 * sqrt((n - 2) / ((rho + 1)(1 - rho))) on a t distribution with n - 2 degrees
 * of freedom (rho = +-1 gives p = 0).
 */
export function spearmanP(rho: number, n: number): number {
  const r = Math.min(1, Math.max(-1, rho)); // numpy's corrcoef clips rounding beyond +-1
  const df = n - 2;
  const t = r * Math.sqrt(Math.max(0, df / ((r + 1) * (1 - r))));
  return tTwoSided(t, df);
}

/** Spearman rank correlation from average ranks: Pearson on the ranks, and its p. */
export function rankCorrelation(xRanks: Float64Array, yRanks: Float64Array): RankCorrelation {
  const rho = pearson(xRanks, yRanks);
  const n = xRanks.length;
  return { rho, p: rho === null ? null : spearmanP(rho, n), n };
}

/** Spearman rank correlation of two equally long samples of non-negative values. */
export function spearman(x: Float64Array, y: Float64Array): RankCorrelation {
  return rankCorrelation(averageRanks(x), averageRanks(y));
}
