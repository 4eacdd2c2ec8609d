import { describe, expect, it } from 'vitest';
import type { Video } from '../../src/analysis/types.js';
import { detectShape, normalizeRecords } from '../../src/tiktok/normalize.js';
import { fixtureRecords, scavioFixture } from '../support/fixtures.js';
import { objectsInLayouts } from '../support/key-layouts.js';

/** The same video as each source would send it. */
const expected: Video = {
  id: '7301',
  caption: 'Crispy tofu #recipe #FoodTok',
  durationSec: 42,
  plays: 12000,
  likes: 900,
  comments: 40,
  shares: 60,
  saves: 25,
  createdAtSec: 1_730_000_000,
  hashtags: ['recipe', 'foodtok'],
  sound: 'original sound - chefmaya',
};

const shapes = {
  flat: {
    id: '7301',
    desc: expected.caption,
    duration: 42,
    play_count: 12000,
    digg_count: 900,
    comment_count: 40,
    share_count: 60,
    collect_count: 25,
    create_time: 1_730_000_000,
    hashtags: ['recipe', 'foodtok'],
    music: 'original sound - chefmaya',
  },
  app: {
    aweme_id: '7301',
    desc: expected.caption,
    create_time: 1_730_000_000,
    duration: 42000,
    video: { duration: 42000 },
    statistics: { play_count: 12000, digg_count: 900, comment_count: 40, share_count: 60, collect_count: 25 },
    text_extra: [
      { type: 1, hashtag_name: 'recipe' },
      { type: 1, hashtag_name: 'FoodTok' },
    ],
    music: { title: 'original sound - chefmaya' },
  },
  web: {
    id: '7301',
    desc: expected.caption,
    createTime: '1730000000',
    video: { duration: 42 },
    stats: { playCount: 12000, diggCount: 900, commentCount: 40, shareCount: 60, collectCount: '25' },
    challenges: [{ title: 'recipe' }, { title: 'foodtok' }],
    music: { title: 'original sound - chefmaya' },
  },
  apify: {
    id: '7301',
    text: expected.caption,
    createTime: 1_730_000_000,
    videoMeta: { duration: 42 },
    playCount: 12000,
    diggCount: 900,
    commentCount: 40,
    shareCount: 60,
    collectCount: 25,
    hashtags: [{ name: 'recipe' }, { name: 'foodtok' }],
    musicMeta: { musicName: 'original sound - chefmaya' },
  },
} as const;

describe('normalizeRecords', () => {
  for (const [shape, record] of Object.entries(shapes)) {
    it(`reads the ${shape} shape`, () => {
      expect(detectShape(record)).toBe(shape);
      const { videos, skipped } = normalizeRecords([record]);
      expect(skipped).toEqual([]);
      expect(videos).toEqual([expected]);
    });
  }

  it("reads TikTok's official API shape (no sound, hashtags from the caption)", () => {
    const record = {
      id: '7301',
      video_description: expected.caption,
      duration: 42,
      view_count: 12000,
      like_count: 900,
      comment_count: 40,
      share_count: 60,
      create_time: 1_730_000_000,
    };
    expect(detectShape(record)).toBe('tiktok-api');
    const [video] = normalizeRecords([record]).videos;
    expect(video).toEqual({ ...expected, saves: undefined, sound: undefined, hashtags: ['recipe', 'foodtok'] });
  });

  it('turns numeric strings into numbers and missing counters into 0', () => {
    const [video] = normalizeRecords([{ id: 9, play_count: ' 300 ', digg_count: '30', share_count: 3 }]).videos;
    expect(video).toMatchObject({
      id: '9',
      plays: 300,
      likes: 30,
      comments: 0,
      shares: 3,
      durationSec: 0,
      createdAtSec: null,
    });
  });

  it('keeps the first of duplicate ids and counts the rest', () => {
    const result = normalizeRecords([
      { id: 'a', play_count: 1 },
      { id: 'a', play_count: 2 },
      { id: 'b', play_count: 3 },
    ]);
    expect(result.videos.map((v) => [v.id, v.plays])).toEqual([
      ['a', 1],
      ['b', 3],
    ]);
    expect(result.duplicates).toBe(1);
  });

  it('reports records it cannot read with their position and reason, and keeps the rest', () => {
    const result = normalizeRecords([
      { id: 'ok', play_count: 10 },
      { desc: 'no id here', play_count: 5 },
      { id: 'neg', play_count: -4 },
      { id: 'text', play_count: 'lots' },
      'not a record',
      { id: 'ok2', statistics: { play_count: '1.2.3' }, aweme_id: 'x' },
      { id: 'bare' },
    ]);
    expect(result.videos.map((v) => v.id)).toEqual(['ok']);
    expect(result.skipped).toEqual([
      { position: 2, reason: 'has no id' },
      { position: 3, reason: 'play_count is negative (-4)' },
      { position: 4, reason: 'play_count is not a number ("lots")' },
      { position: 5, reason: 'is not an object (string)' },
      { position: 6, reason: 'statistics.play_count is not a number ("1.2.3")' },
      { position: 7, reason: 'has no counters (plays, likes, comments, shares are all missing or empty)' },
    ]);
    expect(result.intake).toMatchObject({ records: 7, distinct: 1, skippedCount: 6, duplicates: 0 });
  });

  it('reads flat records whose key layouts change from record to record, first spelling of a field winning', () => {
    const videos = normalizeRecords([
      { id: 'a', views: 100, likes: 5, sound: 'x', author: 'maya' },
      { id: 'b', views: 200, likes: 6, sound: 'y', author: 'maya' },
      // Fewer keys: nothing of the layout before may leak into this one.
      { id: 'c', views: 300 },
      // Same keys, other order; and two spellings of plays (the first one counts).
      { views: 400, id: 'd', play_count: 999, likes: 7 },
      { id: 'e', views: 500, likes: 8, sound: 'z', author: 'maya' },
    ]).videos;
    expect(videos.map((v) => [v.id, v.plays, v.likes, v.sound ?? null, v.author ?? null])).toEqual([
      ['a', 100, 5, 'x', 'maya'],
      ['b', 200, 6, 'y', 'maya'],
      ['c', 300, 0, null, null],
      ['d', 400, 7, null, null],
      ['e', 500, 8, 'z', 'maya'],
    ]);
  });

  it('cleans listed hashtags (case, spaces, #, repeats, non-ASCII) and keeps a clean list as it is', () => {
    const clean = ['fyp', 'été', 'dinner_ideas'];
    const [messy, tidy] = normalizeRecords([
      { id: '1', play_count: 1, hashtags: ['Food', ' vlog', '#fyp', 'ÉTÉ', 'été', 'fyp\t', 'food'] },
      { id: '2', play_count: 1, hashtags: clean },
    ]).videos;
    expect(messy!.hashtags).toEqual(['food', 'vlog', 'fyp', 'été']);
    expect(tidy!.hashtags).toBe(clean);
  });

  it('falls back to #tags in the caption, lower-cased and unique', () => {
    const [video] = normalizeRecords([
      { id: '1', desc: 'Try this #Pasta #pasta #dinner_ideas #日本', hashtags: [], play_count: 1 },
    ]).videos;
    expect(video!.hashtags).toEqual(['pasta', 'dinner_ideas', '日本']);
  });

  it('reads Scavio pages in milliseconds to the same videos as the flat catalog in seconds', () => {
    const pages = [scavioFixture('posts-page-1'), scavioFixture('posts-page-2')] as {
      data: { aweme_list: unknown[] };
    }[];
    const fromScavio = normalizeRecords(pages.flatMap((page) => page.data.aweme_list)).videos;
    const fromFlat = normalizeRecords(fixtureRecords('clean-60')).videos.slice(0, 45);
    expect(fromScavio).toHaveLength(45);
    const comparable = (v: Video) => ({ ...v, saves: undefined, author: undefined });
    expect(fromScavio.map(comparable)).toEqual(fromFlat.map(comparable));
  });
});

describe('intake summary: videos with a duration', () => {
  it('counts the kept videos that have one: not a duplicate, not another account, not a skipped record', () => {
    const record = (id: string, duration: unknown, author = 'maya') => ({ id, duration, play_count: 10, author });
    const result = normalizeRecords(
      [
        record('1', 30),
        record('2', 0),
        record('1', 30), // duplicate of the first
        record('3', undefined),
        record('4', '1:05'),
        record('5', 12, 'someone-else'),
        { id: '6', duration: 20 }, // no counters: skipped
      ],
      { author: 'maya' },
    );
    expect(result.videos.map((v) => v.id)).toEqual(['1', '2', '3', '4']);
    expect(result.intake).toMatchObject({ distinct: 4, duplicates: 1, otherAuthors: 1, skippedCount: 1 });
    expect(result.intake.withDuration).toBe(2);
  });
});

describe('the shape of each record', () => {
  it('is found for every record, however the records of one key layout differ in their values', () => {
    // Keys that decide a shape, and values that make a key count or not (an object holding
    // counters, one without, text, null). A flat file's records skip detectShape when the last
    // flat record had their keys (readKnownFlat): each record must read exactly as it does alone.
    const pool = [
      'statistics',
      'stats',
      'statsV2',
      'authorMeta',
      'videoMeta',
      'musicMeta',
      'playCount',
      'diggCount',
      'view_count',
      'like_count',
      'webpage_url',
      'extractor',
      'uploader',
      'timestamp',
      'video_description',
      'username',
      'music_info',
      'wmplay',
      'play',
      'origin_cover',
      'video_id',
      'aweme_id',
      'hashtags',
      'desc',
    ];
    const values = [0, 'x', null, {}, { play_count: 5 }, { digg_count: 5 }, { comment_count: 5 }, { playCount: 5 }];
    const shapes = new Set<string>();
    objectsInLayouts(pool, values, { layouts: 600, perLayout: 6, seed: 17 }).forEach((fields, i) => {
      const raw = { id: String(i + 1), play_count: 100, ...fields };
      const inSequence = normalizeRecords([raw]); // after the records of its layout before it
      normalizeRecords([{ unrelated: 1 }]); // another layout in between
      const alone = normalizeRecords([raw]);
      expect(inSequence, JSON.stringify(raw)).toEqual(alone);
      for (const shape of Object.keys(alone.intake.shapes)) shapes.add(shape);
    });
    expect(shapes.size).toBeGreaterThanOrEqual(5); // the layouts lead to most shapes, not only flat
  });
});
