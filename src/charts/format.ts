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

/**
 * Greedy word wrap for text drawn on the canvas (Chart.js draws a title line
 * as one run and would let it run off an 800 px image).
 */
export function wrapWords(text: string, maxChars = 80): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line !== '' && line.length + 1 + word.length > maxChars) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}
