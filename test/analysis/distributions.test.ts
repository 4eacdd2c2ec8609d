import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalUpperTail, tTwoSided } from '../../src/analysis/distributions.js';

/**
 * The hand-written tail functions against reference values computed with
 * mpmath at 50 digits (scripts/reference/distributions.py): full relative
 * precision (1e-12) wherever the reference is at least 1e-300, and agreement
 * to 1e-300 absolute below that, where doubles run out of digits and the
 * answer underflows towards 0.
 */

interface References {
  normalUpperTail: [z: number, p: number][];
  tTwoSided: [df: number, t: number, p: number][];
}

const references = JSON.parse(
  readFileSync(new URL('./distribution-references.json', import.meta.url), 'utf8'),
) as References;

const RELATIVE = 1e-12;
const FLOOR = 1e-300;

interface Miss {
  at: string;
  expected: number;
  actual: number;
  error: number;
}

/** The points where `actual` misses `expected`, and the largest relative error seen among the checked ones. */
function compare(points: { at: string; expected: number; actual: number }[]): { misses: Miss[]; worst: Miss } {
  const misses: Miss[] = [];
  let worst: Miss = { at: 'none', expected: 0, actual: 0, error: 0 };
  for (const { at, expected, actual } of points) {
    const relative = expected >= FLOOR;
    const error = relative ? Math.abs(actual - expected) / expected : Math.abs(actual - expected);
    const miss = { at, expected, actual, error };
    if (!(relative ? error <= RELATIVE : error <= FLOOR && actual >= 0)) misses.push(miss);
    if (relative && error > worst.error) worst = miss;
  }
  return { misses, worst };
}

describe('normalUpperTail', () => {
  it(`matches ${references.normalUpperTail.length} mpmath references from z = -40 to 1000 to a relative 1e-12`, () => {
    const { misses, worst } = compare(
      references.normalUpperTail.map(([z, p]) => ({ at: `z=${z}`, expected: p, actual: normalUpperTail(z) })),
    );
    expect(misses).toEqual([]);
    expect(worst.error).toBeLessThanOrEqual(RELATIVE);
  });

  it('the references reach the far tail and its underflow', () => {
    const ps = references.normalUpperTail.map(([, p]) => p);
    expect(Math.min(...ps.filter((p) => p > 0))).toBeLessThan(FLOOR);
    expect(ps).toContain(0);
  });

  it('answers the edges: 1/2 at 0, 1 and 0 at the infinities, NaN for NaN', () => {
    expect(normalUpperTail(0)).toBe(0.5);
    expect(normalUpperTail(-Infinity)).toBe(1);
    expect(normalUpperTail(Infinity)).toBe(0);
    expect(normalUpperTail(NaN)).toBeNaN();
  });
});

describe('tTwoSided', () => {
  it(`matches ${references.tTwoSided.length} mpmath references (df 1 to 10^6, p from 1 to below 1e-300) to a relative 1e-12`, () => {
    const { misses, worst } = compare(
      references.tTwoSided.map(([df, t, p]) => ({ at: `df=${df} t=${t}`, expected: p, actual: tTwoSided(t, df) })),
    );
    expect(misses).toEqual([]);
    expect(worst.error).toBeLessThanOrEqual(RELATIVE);
  });

  it('the references cover every df from 1 to 10^6 down to p below 1e-300', () => {
    const dfs = [...new Set(references.tTwoSided.map(([df]) => df))];
    expect(dfs).toEqual([1, 2, 3, 5, 10, 30, 58, 100, 238, 998, 4998, 1e5, 1e6]);
    for (const df of dfs) {
      const ps = references.tTwoSided.filter(([d]) => d === df).map(([, , p]) => p);
      expect(Math.max(...ps), `df=${df}`).toBe(1);
      expect(Math.min(...ps), `df=${df}`).toBeLessThan(FLOOR);
    }
  });

  it('is symmetric in t and answers the edges: 1 at t = 0, 0 at infinite t, the normal at infinite df, NaN for bad input', () => {
    expect(tTwoSided(-2.5, 10)).toBe(tTwoSided(2.5, 10));
    expect(tTwoSided(0, 58)).toBe(1);
    expect(tTwoSided(Infinity, 3)).toBe(0);
    expect(tTwoSided(-Infinity, 3)).toBe(0);
    expect(tTwoSided(3, Infinity)).toBe(2 * normalUpperTail(3));
    expect(tTwoSided(NaN, 3)).toBeNaN();
    expect(tTwoSided(1, NaN)).toBeNaN();
    expect(tTwoSided(1, 0)).toBeNaN();
  });
});
