"""Reference values for src/analysis/compare.ts, computed with scipy and numpy.

Rerun (from the repository root) after changing the families:
    python3 scripts/reference/compare.py > test/analysis/compare-references.json
    npx prettier --write test/analysis/compare-references.json

Each family is one /retention compare request: fixture catalogs (test/fixtures/catalogs) in
order, the first one "yours". A catalog is read by the semantics of test/fixtures/README.md
(first record of an id wins, a missing counter is 0, a numeric string is that number, plays = 0
leaves a video out of every rate). For every account after the first: scipy's two-sided
Mann-Whitney U test of its engagement rates against the first account's (method='asymptotic',
use_continuity=True, as the findings), U of the account, the rank-biserial effect, and the
Benjamini-Hochberg adjusted p over the tests of the family. Each account's median and quartiles
are numpy's (linear interpolation).
"""

import json

import numpy as np
from scipy.stats import false_discovery_control, mannwhitneyu

FAMILIES = [
    ["clean-60", "planted-1000", "edge-240", "ties-12"],
    ["planted-1000", "clean-60"],
    ["edge-240", "clean-60", "planted-1000"],
]


def counter(value):
    if value is None:
        return 0.0
    return float(value)


def engagement_rates(name):
    with open(f"test/fixtures/catalogs/{name}.json", encoding="utf8") as f:
        records = json.load(f)["videos"]
    seen = set()
    rates = []
    for record in records:
        if record["id"] in seen:
            continue
        seen.add(record["id"])
        plays = counter(record.get("play_count"))
        if not plays > 0:
            continue
        engaged = counter(record.get("digg_count")) + counter(record.get("comment_count")) + counter(record.get("share_count"))
        rates.append(engaged / plays)
    return np.array(rates)


def family(names):
    samples = [engagement_rates(name) for name in names]
    base = samples[0]
    tests = []
    for name, sample in zip(names[1:], samples[1:]):
        result = mannwhitneyu(sample, base, alternative="two-sided", method="asymptotic", use_continuity=True)
        tests.append(
            {
                "account": name,
                "n": len(sample),
                "nAgainst": len(base),
                "u": float(result.statistic),
                "p": float(result.pvalue),
                "effect": float(2 * result.statistic / (len(sample) * len(base)) - 1),
            }
        )
    q = false_discovery_control([t["p"] for t in tests], method="bh")
    for test, adjusted in zip(tests, q):
        test["q"] = float(adjusted)
        test["significant"] = bool(adjusted < 0.05)
    accounts = [
        {
            "account": name,
            "analyzedCount": len(sample),
            "median": float(np.median(sample)),
            "q25": float(np.quantile(sample, 0.25)),
            "q75": float(np.quantile(sample, 0.75)),
        }
        for name, sample in zip(names, samples)
    ]
    return {"accounts": accounts, "tests": tests}


print(json.dumps({"families": [family(names) for names in FAMILIES]}, indent=2))
