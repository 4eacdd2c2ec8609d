import type { GroupStats } from './types.js';

interface Totals {
  key: string;
  count: number;
  engagement: number;
  top: number;
  bottom: number;
}

/** A group's median engagement rate, by the accumulator's index of the group. */
export type MedianOf = (index: number) => number;

/**
 * Collects per-group engagement and tier membership for a breakdown with
 * open-ended keys (hashtags). Each group gets an index (first seen, first
 * numbered) so later passes can address it without a map lookup per video.
 */
export class GroupAccumulator {
  readonly #index = new Map<string, number>();
  readonly #totals: Totals[] = [];

  /** Adds one video to the group `key`; returns the group's index. */
  add(key: string, engagementRate: number, inTop: boolean, inBottom: boolean): number {
    let index = this.#index.get(key);
    if (index === undefined) {
      index = this.#totals.length;
      this.#index.set(key, index);
      this.#totals.push({ key, count: 0, engagement: 0, top: 0, bottom: 0 });
    }
    const totals = this.#totals[index]!;
    totals.count++;
    totals.engagement += engagementRate;
    if (inTop) totals.top++;
    if (inBottom) totals.bottom++;
    return index;
  }

  get size(): number {
    return this.#totals.length;
  }

  keyAt(index: number): string {
    return this.#totals[index]!.key;
  }

  countAt(index: number): number {
    return this.#totals[index]!.count;
  }

  /** Groups with at least `minCount` videos, most videos first, then by key. */
  groups(minCount: number, medianOf: MedianOf): GroupStats[] {
    const groups: GroupStats[] = [];
    this.#totals.forEach((t, index) => {
      if (t.count < minCount) return;
      groups.push({
        key: t.key,
        count: t.count,
        avgEngagementRate: t.engagement / t.count,
        medianEngagementRate: medianOf(index),
        topCount: t.top,
        bottomCount: t.bottom,
      });
    });
    return groups.sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }
}

/**
 * The same for a small fixed set of keys (weekdays, hours), addressed by
 * index: typed arrays instead of a map lookup per video.
 */
export class FixedGroupAccumulator {
  readonly #count: Uint32Array;
  readonly #engagement: Float64Array;
  readonly #top: Uint32Array;
  readonly #bottom: Uint32Array;

  constructor(readonly keys: readonly string[]) {
    this.#count = new Uint32Array(keys.length);
    this.#engagement = new Float64Array(keys.length);
    this.#top = new Uint32Array(keys.length);
    this.#bottom = new Uint32Array(keys.length);
  }

  add(index: number, engagementRate: number, inTop: boolean, inBottom: boolean): void {
    this.#count[index]!++;
    this.#engagement[index]! += engagementRate;
    if (inTop) this.#top[index]!++;
    if (inBottom) this.#bottom[index]!++;
  }

  countAt(index: number): number {
    return this.#count[index]!;
  }

  meanAt(index: number): number {
    return this.#engagement[index]! / this.#count[index]!;
  }

  /** Groups in key order, empty ones left out. */
  groups(medianOf: MedianOf): GroupStats[] {
    return this.keys.flatMap((key, i) => {
      const count = this.#count[i]!;
      return count === 0
        ? []
        : [
            {
              key,
              count,
              avgEngagementRate: this.#engagement[i]! / count,
              medianEngagementRate: medianOf(i),
              topCount: this.#top[i]!,
              bottomCount: this.#bottom[i]!,
            },
          ];
    });
  }
}
