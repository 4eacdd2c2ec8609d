import type { Catalog } from './catalog.js';
import type { Clock } from './clock.js';

/**
 * Fetched catalogs kept in memory for a while, so asking again about the same
 * account (another teammate, an export right after an analysis) costs no
 * credits. Keyed by handle and video limit: a 100-video catalog is not an
 * answer to a 300-video question.
 */
export interface CachedCatalog {
  /** The catalog as served from cache: source.fromCache = true, calls and credits 0. */
  catalog: Catalog;
  /** How long ago it was fetched, for "from cache, 12 min old". */
  ageMs: number;
}

export interface CatalogCacheOptions {
  /** How long a catalog stays fresh; 0 disables the cache. */
  ttlMs: number;
  clock: Pick<Clock, 'now'>;
  /** Oldest entries are dropped past this many (a catalog of 300 videos is ~100 kB). */
  maxEntries?: number;
}

interface Entry {
  catalog: Catalog;
  storedAt: number;
}

export class CatalogCache {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly clock: Pick<Clock, 'now'>;
  private readonly maxEntries: number;

  constructor(options: CatalogCacheOptions) {
    this.ttlMs = options.ttlMs;
    this.clock = options.clock;
    this.maxEntries = options.maxEntries ?? 200;
  }

  get(username: string, maxVideos: number): CachedCatalog | undefined {
    const key = cacheKey(username, maxVideos);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    const ageMs = this.clock.now() - entry.storedAt;
    if (ageMs >= this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    const source = { ...entry.catalog.source, fromCache: true, calls: 0, creditsUsed: 0 };
    return { catalog: { ...entry.catalog, source }, ageMs };
  }

  set(username: string, maxVideos: number, catalog: Catalog): void {
    if (this.ttlMs <= 0) return;
    const key = cacheKey(username, maxVideos);
    this.entries.delete(key); // re-inserting moves it to the back of the eviction order
    this.entries.set(key, { catalog, storedAt: this.clock.now() });
    this.evict();
  }

  private evict(): void {
    const now = this.clock.now();
    for (const [key, entry] of this.entries) {
      if (now - entry.storedAt >= this.ttlMs) this.entries.delete(key);
    }
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }
}

export function cacheKey(username: string, maxVideos: number): string {
  return `${username.toLowerCase()}|${maxVideos}`;
}
