import type { Video } from '../analysis/types.js';

/** Where a catalog came from and what fetching it cost. */
export interface CatalogSource {
  kind: 'scavio' | 'file' | 'demo';
  /** File path for 'file', a label for 'demo'; never the provider's base URL (it may carry secrets). */
  detail?: string;
  /** ISO time the data was fetched or read. */
  fetchedAt: string;
  /** API calls made to build this catalog (0 for file/demo and cache hits). */
  calls: number;
  /** Credits the provider charged for those calls. */
  creditsUsed: number;
  /** Credits left on the account after the last call, where the provider says. */
  creditsRemaining: number | null;
  /** True when this catalog was served from the local cache instead of fetched. */
  fromCache: boolean;
}

/** A record the normalizer could not understand, with where it was and why. */
export interface SkippedRecord {
  /** 0-based position in the input list. */
  index: number;
  reason: string;
}

/** One creator's videos, normalized, plus the account and provenance. */
export interface Catalog {
  account: {
    username: string;
    followers: number | null;
    /** The provider's own video count for the account, where known. */
    videoCountHint: number | null;
  };
  videos: Video[];
  skipped: SkippedRecord[];
  source: CatalogSource;
}
