/**
 * Stable argsort of non-negative doubles in linear time.
 *
 * Why not Array#sort with a comparator: ranking a million rates that way costs
 * ~350 ms, and the Spearman correlations need five rankings. Instead:
 *
 * 1. Each value is rounded to float32. Rounding is monotonic, so ordering by
 *    the float32 is the true order except between values that round alike.
 *    For non-negative floats the bit pattern read as an unsigned integer orders
 *    like the number, so two 16-bit LSD radix passes sort by it.
 * 2. Runs of equal float32 keys (almost always exact ties, which need no
 *    change) are put in exact order by a stable insertion sort on the doubles,
 *    with a comparator sort as the guard for an unusually long unsorted run.
 *
 * The doubles travel with the indices, so callers read the sorted values
 * sequentially instead of through the permutation.
 */
export interface SortedOrder {
  /** order[k] = index of the k-th smallest value; equal values keep input order. */
  order: Uint32Array;
  /** values in ascending order (sorted[k] = values[order[k]]). */
  sorted: Float64Array;
}

const DIGIT_BITS = 16;
const DIGITS = 1 << DIGIT_BITS;
const INSERTION_LIMIT = 64;

export function sortNonNegative(values: Float64Array): SortedOrder {
  const n = values.length;
  const narrow = new Float32Array(n);
  narrow.set(values); // rounds to nearest float32
  let keys = new Uint32Array(narrow.buffer);
  let order = new Uint32Array(n);
  let sorted = values.slice();
  for (let i = 0; i < n; i++) order[i] = i;
  let nextKeys = new Uint32Array(n);
  let nextOrder = new Uint32Array(n);
  let nextSorted = new Float64Array(n);
  const counts = new Uint32Array(DIGITS);

  for (let shift = 0; shift < 32; shift += DIGIT_BITS) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(keys[i]! >>> shift) & (DIGITS - 1)]!++;
    if (n === 0 || counts[(keys[0]! >>> shift) & (DIGITS - 1)] === n) continue; // all share this digit
    let total = 0;
    for (let d = 0; d < DIGITS; d++) {
      const c = counts[d]!;
      counts[d] = total;
      total += c;
    }
    for (let i = 0; i < n; i++) {
      const at = counts[(keys[i]! >>> shift) & (DIGITS - 1)]!++;
      nextKeys[at] = keys[i]!;
      nextOrder[at] = order[i]!;
      nextSorted[at] = sorted[i]!;
    }
    [keys, nextKeys] = [nextKeys, keys];
    [order, nextOrder] = [nextOrder, order];
    [sorted, nextSorted] = [nextSorted, sorted];
  }

  let start = 0;
  while (start < n) {
    let end = start + 1;
    let inOrder = true;
    while (end < n && keys[end] === keys[start]) {
      if (sorted[end]! < sorted[end - 1]!) inOrder = false;
      end++;
    }
    if (!inOrder) sortRunExactly(order, sorted, start, end);
    start = end;
  }
  return { order, sorted };
}

/** Orders order/sorted[start, end) by exact value, stably (by original index on ties). */
function sortRunExactly(order: Uint32Array, sorted: Float64Array, start: number, end: number): void {
  if (end - start <= INSERTION_LIMIT) {
    for (let i = start + 1; i < end; i++) {
      const value = sorted[i]!;
      const index = order[i]!;
      let j = i - 1;
      while (j >= start && sorted[j]! > value) {
        sorted[j + 1] = sorted[j]!;
        order[j + 1] = order[j]!;
        j--;
      }
      sorted[j + 1] = value;
      order[j + 1] = index;
    }
    return;
  }
  const run = Array.from(order.subarray(start, end), (index, k) => ({ index, value: sorted[start + k]! }));
  run.sort((a, b) => a.value - b.value || a.index - b.index);
  run.forEach((entry, k) => {
    order[start + k] = entry.index;
    sorted[start + k] = entry.value;
  });
}
