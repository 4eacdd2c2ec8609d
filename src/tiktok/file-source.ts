import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { UserFacingError } from '../errors.js';
import { skippedPlace, type Catalog, type CatalogCompleteness } from './catalog.js';
import { JsonRecordStream, JsonSyntaxError, type JsonScan } from './json-records.js';
import { CatalogBuilder, type NormalizeResult } from './normalize.js';
import { UNDERSTOOD_COLUMNS } from './record-shapes.js';
import { READ_CHUNK_BYTES, TextDecodingError, openText, readWholeText, type TextChunks } from './text-stream.js';

/**
 * Reads a catalog from a file, as a stream: JSON (one document, JSON Lines,
 * or concatenated documents; any of the containers saved API responses use)
 * or CSV (comma, semicolon or tab separated, header row). Memory grows with
 * the number of videos kept, not with the size of the file. Every problem
 * becomes a UserFacingError naming the file and saying what to do.
 */

export interface ReadCatalogOptions {
  now?: Date;
  /** Keep only this account's videos (files that mix several accounts). */
  author?: string;
  /** Files up to this many bytes are read whole, JSON parsed at once (default WHOLE_FILE_BYTES); 0 streams every file. */
  wholeFileBytes?: number;
}

function fail(file: string, problem: string, code: string, cause?: unknown): never {
  throw new UserFacingError(`${file}: ${problem}`, code, { cause });
}

const JSON_EXTENSIONS = new Set(['.json', '.jsonl', '.ndjson']);
// Not .txt: a .txt file may hold JSON (Lines) as well as CSV, so its content decides (see isJson).
const CSV_EXTENSIONS = new Set(['.csv', '.tsv']);

/** Keys like "authorMeta/name" (Apify's CSV) or "stats.playCount" (flattened JSON) become nested objects again. */
const NESTED_KEY = /^[A-Za-z_]\w*(?:[./]\w+)+$/;

/** Names that would reach an object's prototype (`__proto__.x` would set Object.prototype.x). */
const UNSAFE_PARTS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The columns to nest, decided once per header. A column stays flat, under its own name, when
 * nesting it would clash with another column: one column is a prefix of it (`views` next to
 * pandas' renamed duplicate `views.1`; `music` next to `music.title`), where the slot holds
 * a value and cannot hold an object too. And when it names a prototype.
 */
function nestedPaths(header: readonly string[]): Map<string, string[]> | null {
  const names = new Set(header);
  const paths = new Map<string, string[]>();
  for (const name of header) {
    if (!NESTED_KEY.test(name)) continue;
    const parts = name.split(/[./]/);
    if (parts.some((part) => UNSAFE_PARTS.has(part)) || clashes(parts, names)) continue;
    paths.set(name, parts);
  }
  return paths.size > 0 ? paths : null;
}

/** Whether a column of the header names one of the slots on this path (whatever separator it uses). */
function clashes(parts: readonly string[], names: ReadonlySet<string>): boolean {
  for (let i = 1; i < parts.length; i++) {
    const prefix = parts.slice(0, i);
    if (names.has(prefix.join('.')) || names.has(prefix.join('/'))) return true;
  }
  return false;
}

function unflatten(record: Record<string, string>, paths: Map<string, string[]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in record) {
    const path = paths.get(key);
    if (path === undefined) {
      out[key] = record[key];
      continue;
    }
    let node: Record<string, unknown> | unknown[] = out;
    for (let i = 0; i < path.length; i++) {
      const part = path[i]!;
      const last = i === path.length - 1;
      const nextIsIndex = !last && /^\d+$/.test(path[i + 1]!);
      const slot = Array.isArray(node) ? Number(part) : part;
      const holder = node as Record<string | number, unknown>;
      if (last) holder[slot] = record[key];
      else {
        holder[slot] ??= nextIsIndex ? [] : {};
        const next = holder[slot];
        // A value already in the slot (`a.b` then `a.b.c` spelled `a/b/c`): this column stays flat.
        if (typeof next !== 'object' || next === null) {
          out[key] = record[key];
          break;
        }
        node = next as Record<string, unknown> | unknown[];
      }
    }
  }
  return out;
}

async function readCsv(
  file: string,
  chunks: AsyncIterable<string> | Iterable<string>,
  head: string,
  options: ReadCatalogOptions,
) {
  // Loaded only for a CSV file: csv-parse is 13 modules, 30-40 ms to load in a fresh process.
  const { CsvParseError, detectDelimiter, streamCsvRecords } = await import('../csv-parse.js');
  const delimiter = detectDelimiter(head);
  // Spreadsheets in comma-decimal locales save with semicolons; their numbers read "2.314" for 2314 and "1,5" for 1.5.
  const builder = new CatalogBuilder({ decimalMark: delimiter === ';' ? ',' : '.', ...authorOption(options) });
  let header: string[] = [];
  let paths: Map<string, string[]> | null = null;
  let last: Record<string, string> | undefined;
  const ending = { char: '' };
  try {
    await streamCsvRecords(
      lastCharOf(chunks, ending),
      delimiter,
      (names) => {
        header = names;
        paths = nestedPaths(names);
      },
      (record, line) => {
        last = record;
        builder.add(paths === null ? record : unflatten(record, paths), line);
      },
    );
  } catch (error) {
    if (error instanceof CsvParseError)
      fail(
        file,
        `not valid CSV (${error.message}). ${error.advice ?? 'Check the file is complete, or export it again.'}`,
        'input.invalid-csv',
        error,
      );
    throw error;
  }
  const cells = last === undefined ? header.length : Object.keys(last).length;
  if (cells < header.length && ending.char !== '\n' && ending.char !== '\r') {
    // A short row is read with its trailing cells empty; but a short last row with no line break
    // after it is a file cut off mid-row (a download or a copy that stopped), its last values partial.
    fail(
      file,
      `the file looks cut off: its last line has ${cells} of the header's ${header.length} cells and no line break after it. Export the file again (or remove that line).`,
      'input.invalid-csv',
    );
  }
  return { result: builder.result(), keys: header, kind: 'columns' as const, scan: null };
}

/** Passes the chunks on, noting the last character of the text (a file cut off ends without a line break). */
async function* lastCharOf(
  chunks: AsyncIterable<string> | Iterable<string>,
  ending: { char: string },
): AsyncGenerator<string> {
  for await (const chunk of chunks) {
    if (chunk.length > 0) ending.char = chunk[chunk.length - 1]!;
    yield chunk;
  }
}

/**
 * Files up to this size are read whole: decoded at once, and JSON parsed by JSON.parse, several
 * times faster than any streaming tokenizer written in JavaScript (a million-video export of
 * 210 MB: about 1.5 s against 10 s); memory then holds the text and its parse for a moment.
 * Larger files, and what JSON.parse cannot take (JSON Lines, concatenated documents, broken JSON,
 * int64 ids it would round), are read as a stream, in memory that grows with the number of
 * videos, not with the file.
 */
export const WHOLE_FILE_BYTES = 256 * 1024 * 1024;

/** A catalog file's text: whole (`text`) when it was small enough to read at once, else only as chunks. */
type FileText = TextChunks & { text?: string };

async function readJson(file: string, content: FileText, options: ReadCatalogOptions, bytes: number) {
  if (content.text === undefined) return streamJson(file, content.chunks, options, bytes);
  return parseWholeJson(content.text, options, bytes) ?? streamJson(file, [content.text], options, bytes);
}

/** Sizes the id table for the likely number of records (a short record is about 200 bytes): no regrowth. */
function expectedRecords(bytes: number): number {
  return Math.max(1024, Math.min(Math.round(bytes / 200), 4_000_000));
}

/** One JSON document, parsed at once; undefined when the stream reader must do it (see WHOLE_JSON_BYTES). */
function parseWholeJson(text: string, options: ReadCatalogOptions, bytes: number) {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return undefined;
  }
  const builder = new CatalogBuilder({ ...authorOption(options), expected: expectedRecords(bytes) });
  const scanner = new JsonRecordStream((record) => builder.add(record));
  scanner.document(document);
  // JSON.parse rounded an id past 2^53: only the stream reader, which keeps a number's text, reads it exactly.
  if (builder.inexactIds > 0) return undefined;
  return jsonRead(builder, scanner.scan());
}

async function streamJson(
  file: string,
  chunks: AsyncIterable<string> | Iterable<string>,
  options: ReadCatalogOptions,
  bytes: number,
) {
  const builder = new CatalogBuilder({ ...authorOption(options), expected: expectedRecords(bytes) });
  const stream = new JsonRecordStream((record) => builder.add(record));
  let scan: JsonScan;
  try {
    for await (const chunk of chunks) stream.write(chunk);
    scan = stream.end();
  } catch (error) {
    if (error instanceof JsonSyntaxError)
      fail(
        file,
        `not valid JSON (${error.message}). Check the file is complete, or export it again.`,
        'input.invalid-json',
        error,
      );
    throw error;
  }
  return jsonRead(builder, scan);
}

function jsonRead(builder: CatalogBuilder, scan: JsonScan) {
  const result = builder.result();
  return {
    result,
    keys: result.intake.keysSeen.length > 0 ? result.intake.keysSeen : scan.keysSeen,
    kind: 'keys' as const,
    scan,
  };
}

function authorOption(options: ReadCatalogOptions): { author?: string } {
  return options.author !== undefined ? { author: options.author } : {};
}

function list(names: readonly string[], limit = 20): string {
  const shown = names.slice(0, limit).join(', ');
  return names.length > limit ? `${shown}, … (${names.length - limit} more)` : shown;
}

const CONTAINERS_HINT =
  'a bare array, {"videos": [...]}, itemList / data.itemList, aweme_list / data.aweme_list, aweme_details, itemInfo.itemStruct, collector, data.videos, search_item_list, JSON Lines';

/** Refuses what cannot be analysed, loudly: nothing read, nothing with a counter, nothing readable. */
function check(
  file: string,
  read: { result: NormalizeResult; keys: string[]; kind: 'columns' | 'keys'; scan: JsonScan | null },
  options: ReadCatalogOptions,
): void {
  const { intake, skipped } = read.result;
  if (intake.records === 0) {
    if (read.scan !== null && read.scan.containers.length === 0 && read.scan.documents > 0) {
      fail(
        file,
        `no list of videos found. The file has ${read.keys.length > 0 ? `the keys ${list(read.keys)}` : 'no keys'}; expected ${CONTAINERS_HINT}.`,
        'input.unknown-shape',
      );
    }
    const where = read.scan?.containers.length ? ` (${list(read.scan.containers)} is empty)` : '';
    fail(file, `the catalog is empty: it holds no videos${where}.`, 'input.empty');
  }
  if (intake.withCounters === 0) {
    fail(
      file,
      `none of the ${intake.records} records has a counter this tool reads, so there is nothing to analyse. ` +
        `${read.kind === 'columns' ? 'Columns' : 'Keys'} seen: ${list(read.keys)}. ` +
        `Understood: ${UNDERSTOOD_COLUMNS}, and the saved responses of TikTok's app, web, Display and Research APIs, Apify, tiktok-scraper, tikwm and yt-dlp. Rename the columns, or export again with view/like/comment/share counts.`,
      'input.unknown-shape',
    );
  }
  const unread = read.result.unreadCounterKeys;
  if (intake.distinct > 0 && unread.length > 0) {
    // The file has engagement counters under names this tool does not know: read as 0, every
    // engagement rate would be 0%. (A file of plays alone, with no such column, is read as it is.)
    fail(
      file,
      `none of the ${intake.records} records has likes, comments or shares this tool reads, so every engagement rate would be 0%; ` +
        `${unread.length === 1 ? 'this column looks like one' : 'these columns look like them'}: ${list(unread)}. ` +
        `Understood: likes/digg_count/likes_count, comments/comment_count/comments_count, shares/share_count/shares_count. Rename the columns, or export again with like/comment/share counts.`,
      'input.unknown-shape',
    );
  }
  if (intake.distinct === 0) {
    if (options.author !== undefined && intake.otherAuthors > 0) {
      fail(
        file,
        `no video of @${intake.authorFilter} here (--author). The file's accounts: ${intake.authors.map((a) => `${a.handle} (${a.videos})`).join(', ')}.`,
        'input.no-such-author',
      );
    }
    const examples = skipped
      .slice(0, 3)
      .map((s) => `${skippedPlace(s)} ${s.reason}`)
      .join('; ');
    fail(file, `none of the ${intake.records} records could be read (${examples}).`, 'input.no-valid-records');
  }
}

export async function readCatalogFile(path: string, options: ReadCatalogOptions = {}): Promise<Catalog> {
  const now = options.now ?? new Date();
  let bytes = 0;
  let changedMs = Number.POSITIVE_INFINITY;
  try {
    const info = await stat(path);
    bytes = info.size;
    changedMs = info.mtimeMs;
    if (info.isDirectory()) fail(path, 'is a folder, not a file.', 'input.unreadable');
  } catch (error) {
    if (error instanceof UserFacingError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    fail(
      path,
      code === 'ENOENT' ? 'no such file. Check the path.' : `cannot be read (${code ?? 'unknown error'}).`,
      'input.unreadable',
      error,
    );
  }

  let read: Awaited<ReturnType<typeof readCsv>> | Awaited<ReturnType<typeof readJson>>;
  try {
    const text: FileText =
      bytes <= (options.wholeFileBytes ?? WHOLE_FILE_BYTES)
        ? await readWholeText(path)
        : await openText(createReadStream(path, { highWaterMark: READ_CHUNK_BYTES }));
    if (text.head.trim() === '')
      fail(path, 'the file is empty. Export a catalog as JSON or CSV with a header row.', 'input.empty');
    const extension = extname(path).toLowerCase();
    const isJson = JSON_EXTENSIONS.has(extension) || (!CSV_EXTENSIONS.has(extension) && /^\s*[[{]/.test(text.head));
    read = isJson ? await readJson(path, text, options, bytes) : await readCsv(path, text.chunks, text.head, options);
  } catch (error) {
    if (error instanceof UserFacingError) throw error;
    if (error instanceof TextDecodingError) fail(path, error.message, 'input.bad-encoding', error);
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code))
      fail(path, `cannot be read (${code}).`, 'input.unreadable', error);
    throw error;
  }
  check(path, read, options);

  const { videos, skipped, intake } = read.result;
  const completeness = pagingCompleteness(read.scan);
  return {
    account: {
      username: intake.authorFilter ?? intake.authors[0]?.handle ?? basename(path, extname(path)),
      followers: null,
      videoCountHint: null,
    },
    videos,
    skipped,
    intake,
    source: {
      kind: 'file',
      detail: path,
      // A file does not say when it was exported. Its last change is the latest moment its counters can
      // describe, so video ages (min_age_days, the young-video counts) are measured from then, not from today:
      // a week-old export of yesterday's videos still has day-old videos in it.
      fetchedAt: new Date(Math.min(now.getTime(), changedMs)).toISOString(),
      calls: 0,
      creditsUsed: 0,
      creditsRemaining: null,
      fromCache: false,
    },
    ...(completeness !== undefined ? { completeness } : {}),
  };
}

/**
 * Saved API pages that said more pages remained (`has_more`), with none among them saying it was
 * the last: the file holds only part of the catalog, and is labelled partial as an incomplete
 * fetch is. A last page anywhere in the file is the end, whatever order the pages were saved in
 * (`cat page*.json` puts page10 before page2).
 */
function pagingCompleteness(scan: JsonScan | null): CatalogCompleteness | undefined {
  if (scan === null || scan.pages.more === 0 || scan.pages.last > 0) return undefined;
  return { complete: false, expectedVideos: null, reason: 'this file stops where the API said more pages remained' };
}
