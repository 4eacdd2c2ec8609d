/**
 * Quantile of ascending-sorted values with linear interpolation between order
 * statistics: numpy's and pandas' default ("linear", type 7).
 */
export function quantileSorted(sorted, p) {
    const n = sorted.length;
    if (n === 0)
        throw new RangeError('quantile of an empty list');
    const position = (n - 1) * p;
    const lower = Math.floor(position);
    const fraction = position - lower;
    const a = sorted.at(lower);
    if (fraction === 0 || lower + 1 >= n)
        return a;
    const b = sorted.at(lower + 1);
    // numpy's lerp: interpolate from the nearer end, which keeps results exact at ties.
    return fraction < 0.5 ? a + (b - a) * fraction : b - (b - a) * (1 - fraction);
}
export function medianSorted(sorted) {
    return quantileSorted(sorted, 0.5);
}
//# sourceMappingURL=quantile.js.map