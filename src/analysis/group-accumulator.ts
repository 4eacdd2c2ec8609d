import type { GroupStats } from './types.js';

interface Totals {
  count: number;
  engagement: number;
  top: number;
  bottom: number;
}

/** Collects per-group engagement and tier membership for a breakdown with open-ended keys (hashtags). */
export class GroupAccumulator {
  readonly #totals = new Map<string, Totals>();

  add(key: string, engagementRate: number, inTop: boolean, inBottom: boolean): void {
    let totals = this.#totals.get(key);
    if (totals === undefined) {
      totals = { count: 0, engagement: 0, top: 0, bottom: 0 };
      this.#totals.set(key, totals);
    }
    totals.count++;
    totals.engagement += engagementRate;
    if (inTop) totals.top++;
    if (inBottom) totals.bottom++;
  }

  /** Groups with at least `minCount` videos, most videos first, then by key. */
  groups(minCount: number): GroupStats[] {
    const groups: GroupStats[] = [];
    for (const [key, t] of this.#totals) {
      if (t.count < minCount) continue;
      groups.push({
        key,
        count: t.count,
        avgEngagementRate: t.engagement / t.count,
        topCount: t.top,
        bottomCount: t.bottom,
      });
    }
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

  constructor(private readonly keys: readonly string[]) {
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

  /** Groups in key order, empty ones left out. */
  groups(): GroupStats[] {
    return this.keys.flatMap((key, i) => {
      const count = this.#count[i]!;
      return count === 0
        ? []
        : [
            {
              key,
              count,
              avgEngagementRate: this.#engagement[i]! / count,
              topCount: this.#top[i]!,
              bottomCount: this.#bottom[i]!,
            },
          ];
    });
  }
}
