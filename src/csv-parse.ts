/**
 * A CSV reader for what real files hold (RFC 4180 and the usual deviations).
 * Shared by the file import (src/tiktok/file-source.ts) and the export's
 * round trip (src/reports/csv.ts), so there is one parser.
 */

/** A CSV text that cannot be read, with the 1-based line where the problem starts. */
export class CsvParseError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'CsvParseError';
  }
}

export interface ParseCsvOptions {
  /** Field separator; ',' by default. */
  delimiter?: string;
}

/**
 * Reads CSV into rows of fields. Accepts what real files hold: a UTF-8 BOM,
 * CRLF, LF or CR line ends, quoted fields with doubled quotes, delimiters and
 * line breaks inside quotes, and a missing final line break. Blank lines are
 * skipped. Lenient where RFC 4180 is strict but the intent is clear (a stray
 * quote inside an unquoted field is kept as text); an unterminated quoted field
 * throws CsvParseError, since everything after it would be misread.
 */
export function parseCsv(text: string, options: ParseCsvOptions = {}): string[][] {
  const delimiter = options.delimiter ?? ',';
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new Error(
      `CSV delimiter must be one character other than a quote or line break, got ${JSON.stringify(delimiter)}`,
    );
  }
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: string[][] = [];
  const length = input.length;
  let row: string[] = [];
  let line = 1;
  let i = 0;
  // True right after a line break: a line break here means a blank line.
  let atLineStart = true;

  while (i < length) {
    const char = input[i];
    if (atLineStart && isLineBreak(input, i)) {
      // Blank line: skip it.
      i += lineBreakWidth(input, i);
      line++;
      continue;
    }
    atLineStart = false;
    let field: string;
    if (char === '"') {
      const startLine = line;
      let value = '';
      let j = i + 1;
      for (;;) {
        const close = input.indexOf('"', j);
        if (close === -1) throw new CsvParseError(`unterminated quoted field starting on line ${startLine}`, startLine);
        const chunk = input.slice(j, close);
        value += chunk;
        line += countLineBreaks(chunk);
        if (input[close + 1] === '"') {
          value += '"';
          j = close + 2;
          continue;
        }
        j = close + 1;
        break;
      }
      // Text between the closing quote and the next delimiter (not RFC 4180) is kept as is.
      const end = nextBoundary(input, j, delimiter);
      field = value + input.slice(j, end);
      i = end;
    } else {
      const end = nextBoundary(input, i, delimiter);
      field = input.slice(i, end);
      i = end;
    }
    row.push(field);
    if (i >= length) break;
    if (input[i] === delimiter) {
      i++;
      if (i < length && !isLineBreak(input, i)) continue;
      // A delimiter at the very end of a line or of the text leaves one more, empty field.
      row.push('');
      if (i >= length) break;
    }
    // A line break ends the row.
    i += lineBreakWidth(input, i);
    line++;
    rows.push(row);
    row = [];
    atLineStart = true;
  }
  if (row.length > 0) rows.push(row);
  return rows;
}

export interface CsvTable {
  /** The header row's names, trimmed; empty for an empty text. */
  header: string[];
  /** The rows below it keyed by those names; blank rows skipped, missing cells ''. */
  records: Record<string, string>[];
}

/** The header and the records, so a caller can tell "no rows" from "not the columns it needs". */
export function parseCsvTable(text: string, options: ParseCsvOptions = {}): CsvTable {
  const [first, ...rows] = parseCsv(text, options);
  const header = (first ?? []).map((name) => name.trim());
  const records = rows
    .filter((row) => row.some((cell) => cell.trim() !== ''))
    .map((row) => Object.fromEntries(header.map((name, i) => [name, row[i] ?? ''])));
  return { header, records };
}

/** Rows keyed by the header row's names (trimmed); blank rows skipped, missing cells ''. */
export function parseCsvRecords(text: string, options: ParseCsvOptions = {}): Record<string, string>[] {
  return parseCsvTable(text, options).records;
}

function isLineBreak(input: string, at: number): boolean {
  return input[at] === '\n' || input[at] === '\r';
}

/** 2 for CRLF, else 1: a CRLF is one line break. */
function lineBreakWidth(input: string, at: number): number {
  return input[at] === '\r' && input[at + 1] === '\n' ? 2 : 1;
}

function nextBoundary(input: string, from: number, delimiter: string): number {
  for (let k = from; k < input.length; k++) {
    const c = input[k];
    if (c === delimiter || c === '\n' || c === '\r') return k;
  }
  return input.length;
}

function countLineBreaks(text: string): number {
  let count = 0;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === 10) count++;
    else if (c === 13 && text.charCodeAt(k + 1) !== 10) count++;
  }
  return count;
}
