import { describe, expect, it } from 'vitest';
import { RadixSorter, sortNonNegative, tieRunEnd } from '../../src/analysis/radix-sort.js';

function lcg(seed: number): () => number {
  let state = seed;
  return () => (state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0) / 4_294_967_296;
}

/** What the sort must give: indices by value, equal values in input order, and which neighbours are equal. */
function expectedOf(values: Float64Array): { order: number[]; tied: number[] } {
  const order = Array.from(values.keys()).sort((a, b) => values[a]! - values[b]! || a - b);
  return { order, tied: order.map((index, k) => (k > 0 && values[index] === values[order[k - 1]!] ? 1 : 0)) };
}

function sorted(values: Float64Array): { order: number[]; tied: number[] } {
  const { order, tied } = sortNonNegative(values);
  return { order: [...order], tied: [...tied] };
}

describe('radix argsort of whole numbers (plays, durations in seconds)', () => {
  const random = lcg(11);

  it('orders durations (one digit of the key), play counts past 2^22 and past 2^24 (all three), with ties', () => {
    const durations = Float64Array.from({ length: 4000 }, () => Math.floor(random() * random() * 700));
    const plays = Float64Array.from({ length: 4000 }, () => Math.floor(random() ** 3 * 3_000_000));
    const viral = Float64Array.from({ length: 4000 }, (_, i) =>
      i % 7 === 0 ? 4_294_967_295 - (i % 3) : Math.floor(random() ** 4 * 2 ** 31),
    );
    for (const values of [durations, plays, viral]) expect(sorted(values)).toEqual(expectedOf(values));
  });

  it('sorts a column of one repeated number, and of none', () => {
    expect(sorted(new Float64Array(50).fill(42))).toEqual(expectedOf(new Float64Array(50).fill(42)));
    expect(sorted(new Float64Array(0))).toEqual({ order: [], tied: [] });
  });

  it('takes whole numbers beyond 2^32 and a column with one fraction by their doubles, still exactly', () => {
    const huge = Float64Array.from({ length: 3000 }, (_, i) => (i % 5 === 0 ? 2 ** 32 + (i % 11) : i % 97));
    const oneFraction = Float64Array.from({ length: 3000 }, (_, i) =>
      i === 1500 ? 16_777_216.5 : 16_777_216 + (i % 13),
    );
    for (const values of [huge, oneFraction]) expect(sorted(values)).toEqual(expectedOf(values));
  });

  it('gives the runs of ties that tieRunEnd walks, as a sorter reused across columns of either kind', () => {
    const sorter = new RadixSorter(1000);
    const rates = Float64Array.from({ length: 1000 }, () => Math.floor(random() * 20) / 7);
    const counts = Float64Array.from({ length: 1000 }, () => Math.floor(random() * 20));
    for (const values of [rates, counts, rates]) {
      const result = sorter.sort(values);
      expect({ order: [...result.order], tied: [...result.tied] }).toEqual(expectedOf(values));
      let runs = 0;
      for (let start = 0; start < values.length; start = tieRunEnd(result, start)) runs++;
      expect(runs).toBe(new Set(values).size);
    }
  });
});
