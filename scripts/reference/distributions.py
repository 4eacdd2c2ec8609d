"""Reference values for src/analysis/distributions.ts, computed with mpmath at 50 digits.

Rerun (from the repository root) after changing the grid:
    python3 scripts/reference/distributions.py > test/analysis/distribution-references.json
    npx prettier --write test/analysis/distribution-references.json

Every argument is a double (written with repr, so it reads back exactly) and the
reference is the exact tail at that double, rounded once to the nearest double.
Each value is computed at 50 and again at 70 digits; the script stops if the two
disagree beyond 1e-30, so a slow-converging mpmath series cannot slip in.
"""

import json
import sys

import mpmath as mp

DFS = [1, 2, 3, 5, 10, 30, 58, 100, 238, 998, 4998, 10**5, 10**6]


def normal_sf(z):
    return mp.erfc(mp.mpf(z) / mp.sqrt(2)) / 2


def t_two_sided(t, df):
    # P(|T| >= |t|) = I_x(a, 1/2), a = df/2, x = df / (df + t^2), from mpmath's betainc (a
    # hypergeometric series). Where that stops converging (large df), the integral is taken
    # directly: with u = x e^(-s/a), I_x(a, b) = x^a / (a B(a, b)) * int_0^inf e^-s (1 - x e^(-s/a))^(b-1) ds,
    # a smooth integrand on [0, inf) that tanh-sinh quadrature handles at any df.
    t = mp.mpf(t)
    if t == 0:
        return mp.mpf(1)
    a, b = mp.mpf(df) / 2, mp.mpf(1) / 2
    x = mp.mpf(df) / (df + t * t)
    try:
        return mp.betainc(a, b, 0, x, regularized=True)
    except mp.libmp.NoConvergence:
        pass
    scale = a * (1 - x)  # where the integrand changes fastest near s = 0
    points = sorted({mp.mpf(0), scale / 10, scale, 10 * scale, mp.mpf(1), mp.mpf(10), mp.inf})
    integral = mp.quad(lambda s: mp.exp(-s) * (1 - x * mp.exp(-s / a)) ** (b - 1), points)
    return mp.exp(a * mp.log(x) - mp.log(a) - mp.log(mp.beta(a, b))) * integral


def checked(fn, *args):
    with mp.workdps(70):
        fine = fn(*args)
    with mp.workdps(50):
        value = fn(*args)
    if fine != 0 and abs(value / fine - 1) > mp.mpf(10) ** -30:
        sys.exit(f"mpmath did not converge for {fn.__name__}{args}: {value} vs {fine}")
    return float(value)


def normal_grid():
    zs = [round(-8 + 0.01 * i, 2) for i in range(0, 4601)]  # -8 .. 38 by 0.01
    zs += [-40.0, -38.5, -20.0, -1e-300, 0.0, 1e-300, 1e-8, 2.4999999999999996, 2.5, 2.5000000000000004]
    zs += [38.5, 38.6, 39.0, 40.0, 1e3]
    return sorted(set(zs))


def t_grid(df):
    # t where p reaches about 1e-310, found by bisection on log t, so the grid spans p from 1 down past 1e-300.
    with mp.workdps(30):
        lo, hi = mp.mpf(0), mp.mpf(700)
        for _ in range(80):
            mid = (lo + hi) / 2
            if t_two_sided(mp.e**mid, df) > mp.mpf(10) ** -310:
                lo = mid
            else:
                hi = mid
        t_max = float(mp.e**hi)
    ts = [0.0, 1e-300, 1e-8, 1e-3]
    ts += [round(0.05 * i, 2) for i in range(1, 101)]  # 0.05 .. 5
    steps = 200
    ts += [float(mp.mpf(5) * (mp.mpf(t_max) / 5) ** (mp.mpf(i) / steps)) for i in range(1, steps + 1)]
    ts += [t_max * 1.5, t_max * 10]
    return sorted(set(ts))


def main():
    mp.mp.dps = 50
    normal = [[z, checked(normal_sf, z)] for z in normal_grid()]
    t = [[df, tt, checked(t_two_sided, tt, df)] for df in DFS for tt in t_grid(df)]
    out = {
        "generator": "scripts/reference/distributions.py (mpmath, 50 digits, checked at 70)",
        "normalUpperTail": normal,
        "tTwoSided": t,
    }
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
