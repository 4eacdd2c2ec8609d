/**
 * Grapheme clusters (what a reader sees as one character) through one
 * Intl.Segmenter, made on first use (building one takes ~20 ms in a fresh
 * process). Text of printable ASCII, most cells of a report's tables, needs
 * none: isPrintableAscii lets it be measured by its length, which costs a
 * fraction of walking it grapheme by grapheme.
 */

let segmenter: Intl.Segmenter | undefined;

/** The grapheme clusters of `text`, each with its index. */
export function graphemes(text: string): Intl.Segments {
  segmenter ??= new Intl.Segmenter('en', { granularity: 'grapheme' });
  return segmenter.segment(text);
}

/**
 * Whether every character is printable ASCII (space to '~'). Each is then a
 * grapheme of its own, one column wide: no ASCII character combines with its
 * neighbour, and none is a mark, an emoji or a wide character.
 */
export function isPrintableAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code > 0x7e) return false;
  }
  return true;
}
