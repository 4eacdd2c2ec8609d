/**
 * Quantile of ascending-sorted values with linear interpolation between order
 * statistics: numpy's and pandas' default ("linear", type 7).
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) throw new RangeError('quantile of an empty list');
  const position = (n - 1) * p;
  const lower = Math.floor(position);
  const fraction = position - lower;
  const a = sorted[lower]!;
  if (fraction === 0 || lower + 1 >= n) return a;
  const b = sorted[lower + 1]!;
  // numpy's lerp: interpolate from the nearer end, which keeps results exact at ties.
  return fraction < 0.5 ? a + (b - a) * fraction : b - (b - a) * (1 - fraction);
}

/** Sorted copy as a Float64Array (native numeric sort, much faster than Array#sort). */
export function sortedCopy(values: Float64Array): Float64Array {
  return values.slice().sort();
}

/** Median of values that are already sorted ascending. */
export function medianSorted(sorted: ArrayLike<number>): number {
  return quantileSorted(sorted, 0.5);
}
