import { setMaxListeners } from 'node:events';
import type { Dispatcher } from 'undici';
import { MAX_VIDEOS_CEILING, type Config } from '../config.js';
import { UserFacingError } from '../errors.js';
import { abortReason } from './abort-reason.js';
import type { Catalog } from './catalog.js';
import { CatalogCache, cacheKey, type CachedCatalog } from './catalog-cache.js';
import { systemClock, type Clock } from './clock.js';
import { DEFAULT_LANE, SlidingWindowRateLimiter, type RateLimiter } from './rate-limiter.js';
import {
  callsFor,
  ScavioClient,
  type ClientFetchOptions,
  type FetchProgress,
  type FetchSpend,
  type ProgressListener,
} from './scavio-client.js';
import { parseUsername } from './username.js';

/**
 * What the CLI, the bot and the weekly scheduler call to get a live catalog:
 * checks the username, serves fresh catalogs from the cache, and lets
 * simultaneous requests for the same account share one fetch (and one bill).
 */

export { MAX_VIDEOS_CEILING } from '../config.js';

export interface FetchCatalogOptions {
  /** Default: MAX_VIDEOS from the config (300). */
  maxVideos?: number;
  /** Progress of the fetch; a caller joining a fetch in flight first gets its latest state. */
  onProgress?: ProgressListener;
  /** Stops this caller waiting. A fetch shared with others goes on for them (and fills the cache). */
  signal?: AbortSignal;
  /** Skip the cache and fetch again (the result is cached). */
  refresh?: boolean;
  /** The rate limiter's lane a new fetch queues in: the guild id for commands, 'weekly' for weekly runs. */
  lane?: string;
  /** Refuse a new fetch when its lane already has `maxQueuedPerLane` waiting (commands; not weekly runs). */
  capped?: boolean;
}

/** Anything that fetches a whole catalog for a checked handle; the Scavio client in production. */
export interface CatalogFetcher {
  fetchCatalog(username: string, options: ClientFetchOptions): Promise<Catalog>;
}

export interface CatalogServiceOptions {
  fetcher: CatalogFetcher;
  cache: CatalogCache;
  defaultMaxVideos: number;
  clock?: Pick<Clock, 'now'>;
  /** The limiter the fetcher queues in, for the per-lane cap; without it nothing is capped. */
  limiter?: Pick<RateLimiter, 'waitingIn' | 'laneWaitMs'>;
  /** Fetches one lane may have waiting before a capped request is refused (QUEUE_MAX_PER_GUILD). */
  maxQueuedPerLane?: number;
  /** Asked before every new fetch (server budgets); without it nothing is refused for cost. */
  spendGuard?: SpendGuard;
}

/**
 * Spending rules for new fetches (the monthly credit budget of a server). The
 * service asks before every new fetch, so every command that fetches is covered
 * in this one place; cache hits and joins of a fetch in flight cost nothing and
 * are never asked about.
 */
export interface SpendGuard {
  /** Throws a UserFacingError when a new fetch for `lane` that may cost up to `credits` is not allowed. */
  check(lane: string, credits: number): void;
  /** check(), then holds `credits` for this fetch (so fetches in flight count) until the reservation is settled. */
  reserve(lane: string, credits: number): SpendReservation;
}

export interface SpendReservation {
  /** The fetch ended (succeeded or failed) having spent this. */
  settle(spent: FetchSpend): void;
}

/** Credits a new fetch of up to `maxVideos` may cost: Scavio charges a credit per call (see DESIGN.md). */
export function estimatedCredits(maxVideos: number): number {
  return callsFor(maxVideos);
}

/** Everyone waiting on one fetch, and the latest progress to show a late joiner. */
interface Audience {
  listeners: Set<ProgressListener>;
  last: FetchProgress | undefined;
}

interface InFlight {
  promise: Promise<Catalog>;
  audience: Audience;
  /** Callers still waiting; when the last one gives up, the fetch is cancelled (nobody would see it). */
  waiters: number;
  controller: AbortController;
}

export class CatalogService {
  private readonly fetcher: CatalogFetcher;
  private readonly cache: CatalogCache;
  private readonly defaultMaxVideos: number;
  private readonly clock: Pick<Clock, 'now'>;
  private readonly limiter: Pick<RateLimiter, 'waitingIn' | 'laneWaitMs'> | undefined;
  private readonly maxQueuedPerLane: number;
  private readonly spendGuard: SpendGuard | undefined;
  private readonly inFlight = new Map<string, InFlight>();
  /** Aborts every shared fetch on close() (graceful shutdown). */
  private readonly lifetime = new AbortController();

  constructor(options: CatalogServiceOptions) {
    // Every fetch in flight listens for shutdown: hundreds can be in line at once.
    setMaxListeners(0, this.lifetime.signal);
    this.fetcher = options.fetcher;
    this.cache = options.cache;
    this.defaultMaxVideos = options.defaultMaxVideos;
    this.clock = options.clock ?? systemClock;
    this.limiter = options.limiter;
    this.maxQueuedPerLane = options.maxQueuedPerLane ?? Number.POSITIVE_INFINITY;
    this.spendGuard = options.spendGuard;
  }

  /**
   * The catalog of `usernameInput` (`name`, `@name` or a profile link).
   * Throws UserFacingError for a bad username or limit before any call, and
   * for every provider failure (see ScavioClient).
   */
  async fetchCatalog(usernameInput: string, options: FetchCatalogOptions = {}): Promise<Catalog> {
    const username = parseUsername(usernameInput);
    const maxVideos = checkMaxVideos(options.maxVideos ?? this.defaultMaxVideos);
    const { onProgress, signal } = options;
    signal?.throwIfAborted();

    if (!options.refresh) {
      const hit = this.cache.get(username, maxVideos);
      if (hit) {
        notify(onProgress, {
          phase: 'done',
          username,
          videosSoFar: hit.catalog.videos.length,
          expectedVideos: hit.catalog.videos.length,
          maxVideos,
          pages: 0,
          calls: 0,
          creditsUsed: 0,
          fromCache: true,
        });
        return hit.catalog;
      }
    }

    const key = cacheKey(username, maxVideos);
    const lane = options.lane ?? DEFAULT_LANE;
    // Joining a fetch already in line costs nothing: only a new fetch counts against the lane's cap.
    const flight = this.inFlight.get(key) ?? this.startFetch(key, username, maxVideos, lane, options.capped ?? false);
    if (onProgress) {
      flight.audience.listeners.add(onProgress);
      if (flight.audience.last) notify(onProgress, flight.audience.last);
    }
    flight.waiters += 1;
    try {
      return await untilAborted(flight.promise, signal);
    } finally {
      flight.waiters -= 1;
      if (onProgress) flight.audience.listeners.delete(onProgress);
      // Work for nobody is not paid for: the calls it has not made yet are not made.
      if (flight.waiters === 0 && signal?.aborted) flight.controller.abort(signal.reason);
    }
  }

  /**
   * Throws the 'queue.busy' refusal (or the spend guard's, e.g. 'budget.exceeded') now when fetchCatalog
   * would start a new fetch that would be refused, so a command can refuse before it defers (the refusal
   * then is the acknowledgement itself).
   */
  checkRoom(usernameInput: string, options: Pick<FetchCatalogOptions, 'maxVideos' | 'lane' | 'refresh'> = {}): void {
    const username = parseUsername(usernameInput);
    const maxVideos = checkMaxVideos(options.maxVideos ?? this.defaultMaxVideos);
    const key = cacheKey(username, maxVideos);
    if (this.inFlight.has(key) || (!options.refresh && this.cache.get(username, maxVideos))) return;
    const lane = options.lane ?? DEFAULT_LANE;
    this.refuseIfFull(lane);
    this.spendGuard?.check(lane, estimatedCredits(maxVideos));
  }

  private refuseIfFull(lane: string): void {
    if (!this.limiter || this.limiter.waitingIn(lane) < this.maxQueuedPerLane) return;
    // When this server's next fetch in line is admitted, a place is free again.
    const minutes = Math.max(1, Math.ceil(this.limiter.laneWaitMs(lane) / 60_000));
    throw new UserFacingError(
      `The bot is busy: this server already has ${this.maxQueuedPerLane} requests waiting for the data provider. ` +
        `Try again in about ${minutes} min.`,
      'queue.busy',
    );
  }

  /**
   * The most credits fetchCatalog would spend on this account now (1 a call: the profile, then a page per
   * 30 videos up to the limit): 0 when the cache holds it or a fetch in flight will share its catalog. An
   * upper bound: an account with fewer videos than the limit costs less.
   */
  estimatedCredits(usernameInput: string, maxVideos?: number): number {
    const username = parseUsername(usernameInput);
    const limit = checkMaxVideos(maxVideos ?? this.defaultMaxVideos);
    if (this.cache.get(username, limit) || this.inFlight.has(cacheKey(username, limit))) return 0;
    return callsFor(limit);
  }

  /** A fresh cached catalog without fetching, or undefined. */
  cached(usernameInput: string, maxVideos?: number): CachedCatalog | undefined {
    return this.cache.get(parseUsername(usernameInput), checkMaxVideos(maxVideos ?? this.defaultMaxVideos));
  }

  /** Age of a catalog's data, e.g. for "from cache, 12 min old". */
  ageMs(catalog: Catalog): number {
    return Math.max(0, this.clock.now() - Date.parse(catalog.source.fetchedAt));
  }

  /** Fetches in flight right now (coalesced: one per account and limit). */
  get fetchesInFlight(): number {
    return this.inFlight.size;
  }

  /** Cancels every fetch in flight; their callers get the abort reason. */
  close(): void {
    this.lifetime.abort(
      new UserFacingError('The bot is shutting down; please try again in a minute.', 'service.closed'),
    );
  }

  private startFetch(key: string, username: string, maxVideos: number, lane: string, capped: boolean): InFlight {
    if (capped) this.refuseIfFull(lane);
    // Before any call: a refusal costs nothing.
    const reservation = this.spendGuard?.reserve(lane, estimatedCredits(maxVideos));
    let spent: FetchSpend = { calls: 0, credits: 0, creditsRemaining: null };
    const audience: Audience = { listeners: new Set(), last: undefined };
    const controller = new AbortController();
    const onClose = () => controller.abort(this.lifetime.signal.reason);
    if (this.lifetime.signal.aborted) onClose();
    else this.lifetime.signal.addEventListener('abort', onClose, { once: true });
    const broadcast = (progress: FetchProgress): void => {
      audience.last = progress;
      // A snapshot: a caller joining from inside a listener already got this event as its replay.
      for (const listener of [...audience.listeners]) notify(listener, progress);
    };
    const promise = this.fetcher
      .fetchCatalog(username, {
        maxVideos,
        onProgress: broadcast,
        signal: controller.signal,
        lane,
        onSpent: (cost) => (spent = cost),
      })
      .then((catalog) => {
        this.cache.set(username, maxVideos, catalog);
        return catalog;
      })
      .finally(() => {
        this.lifetime.signal.removeEventListener('abort', onClose);
        this.inFlight.delete(key);
        reservation?.settle(spent);
      });
    // Nobody may be left to hear a failure (every caller gave up): it must not become an unhandled rejection.
    promise.catch(() => undefined);
    const flight: InFlight = { promise, audience, waiters: 0, controller };
    this.inFlight.set(key, flight);
    return flight;
  }
}

function checkMaxVideos(value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > MAX_VIDEOS_CEILING) {
    throw new UserFacingError(
      `The video limit must be a whole number from 1 to ${MAX_VIDEOS_CEILING} (got ${String(value)}).`,
      'tiktok.invalid_max_videos',
    );
  }
  return value;
}

function notify(listener: ProgressListener | undefined, progress: FetchProgress): void {
  try {
    listener?.(progress);
  } catch {
    // A broken progress display must not break the fetch.
  }
}

/** The promise, or the signal's reason if this caller stops waiting first. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortReason(signal));
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

// ---- Factory: one limiter per process ---------------------------------------------

/**
 * Scavio counts arrivals; network delay can bring two calls closer than we
 * sent them, so our window is a little longer than the server's.
 */
export const RATE_WINDOW_MARGIN_MS = 250;

let processLimiter: RateLimiter | undefined;

/**
 * The limiter every Scavio call in this process goes through (bot commands,
 * weekly runs, CLI). Created on first use with the configured rate; later
 * calls get the same instance whatever they pass.
 */
export function processRateLimiter(config: Config): RateLimiter {
  processLimiter ??= new SlidingWindowRateLimiter({
    limit: config.scavio.ratePerMinute,
    windowMs: 60_000,
    marginMs: RATE_WINDOW_MARGIN_MS,
  });
  return processLimiter;
}

export interface CatalogServiceDeps {
  /** Default: the process-wide limiter (processRateLimiter). Tests inject their own. */
  limiter?: RateLimiter;
  /** Credits left, whenever Scavio reports them (low-credit alerts). */
  onCredits?: (remaining: number) => void;
  /** Server budgets (the bot's CreditBudget); none in the CLI. */
  spendGuard?: SpendGuard;
  clock?: Clock;
  random?: () => number;
  dispatcher?: Dispatcher;
}

/** A catalog service for `config` (key, base URL, rate, timeout, retries, limit, cache time). */
export function createCatalogService(config: Config, deps: CatalogServiceDeps = {}): CatalogService {
  const clock = deps.clock ?? systemClock;
  const limiter = deps.limiter ?? processRateLimiter(config);
  const client = new ScavioClient({
    baseUrl: config.scavio.baseUrl,
    apiKey: config.scavio.apiKey,
    limiter,
    ...(deps.onCredits ? { onCredits: deps.onCredits } : {}),
    timeoutMs: config.scavio.timeoutMs,
    maxRetries: config.scavio.maxRetries,
    maxResponseBytes: config.scavio.maxResponseBytes,
    clock,
    ...(deps.random ? { random: deps.random } : {}),
    ...(deps.dispatcher ? { dispatcher: deps.dispatcher } : {}),
  });
  const cache = new CatalogCache({ ttlMs: config.cacheMinutes * 60_000, clock });
  return new CatalogService({
    fetcher: client,
    cache,
    defaultMaxVideos: config.scavio.maxVideos,
    clock,
    limiter,
    maxQueuedPerLane: config.queueMaxPerGuild,
    ...(deps.spendGuard ? { spendGuard: deps.spendGuard } : {}),
  });
}
