import { setMaxListeners } from 'node:events';
import { MAX_VIDEOS_CEILING } from '../config.js';
import { UserFacingError } from '../errors.js';
import { abortReason } from './abort-reason.js';
import { CatalogCache, cacheKey } from './catalog-cache.js';
import { systemClock } from './clock.js';
import { DEFAULT_LANE, SlidingWindowRateLimiter } from './rate-limiter.js';
import { ScavioClient } from './scavio-client.js';
import { parseUsername } from './username.js';
/**
 * What the CLI, the bot and the weekly scheduler call to get a live catalog:
 * checks the username, serves fresh catalogs from the cache, and lets
 * simultaneous requests for the same account share one fetch (and one bill).
 */
export { MAX_VIDEOS_CEILING } from '../config.js';
export class CatalogService {
    fetcher;
    cache;
    defaultMaxVideos;
    clock;
    limiter;
    maxQueuedPerLane;
    inFlight = new Map();
    /** Aborts every shared fetch on close() (graceful shutdown). */
    lifetime = new AbortController();
    constructor(options) {
        // Every fetch in flight listens for shutdown: hundreds can be in line at once.
        setMaxListeners(0, this.lifetime.signal);
        this.fetcher = options.fetcher;
        this.cache = options.cache;
        this.defaultMaxVideos = options.defaultMaxVideos;
        this.clock = options.clock ?? systemClock;
        this.limiter = options.limiter;
        this.maxQueuedPerLane = options.maxQueuedPerLane ?? Number.POSITIVE_INFINITY;
    }
    /**
     * The catalog of `usernameInput` (`name`, `@name` or a profile link).
     * Throws UserFacingError for a bad username or limit before any call, and
     * for every provider failure (see ScavioClient).
     */
    async fetchCatalog(usernameInput, options = {}) {
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
            if (flight.audience.last)
                notify(onProgress, flight.audience.last);
        }
        flight.waiters += 1;
        try {
            return await untilAborted(flight.promise, signal);
        }
        finally {
            flight.waiters -= 1;
            if (onProgress)
                flight.audience.listeners.delete(onProgress);
            // Work for nobody is not paid for: the calls it has not made yet are not made.
            if (flight.waiters === 0 && signal?.aborted)
                flight.controller.abort(signal.reason);
        }
    }
    /**
     * Throws the 'queue.busy' refusal now when fetchCatalog would start a new fetch in a full lane, so a
     * command can refuse before it defers (the refusal then is the acknowledgement itself).
     */
    checkRoom(usernameInput, options = {}) {
        const username = parseUsername(usernameInput);
        const maxVideos = checkMaxVideos(options.maxVideos ?? this.defaultMaxVideos);
        if (this.cache.get(username, maxVideos) || this.inFlight.has(cacheKey(username, maxVideos)))
            return;
        this.refuseIfFull(options.lane ?? DEFAULT_LANE);
    }
    refuseIfFull(lane) {
        if (!this.limiter || this.limiter.waitingIn(lane) < this.maxQueuedPerLane)
            return;
        // When this server's next fetch in line is admitted, a place is free again.
        const minutes = Math.max(1, Math.ceil(this.limiter.laneWaitMs(lane) / 60_000));
        throw new UserFacingError(`The bot is busy: this server already has ${this.maxQueuedPerLane} requests waiting for the data provider. ` +
            `Try again in about ${minutes} min.`, 'queue.busy');
    }
    /** A fresh cached catalog without fetching, or undefined. */
    cached(usernameInput, maxVideos) {
        return this.cache.get(parseUsername(usernameInput), checkMaxVideos(maxVideos ?? this.defaultMaxVideos));
    }
    /** Age of a catalog's data, e.g. for "from cache, 12 min old". */
    ageMs(catalog) {
        return Math.max(0, this.clock.now() - Date.parse(catalog.source.fetchedAt));
    }
    /** Fetches in flight right now (coalesced: one per account and limit). */
    get fetchesInFlight() {
        return this.inFlight.size;
    }
    /** Cancels every fetch in flight; their callers get the abort reason. */
    close() {
        this.lifetime.abort(new UserFacingError('The bot is shutting down; please try again in a minute.', 'service.closed'));
    }
    startFetch(key, username, maxVideos, lane, capped) {
        if (capped)
            this.refuseIfFull(lane);
        const audience = { listeners: new Set(), last: undefined };
        const controller = new AbortController();
        const onClose = () => controller.abort(this.lifetime.signal.reason);
        if (this.lifetime.signal.aborted)
            onClose();
        else
            this.lifetime.signal.addEventListener('abort', onClose, { once: true });
        const broadcast = (progress) => {
            audience.last = progress;
            // A snapshot: a caller joining from inside a listener already got this event as its replay.
            for (const listener of [...audience.listeners])
                notify(listener, progress);
        };
        const promise = this.fetcher
            .fetchCatalog(username, { maxVideos, onProgress: broadcast, signal: controller.signal, lane })
            .then((catalog) => {
            this.cache.set(username, maxVideos, catalog);
            return catalog;
        })
            .finally(() => {
            this.lifetime.signal.removeEventListener('abort', onClose);
            this.inFlight.delete(key);
        });
        // Nobody may be left to hear a failure (every caller gave up): it must not become an unhandled rejection.
        promise.catch(() => undefined);
        const flight = { promise, audience, waiters: 0, controller };
        this.inFlight.set(key, flight);
        return flight;
    }
}
function checkMaxVideos(value) {
    if (!Number.isInteger(value) || value < 1 || value > MAX_VIDEOS_CEILING) {
        throw new UserFacingError(`The video limit must be a whole number from 1 to ${MAX_VIDEOS_CEILING} (got ${String(value)}).`, 'tiktok.invalid_max_videos');
    }
    return value;
}
function notify(listener, progress) {
    try {
        listener?.(progress);
    }
    catch {
        // A broken progress display must not break the fetch.
    }
}
/** The promise, or the signal's reason if this caller stops waiting first. */
function untilAborted(promise, signal) {
    if (!signal)
        return promise;
    return new Promise((resolve, reject) => {
        const onAbort = () => reject(abortReason(signal));
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
let processLimiter;
/**
 * The limiter every Scavio call in this process goes through (bot commands,
 * weekly runs, CLI). Created on first use with the configured rate; later
 * calls get the same instance whatever they pass.
 */
export function processRateLimiter(config) {
    processLimiter ??= new SlidingWindowRateLimiter({
        limit: config.scavio.ratePerMinute,
        windowMs: 60_000,
        marginMs: RATE_WINDOW_MARGIN_MS,
    });
    return processLimiter;
}
/** A catalog service for `config` (key, base URL, rate, timeout, retries, limit, cache time). */
export function createCatalogService(config, deps = {}) {
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
    });
}
//# sourceMappingURL=catalog-service.js.map