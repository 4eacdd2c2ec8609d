import { describe, expect, it } from 'vitest';
import {
  formatAge,
  formatCaption,
  formatCompact,
  formatCorrelation,
  formatDeltaPercent,
  formatDeltaPoints,
  formatDuration,
  formatInteger,
  formatPercent,
  formatRatio,
  formatUtcDateTime,
  lengthIn,
  oneLine,
  tiktokVideoUrl,
  truncateText,
} from '../../src/reports/format.js';
import { fixtureRecords } from '../support/fixtures.js';

/** True when the text holds a high or low surrogate without its partner (a broken emoji). */
function hasLoneSurrogate(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return true;
      i++;
    } else if (code >= 0xdc00 && code <= 0xdfff) return true;
  }
  return false;
}

const graphemes = (text: string) =>
  [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(text)].map((s) => s.segment);

describe('formatPercent', () => {
  it('shows rates as percentages with two decimals', () => {
    expect(formatPercent(0.07123)).toBe('7.12%');
    expect(formatPercent(0.12415)).toBe('12.42%');
    expect(formatPercent(0)).toBe('0.00%');
    expect(formatPercent(1.5)).toBe('150.00%');
    expect(formatPercent(0.0712, 1)).toBe('7.1%');
  });
  it('rounds half up on the digits shown, not on binary noise', () => {
    expect(formatPercent(0.00125)).toBe('0.13%');
    expect(formatPercent(-0.12415)).toBe('-12.42%');
    expect(formatPercent(1e-9)).toBe('0.00%');
  });
  it('never shows a negative zero and says n/a for non-numbers', () => {
    expect(formatPercent(-0.000001)).toBe('0.00%');
    expect(formatPercent(Number.NaN)).toBe('n/a');
    expect(formatPercent(Number.POSITIVE_INFINITY)).toBe('n/a');
  });
});

describe('formatCompact', () => {
  it.each([
    [0, '0'],
    [950, '950'],
    [999, '999'],
    [1000, '1K'],
    [48_210, '48.2K'],
    [310_000, '310K'],
    [999_499, '999.5K'],
    [1_234_567, '1.2M'],
    [101.17, '101'],
    [-48_210, '-48.2K'],
    [2_500_000_000, '2.5B'],
  ])('%d -> %s', (value, expected) => {
    expect(formatCompact(value)).toBe(expected);
  });
  it('picks the unit after rounding, so nothing reads 1000K', () => {
    expect(formatCompact(999_950)).toBe('1M');
    expect(formatCompact(999.6)).toBe('1K');
    expect(formatCompact(999_960_000)).toBe('1B');
  });
  it('says n/a for non-numbers', () => {
    expect(formatCompact(Number.NaN)).toBe('n/a');
  });
});

describe('formatInteger', () => {
  it('groups thousands', () => {
    expect(formatInteger(1_234_567)).toBe('1,234,567');
    expect(formatInteger(12)).toBe('12');
  });
});

describe('formatDuration', () => {
  it.each([
    [75, '1:15'],
    [0, '0:00'],
    [9, '0:09'],
    [59.6, '1:00'],
    [600, '10:00'],
    [3725, '1:02:05'],
    [265.5, '4:26'],
  ])('%d s -> %s', (seconds, expected) => {
    expect(formatDuration(seconds)).toBe(expected);
  });
  it('says n/a for negative or missing durations', () => {
    expect(formatDuration(-1)).toBe('n/a');
    expect(formatDuration(Number.NaN)).toBe('n/a');
  });
});

describe('formatAge', () => {
  it.each([
    [0, 'just now'],
    [59_999, 'just now'],
    [60_000, '1 min ago'],
    [12 * 60_000 + 30_000, '12 min ago'],
    [3 * 3_600_000, '3 h ago'],
    [25 * 3_600_000, '1 day ago'],
    [3 * 86_400_000, '3 days ago'],
    [-5_000, 'just now'],
  ])('%d ms -> %s', (ms, expected) => {
    expect(formatAge(ms)).toBe(expected);
  });
});

describe('signed deltas, ratios and correlations', () => {
  it('formats percentage-point and relative changes with a sign', () => {
    expect(formatDeltaPoints(0.012)).toBe('+1.2 pp');
    expect(formatDeltaPoints(-0.0123)).toBe('-1.2 pp');
    expect(formatDeltaPoints(0.00001)).toBe('±0.0 pp');
    expect(formatDeltaPercent(0.123)).toBe('+12.3%');
    expect(formatDeltaPercent(-0.5)).toBe('-50.0%');
    expect(formatDeltaPercent(0)).toBe('±0.0%');
  });
  it('formats ratios and says n/a when dividing by zero', () => {
    expect(formatRatio(0.12, 0.03)).toBe('4.0×');
    expect(formatRatio(1_000_000, 48_000)).toBe('21×');
    expect(formatRatio(1, 0)).toBe('n/a');
  });
  it('formats correlations with a sign, n/a when there is none', () => {
    expect(formatCorrelation(0.4213)).toBe('+0.42');
    expect(formatCorrelation(-0.071)).toBe('-0.07');
    expect(formatCorrelation(null)).toBe('n/a');
  });
  it('formats ISO times as UTC', () => {
    expect(formatUtcDateTime('2026-11-20T14:03:59.000Z')).toBe('2026-11-20 14:03 UTC');
    expect(formatUtcDateTime('not a date')).toBe('not a date');
  });
});

describe('truncateText', () => {
  it('leaves text that fits alone', () => {
    expect(truncateText('short', 80)).toBe('short');
    expect(truncateText('🔥🔥', 2)).toBe('🔥🔥');
  });
  it('counts code points by default and ends cut text with an ellipsis inside the limit', () => {
    const cut = truncateText('🔥'.repeat(100), 10);
    expect(cut).toBe(`${'🔥'.repeat(9)}…`);
    expect(lengthIn(cut, 'codePoints')).toBe(10);
  });
  it('counts UTF-16 units when asked, without splitting a surrogate pair', () => {
    const cut = truncateText('🔥'.repeat(10), 6, { unit: 'utf16' });
    expect(cut).toBe('🔥🔥…');
    expect(cut.length).toBeLessThanOrEqual(6);
    expect(hasLoneSurrogate('a\ud83d')).toBe(true);
    expect(hasLoneSurrogate(truncateText('a🔥🔥🔥', 4, { unit: 'utf16', ellipsis: '' }))).toBe(false);
    expect(truncateText('a🔥🔥🔥', 3, { unit: 'utf16', ellipsis: '' })).toBe('a🔥');
  });
  it('keeps a ZWJ emoji sequence whole or drops it whole', () => {
    const chef = '🧑‍🍳'; // three code points, one glyph
    for (let max = 1; max <= 12; max++) {
      const cut = truncateText(`ab ${chef}${chef} cd`, max);
      expect(lengthIn(cut, 'codePoints')).toBeLessThanOrEqual(max);
      const kept = cut.endsWith('…') ? cut.slice(0, -1) : cut;
      for (const glyph of graphemes(kept)) expect(['a', 'b', ' ', 'c', 'd', chef]).toContain(glyph);
    }
  });
  it('keeps flags and skin-tone emoji whole', () => {
    const cut = truncateText('🇩🇪🇫🇷👍🏽👍🏽', 6);
    expect(graphemes(cut.slice(0, -1)).every((g) => ['🇩🇪', '🇫🇷', '👍🏽'].includes(g))).toBe(true);
  });
  it('falls back to whole code points when one grapheme is longer than the limit', () => {
    const zalgo = `e${'\u0301'.repeat(50)}`;
    const cut = truncateText(zalgo, 5);
    expect(lengthIn(cut, 'codePoints')).toBe(5);
    expect(cut.startsWith('e')).toBe(true);
  });
  it('handles tiny limits', () => {
    expect(truncateText('hello', 0)).toBe('');
    expect(truncateText('hello', 1)).toBe('…');
    expect(truncateText('hello', 2, { ellipsis: '...' })).toBe('he');
  });
});

describe('captions', () => {
  it('puts captions on one line', () => {
    expect(oneLine('  part 1\r\npart\t2 \n')).toBe('part 1 part 2');
  });
  it('cuts the emoji caption of ties-12 to 80 code points without half an emoji', () => {
    const records = fixtureRecords('ties-12') as { desc: string }[];
    const caption = records.at(-1)?.desc ?? '';
    expect(lengthIn(caption, 'codePoints')).toBeGreaterThan(80);
    const cut = formatCaption(caption);
    expect(lengthIn(cut, 'codePoints')).toBeLessThanOrEqual(80);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut.startsWith('🔥🔥🔥 emoji caption')).toBe(true);
    expect(hasLoneSurrogate(cut)).toBe(false);
    expect(caption.startsWith(cut.slice(0, -1))).toBe(true);
  });
  it('links to videos on TikTok', () => {
    expect(tiktokVideoUrl('@chefmaya', '7301')).toBe('https://www.tiktok.com/@chefmaya/video/7301');
    expect(tiktokVideoUrl('chef.maya_', '7301')).toBe('https://www.tiktok.com/@chef.maya_/video/7301');
  });
});
