import { afterEach, describe, expect, it } from 'vitest';
import { analyzeVideos } from '../../src/analysis/analyze.js';
import { catalogNotes } from '../../src/reports/catalog-notes.js';
import type { Catalog } from '../../src/tiktok/catalog.js';
import { readCatalogFile } from '../../src/tiktok/file-source.js';
import { readCount, readDate, readDuration } from '../../src/tiktok/intake-values.js';
import { normalizeRecords } from '../../src/tiktok/normalize.js';
import { scratchCatalogs } from '../support/scratch-catalogs.js';

/** One rule per test: containers, shapes, values, text, refusals. Records are made here to isolate each rule. */

const { write: file, read, refusal } = scratchCatalogs('intake-rules-');
const readText = (name: string, content: string | Buffer, author?: string): Promise<Catalog> =>
  read(name, content, author !== undefined ? { author } : {});

const app = (id: string, plays: number) => ({
  aweme_id: id,
  desc: `clip ${id}`,
  statistics: { play_count: plays, digg_count: 1, comment_count: 0, share_count: 0 },
  video: { duration: 15_000 },
});
const ids = (catalog: Catalog) => catalog.videos.map((v) => v.id);

describe('containers', () => {
  const cases: [string, unknown][] = [
    ['a bare array', [app('1', 10), app('2', 20)]],
    ['{videos}', { videos: [app('1', 10), app('2', 20)] }],
    ['itemList', { itemList: [app('1', 10), app('2', 20)] }],
    ['data.itemList', { data: { itemList: [app('1', 10), app('2', 20)] } }],
    ['aweme_list', { aweme_list: [app('1', 10), app('2', 20)] }],
    ['data.aweme_list', { data: { aweme_list: [app('1', 10), app('2', 20)] } }],
    ['aweme_details', { aweme_details: [app('1', 10), app('2', 20)] }],
    ['data as an array', { data: [app('1', 10), app('2', 20)] }],
    [
      'data.search_item_list[].aweme_info',
      {
        data: {
          search_item_list: [
            { type: 1, aweme_info: app('1', 10) },
            { type: 1, aweme_info: app('2', 20) },
          ],
        },
      },
    ],
    [
      'an array of saved responses',
      [{ data: { aweme_list: [app('1', 10)] } }, { data: { aweme_list: [app('2', 20)] } }],
    ],
  ];
  for (const [name, json] of cases) {
    it(`finds the videos in ${name}`, async () => {
      const catalog = await readText('c.json', JSON.stringify(json));
      expect(ids(catalog)).toEqual(['1', '2']);
      expect(catalog.videos.map((v) => v.plays)).toEqual([10, 20]);
    });
  }

  it('finds a single video: aweme_detail, data.aweme_detail, itemInfo.itemStruct, a bare object', async () => {
    for (const json of [
      { aweme_detail: app('7', 5) },
      { data: { aweme_detail: app('7', 5) } },
      { itemInfo: { itemStruct: { id: '7', stats: { playCount: 5 }, video: { duration: 9 } } } },
      app('7', 5),
    ]) {
      expect(ids(await readText('one.json', JSON.stringify(json)))).toEqual(['7']);
    }
  });

  it('reads JSON Lines (LF and CRLF, a video or a whole page per line) and concatenated documents', async () => {
    const lines = [
      JSON.stringify(app('1', 10)),
      JSON.stringify({ data: { aweme_list: [app('2', 20), app('3', 30)] } }),
    ];
    expect(ids(await readText('lf.jsonl', `${lines.join('\n')}\n`))).toEqual(['1', '2', '3']);
    expect(ids(await readText('crlf.jsonl', `${lines.join('\r\n')}\r\n`))).toEqual(['1', '2', '3']);
    expect(ids(await readText('cat.json', lines.join('')))).toEqual(['1', '2', '3']);
  });

  it('names the keys it found when there is no list of videos, a few levels deep', async () => {
    const error = await refusal(
      'nothing.json',
      JSON.stringify({ status_code: 0, data: { cursor: 5, hasMore: false } }),
    );
    expect(error.code).toBe('input.unknown-shape');
    expect(error.message).toMatch(/the keys status_code, data, data\.cursor, data\.hasMore/);
  });

  it('an empty data.itemList is an empty catalog, and the message names that path', async () => {
    const error = await refusal('empty.json', JSON.stringify({ data: { itemList: [], hasMore: false } }));
    expect(error.code).toBe('input.empty');
    expect(error.message).toMatch(/data\.itemList is empty/);
  });

  it('an empty bare array is an empty catalog', async () => {
    const error = await refusal('empty-array.json', '[]');
    expect(error.code).toBe('input.empty');
    expect(error.message).toMatch(/the top-level list is empty/);
  });

  it('says where a JSON file breaks off', async () => {
    const error = await refusal('cut.json', '{"data": {"aweme_list": [{"aweme_id": "1"');
    expect(error.code).toBe('input.invalid-json');
    expect(error.message).toMatch(/ends in the middle of a value/);
  });
});

describe('shapes, recognised from the record as a whole', () => {
  it('tikwm items carry aweme_id but give seconds and the id as video_id: not read as app milliseconds', () => {
    const [video] = normalizeRecords([
      {
        aweme_id: 'v09044g40000',
        video_id: '7301',
        title: 'hi',
        duration: 15,
        play_count: 100,
        digg_count: 9,
        comment_count: 1,
        share_count: 2,
        music_info: { title: 'x', original: false },
      },
    ]).videos;
    expect(video).toMatchObject({ id: '7301', durationSec: 15, plays: 100, likes: 9, originalSound: false });
  });

  it('app items (statistics) give milliseconds', () => {
    expect(normalizeRecords([app('1', 10)]).videos[0]?.durationSec).toBe(15);
  });

  it('web items prefer the exact statsV2 over the rounded stats', () => {
    const [video] = normalizeRecords([
      {
        id: '1',
        stats: { playCount: 1_200_000, diggCount: 5 },
        statsV2: { playCount: '1234567', diggCount: '5' },
        video: { duration: 8 },
      },
    ]).videos;
    expect(video?.plays).toBe(1_234_567);
  });

  it('yt-dlp info JSON (view_count, repost_count, timestamp, uploader, track)', () => {
    const [video] = normalizeRecords([
      {
        id: '6748451240264420610',
        title: '#jassmanak',
        description: '#jassmanak #lehanga',
        duration: 13.2,
        timestamp: 1_571_096_000,
        uploader: 'leenabhushan',
        channel: 'Leena',
        view_count: 1000,
        like_count: 50,
        comment_count: 5,
        repost_count: 7,
        track: 'original sound',
        extractor_key: 'TikTok',
        webpage_url: 'https://www.tiktok.com/@leenabhushan/video/6748451240264420610',
      },
    ]).videos;
    expect(video).toMatchObject({
      id: '6748451240264420610',
      durationSec: 13.2,
      shares: 7,
      author: 'leenabhushan',
      createdAtSec: 1_571_096_000,
      hashtags: ['jassmanak', 'lehanga'],
    });
  });

  it('Display API videos (video_description, embed_link, duration in seconds)', () => {
    const [video] = normalizeRecords([
      {
        id: '12345123451234512345',
        title: 't',
        video_description: 'hello #a',
        duration: 30,
        cover_image_url: 'https://x',
        embed_link: 'https://www.tiktok.com/player/v1/12345123451234512345',
        like_count: 3,
        comment_count: 2,
        share_count: 1,
        view_count: 50,
        create_time: 1_700_000_000,
      },
    ]).videos;
    expect(video).toMatchObject({
      id: '12345123451234512345',
      caption: 'hello #a',
      durationSec: 30,
      plays: 50,
      hashtags: ['a'],
    });
  });

  it('Research API videos (video_duration, hashtag_names, username)', () => {
    const [video] = normalizeRecords([
      {
        id: '7',
        video_description: 'x',
        video_duration: 21,
        hashtag_names: ['Cats'],
        username: 'catlady',
        view_count: 9,
        like_count: 1,
        comment_count: 0,
        share_count: 0,
        region_code: 'US',
        create_time: 1_700_000_000,
      },
    ]).videos;
    expect(video).toMatchObject({ durationSec: 21, hashtags: ['cats'], author: 'catlady' });
  });

  it('flat headers in any common spelling: Video ID, Views, camelCase, Capitalized', async () => {
    const catalog = await readText(
      'flat.csv',
      'Video ID,Views,Likes,Comment Count,shareCount,Duration (sec),Create Time\n11,100,10,1,2,0:42,2024-03-01T10:00:00Z\n',
    );
    expect(catalog.videos[0]).toMatchObject({
      id: '11',
      plays: 100,
      likes: 10,
      comments: 1,
      shares: 2,
      createdAtSec: Date.UTC(2024, 2, 1, 10) / 1000,
    });
    // "Duration (sec)" is not a spelling we know; m:ss is read where the column is known:
    expect(
      normalizeRecords([{ video_id: '1', video_view_count: '5', video_duration_sec: '1:02:03' }]).videos[0]
        ?.durationSec,
    ).toBe(3723);
  });

  it('Apify CSV columns with slashes (authorMeta/name, videoMeta/duration) are read as the nested record', async () => {
    const catalog = await readText(
      'apify.csv',
      'id,text,playCount,diggCount,commentCount,shareCount,authorMeta/name,videoMeta/duration,musicMeta/musicOriginal,hashtags/0/name\n9,hi,100,5,1,0,chefmaya,33,true,food\n',
    );
    expect(catalog.videos[0]).toMatchObject({
      id: '9',
      author: 'chefmaya',
      durationSec: 33,
      originalSound: true,
      hashtags: ['food'],
    });
  });
});

describe('values', () => {
  it('counters: numeric strings, thousands separators, abbreviations; #N/A, N/A and empty are missing', () => {
    expect(
      ['2,314', '2314', ' 2314 ', '2.3K', '1.2M', '1B', '343296.0'].map((v) => readCount(v, 'plays', '.')),
    ).toEqual([2314, 2314, 2314, 2300, 1_200_000, 1_000_000_000, 343_296]);
    expect(['2.314', '1.234,0', '7'].map((v) => readCount(v, 'plays', ','))).toEqual([2314, 1234, 7]);
    expect(['#N/A', 'N/A', '', 'NaN'].map((v) => readCount(v, 'plays', '.'))).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(() => readCount('lots', 'plays', '.')).toThrow(/plays is not a number/);
    expect(() => readCount('-3', 'plays', '.')).toThrow(/negative/);
  });

  it('a counter is a whole number: a fraction is refused, with a hint when it looks like a thousands separator', () => {
    expect(() => readCount(12.5, 'plays', '.')).toThrow(/^plays is not a whole number \(12\.5\)$/);
    expect(() => readCount('1,5', 'likes', ',')).toThrow(/^likes is not a whole number \("1,5"\)$/);
    // A European file separated by tabs or commas: '.' groups thousands, and 12.345 would be read as twelve.
    expect(() => readCount('12.345', 'plays', '.')).toThrow(
      /^plays is not a whole number \("12\.345"\) \(if '\.' separates thousands in this file, save it separated by semicolons/,
    );
    // An abbreviation is a rounded figure: it is read to the nearest whole number.
    expect(readCount('1.2345K', 'plays', '.')).toBe(1235);
    // Durations keep their fractions.
    expect(readDuration(12.5, 'duration', 'sec', '.')).toBe(12.5);
    expect(readDuration('12,5', 'duration', 'sec', ',')).toBe(12.5);
  });

  it('a duration is never grouped in thousands: a decimal point in a semicolon file is refused, not read 1,000 times longer', async () => {
    expect(() => readDuration('15.250', 'duration', 'sec', ',')).toThrow(
      /^duration is not a number \("15\.250"\) \(a decimal point in a semicolon-separated file, where ',' is the decimal mark\? save it separated by commas\)$/,
    );
    const error = await refusal('semi-dots.csv', 'id;views;likes;duration\n1;1000;100;15.250\n2;2000;200;30.5\n');
    expect(error.message).toMatch(/duration is not a number \("15\.250"\)/);
    // Counts keep their thousands separators.
    expect(readCount('1.000', 'plays', ',')).toBe(1000);
  });

  it('a counter past 2^53 is refused, not read rounded; 2^53 - 1 is read exactly', async () => {
    const largest = Number.MAX_SAFE_INTEGER;
    expect(readCount(largest, 'plays', '.')).toBe(largest);
    expect(readCount(String(largest), 'plays', '.')).toBe(largest);
    expect(readCount(BigInt(largest), 'plays', '.')).toBe(largest);
    for (const value of [largest + 1, '9007199254740993', 9_007_199_254_740_993n, '9,007,199,254,740,993', '9500000B'])
      expect(() => readCount(value, 'digg_count', '.')).toThrow(
        /digg_count is past 2\^53 .*more than this tool can read exactly/,
      );
    // Through the file reader: JSON.parse has already rounded ...993 to ...992; that record is skipped, by name.
    const catalog = await readText(
      'huge.json',
      '[{"id":"1","play_count":10,"digg_count":1},{"id":"2","play_count":10,"digg_count":9007199254740993}]',
    );
    expect(catalog.videos.map((v) => v.id)).toEqual(['1']);
    expect(catalog.skipped).toEqual([
      { position: 2, reason: 'digg_count is past 2^53 (9007199254740992), more than this tool can read exactly' },
    ]);
  });

  it('a record with every counter missing is dropped as such; one missing counter is 0', () => {
    const result = normalizeRecords([
      { id: 'a', plays: '#N/A', likes: 'N/A', comments: '', shares: '' },
      { id: 'b', plays: '10' },
    ]);
    expect(result.skipped).toHaveLength(1);
    expect(result.skipped[0]?.position).toBe(1);
    expect(result.skipped[0]?.reason).toMatch(/has no counters/);
    expect(result.videos[0]).toMatchObject({ id: 'b', plays: 10, likes: 0 });
  });

  it('durations: seconds, milliseconds by shape, m:ss and h:mm:ss', () => {
    expect(readDuration('0:42', 'd', 'sec', '.')).toBe(42);
    expect(readDuration('1:02:03', 'd', 'sec', '.')).toBe(3723);
    expect(readDuration(42_000, 'd', 'ms', '.')).toBe(42);
    expect(readDuration('42', 'd', 'sec', '.')).toBe(42);
    expect(() => readDuration('1:2:3:4', 'd', 'sec', '.')).toThrow(/not a duration/);
  });

  it('ids written as JSON numbers past 2^53 are kept exactly, so two videos never merge', async () => {
    const text =
      '{"data":{"videos":[{"id":7213456789012345678,"view_count":5,"like_count":1},{"id":7213456789012345679,"view_count":6,"like_count":1}]}}';
    const catalog = await readText('research.json', text);
    expect(ids(catalog)).toEqual(['7213456789012345678', '7213456789012345679']);
    expect(catalog.intake?.duplicates).toBe(0);
  });

  describe('dates', () => {
    const zone = process.env.TZ;
    afterEach(() => {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    });

    it('Unix seconds, milliseconds and ISO with a zone', () => {
      expect(readDate(1_700_000_000, 'd')).toEqual({ sec: 1_700_000_000, zoneless: false, dateOnly: false });
      expect(readDate('1700000000123', 'd')).toEqual({ sec: 1_700_000_000, zoneless: false, dateOnly: false });
      expect(readDate('2024-03-01T10:00:00+02:00', 'd')).toEqual({
        sec: Date.UTC(2024, 2, 1, 8) / 1000,
        zoneless: false,
        dateOnly: false,
      });
    });

    it('a date without a time of day is that date, marked date-only, whatever zone it names', () => {
      const date = { sec: Date.UTC(2023, 7, 29) / 1000, zoneless: false, dateOnly: true };
      expect(readDate('20230829', 'upload_date')).toEqual(date);
      expect(readDate('2023-08-29', 'created_at')).toEqual(date);
      // Midnight in +09:00 would be the 28th in UTC: a date alone names its day, not a midnight somewhere.
      expect(readDate('2023-08-29+09:00', 'created_at')).toEqual(date);
      // Midnight written out is a time of day.
      expect(readDate('2023-08-29T00:00:00', 'created_at')).toEqual({ ...date, zoneless: true, dateOnly: false });
    });

    it('microseconds and nanoseconds are told apart by size too', () => {
      for (const value of [
        1_700_000_000,
        1_700_000_000_123,
        1_700_000_000_123_456,
        1_700_000_000_123_456_000,
        '1700000000123456',
      ])
        expect(readDate(value, 'create_time')).toEqual({ sec: 1_700_000_000, zoneless: false, dateOnly: false });
    });

    it('a value no post can have is refused, not given an invented weekday and hour', () => {
      // An Excel day number read as seconds is 1970; a day that is not in the calendar rolls over in Date.
      expect(() => readDate('45236.5', 'create_time')).toThrow(
        /^create_time is not a post time \("45236\.5" reads as 1970-01-01\); use Unix seconds or ISO 8601$/,
      );
      expect(() => readDate(86_400, 'create_time')).toThrow(/reads as 1970-01-02/);
      expect(() => readDate('2123-01-01T00:00:00Z', 'created_at')).toThrow(/reads as 2123-01-01/);
      expect(() => readDate('2023-02-30', 'created_at')).toThrow(/^created_at is not a calendar day \("2023-02-30"\)$/);
      expect(() => readDate('20230230', 'upload_date')).toThrow(/not a calendar day/);
      expect(readDate('2024-02-29', 'created_at').sec).toBe(Date.UTC(2024, 1, 29) / 1000);
    });

    it('a date without a zone is UTC whatever the machine says, and the report says so once', async () => {
      process.env.TZ = 'America/New_York';
      const catalog = await readText(
        'dates.csv',
        'id,plays,created_at\n1,5,2024-03-01 10:00:00\n2,6,2024-03-02 10:00\n',
      );
      expect(catalog.videos.map((v) => v.createdAtSec)).toEqual([
        Date.UTC(2024, 2, 1, 10) / 1000,
        Date.UTC(2024, 2, 2, 10) / 1000,
      ]);
      const notes = catalogNotes(catalog).filter((note) => /read as UTC/.test(note));
      expect(notes).toEqual(['Post times without a time zone were read as UTC (2 videos).']);
    });

    it('a date without a time keeps its weekday west of UTC and is in no hour; the report says so', () => {
      // Tuesday 2023-08-29, as ISO in a flat file and as yt-dlp's upload_date: 00:00 UTC of it is
      // Monday evening in Los Angeles, where the old reading put both videos (at 17:00).
      const { videos, intake } = normalizeRecords([
        { id: '1', plays: 100, likes: 10, created_at: '2023-08-29' },
        { id: '2', view_count: 100, like_count: 20, uploader: 'me', upload_date: '20230829' },
        { id: '3', plays: 100, likes: 30, created_at: '2023-08-29T19:00:00Z' }, // Tue 12:00 in Los Angeles
        { id: '4', plays: 100, likes: 40, created_at: '2023-08-29 19:00' }, // the same, without a zone
      ]);
      expect(videos.map((v) => v.dateOnly)).toEqual([true, true, undefined, undefined]);
      expect(videos[0]!.createdAtSec).toBe(Date.UTC(2023, 7, 29) / 1000);
      expect(intake).toMatchObject({ dateOnlyDates: 2, zonelessDates: 1 });
      for (const timeZone of ['America/Los_Angeles', 'UTC', 'Pacific/Kiritimati']) {
        const time = analyzeVideos(videos, { timeZone }).postingTime;
        const expectedDay = timeZone === 'Pacific/Kiritimati' ? ['Tue', 2, 'Wed', 2] : ['Tue', 4];
        expect(
          time.byWeekday.groups.flatMap((g) => [g.key, g.count]),
          timeZone,
        ).toEqual(expectedDay);
        expect(time.byWeekday.basedOn, timeZone).toBe(4);
        expect(time.byHour.basedOn, timeZone).toBe(2);
        expect(
          time.byHour.groups.map((g) => g.count),
          timeZone,
        ).toEqual([2]);
      }
      const la = analyzeVideos(videos, { timeZone: 'America/Los_Angeles' }).postingTime;
      expect(la.byHour.groups.map((g) => [g.key, g.count])).toEqual([['12', 2]]);
      expect(la.byHour.groups[0]!.avgEngagementRate).toBeCloseTo(0.35, 12);
      const catalog = { account: { username: 'me' }, videos, intake } as unknown as Catalog;
      expect(catalogNotes(catalog).filter((note) => /time/.test(note))).toEqual([
        'Post times without a time zone were read as UTC (1 video).',
        '2 videos have a post date but no time of day: they count for the weekday, not for the hour.',
      ]);
      const one = { ...catalog, intake: { ...intake, dateOnlyDates: 1, zonelessDates: 0 } };
      expect(catalogNotes(one).filter((note) => /time/.test(note))).toEqual([
        '1 video has a post date but no time of day: it counts for the weekday, not for the hour.',
      ]);
    });
  });

  it('original sound: the platform flag first, then the title in many languages', () => {
    const { videos } = normalizeRecords([
      { id: '1', plays: 10, sound: 'オリジナル楽曲 - 名前' },
      { id: '2', plays: 10, sound: 'sonido original - x' },
      { id: '3', plays: 10, sound: '@猫小帅都知道创作的原声' },
      { id: '4', plays: 10, sound: 'Originalton - y' },
      { id: '5', plays: 10, sound: 'Hit song', music_original: 'true' },
      { id: '6', plays: 10, sound: 'original sound - z', music_original: 'false' },
      { id: '7', plays: 10, sound: 'Hit song' },
    ]);
    const analysis = analyzeVideos(videos);
    expect(analysis.sound.groups.find((g) => g.key === 'original')?.count).toBe(5);
    expect(analysis.sound.groups.find((g) => g.key === 'other')?.count).toBe(2);
  });
});

describe('text', () => {
  const csv = 'id,plays,likes\r\n1,100,5\r\n2,200,9\r\n';
  it('UTF-8 with a BOM, UTF-16 LE and BE with a BOM', async () => {
    const utf16be = Buffer.from(`\ufeff${csv}`, 'utf16le').swap16();
    for (const [name, bytes] of [
      ['bom8.csv', Buffer.from(`\ufeff${csv}`, 'utf8')],
      ['le.csv', Buffer.from(`\ufeff${csv}`, 'utf16le')],
      ['be.csv', utf16be],
      ['bom8.json', Buffer.from(`\ufeff${JSON.stringify([app('1', 100), app('2', 200)])}`, 'utf8')],
    ] as const) {
      expect((await readText(name, bytes)).videos.map((v) => v.plays)).toEqual([100, 200]);
    }
  });

  it('bytes that are not UTF-8 are refused, not read as garbage', async () => {
    // "café" saved as Latin-1: the byte 0xe9 alone is not valid UTF-8.
    const path = await file('latin1.csv', Buffer.from('id,plays,desc\n1,5,caf\xe9\n', 'latin1'));
    await expect(readCatalogFile(path)).rejects.toMatchObject({
      code: 'input.bad-encoding',
      message: expect.stringMatching(/not valid UTF-8/) as unknown as string,
    });
  });

  it('detects semicolon and tab delimiters; semicolon files use the decimal comma', async () => {
    const semi = await readText('semi.csv', 'id;plays;likes;duration\n1;2.314;7;12,5\n');
    expect(semi.videos[0]).toMatchObject({ plays: 2314, likes: 7, durationSec: 12.5 });
    const tab = await readText('tab.tsv', 'id\tplays\tlikes\n1\t2,314\t7\n');
    expect(tab.videos[0]).toMatchObject({ plays: 2314, likes: 7 });
  });

  it('quoted fields with line breaks and delimiters, CRLF', async () => {
    const catalog = await readText(
      'q.csv',
      'id,caption,plays\r\n1,"line one\r\nline two, with comma",10\r\n2,"say ""hi""",20\r\n',
    );
    expect(catalog.videos.map((v) => v.caption)).toEqual(['line one\r\nline two, with comma', 'say "hi"']);
  });
});

describe('loud, never silent', () => {
  it('a file in which no record has a counter is refused, naming the columns seen and the ones understood', async () => {
    const error = await refusal('no-counters.csv', 'title,author,url\nhello,me,https://x\n');
    expect(error.code).toBe('input.unknown-shape');
    expect(error.message).toMatch(/none of the 1 records has a counter this tool reads/);
    expect(error.message).toMatch(/Columns seen: title, author, url\./);
    expect(error.message).toMatch(/Understood: id\/video_id, plays\/views/);
  });

  it('duplicates are counted: "24 records, 12 distinct videos (12 duplicates)"', async () => {
    const records = Array.from({ length: 24 }, (_, i) => ({ id: String(i % 12), plays: 10 + i }));
    const catalog = await readText('dupes.json', JSON.stringify(records));
    expect(catalog.videos).toHaveLength(12);
    expect(catalogNotes(catalog)).toContain('24 records, 12 distinct videos (12 duplicates).');
  });

  it('--author NAME that matches no video is refused with the accounts the file has', async () => {
    const path = await file(
      'authors.json',
      JSON.stringify([
        { id: '1', plays: 5, author: 'a' },
        { id: '2', plays: 5, author: 'b' },
      ]),
    );
    await expect(readCatalogFile(path, { author: 'zed' })).rejects.toThrow(
      /no video of @zed here \(--author\)\. The file's accounts: a \(1\), b \(1\)/,
    );
  });
});
