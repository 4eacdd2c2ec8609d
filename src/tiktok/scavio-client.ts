import { request, type Dispatcher } from 'undici';
import { z } from 'zod';
import { UserFacingError } from '../errors.js';
import type { Catalog } from './catalog.js';
import { systemClock, type Clock } from './clock.js';
import { normalizeRecords } from './normalize.js';
import type { RateLimiter } from './rate-limiter.js';

/**
 * Scavio's TikTok API (see ../shared/DESIGN.md): resolve a handle with
 * POST /api/v1/tiktok/profile, then page through POST /api/v1/tiktok/user/posts.
 * Every call costs a credit, so the client never asks for more than it needs,
 * waits for the shared rate limiter before each call, retries only what can
 * succeed on a second try, and turns every failure into a message a person can
 * act on. The API key goes into the Authorization header and nowhere else.
 */

/** The most videos Scavio returns per posts page. */
export const POSTS_PAGE_SIZE = 30;

export type FetchPhase = 'profile' | 'page' | 'rate-limit-wait' | 'retry' | 'done';

/** One progress report of a catalog fetch; every field is a running total. */
export interface FetchProgress {
  /**
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
  /** rate-limit-wait and retry: expected wait before the next call. */
  waitMs?: number;
  /** retry: the how-many-th retry of this call is coming (1-based). */
  attempt?: number;
  /** retry: what went wrong, for a status line ("HTTP 503", "no answer within 20 s"). */
  reason?: string;
  /** done: true when the catalog came from the cache. */
  fromCache?: boolean;
}

export type ProgressListener = (progress: FetchProgress) => void;

export interface ScavioUsage {
  calls: number;
  creditsUsed: number;
  /** As last reported by Scavio; null before any response said. */
  creditsRemaining: number | null;
}

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
}

export interface ClientFetchOptions {
  /** Stop after this many videos (the call asks for exactly what is left). */
  maxVideos: number;
  onProgress?: ProgressListener;
  /** Cancels waiting and in-flight calls; rejects with the signal's reason. */
  signal?: AbortSignal;
}

const DEFAULT_BILLING_URL = 'https://dashboard.scavio.dev/billing';
const DASHBOARD_URL = 'https://dashboard.scavio.dev';

// ---- Response envelopes (zod) ------------------------------------------------

const count = z.coerce.number().int().nonnegative();
const flag = z.union([z.boolean(), z.number(), z.string()]).transform((v) => v === true || v === 1 || v === '1' || v === 'true');

const creditsSchema = z.object({
  credits_used: z.number().nonnegative().optional(),
  credits_remaining: z.number().optional(),
});

const profileSchema = z.object({
  data: z.object({
    user: z
      .object({
        sec_uid: z.string().min(1),
        unique_id: z.string().optional(),
        follower_count: count.optional(),
        aweme_count: count.optional(),
        // TikTok marks private accounts with `secret`; some wrappers say private_account / is_private.
        secret: flag.optional(),
        private_account: flag.optional(),
        is_private: flag.optional(),
      })
      .nullable()
      .optional(),
  }),
});

const postsSchema = z.object({
  data: z.object({
    aweme_list: z.array(z.unknown()).nullable().optional(),
    has_more: z.union([z.number(), z.boolean()]),
    max_cursor: z.union([z.number(), z.string()]).optional(),
  }),
});

const errorBodySchema = z.object({
  error: z.object({
    code: z.string().optional(),
    message: z.string().optional(),
    billing_url: z.string().optional(),
  }),
});

type ErrorBody = z.infer<typeof errorBodySchema>['error'];

// ---- One fetch's running totals and progress --------------------------------

class FetchRun {
  calls = 0;
  creditsUsed = 0;
  creditsRemaining: number | null = null;
  pages = 0;
  videosSoFar = 0;
  expectedVideos: number | null = null;

  constructor(
    readonly username: string,
    readonly maxVideos: number,
    private readonly listener: ProgressListener | undefined,
  ) {}

  emit(phase: FetchPhase, extra: Partial<Pick<FetchProgress, 'waitMs' | 'attempt' | 'reason' | 'fromCache'>> = {}): void {
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

interface HttpOutcome {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body, or undefined when the body was not JSON. */
  json: unknown;
}

type CallKind = 'profile' | 'posts';

// ---- The client ---------------------------------------------------------------

export class ScavioClient {
  private readonly baseUrl: string;
  private readonly apiKey: string | undefined;
  private readonly limiter: RateLimiter;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly maxRateLimitRetries: number;
  private readonly backoffBaseMs: number;
  private readonly backoffMaxMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly dispatcher: Dispatcher | undefined;
  private readonly totals: ScavioUsage = { calls: 0, creditsUsed: 0, creditsRemaining: null };

  constructor(options: ScavioClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.apiKey = options.apiKey === undefined || options.apiKey.trim() === '' ? undefined : options.apiKey.trim();
    this.limiter = options.limiter;
    this.timeoutMs = options.timeoutMs ?? 20_000;
    this.maxRetries = options.maxRetries ?? 3;
    this.maxRateLimitRetries = options.maxRateLimitRetries ?? 5;
    this.backoffBaseMs = options.backoffBaseMs ?? 500;
    this.backoffMaxMs = options.backoffMaxMs ?? 8_000;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 5 * 60_000;
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.dispatcher = options.dispatcher;
  }

  /** Calls and credits of every fetch this client made, for logs and the bench. */
  usage(): ScavioUsage {
    return { ...this.totals };
  }

  /**
   * The whole catalog of `username` (a handle already checked by parseUsername),
   * up to `maxVideos` videos: 1 profile call + ceil(videos / 30) page calls.
   */
  async fetchCatalog(username: string, options: ClientFetchOptions): Promise<Catalog> {
    const { maxVideos, signal } = options;
    const apiKey = this.requireKey();
    const run = new FetchRun(username, maxVideos, options.onProgress);

    const profile = await this.fetchProfile(username, apiKey, run, signal);
    run.expectedVideos = profile.videoCount === null ? null : Math.min(profile.videoCount, maxVideos);
    run.emit('profile');
    if (profile.isPrivate) {
      throw this.userError(
        `@${username} is a private account, so its videos cannot be read. Only public accounts can be analysed.`,
        'scavio.private_account',
      );
    }
    // The profile already says there is nothing to page through: don't spend a credit to confirm it.
    if (profile.videoCount === 0) throw this.noVideos(username);

    const records: unknown[] = [];
    let cursor: number | string = 0;
    while (records.length < maxVideos) {
      const wanted = Math.min(POSTS_PAGE_SIZE, maxVideos - records.length);
      const page = await this.fetchPostsPage(username, profile.secUid, cursor, wanted, apiKey, run, signal);
      // A provider that sends more than asked must not push us past the limit.
      records.push(...page.items.slice(0, wanted));
      run.pages += 1;
      run.videosSoFar = records.length;
      run.emit('page');
      // An empty page that claims more would loop forever, spending a credit each time.
      if (!page.hasMore || page.items.length === 0) break;
      if (page.nextCursor === undefined) {
        throw this.malformed(username, 'a page said there were more videos but gave no cursor for them');
      }
      cursor = page.nextCursor;
    }
    if (records.length === 0) throw this.noVideos(username);

    // Normalized once over all pages, so a video repeated on two pages counts once.
    const { videos, skipped } = normalizeRecords(records);
    if (videos.length === 0) {
      throw this.malformed(username, `none of the ${records.length} videos it sent could be read (${skipped[0]?.reason ?? 'unknown shape'})`);
    }
    const catalog: Catalog = {
      account: { username: profile.username, followers: profile.followers, videoCountHint: profile.videoCount },
      videos,
      skipped,
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

  private async fetchProfile(username: string, apiKey: string, run: FetchRun, signal: AbortSignal | undefined): Promise<ScavioProfile> {
    const json = await this.call('/api/v1/tiktok/profile', { username }, 'profile', username, apiKey, run, signal);
    const parsed = profileSchema.safeParse(json);
    if (!parsed.success) throw this.malformed(username, describeZodIssue(parsed.error));
    const user = parsed.data.data.user;
    if (!user) throw this.unknownAccount(username);
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
    cursor: number | string,
    wanted: number,
    apiKey: string,
    run: FetchRun,
    signal: AbortSignal | undefined,
  ): Promise<{ items: unknown[]; hasMore: boolean; nextCursor: number | string | undefined }> {
    const body = { sec_user_id: secUid, cursor, count: wanted };
    const json = await this.call('/api/v1/tiktok/user/posts', body, 'posts', username, apiKey, run, signal);
    const parsed = postsSchema.safeParse(json);
    if (!parsed.success) throw this.malformed(username, describeZodIssue(parsed.error));
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
      await this.limiter.acquire({ signal, onWait: (waitMs) => run.emit('rate-limit-wait', { waitMs }) });
      run.calls += 1;
      this.totals.calls += 1;

      let outcome: HttpOutcome;
      try {
        outcome = await this.send(path, body, apiKey, signal);
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        const reason = error instanceof TransportError && error.timedOut ? `no answer within ${formatSeconds(this.timeoutMs)}` : 'network error';
        failures += 1;
        if (failures > this.maxRetries) throw this.unavailable(username, reason, failures);
        await this.backoff(failures, reason, undefined, run, signal);
        continue;
      }

      this.recordCredits(outcome.json, run);
      const { status } = outcome;
      if (status >= 200 && status < 300) {
        if (outcome.json === undefined) throw this.malformed(username, 'the answer was not JSON');
        return outcome.json;
      }
      if (status === 429) {
        rateLimited += 1;
        const waitMs = retryAfterMs(outcome.headers, this.clock.now()) ?? 60_000;
        if (rateLimited > this.maxRateLimitRetries || waitMs > this.maxRetryAfterMs) {
          throw this.userError(
            `Scavio's rate limit is still exhausted (it asks to wait ${formatSeconds(waitMs)}). ` +
              'Try again in a few minutes, or lower SCAVIO_RATE_PER_MINUTE to match your plan.',
            'scavio.rate_limited',
          );
        }
        // Everyone sharing the limiter holds back, not just this caller.
        this.limiter.pauseUntil(this.clock.now() + waitMs);
        run.emit('retry', { waitMs, attempt: rateLimited, reason: 'HTTP 429 rate limited' });
        continue;
      }
      if (status >= 500 || status === 408) {
        const reason = `HTTP ${status}`;
        failures += 1;
        if (failures > this.maxRetries) throw this.unavailable(username, reason, failures);
        await this.backoff(failures, reason, retryAfterMs(outcome.headers, this.clock.now()), run, signal);
        continue;
      }
      throw this.clientError(status, errorOf(outcome.json), kind, username);
    }
  }

  private async send(path: string, body: object, apiKey: string, signal: AbortSignal | undefined): Promise<HttpOutcome> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    let status: number;
    let headers: HttpOutcome['headers'];
    let text: string;
    try {
      const response = await request(`${this.baseUrl}${path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${apiKey}`,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body: JSON.stringify(body),
        signal: combined,
        ...(this.dispatcher ? { dispatcher: this.dispatcher } : {}),
      });
      status = response.statusCode;
      headers = response.headers;
      // Reading the body is under the same timeout signal: a server that stalls mid-body is a timeout too.
      text = await response.body.text();
    } catch (error) {
      throw new TransportError(timeout.aborted, { cause: error });
    }
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status, headers, json };
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
    const used = credits.data.credits_used ?? 0;
    run.creditsUsed += used;
    this.totals.creditsUsed += used;
    if (credits.data.credits_remaining !== undefined) {
      run.creditsRemaining = credits.data.credits_remaining;
      this.totals.creditsRemaining = credits.data.credits_remaining;
    }
  }

  private requireKey(): string {
    if (this.apiKey === undefined) {
      throw this.userError(
        `No Scavio API key is configured. Set SCAVIO_API_KEY to your key from ${DASHBOARD_URL} and restart.`,
        'scavio.missing_key',
      );
    }
    return this.apiKey;
  }

  private clientError(status: number, error: ErrorBody | undefined, kind: CallKind, username: string): UserFacingError {
    if (status === 401 || status === 403) {
      return this.userError(
        `Scavio refused the API key (HTTP ${status}${error?.message ? `: ${error.message}` : ''}). ` +
          `Check SCAVIO_API_KEY: copy the key again from ${DASHBOARD_URL} and restart.`,
        'scavio.unauthorized',
      );
    }
    if (status === 402) {
      const billing = safeLink(error?.billing_url) ?? DEFAULT_BILLING_URL;
      return this.userError(`The Scavio account is out of credits. Top it up at ${billing}, then try again.`, 'scavio.out_of_credits');
    }
    if (status === 404 || isNotFoundCode(error?.code)) {
      return kind === 'profile'
        ? this.unknownAccount(username)
        : this.userError(
            `Scavio could not list the videos of @${username} (the account may have been removed or made private just now). Try again later.`,
            'scavio.unknown_account',
          );
    }
    return this.userError(
      `Scavio rejected the request for @${username} (HTTP ${status}${error?.message ? `: ${error.message}` : ''}). ` +
        'This looks like a bug on our side; please report it.',
      'scavio.request_rejected',
    );
  }

  private unknownAccount(username: string): UserFacingError {
    return this.userError(
      `TikTok account @${username} was not found. Check the spelling (the handle after @ in the profile link).`,
      'scavio.unknown_account',
    );
  }

  private noVideos(username: string): UserFacingError {
    return this.userError(
      `@${username} has no public videos to analyse (the account may be new, empty or private).`,
      'scavio.no_videos',
    );
  }

  private unavailable(username: string, reason: string, attempts: number): UserFacingError {
    return this.userError(
      `Scavio is not answering right now (${reason}, ${attempts} attempts for @${username}). ` +
        'It is probably a temporary outage: try again in a few minutes.',
      'scavio.unavailable',
    );
  }

  private malformed(username: string, detail: string): UserFacingError {
    return this.userError(
      `Scavio sent an answer for @${username} that could not be read (${detail}). Try again later; if it keeps happening, please report it.`,
      'scavio.malformed_response',
    );
  }

  /** The one way errors leave this module: provider text is echoed, so the key is scrubbed as a last line of defence. */
  private userError(message: string, code: string): UserFacingError {
    const key = this.apiKey;
    const safe = key && key.length >= 4 ? message.split(key).join('[redacted]') : message;
    return new UserFacingError(safe, code);
  }
}

// ---- Helpers --------------------------------------------------------------------

function errorOf(json: unknown): ErrorBody | undefined {
  const parsed = errorBodySchema.safeParse(json);
  return parsed.success ? parsed.data.error : undefined;
}

function isNotFoundCode(code: string | undefined): boolean {
  return code !== undefined && /not[_ -]?found|unknown[_ -]?user|no[_ -]?such/i.test(code);
}

/** Only a plain https link from the body is repeated to users. */
function safeLink(value: string | undefined): string | undefined {
  if (value === undefined || !URL.canParse(value)) return undefined;
  return new URL(value).protocol === 'https:' ? value : undefined;
}

function header(headers: HttpOutcome['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * How long the server asks us to wait: Retry-After (seconds or an HTTP date),
 * else X-RateLimit-Reset (seconds from now, or epoch seconds when it is that large).
 */
export function retryAfterMs(headers: HttpOutcome['headers'], nowMs: number): number | undefined {
  const retryAfter = header(headers, 'retry-after')?.trim();
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.ceil(Number(retryAfter) * 1000);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - nowMs);
  }
  const reset = header(headers, 'x-ratelimit-reset')?.trim();
  if (reset && /^\d+(\.\d+)?$/.test(reset)) {
    const value = Number(reset);
    return value > 1_000_000_000 ? Math.max(0, Math.ceil(value * 1000 - nowMs)) : Math.ceil(value * 1000);
  }
  return undefined;
}

/** The call got no complete answer: refused, reset, or past the timeout. */
class TransportError extends Error {
  constructor(
    readonly timedOut: boolean,
    options: { cause: unknown },
  ) {
    super(timedOut ? 'timeout' : 'network error', options);
    this.name = 'TransportError';
  }
}

function describeZodIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'unexpected shape';
  const where = issue.path.length > 0 ? issue.path.join('.') : 'body';
  return `${where}: ${issue.message}`;
}

function formatSeconds(ms: number): string {
  if (ms < 1_000) return `${ms} ms`;
  return ms >= 60_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 100) / 10} s`;
}
