import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeVideos } from '../../src/analysis/analyze.js';
import type { Video } from '../../src/analysis/types.js';
import { UserFacingError } from '../../src/errors.js';
import { catalogNotes } from '../../src/reports/catalog-notes.js';
import { readCatalogFile } from '../../src/tiktok/file-source.js';

/**
 * Real saved responses and exports (test/samples/intake, sources in its
 * SOURCES.md), read through the file import. Every expected number was read
 * off the raw file with Python, not computed by this project.
 */
const SAMPLES = fileURLToPath(new URL('../samples/intake/', import.meta.url));
const read = (name: string, options: { author?: string } = {}) => readCatalogFile(`${SAMPLES}${name}`, options);
const sum = (videos: readonly Video[], key: 'plays' | 'likes' | 'comments' | 'shares' | 'durationSec') =>
  videos.reduce((total, v) => total + v[key], 0);

async function refusal(name: string): Promise<UserFacingError> {
  try {
    await read(name);
  } catch (error) {
    if (error instanceof UserFacingError) return error;
    throw error;
  }
  throw new Error(`expected ${name} to be refused`);
}

describe('real samples', () => {
  it('tiktok-scraper collector (bare array): counts, sums, durations in seconds, original-sound flags', async () => {
    const catalog = await read('tiktok-scraper-collector.json');
    expect(catalog.videos).toHaveLength(10);
    expect(catalog.skipped).toEqual([]);
    expect(sum(catalog.videos, 'plays')).toBe(2_311_600);
    expect(sum(catalog.videos, 'likes')).toBe(543_880);
    expect(sum(catalog.videos, 'comments')).toBe(7_975);
    expect(sum(catalog.videos, 'shares')).toBe(14_465);
    expect(sum(catalog.videos, 'durationSec')).toBe(205);
    // The platform's flag decides: 8 original, though only 6 are titled "original sound".
    expect(catalog.videos.filter((v) => v.originalSound === true)).toHaveLength(8);
    const analysis = analyzeVideos(catalog.videos);
    expect(analysis.sound.groups.find((g) => g.key === 'original')?.count).toBe(8);
    expect(catalog.account.username).toBe('thebigbradwolf');
    expect(catalog.intake?.shapes).toEqual({ apify: 10 });
  });

  it('TikTok web items in data[] (stats, challenges, music.original): exact counters of @therock', async () => {
    const catalog = await read('web-user-videos.json');
    expect(catalog.videos.map((v) => v.plays)).toEqual([
      12_586_053, 17_823_012, 3_813_850, 27_521_723, 31_602_831, 45_289_598,
    ]);
    expect(catalog.videos.map((v) => v.durationSec)).toEqual([27, 34, 20, 18, 23, 32]);
    expect(catalog.videos.filter((v) => v.originalSound === true).map((v) => v.sound)).toContain(
      'Black Adam Transformation',
    );
    expect(catalog.videos.filter((v) => v.originalSound === true)).toHaveLength(4);
    expect(new Set(catalog.videos.map((v) => v.author))).toEqual(new Set(['therock']));
    expect(catalog.intake?.shapes).toEqual({ web: 6 });
  });

  it('one web item in data.itemInfo.itemStruct', async () => {
    const catalog = await read('web-item-detail.json');
    expect(catalog.videos).toHaveLength(1);
    expect(catalog.videos[0]).toMatchObject({
      id: '6832324357851778309',
      plays: 1_200_000,
      likes: 231_700,
      comments: 1_463,
      shares: 739,
      durationSec: 6,
      author: 'gordonramsayofficial',
    });
  });

  it('app API item in aweme_details: milliseconds become seconds, saves read, the sound flag says not original', async () => {
    const catalog = await read('app-aweme-details.json');
    expect(catalog.videos).toHaveLength(1);
    expect(catalog.videos[0]).toMatchObject({
      id: '7086595171827322158',
      plays: 4_964,
      likes: 66,
      comments: 39,
      shares: 415_578,
      saves: 9,
      durationSec: 39.845,
      createdAtSec: 1_649_976_516,
      author: 'ixxa',
      originalSound: false,
    });
    expect(catalog.intake?.shapes).toEqual({ app: 1 });
  });

  it('a list of videos under an unknown wrapper key (video.collector)', async () => {
    const catalog = await read('wire-user-feed.json');
    expect(catalog.videos.map((v) => [v.id, v.plays, v.likes, v.comments, v.shares, v.durationSec])).toEqual([
      ['6886892080350629125', 185_100, 80_600, 1_334, 715, 15],
    ]);
    expect(catalog.account.username).toBe('kierapleaze');
  });

  it('the Kaggle "TikTok claims" CSV: video_* columns read, #N/A rows dropped and counted with their positions', async () => {
    const catalog = await read('kaggle-tiktok-claims.csv');
    expect(catalog.videos).toHaveLength(10);
    expect(sum(catalog.videos, 'plays')).toBe(4_470_961);
    expect(sum(catalog.videos, 'likes')).toBe(1_313_432);
    expect(sum(catalog.videos, 'shares')).toBe(386_108);
    expect(sum(catalog.videos, 'comments')).toBe(11_630);
    expect(sum(catalog.videos, 'durationSec')).toBe(353);
    expect(catalog.skipped.map((s) => s.position)).toEqual([11, 12, 13, 14, 15]);
    expect(catalog.skipped[0]?.reason).toMatch(/has no counters/);
    expect(catalogNotes(catalog)).toContain('15 records, 10 distinct videos (5 unreadable).');
  });

  it('tikwm feed (data[]): seconds-shaped, no durations given, and the report says so', async () => {
    const catalog = await read('tikwm-feed-list.json');
    expect(catalog.videos.map((v) => v.plays)).toEqual([2_043_045, 270_340, 1_451_374]);
    expect(catalog.videos.every((v) => v.originalSound === true && v.durationSec === 0)).toBe(true);
    expect(catalog.intake?.shapes).toEqual({ tikwm: 3 });
    expect(catalogNotes(catalog)).toContain('The source gave no video durations, so there is no breakdown by length.');
  });

  it('tikwm music posts of three accounts: says so, and --author keeps one', async () => {
    const all = await read('tikwm-music-posts.json');
    expect(all.videos).toHaveLength(3);
    expect(all.intake?.authors.map((a) => a.handle).sort()).toEqual(['ashleynocera', 'hinamin_0529', 'swe._.amy']);
    expect(catalogNotes(all).some((note) => note.startsWith('This file holds videos of 3 accounts'))).toBe(true);

    const one = await read('tikwm-music-posts.json', { author: '@Hinamin_0529' });
    expect(one.videos.map((v) => [v.id, v.plays])).toEqual([['6995362373791911170', 14_702_719]]);
    expect(one.account.username).toBe('hinamin_0529');
    expect(one.intake?.otherAuthors).toBe(2);
  });

  it('a tikwm answer whose item has no id is refused with the position and the reason', async () => {
    const error = await refusal('tikwm-user-posts-no-id.json');
    expect(error.code).toBe('input.no-valid-records');
    expect(error.message).toMatch(/none of the 1 records could be read \(record 1 has no id\)/);
  });

  it('Research API answer (data.videos, hashtag_names)', async () => {
    const catalog = await read('research-api-query-videos.json');
    expect(catalog.videos).toEqual([
      expect.objectContaining({
        id: '7213456789012345678',
        plays: 54_320,
        likes: 1_245,
        comments: 87,
        shares: 312,
        hashtags: ['openapi', 'developer', 'coding'],
        createdAtSec: 1_746_230_400,
      }),
    ]);
    expect(catalog.intake?.shapes).toEqual({ 'tiktok-api': 1 });
  });
});
