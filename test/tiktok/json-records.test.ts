import { describe, expect, it } from 'vitest';
import { looksLikeVideo } from '../../src/tiktok/json-records.js';
import { objectsInLayouts } from '../support/key-layouts.js';

describe('whether an object is a video record', () => {
  it('is judged the same for every object, whatever the objects of its key layout before it held', () => {
    // looksLikeVideo remembers its verdict on the last key layout (a file's records share one):
    // keys that make a record a video or a response around videos, with values that count or not.
    const pool = [
      'id',
      'aweme_id',
      'play_count',
      'playCount',
      'statistics',
      'stats',
      'authorMeta',
      'data',
      'itemList',
      'videos',
      'desc',
      'cursor',
      'status_code',
    ];
    const values = [0, 'x', null, {}, { play_count: 5 }, { playCount: 5 }, [], [{ id: '1', play_count: 2 }]];
    const verdicts = new Set<boolean>();
    for (const raw of objectsInLayouts(pool, values, { layouts: 800, perLayout: 6, seed: 29 })) {
      const inSequence = looksLikeVideo(raw); // after the objects of its layout before it
      looksLikeVideo({ unrelated: 1 }); // another layout in between
      const alone = looksLikeVideo(raw);
      expect(inSequence, JSON.stringify(raw)).toBe(alone);
      verdicts.add(alone);
    }
    expect([...verdicts].sort()).toEqual([false, true]);
  });
});
