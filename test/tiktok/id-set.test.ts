import { describe, expect, it } from 'vitest';
import { IdSet } from '../../src/tiktok/id-set.js';

describe('IdSet', () => {
  it('adds each id once, across hash collisions and a full table', () => {
    const ids = Array.from({ length: 5000 }, (_, i) => `73${String(i * 7919).padStart(17, '0')}`);
    const set = new IdSet(ids.length);
    expect(ids.every((id) => set.add(id))).toBe(true);
    expect(ids.every((id) => !set.add(id))).toBe(true);
    expect(set.size).toBe(5000);
  });

  it('tells apart ids that differ only in one character, and the empty string', () => {
    const set = new IdSet(3);
    expect([set.add('ab'), set.add('ba'), set.add(''), set.add('ab'), set.add('')]).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
  });
});

describe('IdSet capacity', () => {
  it('grows past the size it was given (a streamed file of unknown length) and keeps every id', () => {
    const set = new IdSet(1); // 16 slots
    const ids = Array.from({ length: 1000 }, (_, i) => `id${i}`);
    expect(ids.every((id) => set.add(id))).toBe(true);
    expect(ids.some((id) => set.add(id))).toBe(false);
    expect(set.size).toBe(1000);
  });
});
