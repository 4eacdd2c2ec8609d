import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserFacingError } from '../../src/errors.js';
import { analysisReport } from '../../src/reports/analysis-embed.js';
import { catalogNotes } from '../../src/reports/catalog-notes.js';
import { renderAnalysisText } from '../../src/reports/terminal.js';
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
    expect(error.message).toMatch(/none of the 1 records could be read \(line 2 has no id\)/);
  });
});

/** A file read both ways: whole (JSON.parse) and through the stream reader (wholeFileBytes 0). */
async function readBothWays(name: string, content: string | Buffer, now = new Date('2026-01-05T00:00:00Z')) {
  const path = join(dir, name);
  await writeFile(path, content);
  return [await readCatalogFile(path, { now }), await readCatalogFile(path, { now, wholeFileBytes: 0 })] as const;
}

const appItem = (id: number) => ({ aweme_id: String(id), statistics: { play_count: 100 * id, digg_count: id } });
const page = (ids: number[], hasMore: number | boolean, cursor = ids.at(-1)) => ({
  aweme_list: ids.map(appItem),
  has_more: hasMore,
  max_cursor: cursor,
});

describe('saved API pages whose paging says more remained', () => {
  const partial = {
    complete: false,
    expectedVideos: null,
    reason: 'this file stops where the API said more pages remained',
  };

  it('labels the catalog partial when the last of an array of pages says has_more, read whole or streamed', async () => {
    const pages = [page([1, 2], 1), page([3, 4], 1)];
    for (const catalog of await readBothWays('pages-more.json', JSON.stringify(pages))) {
      expect(catalog.videos).toHaveLength(4);
      expect(catalog.completeness).toEqual(partial);
      expect(catalogNotes(catalog)[0]).toBe(
        'Incomplete: 4 videos, the rest are not in this file (this file stops where the API said more pages remained).',
      );
    }
  });

  it('labels a single saved page, nested in data, with hasMore (web) or has_more (Scavio, app API)', async () => {
    const cases: [string, unknown][] = [
      ['scavio-page.json', { data: page([1, 2, 3], 1) }],
      ['web-page.json', { itemList: [{ id: '1', stats: { playCount: 5, diggCount: 1 } }], hasMore: true, cursor: '9' }],
      ['research-page.json', { data: { videos: [{ id: 1, view_count: 5, like_count: 1 }], has_more: true } }],
    ];
    for (const [name, content] of cases) {
      for (const catalog of await readBothWays(name, JSON.stringify(content)))
        expect(catalog.completeness).toEqual(partial);
    }
  });

  it('labels JSON Lines and concatenated pages by the same rule', async () => {
    const lines = [page([1, 2], 1), page([3], 1)].map((p) => JSON.stringify(p)).join('\n');
    for (const catalog of await readBothWays('pages.jsonl', lines)) expect(catalog.completeness).toEqual(partial);
    const ended = [page([1, 2], 1), page([3], 0)].map((p) => JSON.stringify({ data: p })).join('');
    for (const catalog of await readBothWays('pages-cat.json', ended)) expect(catalog.completeness).toBeUndefined();
  });

  it('reads the pages as whole when one of them is the last (has_more 0 / false), in any order', async () => {
    const inOrder = [page([1, 2], 1), page([3, 4], 0)];
    const reversed = [page([3, 4], false), page([1, 2], true)]; // `cat page*.json`: page10 before page2
    for (const [name, pages] of [
      ['in-order.json', inOrder],
      ['reversed.json', reversed],
    ] as const) {
      for (const catalog of await readBothWays(name, JSON.stringify(pages))) {
        expect(catalog.videos).toHaveLength(4);
        expect(catalog.completeness).toBeUndefined();
      }
    }
  });

  it('counts a last page with an empty, null or no list: the pages are whole, and that page is no record', async () => {
    const lastPages: [string, unknown][] = [
      ['null-list', { aweme_list: null, has_more: 0, max_cursor: 0 }],
      ['no-list', { has_more: 0, max_cursor: 0, status_code: 0 }],
      ['web-no-list', { statusCode: 0, hasMore: false, cursor: '0' }],
    ];
    for (const [name, last] of lastPages) {
      const pages = [page([1, 2], 1), last];
      const files: [string, string][] = [
        [`${name}.json`, JSON.stringify(pages)],
        [`${name}.jsonl`, pages.map((p) => JSON.stringify(p)).join('\n')],
        [`${name}-cat.json`, pages.map((p) => JSON.stringify({ data: p })).join('')],
      ];
      for (const [file, content] of files) {
        for (const catalog of await readBothWays(file, content)) {
          expect(catalog.videos, file).toHaveLength(2);
          expect(catalog.completeness, file).toBeUndefined();
          expect(catalog.intake?.skippedCount, file).toBe(0);
        }
      }
    }
  });

  it('leaves a bare list of videos, and pages without a paging flag, as they are', async () => {
    const bare = [appItem(1), appItem(2), { ...appItem(3), has_more: 1 }];
    for (const catalog of await readBothWays('bare.json', JSON.stringify(bare)))
      expect(catalog.completeness).toBeUndefined();
    const unflagged = [{ aweme_list: [appItem(1)] }, { aweme_list: [appItem(2)] }];
    for (const catalog of await readBothWays('unflagged.json', JSON.stringify(unflagged)))
      expect(catalog.completeness).toBeUndefined();
  });

  it('says so in the terminal report and the Discord report', async () => {
    const [catalog] = await readBothWays('pages-report.json', JSON.stringify([page([1, 2, 3, 4, 5], 1)]));
    const { analysis } = analyzeCatalog(catalog, { timeZone: 'UTC', minAgeDays: 0 });
    const text = renderAnalysisText(catalog, analysis, { now: new Date('2026-01-05T00:00:00Z'), width: 200 });
    expect(text).toContain('Videos     5 in catalog · incomplete: 5 videos, the rest are not in this file ·');
    expect(text).toContain(
      '! Incomplete: 5 videos, the rest are not in this file (this file stops where the API said more pages remained).',
    );
    const [embed] = analysisReport(catalog, analysis).embeds;
    expect(embed!.description).toContain('this file stops where the API said more pages remained');
    expect(embed!.footer?.text).toContain('incomplete: 5 videos');
  });

  it('labels the real Research API sample, whose answer says has_more: true', async () => {
    const path = fileURLToPath(new URL('../samples/intake/research-api-query-videos.json', import.meta.url));
    expect((await readCatalogFile(path)).completeness).toEqual(partial);
  });
});

describe('UTF-16 without a byte order mark', () => {
  const csv = 'id,plays,likes\n1,10,2\n2,20,3\n';
  const json = '[{"id": "1", "play_count": 10, "digg_count": 2, "desc": "café 一番"}, {"id": "2", "play_count": 20}]';
  const be = (text: string) => Buffer.from(text, 'utf16le').swap16();

  it.each([
    ['LE', Buffer.from(csv, 'utf16le')],
    ['BE', be(csv)],
  ])('reads a CSV in UTF-16 %s', async (order, bytes) => {
    for (const catalog of await readBothWays(`utf16-${order}.csv`, bytes)) {
      expect(catalog.videos.map((v) => [v.id, v.plays, v.likes])).toEqual([
        ['1', 10, 2],
        ['2', 20, 3],
      ]);
    }
  });

  it.each([
    ['LE', Buffer.from(json, 'utf16le')],
    ['BE', be(json)],
  ])('reads a JSON file in UTF-16 %s, its captions intact', async (order, bytes) => {
    for (const catalog of await readBothWays(`utf16-${order}.json`, bytes)) {
      expect(catalog.videos.map((v) => [v.id, v.plays])).toEqual([
        ['1', 10],
        ['2', 20],
      ]);
      expect(catalog.videos[0]!.caption).toBe('café 一番');
    }
  });

  it('reads UTF-16 whose first bytes are mostly a Chinese caption: few 0x00 bytes, some of them from 一 (U+4E00)', async () => {
    const caption = '今天做了一道很好吃的家常菜，大家一定要试试看这个做法真的太简单了'.repeat(4);
    const text = `caption,id,plays\n${caption},1,10\n一,2,20\n`;
    for (const [order, bytes] of [
      ['LE', Buffer.from(text, 'utf16le')],
      ['BE', be(text)],
    ] as const) {
      for (const catalog of await readBothWays(`zh-utf16-${order}.csv`, bytes)) {
        expect(catalog.videos.map((v) => [v.id, v.plays])).toEqual([
          ['1', 10],
          ['2', 20],
        ]);
        expect(catalog.videos[0]!.caption).toBe(caption);
      }
    }
  });

  it('reads a tab-separated UTF-16 LE export (Excel "Unicode text") with CRLF lines', async () => {
    const text = 'Video ID\tViews\tLikes\r\n7\t1.000\t20\r\n8\t500\t5\r\n';
    for (const catalog of await readBothWays('unicode-text.txt', Buffer.from(text, 'utf16le')))
      expect(catalog.videos.map((v) => v.id)).toEqual(['7', '8']);
  });
});

describe('CSV messages name the line of the file', () => {
  // Line 1 header, 2 a good row, 3 blank, 4 a row with no id, 5-6 a caption over two lines, 7 blank, 8 a row with no id.
  const rows = ['title,id,plays', 'a,1,10', '', 'b,,20', '"two', 'lines",3,30', '', 'c,,40', ''];

  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ])('counts blank lines and quoted line breaks (%s), as an editor does', async (_name, eol) => {
    for (const catalog of await readBothWays(`lines-${eol.length}.csv`, rows.join(eol))) {
      expect(catalog.videos.map((v) => v.id)).toEqual(['1', '3']);
      expect(catalog.skipped).toEqual([
        { position: 2, line: 4, reason: 'has no id' },
        { position: 4, line: 8, reason: 'has no id' },
      ]);
      const { analysis } = analyzeCatalog(catalog, { timeZone: 'UTC', minAgeDays: 0 });
      const text = renderAnalysisText(catalog, analysis, { now: new Date('2026-01-05T00:00:00Z') });
      expect(text).toContain('skipped line 4: has no id');
      expect(text).toContain('skipped line 8: has no id');
    }
  });

  it('keeps counting right after a cell with CRLF inside it, and after a multi-line header', async () => {
    const text = '"Video\r\nID",plays\r\n1,10\r\n"x\r\ny\r\nz",20\r\n\r\n,30\r\n';
    const [catalog] = await readBothWays('crlf-cells.csv', text);
    // Lines: 1-2 header, 3 row 1, 4-6 the id "x y z", 7 blank, 8 the row without an id.
    expect(catalog.skipped).toEqual([{ position: 3, line: 8, reason: 'has no id' }]);
  });

  it('names the line of a row too long for the header after a cell with CRLF inside it', async () => {
    // Lines: 1 header, 2-5 row 1 (a caption over four lines), 6 row 2, 7 a row with one cell too many.
    const text =
      'id,views,likes,comments,shares,caption\r\n1,1000,10,1,1,"a\r\nb\r\nc\r\nd"\r\n2,1000,10,1,1,ok\r\n3,1000,10,1,1,x,y\r\n';
    const error = await rejection('too-long-crlf.csv', text);
    expect(error.message).toMatch(/line 7 has 7 cells but the header has 6 columns/);
  });

  it('names where a quoted cell never closed begins: after the last whole row', async () => {
    // Lines: 1 header, 2-3 row 1, 4 row 2, 5 blank, 6 a caption whose quote never closes, 7-8 more rows.
    const text = 'id,plays,caption\r\n1,10,"a\r\nb"\r\n2,20,ok\r\n\r\n3,30,"never closed\r\n4,40,x\r\n5,50,y\r\n';
    const error = await rejection('open-quote.csv', text);
    expect(error.message).toMatch(/a quoted cell opened on line 5 or after is never closed/);
    expect(error.message).toContain('double it inside a quoted cell');
  });

  it('names the line when no record can be read', async () => {
    const error = await rejection('no-id-lines.csv', 'title,plays\n\nhello,5\n\nbye,6\n');
    expect(error.message).toMatch(/none of the 2 records could be read \(line 3 has no id; line 5 has no id\)/);
  });
});
