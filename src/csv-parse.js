import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse as parseStream, CsvError } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
/**
 * CSV through csv-parse (RFC 4180 and the usual deviations: BOM, CRLF, quoted
 * fields with delimiters and line breaks, blank lines). Shared by the file
 * import (src/tiktok/file-source.ts, streamed) and the export's round trip
 * (src/reports/csv.ts), so there is one way of reading CSV.
 */
/** A CSV text that cannot be read, with the 1-based line where the problem is. */
export class CsvParseError extends Error {
    line;
    constructor(message, line) {
        super(message);
        this.line = line;
        this.name = 'CsvParseError';
    }
}
/**
 * The delimiter of a CSV text, judged on its header line (outside quotes):
 * the most frequent of comma, semicolon and tab. Comma when none appears.
 */
export function detectDelimiter(head) {
    const counts = { ',': 0, ';': 0, '\t': 0 };
    let quoted = false;
    for (const char of head.replace(/^\ufeff/, '')) {
        if (char === '"')
            quoted = !quoted;
        else if (!quoted && (char === '\n' || char === '\r'))
            break;
        else if (!quoted && char in counts)
            counts[char]++;
    }
    const best = Object.entries(counts).sort((a, b) => b[1] - a[1])[0];
    return best[1] === 0 ? ',' : best[0];
}
function options(delimiter, onHeader) {
    return {
        delimiter,
        bom: true,
        columns: (header) => {
            const names = header.map((name) => name.trim());
            onHeader?.(names);
            return names;
        },
        // Mixed line ends (a CRLF file edited on a Mac) are still one record per line.
        record_delimiter: ['\r\n', '\n', '\r'],
        // A short row (a trailing empty cell left out) is read with its cells missing, not refused.
        relax_column_count: true,
        skip_empty_lines: true,
        skip_records_with_empty_values: true,
        // A stray quote inside an unquoted field is kept as text; an unterminated quoted field still fails.
        relax_quotes: true,
    };
}
function toParseError(error) {
    if (!(error instanceof CsvError))
        return undefined;
    const line = Number(/line (\d+)/.exec(error.message)?.[1] ?? 0);
    return new CsvParseError(error.message, line);
}
/** Rows keyed by the header row's names (trimmed); blank rows skipped, missing cells absent. */
export function parseCsvRecords(text, delimiter = detectDelimiter(text)) {
    try {
        return parseSync(text, options(delimiter));
    }
    catch (error) {
        throw toParseError(error) ?? error;
    }
}
/** Rows of fields, the header row included; blank lines skipped. */
export function parseCsv(text, opts = {}) {
    try {
        return parseSync(text, {
            ...options(opts.delimiter ?? ','),
            columns: false,
            skip_records_with_empty_values: false,
        });
    }
    catch (error) {
        throw toParseError(error) ?? error;
    }
}
/**
 * Streams the records of CSV text chunks to `onRecord`; `onHeader` gets the
 * header row first. Memory holds one record at a time; backpressure and errors
 * go through stream.pipeline.
 */
export async function streamCsvRecords(chunks, delimiter, onHeader, onRecord) {
    const sink = new Writable({
        objectMode: true,
        write(record, _encoding, callback) {
            try {
                onRecord(record);
                callback();
            }
            catch (error) {
                callback(error);
            }
        },
    });
    try {
        await pipeline(Readable.from(chunks), parseStream(options(delimiter, onHeader)), sink);
    }
    catch (error) {
        throw toParseError(error) ?? error;
    }
}
//# sourceMappingURL=csv-parse.js.map