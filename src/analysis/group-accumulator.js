/**
 * Collects per-group engagement and tier membership for a breakdown with
 * open-ended keys (hashtags). Each group gets an index (first seen, first
 * numbered) so later passes can address it without a map lookup per video.
 */
export class GroupAccumulator {
    #index = new Map();
    #totals = [];
    /** Adds one video to the group `key`; returns the group's index. */
    add(key, engagementRate, inTop, inBottom) {
        let index = this.#index.get(key);
        if (index === undefined) {
            index = this.#totals.length;
            this.#index.set(key, index);
            this.#totals.push({ key, count: 0, engagement: 0, top: 0, bottom: 0 });
        }
        const totals = this.#totals[index];
        totals.count++;
        totals.engagement += engagementRate;
        if (inTop)
            totals.top++;
        if (inBottom)
            totals.bottom++;
        return index;
    }
    get size() {
        return this.#totals.length;
    }
    keyAt(index) {
        return this.#totals[index].key;
    }
    countAt(index) {
        return this.#totals[index].count;
    }
    /** Groups with at least `minCount` videos, most videos first, then by key. */
    groups(minCount, medianOf) {
        const groups = [];
        this.#totals.forEach((t, index) => {
            if (t.count < minCount)
                return;
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
    keys;
    #count;
    #engagement;
    #top;
    #bottom;
    constructor(keys) {
        this.keys = keys;
        this.#count = new Uint32Array(keys.length);
        this.#engagement = new Float64Array(keys.length);
        this.#top = new Uint32Array(keys.length);
        this.#bottom = new Uint32Array(keys.length);
    }
    add(index, engagementRate, inTop, inBottom) {
        this.#count[index]++;
        this.#engagement[index] += engagementRate;
        if (inTop)
            this.#top[index]++;
        if (inBottom)
            this.#bottom[index]++;
    }
    countAt(index) {
        return this.#count[index];
    }
    meanAt(index) {
        return this.#engagement[index] / this.#count[index];
    }
    /** Groups in key order, empty ones left out. */
    groups(medianOf) {
        return this.keys.flatMap((key, i) => {
            const count = this.#count[i];
            return count === 0
                ? []
                : [
                    {
                        key,
                        count,
                        avgEngagementRate: this.#engagement[i] / count,
                        medianEngagementRate: medianOf(i),
                        topCount: this.#top[i],
                        bottomCount: this.#bottom[i],
                    },
                ];
        });
    }
}
//# sourceMappingURL=group-accumulator.js.map