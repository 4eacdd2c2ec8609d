/**
 * Monospace tables for the terminal and for code blocks in Discord. Widths are
 * measured in terminal columns (emoji and CJK take two, combining marks none)
 * so columns stay aligned when a caption holds 🔥 or 料理.
 */

import { graphemes, isPrintableAscii } from './graphemes.js';

const WIDE = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u;
const ZERO_WIDTH = /^(?:\p{Mark}|\p{Default_Ignorable_Code_Point}|\p{Control})+$/u;
// ANSI colour sequences take no room on screen.
// eslint-disable-next-line no-control-regex -- matching the ESC (\u001b) that starts an ANSI colour code is this regex's purpose
const ANSI = /\u001b\[[0-9;]*m/gu;

/** Columns a string takes in a terminal. */
export function displayWidth(text: string): number {
  const plain = text.includes('\u001b') ? text.replace(ANSI, '') : text;
  if (isPrintableAscii(plain)) return plain.length;
  let width = 0;
  for (const { segment } of graphemes(plain)) {
    if (ZERO_WIDTH.test(segment)) continue;
    const first = segment.codePointAt(0) ?? 0;
    // Pictographs below U+1F000 (©, ❤) are narrow unless asked for as emoji (U+FE0F).
    const emoji = WIDE.test(segment) && (first >= 0x1f000 || segment.includes('\ufe0f'));
    width += emoji || isEastAsianWide(first) ? 2 : 1;
  }
  return width;
}

/** Text cut to at most `width` columns, whole graphemes only, ending in '…' when cut. */
export function fitWidth(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  if (width <= 0) return '';
  // One column per character: the loop below would keep exactly these.
  if (isPrintableAscii(text)) return `${text.slice(0, width - 1).trimEnd()}…`;
  let out = '';
  let used = 0;
  for (const { segment } of graphemes(text)) {
    const size = displayWidth(segment);
    if (used + size > width - 1) break;
    out += segment;
    used += size;
  }
  return `${out.trimEnd()}…`;
}

export type Align = 'left' | 'right';

export interface TableOptions {
  /** Alignment per column; left by default. */
  align?: readonly Align[];
  /** Spaces between columns. */
  gap?: number;
  /** Prepended to every line. */
  indent?: string;
}

/** Rows of cells as aligned lines. The last column is not padded (no trailing spaces). */
export function renderTable(rows: readonly (readonly string[])[], options: TableOptions = {}): string[] {
  const gap = ' '.repeat(options.gap ?? 2);
  const indent = options.indent ?? '';
  const columns = Math.max(0, ...rows.map((row) => row.length));
  const widths = Array.from({ length: columns }, (_, c) =>
    Math.max(0, ...rows.map((row) => displayWidth(row[c] ?? ''))),
  );
  return rows.map((row) => {
    const cells = Array.from({ length: columns }, (_, c) => {
      const cell = row[c] ?? '';
      const pad = ' '.repeat((widths[c] ?? 0) - displayWidth(cell));
      const isLast = c === columns - 1;
      if (options.align?.[c] === 'right') return pad + cell;
      return isLast ? cell : cell + pad;
    });
    return (indent + cells.join(gap)).trimEnd();
  });
}

/** A bar of `fraction` (0..1) of `width` columns in eighth-block steps: '█████▌'. */
export function bar(fraction: number, width: number): string {
  if (!Number.isFinite(fraction) || fraction <= 0 || width <= 0) return '';
  const eighths = Math.round(Math.min(1, fraction) * width * 8);
  const partial = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'][eighths % 8] ?? '';
  const bars = '█'.repeat(Math.floor(eighths / 8)) + partial;
  // A non-zero value always shows at least a sliver.
  return bars.length > 0 ? bars : '▏';
}

function isEastAsianWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

/**
 * Greedy word wrap to `width` columns. Lines after the first start with
 * `hangingIndent`; a single word wider than the line (a URL) is kept whole.
 */
export function wrapText(text: string, width: number, hangingIndent = ''): string[] {
  const leading = /^ */u.exec(text)?.[0] ?? '';
  const words = text
    .slice(leading.length)
    .split(' ')
    .filter((word) => word !== '');
  const lines: string[] = [];
  let line = leading;
  let hasWord = false;
  for (const word of words) {
    const candidate = hasWord ? `${line} ${word}` : `${line}${word}`;
    if (hasWord && displayWidth(candidate) > width) {
      lines.push(line);
      line = hangingIndent + word;
    } else {
      line = candidate;
    }
    hasWord = true;
  }
  lines.push(line);
  return lines;
}
