import type { GroupStats } from './types.js';

/** A group's median engagement rate, by the group's index within its breakdown. */
export type MedianOf = (index: number) => number;

/**
 * Every group's totals of one analysis, by slot (breakdowns.ts lays the slots
 * out): how many analysed videos it holds, the sum of their engagement rates,
 * and how many of them are in the top and in the bottom tier.
 */
export interface Tally {
  count: Uint32Array;
  engagement: Float64Array;
  top: Uint32Array;
  bottom: Uint32Array;
}

export function emptyTally(slots: number): Tally {
  return {
    count: new Uint32Array(slots),
    engagement: new Float64Array(slots),
    top: new Uint32Array(slots),
    bottom: new Uint32Array(slots),
  };
}

/** One breakdown's groups: their keys, and the tally's slots from `first` on. */
export class GroupTotals {
  constructor(
    readonly keys: readonly string[],
    private readonly tally: Tally,
    private readonly first: number,
  ) {}

  get size(): number {
    return this.keys.length;
  }

  keyAt(index: number): string {
    return this.keys[index]!;
  }

  countAt(index: number): number {
    return this.tally.count[this.first + index]!;
  }

  meanAt(index: number): number {
    return this.tally.engagement[this.first + index]! / this.countAt(index);
  }

  /** Groups with at least `minCount` videos (never an empty one), in key order. */
  groups(medianOf: MedianOf, minCount = 1): GroupStats[] {
    const { count, engagement, top, bottom } = this.tally;
    const groups: GroupStats[] = [];
    this.keys.forEach((key, i) => {
      const slot = this.first + i;
      const videos = count[slot]!;
      if (videos === 0 || videos < minCount) return;
      groups.push({
        key,
        count: videos,
        avgEngagementRate: engagement[slot]! / videos,
        medianEngagementRate: medianOf(i),
        topCount: top[slot]!,
        bottomCount: bottom[slot]!,
      });
    });
    return groups;
  }
}

/** Most videos first, then by key (code unit order, not the locale's: the same on every machine). */
export function byCount(groups: GroupStats[]): GroupStats[] {
  return groups.sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
