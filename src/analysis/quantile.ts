import { pooledUint32 } from './buffer-pool.js';

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

function checkPosition(k: number, length: number): void {
  if (!(k >= 0 && k < length)) throw new RangeError(`no order statistic ${k} of ${length} values`);
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
    checkPosition(k, values.length);
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

/** Bins of BinnedSample: a float32's top 16 bits (sign, exponent, 7 bits of mantissa). */
const BIN_SHIFT = 16;
const BINS = 1 << (32 - BIN_SHIFT);

/**
 * Order statistics of non-negative values, for a million of them in two passes
 * and a small selection. Each value's float32 orders like the value (rounding
 * is monotonic, and a non-negative float32's bits read as an unsigned integer
 * order like the number), so one histogram of its top bits says which bin
 * holds the k-th smallest; only that bin's values are then gathered and
 * selected among (SelectedSample). Values that are not all non-negative
 * numbers are selected among whole.
 */
export class BinnedSample implements SortedSample {
  readonly #values: Float64Array;
  /** Each value's bin, and starts[b]: how many values lie in the bins before b. Null: selected among whole. */
  readonly #binned: { bins: Uint32Array; starts: Uint32Array } | null;
  readonly #selected = new Map<number, SelectedSample>();
  #whole: SelectedSample | undefined;

  /** Reads `values` only while in use: its bins are a pooled buffer (buffer-pool.ts), reused by the next analysis. */
  constructor(values: Float64Array) {
    this.#values = values;
    const bins = pooledUint32('quantile.bins', values.length);
    const narrow = new Float32Array(bins.buffer, 0, values.length);
    narrow.set(values);
    const counts = new Uint32Array(BINS + 1);
    let signed = false;
    for (let i = 0; i < bins.length; i++) {
      const bin = bins[i]! >>> BIN_SHIFT;
      // Past infinity's bin (0x7f80): NaN, or a sign bit (a negative value or -0), not in bin order.
      if (bin > 0x7f80) signed = true;
      bins[i] = bin;
      counts[bin + 1]!++;
    }
    if (signed) {
      this.#binned = null;
      return;
    }
    for (let b = 1; b <= BINS; b++) counts[b]! += counts[b - 1]!;
    this.#binned = { bins, starts: counts };
  }

  get length(): number {
    return this.#values.length;
  }

  at(k: number): number {
    const values = this.#values;
    checkPosition(k, values.length);
    if (this.#binned === null) return (this.#whole ??= new SelectedSample(values)).at(k);
    const { bins, starts } = this.#binned;
    // The bin b with starts[b] <= k < starts[b + 1], by binary search.
    let low = 0;
    let high = BINS - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if (starts[middle]! <= k) low = middle;
      else high = middle - 1;
    }
    let sample = this.#selected.get(low);
    if (sample === undefined) {
      const members = new Float64Array(starts[low + 1]! - starts[low]!);
      let at = 0;
      for (let i = 0; i < bins.length; i++) if (bins[i] === low) members[at++] = values[i]!;
      sample = new SelectedSample(members, members);
      this.#selected.set(low, sample);
    }
    return sample.at(k - starts[low]!);
  }
}
