import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { UserFacingError } from '../errors.js';
import { CsvParseError, parseCsvTable, type CsvTable } from '../csv-parse.js';
import type { Catalog } from './catalog.js';
import { normalizeRecords } from './normalize.js';

/**
 * Reads a catalog from a file: JSON (`{"videos": [...]}`, a bare array, or a
 * saved API response of any shape the normalizer knows) or CSV with a header
 * row. Every problem becomes a UserFacingError naming the file.
 */

/** Where known API responses and exports keep their list of videos. */
const RECORD_LIST_PATHS: readonly (readonly string[])[] = [
  ['videos'],
  ['data', 'aweme_list'],
  ['aweme_list'],
  ['data', 'videos'],
  ['itemList'],
  ['items'],
  ['data', 'items'],
  ['data'],
];

/** The list of video records inside parsed JSON, or undefined when there is none. */
function findRecordList(json: unknown): unknown[] | undefined {
  if (isList(json)) return json;
  for (const path of RECORD_LIST_PATHS) {
    let value: unknown = json;
    for (const key of path) value = fieldOf(value, key);
    if (isList(value)) return value;
  }
  return undefined;
}

/** Array.isArray, typed: the elements of parsed JSON are unknown until checked, not any. */
function isList(value: unknown): value is unknown[] {
  return Array.isArray(value);
}

/** `value[key]` when value is an object, else undefined. */
function fieldOf(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function fail(file: string, problem: string, code: string, cause?: unknown): never {
  throw new UserFacingError(`${file}: ${problem}`, code, { cause });
}

function recordsFromText(text: string, file: string): unknown[] {
  const looksLikeCsv = extname(file).toLowerCase() === '.csv' || !/^\s*[[{]/.test(text);
  if (looksLikeCsv) {
    if (text.trim() === '')
      fail(file, 'the file is empty. Export a catalog as JSON or CSV with a header row.', 'input.empty');
    let table: CsvTable;
    try {
      table = parseCsvTable(text);
    } catch (error) {
      if (!(error instanceof CsvParseError)) throw error;
      fail(
        file,
        `not valid CSV (${error.message}). Check the file is complete, or export it again.`,
        'input.invalid-csv',
        error,
      );
    }
    // Judged on the header, not the first record: a header with no rows below it is an empty catalog, not a wrong shape.
    if (!table.header.some((name) => /^(id|video_id|aweme_id)$/i.test(name))) {
      fail(
        file,
        'not a catalog: expected JSON, or CSV whose header row has an "id" column (and play_count/plays, digg_count/likes, ...).',
        'input.unknown-shape',
      );
    }
    return table.records;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    fail(
      file,
      `not valid JSON (${(error as Error).message}). Check the file is complete, or export it again.`,
      'input.invalid-json',
      error,
    );
  }
  const records = findRecordList(json);
  if (records === undefined) {
    fail(
      file,
      'no list of videos found. Expected {"videos": [...]}, a bare array, or a saved API response (data.aweme_list, itemList, data.videos).',
      'input.unknown-shape',
    );
  }
  return records;
}

export async function readCatalogFile(path: string, now: Date = new Date()): Promise<Catalog> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file. Check the path.'
        : code === 'EISDIR'
          ? 'is a folder, not a file.'
          : `cannot be read (${code ?? 'unknown error'}).`;
    fail(path, why, 'input.unreadable', error);
  }
  const records = recordsFromText(text, path);
  if (records.length === 0) fail(path, 'the catalog is empty: it holds no videos.', 'input.empty');
  const { videos, skipped } = normalizeRecords(records);
  if (videos.length === 0) {
    const examples = skipped
      .slice(0, 3)
      .map((s) => s.reason)
      .join('; ');
    fail(path, `none of the ${records.length} records could be read (${examples}).`, 'input.no-valid-records');
  }
  return {
    account: {
      username: usernameFromRecords(records) ?? basename(path, extname(path)),
      followers: null,
      videoCountHint: null,
    },
    videos,
    skipped,
    source: {
      kind: 'file',
      detail: path,
      fetchedAt: now.toISOString(),
      calls: 0,
      creditsUsed: 0,
      creditsRemaining: null,
      fromCache: false,
    },
  };
}

/** The author's handle, where the records carry it (Scavio/web shapes do). */
function usernameFromRecords(records: readonly unknown[]): string | undefined {
  const first = records[0];
  const author = fieldOf(first, 'author');
  const handle = fieldOf(author, 'unique_id') ?? fieldOf(author, 'uniqueId');
  if (typeof handle === 'string' && handle !== '') return handle;
  const flat = fieldOf(first, 'username');
  return typeof flat === 'string' && flat !== '' ? flat : undefined;
}
