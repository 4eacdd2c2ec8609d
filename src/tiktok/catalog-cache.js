export class CatalogCache {
    entries = new Map();
    ttlMs;
    clock;
    maxEntries;
    constructor(options) {
        this.ttlMs = options.ttlMs;
        this.clock = options.clock;
        this.maxEntries = options.maxEntries ?? 200;
    }
    get(username, maxVideos) {
        const key = cacheKey(username, maxVideos);
        const entry = this.entries.get(key);
        if (!entry)
            return undefined;
        const ageMs = this.clock.now() - entry.storedAt;
        if (ageMs >= this.ttlMs) {
            this.entries.delete(key);
            return undefined;
        }
        const source = { ...entry.catalog.source, fromCache: true, calls: 0, creditsUsed: 0 };
        return { catalog: { ...entry.catalog, source }, ageMs };
    }
    set(username, maxVideos, catalog) {
        if (this.ttlMs <= 0)
            return;
        const key = cacheKey(username, maxVideos);
        this.entries.delete(key); // re-inserting moves it to the back of the eviction order
        this.entries.set(key, { catalog, storedAt: this.clock.now() });
        this.evict();
    }
    evict() {
        const now = this.clock.now();
        for (const [key, entry] of this.entries) {
            if (now - entry.storedAt >= this.ttlMs)
                this.entries.delete(key);
        }
        while (this.entries.size > this.maxEntries) {
            const oldest = this.entries.keys().next().value;
            if (oldest === undefined)
                break;
            this.entries.delete(oldest);
        }
    }
}
export function cacheKey(username, maxVideos) {
    return `${username.toLowerCase()}|${maxVideos}`;
}
//# sourceMappingURL=catalog-cache.js.map