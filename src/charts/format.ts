/** Number formatting for chart labels and titles (display only; data stays at full precision). */

/** 0.07123 -> "7.12%". */
export function formatPercent(rate: number, fractionDigits = 2): string {
  if (!Number.isFinite(rate)) return '–';
  return `${(rate * 100).toFixed(fractionDigits)}%`;
}

/** 1234 -> "1,234"; large counts stay exact, they are video counts, not plays. */
export function formatCount(count: number): string {
  return Math.round(count).toLocaleString('en-US');
}

/** Top over bottom, as "3.1×"; null when either is 0 (infinite or zero ratios tell nothing the numbers don't). */
export function formatRatio(top: number, bottom: number): string | null {
  if (!(bottom > 0) || !(top > 0) || !Number.isFinite(top)) return null;
  const ratio = top / bottom;
  return `${ratio >= 10 ? ratio.toFixed(0) : ratio.toFixed(1)}×`;
}
