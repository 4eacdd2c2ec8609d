/**
 * The two tail probabilities the findings need, from @stdlib (a maintained
 * port of well-tested special functions) rather than hand-written ones.
 * Both are computed on the lower tail, where the library keeps full
 * relative precision: 1 - cdf(x) would round a p of 1e-20 to 0.
 */
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import tCdf from '@stdlib/stats-base-dists-t-cdf';

/** P(Z >= z) for a standard normal Z (scipy's norm.sf). */
export function normalUpperTail(z: number): number {
  return normalCdf(-z, 0, 1);
}

/** Two-sided p of a t statistic with `df` degrees of freedom: P(|T| >= |t|) (2 * scipy's t.sf(|t|, df)). */
export function tTwoSided(t: number, df: number): number {
  return 2 * tCdf(-Math.abs(t), df);
}
