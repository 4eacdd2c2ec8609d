import { describe, expect, it } from 'vitest';
import { isPrintableAscii } from '../../src/reports/graphemes.js';
import { displayWidth, fitWidth } from '../../src/reports/text-table.js';

/** Every printable ASCII character, space to '~'. */
const PRINTABLE = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)).join('');
/** Narrow, not ASCII: sends a text down the grapheme-by-grapheme path. */
const NARROW = '·';

describe('display width', () => {
  it('counts printable ASCII one column a character, as the grapheme path counts it', () => {
    expect(isPrintableAscii(PRINTABLE)).toBe(true);
    expect(displayWidth(PRINTABLE)).toBe(PRINTABLE.length);
    expect(displayWidth(PRINTABLE + NARROW)).toBe(PRINTABLE.length + 1);
    for (const char of PRINTABLE) expect(displayWidth(char + NARROW)).toBe(2);
  });

  it('gives controls no column, and leaves ANSI colours out', () => {
    expect(isPrintableAscii('a\tb')).toBe(false);
    expect(displayWidth('a\tb')).toBe(2);
    expect(displayWidth('a\u007fb')).toBe(2);
    expect(displayWidth('\u001b[31mred\u001b[0m')).toBe(3);
  });

  it('counts wide and combined graphemes by what they show', () => {
    expect(displayWidth('料理 🔥')).toBe(7);
    expect(displayWidth('cafe\u0301')).toBe(4);
    expect(displayWidth('🧑‍🍳!')).toBe(3);
  });
});

describe('fitting to a width', () => {
  it('cuts printable ASCII where the grapheme path cuts it', () => {
    const text = 'Three ways to cook rice you have not tried yet';
    for (let width = 1; width < text.length; width++) {
      const cut = fitWidth(text, width);
      expect(cut).toBe(fitWidth(text + NARROW, width));
      expect(displayWidth(cut)).toBeLessThanOrEqual(width);
    }
    expect(fitWidth(text, 10)).toBe('Three way…');
    expect(fitWidth(text, text.length)).toBe(text);
  });

  it('keeps wide graphemes whole', () => {
    expect(fitWidth('料理料理料理', 6)).toBe('料理…');
  });
});
