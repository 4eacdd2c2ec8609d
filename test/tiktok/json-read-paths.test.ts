import { readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCatalogFile } from '../../src/tiktok/file-source.js';
import { catalogPath, CATALOG_NAMES } from '../support/fixtures.js';

/**
 * Files are read two ways: up to WHOLE_FILE_BYTES whole (decoded at once,
 * JSON through JSON.parse: fast), larger ones as a stream (bounded memory). Both must give
 * the same catalog, to the last record, skip reason and message: every real
 * sample, every fixture and the awkward cases are read both ways here.
 */

const SAMPLES = fileURLToPath(new URL('../samples/intake/', import.meta.url));
const NOW = new Date('2026-11-20T14:03:00.000Z');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'json-read-paths-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function bothWays(path: string, author?: string) {
  const read = (wholeFileBytes?: number) =>
    readCatalogFile(path, {
      now: NOW,
      ...(author !== undefined ? { author } : {}),
      ...(wholeFileBytes !== undefined ? { wholeFileBytes } : {}),
    }).then(
      (catalog) => ({ catalog }),
      (error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }),
    );
  return { whole: await read(), streamed: await read(0) };
}

describe('whole-file and streamed JSON reads agree', () => {
  const samples = readdirSync(SAMPLES).filter((name) => name.endsWith('.json'));
  it.each(samples)('sample %s', async (name) => {
    const { whole, streamed } = await bothWays(join(SAMPLES, name));
    expect(whole).toEqual(streamed);
  });

  it.each(CATALOG_NAMES)('fixture %s', async (name) => {
    const { whole, streamed } = await bothWays(catalogPath(name));
    expect(whole).toEqual(streamed);
  });

  const awkward: [string, string][] = [
    ['an id past 2^53 written as a JSON number', '[{"id": 7300000000000000123, "play_count": 10, "digg_count": 1}]'],
    ['JSON Lines', '{"id": "1", "play_count": 10}\r\n{"id": "2", "play_count": 20}\n'],
    [
      'concatenated documents',
      '{"itemList": [{"id": "1", "playCount": 5}]}{"itemList": [{"id": "2", "playCount": 6}]}',
    ],
    ['a response with no list of videos', '{"status_code": 0, "data": {"cursor": "0"}}'],
    ['an empty container', '{"data": {"itemList": []}}'],
    ['broken JSON', '{"videos": [{"id": "1", "play_count": 10}'],
    ['a single video object', '{"aweme_id": "9", "statistics": {"play_count": 4, "digg_count": 1}}'],
    [
      'saved pages, the last saying has_more',
      '[{"data": {"aweme_list": [{"aweme_id": "1", "statistics": {"play_count": 4}}], "has_more": 1, "max_cursor": 7}}, {"data": {"aweme_list": [{"aweme_id": "2", "statistics": {"play_count": 5}}], "has_more": 1, "max_cursor": 8}}]',
    ],
    ['one saved web page saying hasMore', '{"itemList": [{"id": "1", "stats": {"playCount": 5}}], "hasMore": true}'],
    [
      'records that cannot be read among good ones',
      '[{"id": "1", "play_count": 10}, 5, {"play_count": 3}, {"id": "1"}]',
    ],
  ];
  it.each(awkward)('%s', async (name, content) => {
    const path = join(dir, `${name.replace(/\W+/g, '-')}.json`);
    await writeFile(path, content);
    const { whole, streamed } = await bothWays(path);
    expect(whole).toEqual(streamed);
  });

  const encodings: [string, Buffer][] = [
    [
      'UTF-16 LE with a byte order mark',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('[{"id": "1", "play_count": 3}]', 'utf16le')]),
    ],
    ['UTF-8 with a byte order mark, as CSV', Buffer.from('\ufeffid,plays,likes\n1,10,2\n2,20,3\n')],
    ['UTF-16 LE without a byte order mark', Buffer.from('[{"id": "1", "desc": "café", "play_count": 3}]', 'utf16le')],
    [
      'UTF-16 BE without a byte order mark',
      Buffer.from('[{"id": "1", "desc": "café", "play_count": 3}]', 'utf16le').swap16(),
    ],
    ['UTF-16 LE without a byte order mark, as CSV', Buffer.from('id,plays,likes\n1,10,2\n\n2,20,3\n', 'utf16le')],
    ['a CSV with blank lines and a multi-line cell', Buffer.from('id,plays,title\n1,10,a\n\n,20,"b\nc"\n,30,d\n')],
    // Not ASCII, so not the whole-file read's Latin-1 copy (text-stream.ts): decoded as UTF-8 either way.
    [
      'UTF-8 without a byte order mark, with accents and an emoji',
      Buffer.from('[{"id": "1", "desc": "café 🎉 #Été", "play_count": 3}]'),
    ],
    [
      'bytes that are not UTF-8',
      Buffer.concat([
        Buffer.from('[{"id": "1", "desc": "caf'),
        Buffer.from([0xe9, 0x22]),
        Buffer.from(', "play_count": 3}]'),
      ]),
    ],
  ];
  it.each(encodings)('%s', async (name, bytes) => {
    const path = join(dir, `${name.replace(/\W+/g, '-')}.${name.includes('CSV') ? 'csv' : 'json'}`);
    await writeFile(path, bytes);
    const { whole, streamed } = await bothWays(path);
    expect(whole).toEqual(streamed);
  });

  it('keeps an int64 id exact whichever way the file is read', async () => {
    const path = join(dir, 'int64.json');
    await writeFile(path, '[{"id": 7300000000000000123, "play_count": 10, "digg_count": 1}]');
    const { whole } = await bothWays(path);
    expect('catalog' in whole && whole.catalog.videos.map((v) => v.id)).toEqual(['7300000000000000123']);
  });
});
