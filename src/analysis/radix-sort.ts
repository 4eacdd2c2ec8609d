/**
 * Stable argsort of non-negative doubles in linear time.
 *
 * Why not Array#sort with a comparator: ranking a million rates that way costs
 * ~350 ms, and the Spearman correlations need five rankings. Instead:
 *
 * 1. Each value is rounded to float32. Rounding is monotonic, so ordering by
 *    the float32 is the true order except between values that round alike.
 *    For non-negative floats the bit pattern read as an unsigned integer orders
 *    like the number, so three 11-bit LSD radix passes sort by it (2048
 *    buckets keep each pass's scattered writes within the cache; two 16-bit
 *    passes measured ~20% slower at 1M).
 * 2. Runs of equal float32 keys (almost always exact ties, which need no
 *    change) are put in exact order by a stable insertion sort on the doubles,
 *    with a comparator sort as the guard for an unusually long unsorted run.
 *
 * Which neighbours are tied is returned with the order, found while the
 * keys are at hand: a double is read only where two neighbours share a key
 * and one of them is not exactly its float32.
 *
 * Whole numbers below 2^32 (plays, durations in seconds) are their own keys
 * instead: exact, so there are no runs to put in order, and small, so the
 * passes whose digit is 0 for every key are skipped (durations up to 2047 s
 * take one pass, counts below 4M two).
 */
import { pooledFloat32, pooledUint32, pooledUint8 } from './buffer-pool.js';

export interface SortedOrder {
  /** order[k] = index of the k-th smallest value; equal values keep input order. */
  order: Uint32Array;
  /**
   * tied[k] = 1 when the k-th smallest value equals the one before it (tied[0] = 0). Runs of
   * ties are then found by reading this array in sequence, never the values at random.
   */
  tied: Uint8Array;
}

const DIGIT_BITS = 11;
const DIGITS = 1 << DIGIT_BITS;
const DIGIT_MASK = DIGITS - 1;
/** Three 11-bit digits cover a float32's 32 bits. */
const PASSES = 3;
const INSERTION_LIMIT = 64;

/**
 * Sorts many equally long arrays with one set of buffers. A million-video
 * analysis sorts five columns; allocating ~36 MB of buffers for each would
 * make the garbage collector walk the whole heap several times.
 * The result of sort() is a view into the buffers, valid until the next call.
 */
export class RadixSorter {
  readonly #narrow: Float32Array;
  readonly #narrowBits: Uint32Array;
  readonly #keys: Uint32Array;
  readonly #order: Uint32Array;
  readonly #nextKeys: Uint32Array;
  readonly #nextOrder: Uint32Array;
  /** inexact[i] = 1 when values[i] is not exactly a float32 (so an equal key does not prove a tie). */
  readonly #inexact: Uint8Array;
  readonly #tied: Uint8Array;
  /** One histogram per digit, side by side: all three are counted in one read of the keys. */
  readonly #counts = new Uint32Array(PASSES * DIGITS);

  constructor(readonly capacity: number) {
    this.#narrow = pooledFloat32('sort.narrow', capacity);
    this.#narrowBits = new Uint32Array(this.#narrow.buffer, 0, capacity);
    this.#keys = pooledUint32('sort.keys', capacity);
    this.#order = pooledUint32('sort.order', capacity);
    this.#nextKeys = pooledUint32('sort.keys2', capacity);
    this.#nextOrder = pooledUint32('sort.order2', capacity);
    this.#inexact = pooledUint8('sort.inexact', capacity);
    this.#tied = pooledUint8('sort.tied', capacity);
  }

  sort(values: Float64Array): SortedOrder {
    const n = values.length;
    if (n > this.capacity) throw new RangeError(`RadixSorter holds ${this.capacity} values, got ${n}`);
    const bits = this.#narrowBits.subarray(0, n);
    const counts = this.#counts;
    counts.fill(0);
    const inexact = this.#inexact;
    let inexactCount = 0;
    if (areWholeUint32(values)) wholeNumberKeys(values, bits, counts);
    else {
      const narrow = this.#narrow;
      narrow.set(values); // rounds to nearest float32
      inexactCount = countDigits(values, narrow, bits, counts, inexact);
    }

    // The first pass reads the keys where they are (the float32 buffer, or the whole numbers
    // written over it) in input order, so neither the keys nor an identity order is copied
    // first. Each pass writes into the other pair of buffers than the one it reads.
    let keys = bits;
    let order: Uint32Array | null = null;
    let intoFirst = true;
    for (let pass = 0; pass < PASSES; pass++) {
      const base = pass * DIGITS;
      const shift = pass * DIGIT_BITS;
      if (n === 0 || counts[base + ((keys[0]! >>> shift) & DIGIT_MASK)] === n) continue; // all share this digit
      let total = 0;
      for (let d = base; d < base + DIGITS; d++) {
        const c = counts[d]!;
        counts[d] = total;
        total += c;
      }
      const nextKeys = (intoFirst ? this.#keys : this.#nextKeys).subarray(0, n);
      const nextOrder = (intoFirst ? this.#order : this.#nextOrder).subarray(0, n);
      if (order === null) scatterFirst(keys, counts, base, shift, nextKeys, nextOrder);
      else scatter(keys, order, counts, base, shift, nextKeys, nextOrder);
      keys = nextKeys;
      order = nextOrder;
      intoFirst = !intoFirst;
    }
    if (order === null) {
      // Every key alike (or n < 2): input order is sorted order.
      order = this.#order.subarray(0, n);
      for (let i = 0; i < n; i++) order[i] = i;
    }

    const tied = this.#tied.subarray(0, n);
    if (inexactCount === 0) markExactTies(keys, tied);
    else orderAndMarkTies(values, keys, order, inexact, tied);
    return { order, tied };
  }
}

/*
 * Each loop of the sort is a function of its own. V8 optimizes a long-running loop while it runs
 * (on-stack replacement) with the type feedback gathered so far, and deoptimizes when it reaches
 * code that has not run yet: one sort written as one function was deoptimized and recompiled five
 * times in a fresh process, which is what a CLI run is.
 */

/** Whether every value is a whole number from 0 to 2^32 - 1 (a rate gives its answer at the first fraction). */
function areWholeUint32(values: Float64Array): boolean {
  for (let i = 0; i < values.length; i++) if (values[i] !== values[i]! >>> 0) return false;
  return true;
}

/** Each value as its own (exact) key, and all three digit histograms of the keys. */
function wholeNumberKeys(values: Float64Array, keys: Uint32Array, counts: Uint32Array): void {
  for (let i = 0; i < values.length; i++) {
    const key = values[i]! >>> 0;
    keys[i] = key;
    counts[key & DIGIT_MASK]!++;
    counts[DIGITS + ((key >>> DIGIT_BITS) & DIGIT_MASK)]!++;
    counts[2 * DIGITS + (key >>> (2 * DIGIT_BITS))]!++;
  }
}

/** All three digit histograms, in one read of the keys; marks (and counts) the values float32 does not hold exactly. */
function countDigits(
  values: Float64Array,
  narrow: Float32Array,
  bits: Uint32Array,
  counts: Uint32Array,
  inexact: Uint8Array,
): number {
  let inexactCount = 0;
  for (let i = 0; i < bits.length; i++) {
    const key = bits[i]!;
    counts[key & DIGIT_MASK]!++;
    counts[DIGITS + ((key >>> DIGIT_BITS) & DIGIT_MASK)]!++;
    counts[2 * DIGITS + (key >>> (2 * DIGIT_BITS))]!++;
    const off = narrow[i] !== values[i] ? 1 : 0;
    inexact[i] = off;
    inexactCount += off;
  }
  return inexactCount;
}

/**
 * The first pass: keys in input order, so each key's index is its place. (scatter with an
 * identity order would do the same, at the price of writing and reading that order: kept apart.)
 */
function scatterFirst(
  keys: Uint32Array,
  counts: Uint32Array,
  base: number,
  shift: number,
  nextKeys: Uint32Array,
  nextOrder: Uint32Array,
): void {
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const at = counts[base + ((key >>> shift) & DIGIT_MASK)]!++;
    nextKeys[at] = key;
    nextOrder[at] = i;
  }
}

/** A later pass: each key moves with the index the passes before gave it. */
function scatter(
  keys: Uint32Array,
  order: Uint32Array,
  counts: Uint32Array,
  base: number,
  shift: number,
  nextKeys: Uint32Array,
  nextOrder: Uint32Array,
): void {
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const at = counts[base + ((key >>> shift) & DIGIT_MASK)]!++;
    nextKeys[at] = key;
    nextOrder[at] = order[i]!;
  }
}

/** Every value is its float32: equal keys are ties, and the passes kept them in input order. */
function markExactTies(keys: Uint32Array, tied: Uint8Array): void {
  if (keys.length > 0) tied[0] = 0;
  for (let k = 1; k < keys.length; k++) tied[k] = keys[k] === keys[k - 1] ? 1 : 0;
}

/** Puts each run of equal keys in exact order where it is not, and marks which neighbours are tied. */
function orderAndMarkTies(
  values: Float64Array,
  keys: Uint32Array,
  order: Uint32Array,
  inexact: Uint8Array,
  tied: Uint8Array,
): void {
  const n = keys.length;
  if (n > 0) tied[0] = 0;
  let start = 0;
  while (start < n) {
    let end = start + 1;
    let inOrder = true;
    while (end < n && keys[end] === keys[start]) {
      const i = order[end]!;
      const previous = order[end - 1]!;
      // Two exact values with one key are the same number; otherwise the doubles decide.
      if (inexact[i] === 0 && inexact[previous] === 0) tied[end] = 1;
      else {
        const value = values[i]!;
        const before = values[previous]!;
        if (value < before) inOrder = false;
        tied[end] = value === before ? 1 : 0;
      }
      end++;
    }
    if (!inOrder) {
      sortRunExactly(values, order, start, end);
      for (let k = start + 1; k < end; k++) tied[k] = values[order[k]!] === values[order[k - 1]!] ? 1 : 0;
    }
    if (end < n) tied[end] = 0;
    start = end;
  }
}

/**
 * Sorts one array into buffers of its own (safe to keep); RadixSorter sorts
 * several into shared, pooled buffers.
 */
export function sortNonNegative(values: Float64Array): SortedOrder {
  const { order, tied } = new RadixSorter(values.length).sort(values);
  return { order: order.slice(), tied: tied.slice() };
}

/** Orders order[start, end) by exact value, stably (by original index on ties). Keys are equal there already. */
function sortRunExactly(values: Float64Array, order: Uint32Array, start: number, end: number): void {
  if (end - start <= INSERTION_LIMIT) {
    for (let i = start + 1; i < end; i++) {
      const index = order[i]!;
      const value = values[index]!;
      let j = i - 1;
      while (j >= start && values[order[j]!]! > value) {
        order[j + 1] = order[j]!;
        j--;
      }
      order[j + 1] = index;
    }
    return;
  }
  const run = Array.from(order.subarray(start, end));
  run.sort((a, b) => values[a]! - values[b]! || a - b);
  order.set(run, start);
}

/** Where the run of values equal to the one at sorted position `start` ends (exclusive). */
export function tieRunEnd({ tied }: SortedOrder, start: number): number {
  const n = tied.length;
  let end = start + 1;
  while (end < n && tied[end] === 1) end++;
  return end;
}
