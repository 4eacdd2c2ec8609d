import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserFacingError } from '../../src/errors.js';
import { analyzeCatalog } from '../../src/retention/analyze-account.js';
import { readCatalogFile } from '../../src/tiktok/file-source.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'file-source-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function rejection(name: string, text: string): Promise<UserFacingError> {
  const path = join(dir, name);
  await writeFile(path, text);
  try {
    await readCatalogFile(path);
  } catch (error) {
    if (error instanceof UserFacingError) return error;
    throw error;
  }
  throw new Error(`expected ${name} to be rejected`);
}

describe('readCatalogFile', () => {
  it('reads a CSV with an id column', async () => {
    const path = join(dir, 'ok.csv');
    await writeFile(path, 'id,plays,likes,comments,shares\n1,100,5,1,1\n2,200,9,2,0\n');
    const catalog = await readCatalogFile(path, { now: new Date('2026-01-05T00:00:00Z') });
    expect(catalog.videos.map((v) => [v.id, v.plays])).toEqual([
      ['1', 100],
      ['2', 200],
    ]);
    expect(catalog.account.username).toBe('ok');
    expect(catalog.source).toMatchObject({
      kind: 'file',
      detail: path,
      fetchedAt: '2026-01-05T00:00:00.000Z',
      calls: 0,
    });
  });

  it('measures video ages from when the file last changed, not from today: an old export keeps its young videos young', async () => {
    const exportedSec = Date.parse('2025-01-01T00:00:00Z') / 1000;
    // 20 videos a day apart; the newest 5 were posted 0 to 4 hours before the export.
    const records = Array.from({ length: 20 }, (_, i) => ({
      id: String(1000 + i),
      play_count: 1000,
      digg_count: i < 5 ? 500 : 100,
      create_time: i < 5 ? exportedSec - i * 3600 : exportedSec - (i + 2) * 86_400,
    }));
    const path = join(dir, 'old-export.json');
    await writeFile(path, JSON.stringify(records));
    await utimes(path, exportedSec, exportedSec);
    const catalog = await readCatalogFile(path, { now: new Date('2026-12-01T00:00:00Z') });
    expect(catalog.source.fetchedAt).toBe('2025-01-01T00:00:00.000Z');
    const { analysis } = analyzeCatalog(catalog, { timeZone: 'UTC', minAgeDays: 7 });
    expect(analysis.videoAge.excluded).toBe(5);
    expect(analysis.analyzedCount).toBe(15);
    // A file changed after "now" (a clock behind the file system's) is measured from now.
    const early = await readCatalogFile(path, { now: new Date('2024-12-31T00:00:00Z') });
    expect(early.source.fetchedAt).toBe('2024-12-31T00:00:00.000Z');
  });

  it('reads a .txt file by its content: JSON Lines as JSON, a header row as CSV', async () => {
    const lines = join(dir, 'lines.txt');
    await writeFile(lines, '{"id":"1","views":100,"likes":5}\n{"id":"2","views":200,"likes":9}\n');
    const csv = join(dir, 'table.txt');
    await writeFile(csv, 'id,views,likes\n1,100,5\n2,200,9\n');
    for (const path of [lines, csv]) {
      const catalog = await readCatalogFile(path);
      expect(catalog.videos.map((v) => [v.id, v.plays, v.likes])).toEqual([
        ['1', 100, 5],
        ['2', 200, 9],
      ]);
    }
  });

  it('calls a file of no bytes, or of blanks only, empty', async () => {
    for (const [name, text] of [
      ['zero.json', ''],
      ['blank.json', ' \n\t\n'],
    ] as const) {
      const error = await rejection(name, text);
      expect(error.code).toBe('input.empty');
      expect(error.message).toMatch(/the file is empty/);
    }
  });

  it('reads a whole file larger than one read of the stream reader, to its last byte', async () => {
    const records = Array.from({ length: 30_000 }, (_, i) => ({ id: String(i + 1), play_count: i + 1, digg_count: 1 }));
    const path = join(dir, 'large.json');
    await writeFile(path, JSON.stringify(records));
    const catalog = await readCatalogFile(path);
    expect(catalog.videos).toHaveLength(30_000);
    expect(catalog.videos.at(-1)).toMatchObject({ id: '30000', plays: 30_000 });
  });

  it('calls a CSV with a header but no rows an empty catalog, not a file without an id column', async () => {
    const error = await rejection('header-only.csv', 'id,plays,likes\n');
    expect(error.code).toBe('input.empty');
    expect(error.message).toMatch(/holds no videos/);
  });

  it('says a CSV without an id column has no readable record, naming the reason and position', async () => {
    const error = await rejection('no-id.csv', 'title,plays\nhello,5\n');
    expect(error.code).toBe('input.no-valid-records');
    expect(error.message).toMatch(/none of the 1 records could be read \(record 1 has no id\)/);
  });
});
