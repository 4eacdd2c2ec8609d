import type { Dispatcher } from 'undici';
import type { Catalog } from './catalog.js';
import { systemClock, type Clock } from './clock.js';
import { normalizeRecords } from './normalize.js';
import { DEFAULT_LANE, type RateLimiter } from './rate-limiter.js';
import { ScavioErrors, formatWait, type CallKind } from './scavio-errors.js';
import { FetchRun, type ProgressListener } from './scavio-fetch-run.js';
import { ResponseTooLargeError, TransportError, postJson, retryAfterMs, type HttpOutcome } from './scavio-http.js';
import { creditsSchema, describeZodIssue, postsSchema, profileSchema } from './scavio-schemas.js';

export type { FetchPhase, FetchProgress, ProgressListener } from './scavio-fetch-run.js';
export { retryAfterMs } from './scavio-http.js';

/** The id of a posts item, for the paging loop's "no new videos" guard (the normalizer reads it again later). */
function itemId(item: unknown): string | undefined {
  if (typeof item !== 'object' || item === null) return undefined;
  const id = (item as { aweme_id?: unknown; id?: unknown }).aweme_id ?? (item as { id?: unknown }).id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

/**
 * Scavio's TikTok API (see docs/DESIGN.md): resolve a handle with
 * POST /api/v1/tiktok/profile, then page through POST /api/v1/tiktok/user/posts.
 * Every call costs a credit, so the client never asks for more than it needs,
 * waits for the shared rate limiter before each call, retries only what can
 * succeed on a second try, and turns every failure into a message a person can
 * act on. The API key goes into the Authorization header and nowhere else.
 *
 * This module is the conversation: paging, retries and backoff, rate-limit
 * handling, progress and cost accounting. The wire (scavio-http), the answer
 * shapes (scavio-schemas) and the failure messages (scavio-errors) live next to it.
 */

/** The most videos Scavio returns per posts page. */
export const POSTS_PAGE_SIZE = 30;
/** A page of 30 app items is about 100-300 KB; 5 MB leaves room without letting a runaway answer fill memory. */
export const DEFAULT_MAX_RESPONSE_BYTES = 5 * 1024 * 1024;

export interface ScavioProfile {
  username: string;
  secUid: string;
  followers: number | null;
  videoCount: number | null;
  isPrivate: boolean;
}

export interface ScavioClientOptions {
  /** e.g. https://api.scavio.dev (no trailing slash needed). */
  baseUrl: string;
  apiKey: string | undefined;
  /** The process-wide limiter; every HTTP call, retries included, takes a slot. */
  limiter: RateLimiter;
  /** Per call, headers and body; default 20 s. */
  timeoutMs?: number;
  /** Largest answer read; a bigger page is refused unread. Default 5 MB. */
  maxResponseBytes?: number;
  /** Retries after a 5xx, timeout or network error; default 3. */
  maxRetries?: number;
  /** 429 answers tolerated per call before giving up; default 5. */
  maxRateLimitRetries?: number;
  /** First retry waits about this long, doubling each time (with jitter); default 500 ms. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** A Retry-After longer than this is not waited out; default 5 min. */
  maxRetryAfterMs?: number;
  clock?: Clock;
  /** For the jitter; tests pass a fixed sequence. */
  random?: () => number;
  dispatcher?: Dispatcher;
  /** Told the credits left whenever an answer reports them (every Scavio answer does): low-credit alerts. */
  onCredits?: (remaining: number) => void;
}

export interface ClientFetchOptions {
  /** Stop after this many videos (the call asks for exactly what is left). */
  maxVideos: number;
  onProgress?: ProgressListener;
  /** Cancels waiting and in-flight calls; rejects with the signal's reason. */
  signal?: AbortSignal;
  /** The rate limiter's lane this fetch queues in (a guild id, 'weekly'); default DEFAULT_LANE. */
  lane?: string;
  /** Told what the fetch cost once it ended, whether it succeeded or failed (usage per server). */
  onSpent?: (spent: FetchSpend) => void;
}

/** What one fetch cost: HTTP calls made (retries included), credits the provider charged, the balance it reported last. */
export interface FetchSpend {
  calls: number;
  credits: number;
  creditsRemaining: number | null;
}

/** Calls a catalog of up to `videos` videos takes: the profile, then a page per 30. */
export function callsFor(videos: number): number {
  return 1 + Math.ceil(Math.max(0, videos) / POSTS_PAGE_SIZE);
}

export class ScavioClient {
  private readonly baseUrl: string;
  private readonly apiKey: string | undefined;
  private readonly limiter: RateLimiter;
  private readonly timeoutMs: number;
  private readonly maxResponseBytes: number;
  private readonly maxRetries: number;
  private readonly maxRateLimitRetries: number;
  private readonly backoffBaseMs: number;
  private readonly backoffMaxMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly dispatcher: Dispatcher | undefined;
  private readonly errors: ScavioErrors;
  private readonly onCredits: ((remaining: number) => void) | undefined;

  constructor(options: ScavioClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.apiKey = options.apiKey === undefined || options.apiKey.trim() === '' ? undefined : options.apiKey.trim();
    this.limiter = options.limiter;
    this.timeoutMs = options.timeoutMs ?? 20_000;
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.maxRetries = options.maxRetries ?? 3;
    this.maxRateLimitRetries = options.maxRateLimitRetries ?? 5;
    this.backoffBaseMs = options.backoffBaseMs ?? 500;
    this.backoffMaxMs = options.backoffMaxMs ?? 8_000;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 5 * 60_000;
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.dispatcher = options.dispatcher;
    this.errors = new ScavioErrors(this.apiKey);
    this.onCredits = options.onCredits;
  }

  /**
   * The whole catalog of `username` (a handle already checked by parseUsername),
   * up to `maxVideos` videos: 1 profile call + ceil(videos / 30) page calls.
   */
  async fetchCatalog(username: string, options: ClientFetchOptions): Promise<Catalog> {
    const { maxVideos } = options;
    const apiKey = this.requireKey();
    const run = new FetchRun(username, maxVideos, options.onProgress);
    // The whole fetch queues as one: its pages go before any later fetch's profile call.
    run.ticket = this.limiter.openFetch({
      lane: options.lane ?? DEFAULT_LANE,
      expectedCalls: callsFor(maxVideos),
      onQueue: (status) => run.emit('queued', { waitMs: status.doneInMs, position: status.position }),
    });
    try {
      return await this.fetchAdmitted(username, options, apiKey, run);
    } finally {
      run.ticket.close();
      try {
        options.onSpent?.({ calls: run.calls, credits: run.creditsUsed, creditsRemaining: run.creditsRemaining });
      } catch {
        // Bookkeeping that fails must not change the fetch's outcome.
      }
    }
  }

  private async fetchAdmitted(
    username: string,
    options: ClientFetchOptions,
    apiKey: string,
    run: FetchRun,
  ): Promise<Catalog> {
    const { maxVideos, signal } = options;
    const profile = await this.fetchProfile(username, apiKey, run, signal);
    run.expectedVideos = profile.videoCount === null ? null : Math.min(profile.videoCount, maxVideos);
    if (run.expectedVideos !== null) run.ticket?.expectCalls(callsFor(run.expectedVideos));
    run.emit('profile');
    if (profile.isPrivate) throw this.errors.privateAccount(username);
    // The profile already says there is nothing to page through: don't spend a credit to confirm it.
    if (profile.videoCount === 0) throw this.errors.noVideos(username);

    const records: unknown[] = [];
    // Distinct ids fetched: a page that brings none is a loop, and the limit counts videos, not repeats.
    const ids = new Set<string>();
    // Items without an id are videos too (the normalizer reports them as unreadable); they count toward the total.
    let withoutId = 0;
    // Scavio's SDKs send the cursor as a string, "0" for the first page.
    let cursor = '0';
    const cursorsSent = new Set<string>();
    let retriedEmptyPage = false;
    let endedEarly: string | null = null;
    const fetched = () => ids.size + withoutId;
    while (fetched() < maxVideos) {
      const wanted = Math.min(POSTS_PAGE_SIZE, maxVideos - fetched());
      cursorsSent.add(cursor);
      const page = await this.fetchPostsPage(username, profile.secUid, cursor, wanted, apiKey, run, signal);
      // A provider that sends more than asked must not push us past the limit.
      const items = page.items.slice(0, wanted);
      let fresh = 0;
      for (const item of items) {
        records.push(item);
        const id = itemId(item);
        if (id === undefined || !ids.has(id)) fresh++;
        if (id !== undefined) ids.add(id);
        else withoutId++;
      }
      run.pages += 1;
      run.videosSoFar = fetched();
      run.emit('page');
      if (!page.hasMore) break;
      if (items.length === 0) {
        // An empty page that claims more: once may be a hiccup, twice is a loop that would spend a credit each time.
        if (!retriedEmptyPage) {
          retriedEmptyPage = true;
          continue;
        }
        endedEarly = 'Scavio sent empty pages while saying there were more videos';
        break;
      }
      retriedEmptyPage = false;
      if (fresh === 0) {
        endedEarly = 'a page brought no new videos';
        break;
      }
      if (page.nextCursor === undefined) {
        throw this.errors.malformed(username, 'a page said there were more videos but gave no cursor for them');
      }
      const next = String(page.nextCursor);
      if (cursorsSent.has(next)) {
        endedEarly = 'the page cursor did not advance';
        break;
      }
      cursor = next;
    }
    if (records.length === 0) throw this.errors.noVideos(username);

    // Normalized once over all pages, so a video repeated on two pages counts once.
    const { videos, skipped, intake } = normalizeRecords(records);
    if (videos.length === 0) {
      throw this.errors.malformed(
        username,
        `none of the ${records.length} videos it sent could be read (${skipped[0] ? `record ${skipped[0].position} ${skipped[0].reason}` : 'unknown shape'})`,
      );
    }
    const expectedVideos = run.expectedVideos;
    const short = expectedVideos !== null && fetched() < expectedVideos;
    const reason =
      endedEarly ??
      (short ? `the pages ended after ${fetched()} videos, the profile counts ${profile.videoCount}` : null);
    const catalog: Catalog = {
      account: { username: profile.username, followers: profile.followers, videoCountHint: profile.videoCount },
      videos,
      skipped,
      intake,
      // Short of the profile's count (capped by the limit asked for), or ended by a loop guard: labelled, never passed off as whole.
      completeness: { complete: endedEarly === null && !short, expectedVideos, reason },
      source: {
        kind: 'scavio',
        fetchedAt: new Date(this.clock.now()).toISOString(),
        calls: run.calls,
        creditsUsed: run.creditsUsed,
        creditsRemaining: run.creditsRemaining,
        fromCache: false,
      },
    };
    run.emit('done', { fromCache: false });
    return catalog;
  }

  private async fetchProfile(
    username: string,
    apiKey: string,
    run: FetchRun,
    signal: AbortSignal | undefined,
  ): Promise<ScavioProfile> {
    const json = await this.call('/api/v1/tiktok/profile', { username }, 'profile', username, apiKey, run, signal);
    const parsed = profileSchema.safeParse(json);
    if (!parsed.success) throw this.errors.malformed(username, describeZodIssue(parsed.error));
    const user = parsed.data.data.user;
    if (!user) throw this.errors.unknownAccount(username);
    return {
      username: user.unique_id?.toLowerCase() || username,
      secUid: user.sec_uid,
      followers: user.follower_count ?? null,
      videoCount: user.aweme_count ?? null,
      isPrivate: Boolean(user.secret || user.private_account || user.is_private),
    };
  }

  private async fetchPostsPage(
    username: string,
    secUid: string,
    cursor: string,
    wanted: number,
    apiKey: string,
    run: FetchRun,
    signal: AbortSignal | undefined,
  ): Promise<{ items: unknown[]; hasMore: boolean; nextCursor: number | string | undefined }> {
    const body = { sec_user_id: secUid, cursor, count: wanted };
    const json = await this.call('/api/v1/tiktok/user/posts', body, 'posts', username, apiKey, run, signal);
    const parsed = postsSchema.safeParse(json);
    if (!parsed.success) throw this.errors.malformed(username, describeZodIssue(parsed.error));
    const data = parsed.data.data;
    return { items: data.aweme_list ?? [], hasMore: Boolean(data.has_more), nextCursor: data.max_cursor };
  }

  /**
   * One logical call: waits for the limiter, sends, and retries what is worth
   * retrying. Returns the parsed JSON of a 2xx answer or throws a UserFacingError.
   */
  private async call(
    path: string,
    body: object,
    kind: CallKind,
    username: string,
    apiKey: string,
    run: FetchRun,
    signal: AbortSignal | undefined,
  ): Promise<unknown> {
    let failures = 0;
    let rateLimited = 0;
    for (;;) {
      await this.limiter.acquire({
        signal,
        onWait: (waitMs) => run.emit('rate-limit-wait', { waitMs }),
        ...(run.ticket ? { ticket: run.ticket } : {}),
      });
      run.calls += 1;

      let outcome: HttpOutcome;
      try {
        outcome = await postJson(`${this.baseUrl}${path}`, body, {
          apiKey,
          timeoutMs: this.timeoutMs,
          maxResponseBytes: this.maxResponseBytes,
          signal,
          dispatcher: this.dispatcher,
        });
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        // Not retried: the same page would be as large again.
        if (error instanceof ResponseTooLargeError)
          throw this.errors.responseTooLarge(username, error.limitBytes, error.declaredBytes);
        const reason =
          error instanceof TransportError && error.timedOut
            ? `no answer within ${formatWait(this.timeoutMs)}`
            : 'network error';
        failures += 1;
        if (failures > this.maxRetries) throw this.errors.unavailable(username, reason, failures);
        await this.backoff(failures, reason, undefined, run, signal);
        continue;
      }

      this.recordCredits(outcome.json, run);
      const { status } = outcome;
      if (status >= 200 && status < 300) {
        if (outcome.json === undefined) throw this.errors.malformed(username, 'the answer was not JSON');
        return outcome.json;
      }
      if (status === 429) {
        rateLimited += 1;
        const waitMs = retryAfterMs(outcome.headers, this.clock.now()) ?? 60_000;
        if (rateLimited > this.maxRateLimitRetries || waitMs > this.maxRetryAfterMs) {
          throw this.errors.rateLimitExhausted(waitMs);
        }
        // Everyone sharing the limiter holds back, not just this caller.
        this.limiter.pauseUntil(this.clock.now() + waitMs);
        run.emit('retry', { waitMs, attempt: rateLimited, reason: 'HTTP 429 rate limited' });
        continue;
      }
      if (status >= 500 || status === 408) {
        const reason = `HTTP ${status}`;
        failures += 1;
        if (failures > this.maxRetries) throw this.errors.unavailable(username, reason, failures);
        await this.backoff(failures, reason, retryAfterMs(outcome.headers, this.clock.now()), run, signal);
        continue;
      }
      throw this.errors.clientError(status, outcome.json, kind, username);
    }
  }

  /** Exponential backoff with jitter (half fixed, half random), never shorter than a Retry-After. */
  private async backoff(
    failures: number,
    reason: string,
    retryAfter: number | undefined,
    run: FetchRun,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const ceiling = Math.min(this.backoffMaxMs, this.backoffBaseMs * 2 ** (failures - 1));
    const jittered = Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
    const waitMs = Math.max(jittered, Math.min(retryAfter ?? 0, this.maxRetryAfterMs));
    run.emit('retry', { waitMs, attempt: failures, reason });
    await this.clock.sleep(waitMs, signal);
  }

  private recordCredits(json: unknown, run: FetchRun): void {
    const credits = creditsSchema.safeParse(json);
    if (!credits.success) return;
    run.creditsUsed += credits.data.credits_used ?? 0;
    if (credits.data.credits_remaining !== undefined) {
      run.creditsRemaining = credits.data.credits_remaining;
      try {
        this.onCredits?.(credits.data.credits_remaining);
      } catch {
        // An alert that fails must not fail the fetch.
      }
    }
  }

  private requireKey(): string {
    if (this.apiKey === undefined) throw this.errors.missingKey();
    return this.apiKey;
  }
}
