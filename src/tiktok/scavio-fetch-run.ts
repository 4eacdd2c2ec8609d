/**
 * The progress a catalog fetch reports, and FetchRun: one fetch's running
 * totals (calls, credits, pages, videos), turned into progress reports.
 */

import type { FetchTicket } from './rate-limiter.js';

export type FetchPhase = 'queued' | 'profile' | 'page' | 'rate-limit-wait' | 'retry' | 'done';

/** One progress report of a catalog fetch; every field is a running total. */
export interface FetchProgress {
  /**
   * queued: the fetch waits in line behind other fetches (position, and waitMs until it should be done);
   * profile: the account is resolved (expectedVideos is now known);
   * page: a page of videos arrived;
   * rate-limit-wait: the next call waits for the rate limit (waitMs);
   * retry: a call failed and will be retried after waitMs;
   * done: the catalog is complete (fromCache says whether it was fetched).
   */
  phase: FetchPhase;
  username: string;
  videosSoFar: number;
  /** Videos this fetch will get, from the account's video count capped by maxVideos; null until known. */
  expectedVideos: number | null;
  maxVideos: number;
  /** Post pages fetched so far. */
  pages: number;
  /** HTTP calls made so far by this fetch, retries included. */
  calls: number;
  creditsUsed: number;
  /** rate-limit-wait and retry: expected wait before the next call; queued: until the fetch should be done. */
  waitMs?: number;
  /** queued: place in line, 1 = next. */
  position?: number;
  /** retry: the how-many-th retry of this call is coming (1-based). */
  attempt?: number;
  /** retry: what went wrong, for a status line ("HTTP 503", "no answer within 20 s"). */
  reason?: string;
  /** done: true when the catalog came from the cache. */
  fromCache?: boolean;
}

export type ProgressListener = (progress: FetchProgress) => void;

export class FetchRun {
  calls = 0;
  creditsUsed = 0;
  creditsRemaining: number | null = null;
  pages = 0;
  videosSoFar = 0;
  expectedVideos: number | null = null;
  /** The fetch's place in the rate limiter's line. */
  ticket: FetchTicket | undefined;

  constructor(
    readonly username: string,
    readonly maxVideos: number,
    private readonly listener: ProgressListener | undefined,
  ) {}

  emit(
    phase: FetchPhase,
    extra: Partial<Pick<FetchProgress, 'waitMs' | 'attempt' | 'reason' | 'fromCache' | 'position'>> = {},
  ): void {
    if (!this.listener) return;
    const expected = this.expectedVideos === null ? null : Math.max(this.expectedVideos, this.videosSoFar);
    try {
      this.listener({
        phase,
        username: this.username,
        videosSoFar: this.videosSoFar,
        expectedVideos: expected,
        maxVideos: this.maxVideos,
        pages: this.pages,
        calls: this.calls,
        creditsUsed: this.creditsUsed,
        ...extra,
      });
    } catch {
      // A broken progress display must not break the fetch it reports on.
    }
  }
}
