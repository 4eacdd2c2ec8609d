import { describe, expect, it } from 'vitest';
import { BinnedSample, quantileSorted, SelectedSample, type SortedSample } from '../../src/analysis/quantile.js';

function generator(seed: number): () => number {
  let state = seed;
  return () => (state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0) / 4_294_967_296;
}

const sortedSample = (values: Float64Array): SortedSample => {
  const sorted = Float64Array.from(values).sort();
  return { length: sorted.length, at: (k) => sorted[k]! };
};

/** Inputs that trouble a quickselect: ties, runs, sorted and reversed orders, an organ pipe, tiny sizes. */
function inputs(): [string, Float64Array][] {
  const random = generator(3);
  const n = 5000;
  return [
    ['random', Float64Array.from({ length: n }, () => random())],
    ['ten distinct values', Float64Array.from({ length: n }, () => Math.floor(random() * 10) / 100)],
    ['all equal', new Float64Array(n).fill(0.05)],
    ['ascending', Float64Array.from({ length: n }, (_, i) => i)],
    ['descending', Float64Array.from({ length: n }, (_, i) => n - i)],
    ['organ pipe', Float64Array.from({ length: n }, (_, i) => Math.min(i, n - i))],
    ['sawtooth', Float64Array.from({ length: n }, (_, i) => i % 17)],
    ['one value', new Float64Array([0.3])],
    ['two values', new Float64Array([0.3, 0.1])],
    ['seventeen', Float64Array.from({ length: 17 }, () => random())],
  ];
}

describe('SelectedSample', () => {
  it.each(inputs())('gives every order statistic of %s, asked for in any order', (_, values) => {
    const expected = sortedSample(values);
    const selected = new SelectedSample(values);
    const random = generator(11);
    const ks = Array.from({ length: Math.min(values.length, 200) }, () => Math.floor(random() * values.length));
    for (const k of [...ks, 0, values.length - 1]) expect(selected.at(k)).toBe(expected.at(k));
  });

  it.each(inputs())('gives the quartiles and median of %s exactly as the sorted values do', (_, values) => {
    const expected = sortedSample(values);
    const selected = new SelectedSample(values);
    for (const p of [0.25, 0.75, 0.5]) expect(quantileSorted(selected, p)).toBe(quantileSorted(expected, p));
  });

  it('leaves the input as it was and refuses positions outside it', () => {
    const values = new Float64Array([3, 1, 2]);
    const selected = new SelectedSample(values, new Float64Array(8));
    expect(selected.at(0)).toBe(1);
    expect(selected.length).toBe(3);
    expect([...values]).toEqual([3, 1, 2]);
    expect(() => selected.at(3)).toThrow(RangeError);
  });
});

describe('BinnedSample', () => {
  const withOddOnes: [string, Float64Array][] = [
    ...inputs(),
    ['rates in one narrow band', Float64Array.from({ length: 5000 }, (_, i) => 0.1 + (i % 97) * 1e-12)],
    ['zeros and a huge value', Float64Array.from({ length: 300 }, (_, i) => (i === 7 ? 1e300 : i % 3 === 0 ? 0 : i))],
    ['a negative value', Float64Array.from({ length: 300 }, (_, i) => (i === 5 ? -1 : i / 7))],
    ['minus zero', Float64Array.from({ length: 300 }, (_, i) => (i % 50 === 0 ? -0 : i / 7))],
    ['NaN', Float64Array.from({ length: 300 }, (_, i) => (i === 9 ? Number.NaN : i / 7))],
  ];

  it.each(withOddOnes)('gives every order statistic of %s', (name, values) => {
    const expected = sortedSample(values);
    const binned = new BinnedSample(values);
    const random = generator(13);
    const ks = Array.from({ length: Math.min(values.length, 200) }, () => Math.floor(random() * values.length));
    for (const k of [...ks, 0, values.length - 1]) expect(binned.at(k), `${name} #${k}`).toBe(expected.at(k));
  });

  it.each(withOddOnes)('gives the quartiles of %s exactly as the sorted values do', (_, values) => {
    const expected = sortedSample(values);
    const binned = new BinnedSample(values);
    for (const p of [0.25, 0.75, 0.5]) expect(quantileSorted(binned, p)).toBe(quantileSorted(expected, p));
  });
});
