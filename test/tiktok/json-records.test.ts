import { describe, expect, it } from 'vitest';
import { looksLikeVideo } from '../../src/tiktok/json-records.js';

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
    let state = 29;
    const random = (n: number) => (state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0) % n;
    const verdicts = new Set<boolean>();
    for (let layout = 0; layout < 800; layout++) {
      const keys = [...new Set(Array.from({ length: 1 + random(3) }, () => pool[random(pool.length)]!))];
      for (let record = 0; record < 6; record++) {
        const raw: Record<string, unknown> = {};
        for (const key of keys) raw[key] = values[random(values.length)];
        const inSequence = looksLikeVideo(raw); // after the objects of its layout before it
        looksLikeVideo({ unrelated: 1 }); // another layout in between
        const alone = looksLikeVideo(raw);
        expect(inSequence, JSON.stringify(raw)).toBe(alone);
        verdicts.add(alone);
      }
    }
    expect([...verdicts].sort()).toEqual([false, true]);
  });
});
