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
  /** 1-based position among the records of the input (the same numbering in every message). */
  position: number;
  /** A CSV row's line in the file, as an editor counts them (blank lines and multi-line cells included); messages name it. */
  line?: number;
  reason: string;
}

/** Where a skipped record is, in messages: "line 9" for a CSV row, else "record 7". */
export function skippedPlace(record: SkippedRecord): string {
  return record.line !== undefined ? `line ${record.line}` : `record ${record.position}`;
}

/** What reading the records came to: every record accounted for. */
export interface IntakeSummary {
  /** Records offered (file rows, page items). */
  records: number;
  /** Distinct videos kept. */
  distinct: number;
  /** Records dropped because an earlier record had the same id. */
  duplicates: number;
  /** Records dropped as unreadable (Catalog.skipped holds the first of them with their reasons). */
  skippedCount: number;
  /** Records that had at least one counter this tool reads. */
  withCounters: number;
  /** Kept videos by the shape their record was recognised as. */
  shapes: Partial<Record<'app' | 'web' | 'apify' | 'tikwm' | 'yt-dlp' | 'tiktok-api' | 'flat', number>>;
  /** Kept videos whose post time had a time of day but no zone and was read as UTC. */
  zonelessDates: number;
  /** Kept videos whose post time was a date without a time of day (Video.dateOnly): a weekday, no hour. */
  dateOnlyDates: number;
  /** Kept videos with a duration > 0 (0 of many: the source gave no durations). */
  withDuration: number;
  /** Every account the records name, most videos first (handles lower-cased). */
  authors: { handle: string; videos: number }[];
  /** The account kept by `--author`, or null. */
  authorFilter: string | null;
  /** Videos left out because they belong to another account than authorFilter. */
  otherAuthors: number;
  /** Keys of the dropped records (some of them), for messages. */
  keysSeen: string[];
}

/** Whether the catalog holds every video it should; a partial one is labelled wherever it is shown. */
export interface CatalogCompleteness {
  complete: boolean;
  /** The videos there should have been (the account's count capped by the limit asked for), where known. */
  expectedVideos: number | null;
  /** Why the fetch ended early, in words. */
  reason: string | null;
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
  /** How the records were read (absent for the demo catalog). */
  intake?: IntakeSummary;
  /** Absent means complete (the demo; files, unless their saved API pages say more remained). */
  completeness?: CatalogCompleteness;
}
