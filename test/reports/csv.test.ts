import { describe, expect, it } from 'vitest';
import { ratesOf, tierOf } from '../../src/analysis/metrics.js';
import type { Video } from '../../src/analysis/types.js';
import { CsvParseError, parseCsv, parseCsvRecords, streamCsvRecords } from '../../src/csv-parse.js';
import {
  guardFormula,
  parseVideosCsv,
  toCsv,
  unguardFormula,
  VIDEO_CSV_COLUMNS,
  videosCsv,
} from '../../src/reports/csv.js';
import type { Catalog } from '../../src/tiktok/catalog.js';
import { normalizeRecords } from '../../src/tiktok/normalize.js';
import { fixtureCatalog } from './report-parsing.js';
import { sampleAnalysis, sampleCatalog } from './sample-analysis.js';

const NASTY_CAPTIONS = [
  'plain',
  '',
  'comma, inside',
  'a "quoted" word',
  '"starts and ends with quotes"',
  'line one\nline two',
  'windows\r\nline end',
  'old mac\rline end',
  '=HYPERLINK("http://evil.example","click")',
  '+1 trick',
  '-5 kg in a week?',
  '@friend tagged',
  "'already quoted",
  '\ttab first',
  '  spaces around  ',
  '🧑‍🍳🔥 emoji 🇩🇪👍🏽',
  '\ufeffbom inside caption',
  ',,,',
  '""',
  'trailing backslash \\',
  'semi;colon|pipe',
];

function nastyCatalog(): Catalog {
  const catalog = sampleCatalog();
  catalog.videos = NASTY_CAPTIONS.map((caption, i): Video => ({
    id: `90${i}`,
    caption,
    durationSec: i === 3 ? 12.345 : 10 + i,
    plays: i === 4 ? 0 : 1000 * (i + 1) + 7,
    likes: 37 * i,
    comments: 3 * i,
    shares: i % 5,
    saves: i % 2 === 0 ? i : undefined,
    createdAtSec: i === 5 ? null : 1_763_600_000 + i * 3600,
    hashtags: i % 3 === 0 ? ['recipe', 'food_tok'] : [],
    sound: i % 4 === 0 ? 'original sound - chefmaya' : i % 4 === 1 ? '=cmd|/c calc' : undefined,
  }));
  return catalog;
}

describe('videosCsv', () => {
  const catalog = nastyCatalog();
  // Thresholds inside the range of this catalog's rates (about 2% to 4%), so every tier occurs.
  const analysis = { ...sampleAnalysis(), thresholds: { q25: 0.025, q75: 0.036 } };
  const text = videosCsv(catalog, analysis);

  it('writes the header row, then one row per video, with a BOM and CRLF line ends', () => {
    expect(
      text.startsWith(
        '\ufeffid,url,caption,duration_sec,plays,likes,comments,shares,engagement_rate,share_rate,comment_rate,like_rate,tier,',
      ),
    ).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(text);
    expect(rows[0]).toEqual([...VIDEO_CSV_COLUMNS]);
    expect(rows).toHaveLength(catalog.videos.length + 1);
    expect(videosCsv(catalog, analysis, { bom: false }).startsWith('id,')).toBe(true);
  });

  it('round-trips nasty captions exactly, along with every counter', () => {
    const rows = parseVideosCsv(text);
    expect(rows).toHaveLength(catalog.videos.length);
    rows.forEach((row, i) => {
      const video = catalog.videos[i] as Video;
      expect(row.caption).toBe(video.caption);
      expect(row.id).toBe(video.id);
      expect(row.url).toBe(`https://www.tiktok.com/@chefmaya/video/${video.id}`);
      expect(row.durationSec).toBe(video.durationSec);
      expect([row.plays, row.likes, row.comments, row.shares]).toEqual([
        video.plays,
        video.likes,
        video.comments,
        video.shares,
      ]);
      expect(row.saves).toBe(video.saves ?? null);
      expect(row.createdAtSec).toBe(video.createdAtSec);
      expect(row.hashtags).toEqual(video.hashtags);
      expect(row.sound).toBe(video.sound ?? null);
    });
  });

  it('writes rates at full precision and the tier from the analysis thresholds', () => {
    const rows = parseVideosCsv(text);
    rows.forEach((row, i) => {
      const video = catalog.videos[i] as Video;
      const rates = ratesOf(video);
      // Bit-for-bit the same doubles: no rounding on the way out.
      expect(row.engagementRate).toBe(rates?.engagementRate ?? null);
      expect(row.shareRate).toBe(rates?.shareRate ?? null);
      expect(row.commentRate).toBe(rates?.commentRate ?? null);
      expect(row.likeRate).toBe(rates?.likeRate ?? null);
      expect(row.tier).toBe(tierOf(rates?.engagementRate, analysis.thresholds));
    });
    expect(rows[4]?.tier).toBe('unranked'); // plays = 0
    expect(new Set(rows.map((r) => r.tier))).toEqual(new Set(['top', 'middle', 'bottom', 'unranked']));
  });

  it('keeps spreadsheet formulas from running', () => {
    const rows = parseCsv(text);
    const cells = rows.slice(1).flatMap((row) => [row[2], row[15], row[16]]);
    for (const cell of cells) expect(cell ?? '').not.toMatch(/^[=+\-@\t\r]/u);
  });

  it('guards every cell that could start a formula, ids and links included, and reads them back exactly', () => {
    const hostile = nastyCatalog();
    // Ids come from the provider or an imported file, as captions do.
    hostile.videos = hostile.videos.map((video, i) =>
      i < 4 ? { ...video, id: ['=1+1', '+cmd', '-2', '@SUM(A1)'][i]! } : video,
    );
    const written = videosCsv(hostile, analysis);
    for (const row of parseCsv(written).slice(1)) {
      for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/u);
    }
    const read = parseVideosCsv(written);
    expect(read.map((r) => r.id)).toEqual(hostile.videos.map((v) => v.id));
    expect(read[0]!.url.endsWith(`/video/${encodeURIComponent('=1+1')}`)).toBe(true);
  });

  it('can be read back by the normalizer (the CLI CSV import)', () => {
    const records = parseCsvRecords(videosCsv(catalog, analysis));
    const { videos, skipped } = normalizeRecords(records);
    expect(skipped).toEqual([]);
    expect(videos.map((v) => [v.id, v.plays, v.likes, v.comments, v.shares, v.durationSec, v.createdAtSec])).toEqual(
      catalog.videos.map((v) => [v.id, v.plays, v.likes, v.comments, v.shares, v.durationSec, v.createdAtSec]),
    );
    expect(videos[0]?.hashtags).toEqual(['recipe', 'food_tok']);
  });

  it('writes a post date without a time as the date alone, which reads back as a date alone', () => {
    const dated = sampleCatalog();
    const [first, second] = dated.videos;
    dated.videos = [
      { ...first!, createdAtSec: Date.UTC(2023, 7, 29) / 1000, dateOnly: true },
      { ...second!, createdAtSec: Date.UTC(2023, 7, 29, 19, 5) / 1000 },
    ];
    const exported = videosCsv(dated, sampleAnalysis());
    expect(parseCsvRecords(exported).map((r) => r.created_at)).toEqual(['2023-08-29', '2023-08-29T19:05:00Z']);
    expect(parseVideosCsv(exported).map((r) => r.createdAtSec)).toEqual(dated.videos.map((v) => v.createdAtSec));
    const { videos } = normalizeRecords(parseCsvRecords(exported));
    expect(videos.map((v) => [v.createdAtSec, v.dateOnly])).toEqual(
      dated.videos.map((v) => [v.createdAtSec, v.dateOnly]),
    );
  });

  it('agrees with the analysis on a fixture catalog: as many top and bottom rows as the tiers count', () => {
    const { catalog: edge, analysis: edgeAnalysis } = fixtureCatalog('edge-240');
    const rows = parseVideosCsv(videosCsv(edge, edgeAnalysis));
    expect(rows).toHaveLength(edgeAnalysis.videoCount);
    expect(rows.filter((r) => r.tier === 'top')).toHaveLength(edgeAnalysis.tiers?.top.count ?? -1);
    expect(rows.filter((r) => r.tier === 'bottom')).toHaveLength(edgeAnalysis.tiers?.bottom.count ?? -1);
    expect(rows.filter((r) => r.tier !== 'unranked')).toHaveLength(edgeAnalysis.analyzedCount);
    rows.forEach((row, i) => expect(row.caption).toBe(edge.videos[i]?.caption));
  });

  it('refuses a tier it never writes instead of passing it on as a Tier', () => {
    const rows = parseCsv(videosCsv(sampleCatalog(), sampleAnalysis(), { bom: false }));
    const first = rows[1] ?? [];
    first[VIDEO_CSV_COLUMNS.indexOf('tier')] = 'legendary';
    expect(() => parseVideosCsv(toCsv(rows))).toThrow(/row 1: tier "legendary"/u);
  });
});

describe('guardFormula', () => {
  it('is undone exactly by unguardFormula, for every kind of start', () => {
    for (const text of ['=1+1', "'=1+1", "''", "'", '', 'plain', '@x', '-', '+', '\t', 'x=1']) {
      expect(unguardFormula(guardFormula(text))).toBe(text);
    }
  });
});

describe('parseCsv', () => {
  it('reads quoted fields with quotes, commas and line breaks', () => {
    expect(parseCsv('a,"b,c","d ""e""","f\ng"\n')).toEqual([['a', 'b,c', 'd "e"', 'f\ng']]);
  });
  it('skips a BOM and accepts CRLF, LF and CR line ends', () => {
    expect(parseCsv('\ufeffid,n\r\n1,2\n3,4\r5,6')).toEqual([
      ['id', 'n'],
      ['1', '2'],
      ['3', '4'],
      ['5', '6'],
    ]);
  });
  it('keeps empty fields, including a trailing one', () => {
    expect(parseCsv(',a,,\r\n"",b,')).toEqual([
      ['', 'a', '', ''],
      ['', 'b', ''],
    ]);
  });
  it('skips blank lines and tolerates a missing final line break', () => {
    expect(parseCsv('a,b\r\n\r\n\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(parseCsv('')).toEqual([]);
    expect(parseCsv('\ufeff')).toEqual([]);
  });
  it('keeps a stray quote inside an unquoted field as text', () => {
    expect(parseCsv('5" screen,ok')).toEqual([['5" screen', 'ok']]);
    // csv-parse keeps text after a closing quote as it stands, quotes included (relax_quotes).
    expect(parseCsv('"quoted"tail,x')).toEqual([['"quoted"tail', 'x']]);
  });
  it('refuses an unterminated quoted field (everything after it would be misread)', () => {
    const run = () => parseCsv('id,caption\n1,ok\n2,"never closed\n3,x\n');
    expect(run).toThrow(CsvParseError);
    expect(run).toThrow(/Quote Not Closed/);
  });
  it('reads other delimiters when asked', () => {
    expect(parseCsv('a;"b;c"\n', { delimiter: ';' })).toEqual([['a', 'b;c']]);
  });
  it('round-trips anything toCsv writes', () => {
    const rows = [NASTY_CAPTIONS, NASTY_CAPTIONS.map((c) => c.toUpperCase()), ['x', '', 'y']];
    expect(parseCsv(toCsv(rows))).toEqual(rows.map((row) => [...row]));
  });
  it('maps rows to header names, skipping rows with only empty cells; a short row lacks its missing cells', () => {
    expect(parseCsvRecords(' id , plays\n7,10\n,\n8\n')).toEqual([{ id: '7', plays: '10' }, { id: '8' }]);
  });
});

describe('streamCsvRecords', () => {
  async function linesOf(text: string, chunkSize = text.length): Promise<[string, number][]> {
    const chunks: string[] = [];
    for (let at = 0; at < text.length; at += chunkSize) chunks.push(text.slice(at, at + chunkSize));
    const seen: [string, number][] = [];
    await streamCsvRecords(
      chunks,
      ',',
      () => {},
      (record, line) => seen.push([record.id ?? '', line]),
    );
    return seen;
  }

  it("gives each record the line it starts on, as an editor counts: blank rows, rows of empty cells and cells' line breaks included", async () => {
    const text = 'id,note\n1,a\n\n2,"x\ny"\n,\n3,b\n4,"p\r\nq\rr"\n5,c\n';
    // 1 header, 2 id 1, 3 blank, 4-5 id 2, 6 empty cells, 7 id 3, 8-10 id 4 (CRLF, then CR), 11 id 5.
    const expected: [string, number][] = [
      ['1', 2],
      ['2', 4],
      ['3', 7],
      ['4', 8],
      ['5', 11],
    ];
    expect(await linesOf(text)).toEqual(expected);
    // Chunk borders anywhere (inside a CRLF, inside a quoted cell) change nothing.
    for (const size of [1, 2, 3, 5, 7]) expect(await linesOf(text, size)).toEqual(expected);
    expect(await linesOf('id,note\r\n1,a\r\n\r\n2,"x\r\ny"\r\n,\r\n3,b\r\n4,"p\r\nq\rr"\r\n5,c\r\n')).toEqual([
      ['1', 2],
      ['2', 4],
      ['3', 7],
      ['4', 8],
      ['5', 11],
    ]);
    expect(await linesOf('id,note\r1,a\r\r2,b\r')).toEqual([
      ['1', 2],
      ['2', 4],
    ]);
  });
});
