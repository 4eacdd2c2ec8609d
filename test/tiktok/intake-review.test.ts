import { describe, expect, it } from 'vitest';
import { scratchCatalogs } from '../support/scratch-catalogs.js';

/**
 * Ordinary exports the intake once misread silently (a reviewer's findings): each must be read
 * exactly, or refused with a message saying what is wrong.
 */

const { read, refusal } = scratchCatalogs('intake-review-');
const csv = (...lines: string[]) => `${lines.join('\n')}\n`;

describe('a common column name never makes the reader ignore the other columns', () => {
  it('view_count + timestamp (yt-dlp keys): share_count and the caption are read', async () => {
    const catalog = await read(
      'ytlike.csv',
      csv(
        'id,caption,duration,view_count,like_count,comment_count,share_count,timestamp',
        '1,video #tag0,10,1000,100,10,50,1700000000',
      ),
    );
    expect(catalog.videos[0]).toMatchObject({ shares: 50, caption: 'video #tag0', hashtags: ['tag0'] });
  });

  it('video_id + play_count (tikwm keys): caption, hashtags and music are read', async () => {
    const catalog = await read(
      'tikwmlike.csv',
      csv(
        'video_id,caption,duration,play_count,digg_count,comment_count,share_count,create_time,hashtags,music',
        '1,video 0,30,8412,841,84,420,1700000000,#tag0 #food,Song X',
      ),
    );
    expect(catalog.videos[0]).toMatchObject({
      caption: 'video 0',
      hashtags: ['tag0', 'food'],
      sound: 'Song X',
      plays: 8412,
    });
  });

  it('username + view_count (TikTok API keys): desc, hashtags and created_at are read', async () => {
    const catalog = await read(
      'apilike.csv',
      csv(
        'id,desc,duration,view_count,like_count,comment_count,share_count,created_at,hashtags,username',
        '1,video 0,30,32190,3219,321,1609,2023-11-01T00:00:00Z,"tag0,food",chefmaya',
      ),
    );
    expect(catalog.videos[0]).toMatchObject({
      caption: 'video 0',
      hashtags: ['tag0', 'food'],
      createdAtSec: Date.UTC(2023, 10, 1) / 1000,
      author: 'chefmaya',
    });
  });

  it('playCount (Apify keys): caption, duration_sec and create_time are read', async () => {
    const catalog = await read(
      'apifylike.csv',
      csv(
        'id,caption,duration_sec,playCount,diggCount,commentCount,shareCount,create_time',
        '1,video 0 #tag0,30,31939,3193,319,1596,1700000000',
      ),
    );
    expect(catalog.videos[0]).toMatchObject({
      caption: 'video 0 #tag0',
      durationSec: 30,
      createdAtSec: 1_700_000_000,
      hashtags: ['tag0'],
    });
  });

  it('a column taken from the flat reader is named as the file spells it in messages', async () => {
    const catalog = await read(
      'ytlike-bad.csv',
      csv('id,view_count,like_count,share_count,timestamp', '1,1000,100,lots,1700000000', '2,1000,100,5,1700000000'),
    );
    expect(catalog.skipped.map((s) => s.position)).toEqual([1]);
    expect(catalog.skipped[0]!.reason).toMatch(/^share_count is not a number/);
  });
});

describe('account totals next to a video list', () => {
  const account = JSON.stringify({
    id: '6800000000000000',
    username: 'chefmaya',
    views: 900000,
    likes: 50000,
    videos: [
      { id: '7190000000000000001', views: 1000, likes: 100 },
      { id: '7190000000000000002', views: 2000, likes: 200 },
      { id: '7190000000000000003', views: 3000, likes: 300 },
      { id: '7190000000000000004', views: 4000, likes: 400 },
    ],
  });
  it.each([
    ['read whole', {}],
    ['streamed', { wholeFileBytes: 0 }],
  ])('the object is a wrapper, not a video (%s)', async (_, options) => {
    const catalog = await read('acct.json', account, options);
    expect(catalog.videos.map((v) => v.plays)).toEqual([1000, 2000, 3000, 4000]);
  });
});

describe('CSV structure', () => {
  it('a row with more cells than the header is refused, not shifted', async () => {
    const error = await refusal(
      'shift.csv',
      csv('id,caption,views,likes,comments,shares', '2,fine,100,10,1,1', '1,Top 5,3,5000,300,20,4'),
    );
    expect(error.message).toMatch(/line 3 has 7 cells but the header has 6 columns/);
    expect(error.message).toMatch(/quote such cells/);
  });

  it('a short row is still read with its missing trailing cells empty', async () => {
    const catalog = await read('short.csv', csv('id,views,likes,caption', '1,100,10'));
    expect(catalog.videos[0]).toMatchObject({ id: '1', plays: 100, likes: 10, caption: '' });
  });

  it('a file cut off in its last row is refused, not read with the row partial', async () => {
    const error = await refusal('trunc.csv', 'id,views,likes\n1,1000,100\n2,2000,200\n3,30');
    expect(error.message).toMatch(/looks cut off: its last line has 2 of the header's 3 cells/);
  });

  it('a duplicated header name is refused, naming the column', async () => {
    const error = await refusal('duphdr.csv', csv('id,views,likes,likes', '1,100,10,20'));
    expect(error.message).toMatch(/"likes"/);
  });
});

describe('counter spellings', () => {
  it('likes_count, comments_count, shares_count and views_count are counters', async () => {
    const catalog = await read(
      'counts.csv',
      csv('id,caption,views_count,likes_count,comments_count,shares_count', '1,a,1000,100,10,5'),
    );
    expect(catalog.videos[0]).toMatchObject({ plays: 1000, likes: 100, comments: 10, shares: 5 });
  });

  it('a file whose engagement columns are all unknown is refused, naming them', async () => {
    const error = await refusal('noplays.csv', csv('id,caption,views,hearts_total', '1,a,1000,7', '2,b,2000,8'));
    expect(error.message).toMatch(
      /none of the 2 records has likes, comments or shares.*this column looks like one: hearts_total/,
    );
  });

  it('a file of plays alone, with no column that looks like another counter, is still read', async () => {
    const catalog = await read('playsonly.csv', csv('id,caption,plays', '1,a,1000'));
    expect(catalog.videos[0]).toMatchObject({ plays: 1000, likes: 0 });
  });
});

describe('nested column names', () => {
  it("pandas' renamed duplicate (views.1) does not crash, and the flat key is kept", async () => {
    const catalog = await read('mangle.csv', csv('id,views,likes,views.1', '1,1000,10,2000'));
    expect(catalog.videos[0]).toMatchObject({ plays: 1000, likes: 10 });
  });

  it('music next to music.title does not crash', async () => {
    const catalog = await read('mangle2.csv', csv('id,views,likes,music,music.title', '1,1000,10,Song A,Song B'));
    expect(catalog.videos[0]).toMatchObject({ plays: 1000, sound: 'Song A' });
  });

  it('__proto__.shares does not pollute Object.prototype', async () => {
    const catalog = await read(
      'proto.csv',
      csv('id,views,likes,__proto__.shares,constructor.prototype.x', '1,1,1,9,9'),
    );
    expect(catalog.videos).toHaveLength(1);
    expect(({} as Record<string, unknown>).shares).toBeUndefined();
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('authors', () => {
  it('an empty author cell falls back to the handle in the URL', async () => {
    const catalog = await read(
      'auth.csv',
      csv('id,views,likes,author,url', '1,100,10,,https://www.tiktok.com/@chefmaya/video/1'),
    );
    expect(catalog.videos[0]!.author).toBe('chefmaya');
  });

  it('an empty uploader cell in a yt-dlp file falls back to its webpage_url', async () => {
    const catalog = await read(
      'auth-yt.csv',
      csv('id,view_count,like_count,uploader,webpage_url', '1,100,10,,https://www.tiktok.com/@chefmaya/video/1'),
    );
    expect(catalog.videos[0]!.author).toBe('chefmaya');
  });
});

describe('ids', () => {
  it('ids rounded by a spreadsheet (7.30123E+18) are refused with what to do', async () => {
    const error = await refusal('excelids.csv', csv('id,views,likes', '7.30123E+18,100,10', '7.30123E+18,200,20'));
    expect(error.message).toMatch(/rounded by a spreadsheet \(7\.30123E\+18\).*format the id column as text/);
  });
});

describe('hashtags', () => {
  it('caption hashtags keep their combining marks', async () => {
    const catalog = await read('tags.csv', csv('id,views,likes,caption', '1,100,10,आज #खाना बनाया'));
    expect(catalog.videos[0]!.hashtags).toEqual(['खाना']);
  });

  it('hashtag objects with a title are read', async () => {
    const catalog = await read(
      'tagobj.json',
      JSON.stringify([{ id: '1', views: 100, likes: 10, caption: 'no tags here', hashtags: [{ title: 'food' }] }]),
    );
    expect(catalog.videos[0]!.hashtags).toEqual(['food']);
  });
});
