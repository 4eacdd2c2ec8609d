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

describe('IdSet on ids in order (no table until the order breaks)', () => {
  const ascending = Array.from({ length: 3000 }, (_, i) => `73${String(i).padStart(17, '0')}`);

  it('takes an ascending and a descending run without a duplicate, then refuses each id again', () => {
    for (const ids of [ascending, [...ascending].reverse()]) {
      const set = new IdSet(ids.length);
      expect(ids.every((id) => set.add(id))).toBe(true);
      expect(ids.every((id) => !set.add(id))).toBe(true);
      expect(set.size).toBe(ids.length);
    }
  });

  it('finds a duplicate that breaks the order, of the first, the last or a middle id', () => {
    for (const repeat of [ascending[0]!, ascending.at(-1)!, ascending[1234]!]) {
      const set = new IdSet(4); // smaller than the run: the table is sized for what came
      expect(ascending.every((id) => set.add(id))).toBe(true);
      expect(set.add(repeat)).toBe(false);
      expect(set.add('zz-new')).toBe(true);
      expect(set.size).toBe(ascending.length + 1);
    }
  });

  it('refuses a repeat of the last id at once, and keeps order-free ids after a break exact', () => {
    const set = new IdSet(10);
    expect([set.add('5'), set.add('5'), set.add('7'), set.add('6'), set.add('5'), set.add('6')]).toEqual([
      true,
      false,
      true,
      true,
      false,
      false,
    ]);
    // Numerically ascending ids of growing length are not in text order: still exact.
    const mixed = new IdSet(100);
    const numbers = Array.from({ length: 100 }, (_, i) => String(i + 1));
    expect(numbers.every((id) => mixed.add(id))).toBe(true);
    expect(numbers.some((id) => mixed.add(id))).toBe(false);
  });
});
