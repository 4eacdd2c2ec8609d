import { describe, expect, it } from 'vitest';
import { UniqueById } from '../../src/tiktok/unique-by-id.js';

/** A list of items keyed by these ids, and a way to add one by id. */
function listOf(expected: number) {
  const list = new UniqueById<{ id: string }>(expected);
  return Object.assign(list, { put: (id: string) => list.add({ id }) });
}

describe('UniqueById', () => {
  it('adds each id once, across hash collisions and a full table', () => {
    const ids = Array.from({ length: 5000 }, (_, i) => `73${String(i * 7919).padStart(17, '0')}`);
    const set = listOf(ids.length);
    expect(ids.every((id) => set.put(id))).toBe(true);
    expect(ids.every((id) => !set.put(id))).toBe(true);
    expect(set.size).toBe(5000);
  });

  it('tells apart ids that differ only in one character, and the empty string', () => {
    const set = listOf(3);
    expect([set.put('ab'), set.put('ba'), set.put(''), set.put('ab'), set.put('')]).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
  });
});

describe('UniqueById capacity', () => {
  it('grows past the size it was given (a streamed file of unknown length) and keeps every id', () => {
    const set = listOf(1); // 16 slots
    const ids = Array.from({ length: 1000 }, (_, i) => `id${i}`);
    expect(ids.every((id) => set.put(id))).toBe(true);
    expect(ids.some((id) => set.put(id))).toBe(false);
    expect(set.size).toBe(1000);
  });
});

describe('UniqueById on ids in order (no table until the order breaks)', () => {
  const ascending = Array.from({ length: 3000 }, (_, i) => `73${String(i).padStart(17, '0')}`);

  it('takes an ascending and a descending run without a duplicate, then refuses each id again', () => {
    for (const ids of [ascending, [...ascending].reverse()]) {
      const set = listOf(ids.length);
      expect(ids.every((id) => set.put(id))).toBe(true);
      expect(ids.every((id) => !set.put(id))).toBe(true);
      expect(set.size).toBe(ids.length);
    }
  });

  it('finds a duplicate that breaks the order, of the first, the last or a middle id', () => {
    for (const repeat of [ascending[0]!, ascending.at(-1)!, ascending[1234]!]) {
      const set = listOf(4); // smaller than the run: the table is sized for what came
      expect(ascending.every((id) => set.put(id))).toBe(true);
      expect(set.put(repeat)).toBe(false);
      expect(set.put('zz-new')).toBe(true);
      expect(set.size).toBe(ascending.length + 1);
    }
  });

  it('refuses a repeat of the last id at once, and keeps order-free ids after a break exact', () => {
    const set = listOf(10);
    expect([set.put('5'), set.put('5'), set.put('7'), set.put('6'), set.put('5'), set.put('6')]).toEqual([
      true,
      false,
      true,
      true,
      false,
      false,
    ]);
    // Numerically ascending ids of growing length are not in text order: still exact.
    const mixed = listOf(100);
    const numbers = Array.from({ length: 100 }, (_, i) => String(i + 1));
    expect(numbers.every((id) => mixed.put(id))).toBe(true);
    expect(numbers.some((id) => mixed.put(id))).toBe(false);
  });
});

describe('UniqueById items', () => {
  it('hands over the first item of each id, in the order added, whether the ids came in order or not', () => {
    for (const expected of [0, 3, 100]) {
      const list = new UniqueById<{ id: string; from: number }>(expected);
      const added = ['10', '20', '20', '30', '15', '10', '40', '15'].map((id, from) => list.add({ id, from }));
      expect(added).toEqual([true, true, false, true, true, false, true, false]);
      expect(list.items()).toEqual([
        { id: '10', from: 0 },
        { id: '20', from: 1 },
        { id: '30', from: 3 },
        { id: '15', from: 4 },
        { id: '40', from: 6 },
      ]);
    }
  });

  it('holds no empty places when fewer items came than expected', () => {
    const list = new UniqueById<{ id: string }>(1000);
    list.add({ id: 'a' });
    list.add({ id: 'b' });
    const items = list.items();
    expect(items).toHaveLength(2);
    expect(Object.keys(items)).toEqual(['0', '1']);
  });
});
