/** Ascending values read by position: a sorted array, or values through a sort order. */
export interface SortedSample {
  readonly length: number;
  at(k: number): number;
}

/**
 * Quantile of ascending-sorted values with linear interpolation between order
 * statistics: numpy's and pandas' default ("linear", type 7).
 */
export function quantileSorted(sorted: SortedSample, p: number): number {
  const n = sorted.length;
  if (n === 0) throw new RangeError('quantile of an empty list');
  const position = (n - 1) * p;
  const lower = Math.floor(position);
  const fraction = position - lower;
  const a = sorted.at(lower);
  if (fraction === 0 || lower + 1 >= n) return a;
  const b = sorted.at(lower + 1);
  // numpy's lerp: interpolate from the nearer end, which keeps results exact at ties.
  return fraction < 0.5 ? a + (b - a) * fraction : b - (b - a) * (1 - fraction);
}

export function medianSorted(sorted: SortedSample): number {
  return quantileSorted(sorted, 0.5);
}

/** Below this many values a range is put in order by insertion. */
const SMALL_RANGE = 16;

/**
 * The values' order statistics without sorting them: each `at(k)` puts the
 * k-th smallest value in its place in a copy by quickselect, within the
 * narrowest range earlier selections have fixed. For a catalog's quartile
 * thresholds: four order statistics of a million rates cost a few passes over
 * them, a fraction of a sort.
 */
export class SelectedSample implements SortedSample {
  readonly #values: Float64Array;
  /** Positions already holding their order statistic, ascending. */
  readonly #fixed: number[] = [];

  /** `scratch` (at least as long as `values`) receives the copy that is partitioned. */
  constructor(values: Float64Array, scratch: Float64Array = new Float64Array(values.length)) {
    this.#values = scratch.subarray(0, values.length);
    this.#values.set(values);
  }

  get length(): number {
    return this.#values.length;
  }

  at(k: number): number {
    const values = this.#values;
    if (!(k >= 0 && k < values.length)) throw new RangeError(`no order statistic ${k} of ${values.length} values`);
    const fixed = this.#fixed;
    let after = 0;
    while (after < fixed.length && fixed[after]! < k) after++;
    if (fixed[after] !== k) {
      const low = after === 0 ? 0 : fixed[after - 1]! + 1;
      const high = after === fixed.length ? values.length - 1 : fixed[after]! - 1;
      // The value just after a fixed one (an interpolated quantile's second value) is the range's least.
      if (k === low) moveLeastTo(values, low, high);
      else selectInPlace(values, k, low, high);
      fixed.splice(after, 0, k);
    }
    return values[k]!;
  }
}

/**
 * Moves the k-th smallest of values[low..high] to position k, smaller or equal
 * values before it and greater or equal after (Hoare's quickselect). The pivot
 * is the median of three; a range that fails to shrink by a quarter for a few
 * rounds is sorted instead, so no input makes it quadratic.
 */
function selectInPlace(values: Float64Array, k: number, low: number, high: number): void {
  let badRounds = 0;
  while (high - low > SMALL_RANGE) {
    const pivot = medianOfThree(values[low]!, values[(low + high) >>> 1]!, values[high]!);
    let i = low;
    let j = high;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const swap = values[i]!;
        values[i] = values[j]!;
        values[j] = swap;
        i++;
        j--;
      }
    }
    // Now values[low..j] <= pivot <= values[i..high], and values[j+1..i-1] equal the pivot.
    const before = high - low;
    if (k <= j) high = j;
    else if (k >= i) low = i;
    else return;
    if (high - low > 0.75 * before && ++badRounds > 4) {
      values.subarray(low, high + 1).sort();
      return;
    }
  }
  insertionSort(values, low, high);
}

function moveLeastTo(values: Float64Array, low: number, high: number): void {
  let least = low;
  for (let i = low + 1; i <= high; i++) if (values[i]! < values[least]!) least = i;
  const swap = values[low]!;
  values[low] = values[least]!;
  values[least] = swap;
}

function medianOfThree(a: number, b: number, c: number): number {
  return a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
}

function insertionSort(values: Float64Array, low: number, high: number): void {
  for (let i = low + 1; i <= high; i++) {
    const value = values[i]!;
    let j = i - 1;
    while (j >= low && values[j]! > value) {
      values[j + 1] = values[j]!;
      j--;
    }
    values[j + 1] = value;
  }
}
