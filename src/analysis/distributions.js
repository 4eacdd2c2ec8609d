/**
 * The two tail probabilities the findings need, written here rather than
 * taken from a library: @stdlib, which we used before, pulled 217 packages
 * (25 MB) and about 200 ms of import time into every CLI start for these two
 * functions. A small tail is always computed directly, never as 1 minus a
 * number close to 1, so a p of 1e-200 keeps its full relative precision.
 * Normal: a sign-definite series near 0 and Laplace's continued fraction for
 * the Mills ratio beyond 2.5. t: the regularized incomplete beta function by
 * its continued fraction, with ln B(a, b) from Stirling's series.
 * Verified by test/analysis/distributions.test.ts against ~8,600 mpmath
 * values at 50 digits (test/analysis/distribution-references.json, made by
 * scripts/reference/distributions.py): relative error <= 1e-12 (observed
 * <= 2e-13) wherever the reference is >= 1e-300, underflow to 0 below.
 */
const LN_SQRT_2PI = 0.9189385332046728; // ln(sqrt(2 pi))
const SQRT_2PI = 2.5066282746310002;
const EPS = 1e-16;
const TINY = 1e-300; // keeps Lentz's method away from a division by zero
/**
 * exp(-z²/2) without the error of rounding z²: z is split into a head with
 * few bits (whose square is exact) and a small rest, so the exponent is
 * exact to an ulp even at z = 38, where a rounded z² would cost 1e-13.
 */
function expHalfSquare(z) {
    const head = Math.floor(z * 16) / 16;
    const rest = (z - head) * (z + head);
    return Math.exp(-0.5 * head * head) * Math.exp(-0.5 * rest);
}
/**
 * Φ(z) - 1/2 for |z| <= 2.5 by the series φ(z) Σ z^(2n+1) / (1·3·…·(2n+1)),
 * whose terms all have one sign, so the sum has no cancellation.
 */
function centralMass(z) {
    const z2 = z * z;
    let term = z;
    let sum = z;
    for (let k = 3; Math.abs(term) > EPS * Math.abs(sum); k += 2) {
        term *= z2 / k;
        sum += term;
    }
    return (sum * expHalfSquare(Math.abs(z))) / SQRT_2PI;
}
/**
 * Upper tail for z > 2.5: φ(z) / (z + 1/(z + 2/(z + 3/(z + …)))), Laplace's
 * continued fraction for the Mills ratio, evaluated with Lentz's method.
 */
function farTail(z) {
    let f = z;
    let c = z;
    let d = 0;
    for (let n = 1; n < 500; n++) {
        d = 1 / (z + n * d);
        c = z + n / c;
        const delta = c * d;
        f *= delta;
        if (Math.abs(delta - 1) < EPS)
            break;
    }
    return expHalfSquare(z) / (SQRT_2PI * f);
}
/** P(Z >= z) for a standard normal Z (scipy's norm.sf). */
export function normalUpperTail(z) {
    if (Number.isNaN(z))
        return NaN;
    if (z > 2.5)
        return z > 40 ? 0 : farTail(z);
    // Below -2.5 the tail is above 0.99, where 1 - (a tail of at most 0.01) is exact to an ulp.
    if (z < -2.5)
        return 1 - normalUpperTail(-z);
    return 0.5 - centralMass(z);
}
/**
 * The correction term of Stirling's series, ln Γ(x) - ((x - 1/2) ln x - x + ln √(2π)),
 * for x >= 10, where the terms below bring it to 1e-17.
 */
function stirlingCorrection(x) {
    const r = 1 / (x * x);
    return ((1 / 12 +
        r *
            (-1 / 360 +
                r *
                    (1 / 1260 +
                        r * (-1 / 1680 + r * (1 / 1188 + r * (-691 / 360360 + r * (1 / 156 + r * (-3617 / 122400)))))))) /
        x);
}
/** ln Γ(x) for x > 0: Stirling's series after shifting x up to at least 10 by Γ(x + 1) = x Γ(x). */
function logGamma(x) {
    let product = 1;
    let shifted = x;
    while (shifted < 10)
        product *= shifted++;
    return (shifted - 0.5) * Math.log(shifted) - shifted + LN_SQRT_2PI + stirlingCorrection(shifted) - Math.log(product);
}
/**
 * ln B(a, b). When the larger argument is big (df/2 up to 500,000 against
 * b = 1/2), ln Γ(big) - ln Γ(big + small) is taken from the difference of the
 * Stirling series, whose large terms cancel on paper: subtracting two ln Γ of
 * about 6e6 would leave an error of 1e-9. Accurate to ~1e-15 when the
 * smaller argument is below 10, which is the case here.
 */
function logBeta(a, b) {
    const small = Math.min(a, b);
    const big = Math.max(a, b);
    if (big < 10)
        return logGamma(a) + logGamma(b) - logGamma(a + b);
    const sum = big + small;
    const gammaRatio = -(big - 0.5) * Math.log1p(small / big) -
        small * Math.log(sum) +
        small +
        stirlingCorrection(big) -
        stirlingCorrection(sum);
    return logGamma(small) + gammaRatio;
}
const SPLIT = 134217729; // 2^27 + 1, Dekker's splitting constant
function sum(a, b) {
    const hi = a + b;
    const v = hi - a;
    return { hi, lo: a - (hi - v) + (b - v) };
}
function normalized(hi, lo) {
    const s = hi + lo;
    return { hi: s, lo: lo - (s - hi) };
}
function product(a, b) {
    const hi = a * b;
    const ca = SPLIT * a;
    const ah = ca - (ca - a);
    const al = a - ah;
    const cb = SPLIT * b;
    const bh = cb - (cb - b);
    const bl = b - bh;
    return { hi, lo: ah * bh - hi + ah * bl + al * bh + al * bl };
}
function add(x, y) {
    const s = sum(x.hi, y.hi);
    return normalized(s.hi, s.lo + x.lo + y.lo);
}
function times(x, y) {
    const p = product(x.hi, y.hi);
    return normalized(p.hi, p.lo + x.hi * y.lo + x.lo * y.hi);
}
function divide(x, y) {
    const q1 = x.hi / y.hi;
    const r1 = add(x, times(y, { hi: -q1, lo: 0 }));
    const q2 = r1.hi / y.hi;
    const r2 = add(r1, times(y, { hi: -q2, lo: 0 }));
    const q = normalized(q1, q2);
    return add(q, { hi: r2.hi / y.hi, lo: 0 });
}
const ONE = { hi: 1, lo: 0 };
/** 1 + k·x·v with k = numerator / denominator (both exact doubles here), kept away from 0 for Lentz's method. */
function step(numerator, denominator, x, v, invert) {
    const k = times(divide({ hi: numerator, lo: 0 }, { hi: denominator, lo: 0 }), x);
    let out = add(ONE, invert ? divide(k, v) : times(k, v));
    if (Math.abs(out.hi) < TINY)
        out = { hi: TINY, lo: 0 };
    return out;
}
/**
 * The continued fraction of I_x(a, b) (Numerical Recipes' betacf), by
 * Lentz's method in double-double; it converges quickly for
 * x < (a + 1) / (a + b + 2). Its coefficients (products of half-integers
 * below 10^12) are exact doubles, so only x and the arithmetic need the width.
 */
function betaFraction(x, a, b) {
    let c = ONE;
    let d = divide(ONE, step(-(a + b), a + 1, x, ONE, false));
    let f = d;
    for (let m = 1; m < 100_000; m++) {
        const m2 = 2 * m;
        const evenNumerator = m * (b - m);
        const evenDenominator = (a + m2 - 1) * (a + m2);
        d = divide(ONE, step(evenNumerator, evenDenominator, x, d, false));
        c = step(evenNumerator, evenDenominator, x, c, true);
        f = times(f, times(d, c));
        const oddNumerator = -(a + m) * (a + b + m);
        const oddDenominator = (a + m2) * (a + m2 + 1);
        d = divide(ONE, step(oddNumerator, oddDenominator, x, d, false));
        c = step(oddNumerator, oddDenominator, x, c, true);
        const delta = times(d, c);
        f = times(f, delta);
        if (Math.abs(delta.hi - 1 + delta.lo) < EPS)
            break;
    }
    return f.hi + f.lo;
}
/**
 * I_x(a, b) with x and y = 1 - x given exactly (as double-doubles) and as
 * logarithms, so neither is ever formed as 1 minus something close to 1.
 */
function incompleteBeta(x, y, lnX, lnY, a, b) {
    if (x.hi > (a + 1) / (a + b + 2))
        return 1 - incompleteBeta(y, x, lnY, lnX, b, a);
    const lnFront = a * lnX + b * lnY - logBeta(a, b) - Math.log(a);
    return Math.exp(lnFront) * betaFraction(x, a, b);
}
/** Two-sided p of a t statistic with `df` degrees of freedom: P(|T| >= |t|) (2 * scipy's t.sf(|t|, df)). */
export function tTwoSided(t, df) {
    if (Number.isNaN(t) || Number.isNaN(df) || df <= 0)
        return NaN;
    const abs = Math.abs(t);
    if (abs === Infinity)
        return 0;
    if (df === Infinity)
        return 2 * normalUpperTail(abs);
    if (abs === 0)
        return 1;
    // p = I_x(df/2, 1/2) with x = df / (df + t²) = 1 / (1 + r), 1 - x = r / (1 + r), r = t²/df.
    // Logarithms come from log1p so that df/2 · ln x keeps its precision when x is close to 1;
    // for |t| beyond 1e150, t² would overflow, so ln r is taken as 2 ln|t| - ln df.
    const r = abs < 1e150 ? (abs * abs) / df : Infinity;
    const inverse = abs < 1e150 ? df / (abs * abs) : 0;
    let lnX;
    let lnY;
    if (r <= 1) {
        lnX = -Math.log1p(r);
        lnY = Math.log(r) + lnX;
    }
    else {
        lnY = -Math.log1p(inverse);
        lnX = lnY - (r === Infinity ? 2 * Math.log(abs) - Math.log(df) : Math.log(r));
    }
    const x = r <= 1 ? divide(ONE, sum(1, r)) : divide({ hi: inverse, lo: 0 }, sum(1, inverse));
    const y = r <= 1 ? divide({ hi: r, lo: 0 }, sum(1, r)) : divide(ONE, sum(1, inverse));
    return Math.min(1, incompleteBeta(x, y, lnX, lnY, df / 2, 0.5));
}
//# sourceMappingURL=distributions.js.map