import type { RankCorrelation } from './types.js';

/** First index i with sorted[i] >= value. */
function lowerBound(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index i with sorted[i] > value. */
function upperBound(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * 1-based ranks with ties sharing their average rank (as scipy's rankdata
 * 'average'). One native sort plus a binary search per value: O(n log n) with
 * no per-element comparator calls, which is what keeps 1M videos fast.
 */
export function averageRanks(values: Float64Array, sorted: Float64Array = values.slice().sort()): Float64Array {
  const ranks = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const first = lowerBound(sorted, v);
    const last = upperBound(sorted, v); // exclusive
    ranks[i] = (first + 1 + last) / 2;
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

/** Spearman rank correlation: Pearson on average ranks. */
export function spearmanFromRanks(xRanks: Float64Array, yRanks: Float64Array): RankCorrelation {
  return { rho: pearson(xRanks, yRanks), n: xRanks.length };
}
