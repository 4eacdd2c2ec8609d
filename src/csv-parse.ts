import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Parser, type Options, CsvError } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';

/**
 * CSV through csv-parse (RFC 4180 and the usual deviations: BOM, CRLF, quoted
 * fields with delimiters and line breaks, blank lines). Shared by the file
 * import (src/tiktok/file-source.ts, streamed) and the export's round trip
 * (src/reports/csv.ts), so there is one way of reading CSV.
 */

/** A CSV text that cannot be read, with the 1-based line where the problem is. */
export class CsvParseError extends Error {
  constructor(
    message: string,
    readonly line: number,
    /** What to do about it, where the problem says more than "the file is broken". */
    readonly advice?: string,
  ) {
    super(message);
    this.name = 'CsvParseError';
  }
}

/**
 * A header naming one column twice: a record keyed by name can hold only one of the two, so
 * the other would be dropped without a word.
 */
function checkUniqueNames(names: readonly string[]): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name))
      throw new CsvParseError(
        `the header names the column ${JSON.stringify(name)} twice`,
        1,
        'Rename or remove one of them, then read the file again.',
      );
    seen.add(name);
  }
}

export type CsvDelimiter = ',' | ';' | '\t';

/**
 * The delimiter of a CSV text, judged on its header line (outside quotes):
 * the most frequent of comma, semicolon and tab. Comma when none appears.
 */
export function detectDelimiter(head: string): CsvDelimiter {
  const counts: Record<CsvDelimiter, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const char of head.replace(/^\ufeff/, '')) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && char in counts) counts[char as CsvDelimiter]++;
  }
  const best = (Object.entries(counts) as [CsvDelimiter, number][]).sort((a, b) => b[1] - a[1])[0]!;
  return best[1] === 0 ? ',' : best[0];
}

function options(delimiter: string, onHeader?: (header: string[], raw: string[]) => void): Options {
  return {
    delimiter,
    bom: true,
    columns: (header: string[]) => {
      const names = header.map((name) => name.trim());
      checkUniqueNames(names);
      onHeader?.(names, header);
      return names;
    },
    // Mixed line ends (a CRLF file edited on a Mac) are still one record per line.
    record_delimiter: ['\r\n', '\n', '\r'],
    // A short row (trailing empty cells left out) is read with its cells missing, not refused. A row
    // with more cells than the header is refused (see toParseError): its cells have shifted (an
    // unquoted delimiter in a caption), and read by position they would land in the wrong columns.
    relax_column_count_less: true,
    skip_empty_lines: true,
    skip_records_with_empty_values: true,
    // A stray quote inside an unquoted field is kept as text; an unterminated quoted field still fails.
    relax_quotes: true,
  };
}

/**
 * Where the streamed parse had got to when it failed, to name lines as an editor does: csv-parse
 * counts each character of a CRLF inside a quoted cell as a line (`extra` so far), and names the
 * end of the file for a quote never closed (the cell opened on `nextLine` or after).
 */
interface StreamPlace {
  extra: number;
  nextLine: number;
}

function toParseError(error: unknown, place: StreamPlace = { extra: 0, nextLine: 0 }): CsvParseError | undefined {
  if (!(error instanceof CsvError)) return undefined;
  const line = Number(/line (\d+)/.exec(error.message)?.[1] ?? 0) - place.extra;
  if (error.code === 'CSV_QUOTE_NOT_CLOSED' && place.nextLine > 0)
    return new CsvParseError(
      `a quoted cell opened on line ${place.nextLine} or after is never closed, so the rest of the file would be one cell`,
      place.nextLine,
      'A caption with a stray double quote does this: double it inside a quoted cell ("say ""hi"""), or export the file again.',
    );
  if (error.code === 'CSV_RECORD_INCONSISTENT_COLUMNS') {
    const counts = /columns length is (\d+), got (\d+)/.exec(error.message);
    if (counts !== null)
      return new CsvParseError(
        `line ${line} has ${counts[2]} cells but the header has ${counts[1]} columns, so its values would shift into the wrong columns`,
        line,
        'A caption or title with an unquoted comma, semicolon or tab does this: quote such cells ("Top 5, ranked"), or export the file again.',
      );
  }
  return new CsvParseError(place.extra > 0 ? error.message.replace(/line \d+/, `line ${line}`) : error.message, line);
}

/** Rows keyed by the header row's names (trimmed); blank rows skipped, missing cells absent. */
export function parseCsvRecords(
  text: string,
  delimiter: CsvDelimiter = detectDelimiter(text),
): Record<string, string>[] {
  try {
    return parseSync(text, options(delimiter)) as unknown as Record<string, string>[];
  } catch (error) {
    throw toParseError(error) ?? error;
  }
}

/** Rows of fields, the header row included; blank lines skipped. */
export function parseCsv(text: string, opts: { delimiter?: string } = {}): string[][] {
  try {
    return parseSync(text, {
      ...options(opts.delimiter ?? ','),
      columns: false,
      // Rows of fields, not keyed by a header: a row of any length is read as it is.
      relax_column_count: true,
      skip_records_with_empty_values: false,
    });
  } catch (error) {
    throw toParseError(error) ?? error;
  }
}

/**
 * A parser that notes, as it emits each record, the line it has reached: the record's last line,
 * as csv-parse counts lines (`info.lines`). Read at the moment of the push, with no cost per
 * record beyond it: csv-parse's own `info: true` copies its whole info object into every record
 * (half as slow again, measured on 100,000 rows).
 */
class LineNotingParser extends Parser {
  /** Lines of the records pushed and not yet taken (a queue: `next` is the first not taken). */
  readonly #lines: number[] = [];
  #next = 0;

  override push(chunk: unknown, encoding?: BufferEncoding): boolean {
    if (chunk !== null) this.#lines.push(this.info.lines);
    return super.push(chunk, encoding);
  }

  /** The line of the next record taken; records are taken in the order they were pushed. */
  takeLine(): number {
    const line = this.#lines[this.#next++]!;
    if (this.#next === this.#lines.length) {
      this.#lines.length = 0;
      this.#next = 0;
    }
    return line;
  }
}

/** Line breaks in the cells of a record (CRLF once) and how many of them are CRLF. */
function lineBreaksIn(values: Iterable<string>): { breaks: number; crlf: number } {
  let breaks = 0;
  let crlf = 0;
  for (const value of values) {
    for (let i = 0; i < value.length; i++) {
      const code = value.charCodeAt(i);
      if (code === 13) {
        breaks++;
        if (value.charCodeAt(i + 1) === 10) {
          crlf++;
          i++;
        }
      } else if (code === 10) breaks++;
    }
  }
  return { breaks, crlf };
}

/**
 * Streams the records of CSV text chunks to `onRecord`, each with the line of the text where it
 * starts (1-based, as an editor counts lines: blank lines and line breaks inside quoted cells
 * count, CRLF once); `onHeader` gets the header row first. Memory holds one record at a time;
 * backpressure and errors go through stream.pipeline.
 */
export async function streamCsvRecords(
  chunks: AsyncIterable<string> | Iterable<string>,
  delimiter: CsvDelimiter,
  onHeader: (header: string[]) => void,
  onRecord: (record: Record<string, string>, line: number) => void,
): Promise<void> {
  // csv-parse counts each character of a CRLF inside a quoted cell as a line (a CRLF between
  // records once): `extra` is what it has counted so far beyond an editor's lines.
  let extra = 0;
  // The editor's line of the last record's last line; a record right after it, on one line, needs no look at its cells.
  let lastEnd = 1;
  const parser = new LineNotingParser(
    options(delimiter, (names, raw) => {
      extra += lineBreaksIn(raw).crlf;
      onHeader(names);
    }),
  );
  const sink = new Writable({
    objectMode: true,
    write(record: Record<string, string>, _encoding, callback) {
      try {
        let end = parser.takeLine() - extra;
        let start = end;
        if (end - lastEnd !== 1) {
          // Blank lines before it, or line breaks in its cells (rare): its cells say which.
          const { breaks, crlf } = lineBreaksIn(Object.values(record));
          extra += crlf;
          end -= crlf;
          start = end - breaks;
        }
        lastEnd = end;
        onRecord(record, start);
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
  });
  try {
    await pipeline(Readable.from(chunks), parser, sink);
  } catch (error) {
    throw toParseError(error, { extra, nextLine: lastEnd + 1 }) ?? error;
  }
}
