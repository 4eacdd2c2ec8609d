import { abortReason } from './abort-reason.js';
import { systemClock, type Clock } from './clock.js';

/**
 * Client-side rate limiting for a provider that allows `limit` calls per
 * `windowMs` (Scavio: 5-10 a minute) and answers 429 past that.
 *
 * Sliding window over the start times of granted calls: a call may start when
 * fewer than `limit` calls started in the last `windowMs`. That is never more
 * than a fixed-window server allows either, and unlike even spacing it lets a
 * small catalog (3 calls) go out at once.
 *
 * One limiter serves the whole process (interactive commands, weekly runs):
 * callers queue FIFO, so several users at once wait their turn instead of
 * tripping 429s, and a 429 from the server (`pauseUntil`) holds everyone back.
 */
export interface RateLimiter {
  /** Resolves when the caller may make one call (the slot is counted at once). */
  acquire(options?: AcquireOptions): Promise<void>;
  /** Holds every caller until `epochMs` (the server said "retry after"). */
  pauseUntil(epochMs: number): void;
  /** Callers waiting for a slot right now. */
  readonly queued: number;
}

export interface AcquireOptions {
  /** Gives up waiting (rejects with the signal's reason); the slot is not taken. */
  signal?: AbortSignal;
  /**
   * Told how long this caller is expected to wait, when it has to wait at all,
   * and again when that estimate moves by a second or more (a 429 pause, a
   * caller ahead giving up). For progress displays.
   */
  onWait?: (waitMs: number) => void;
}

export interface SlidingWindowOptions {
  /** Calls allowed per window. */
  limit: number;
  /** Window length; 60 000 for "per minute". */
  windowMs?: number;
  /**
   * Extra gap added to the window, because the server counts arrival times and
   * network delay can bring two of our calls closer together than we sent them.
   */
  marginMs?: number;
  clock?: Clock;
}

interface Waiter {
  resolve: () => void;
  reject: (reason: unknown) => void;
  onWait: ((waitMs: number) => void) | undefined;
  /** Absolute time last reported to onWait, to report only real changes. */
  reportedReadyAt: number | null;
  detach: () => void;
}

/** Estimates that move by less than this are not reported again. */
const REPORT_STEP_MS = 1_000;

export class SlidingWindowRateLimiter implements RateLimiter {
  readonly limit: number;
  readonly windowMs: number;
  private readonly clock: Clock;
  private readonly queue: Waiter[] = [];
  /** Start times of the most recent grants, oldest first, at most `limit`. */
  private readonly grants: number[] = [];
  private pausedUntil = 0;
  private pumping = false;
  /** Aborts the pump's sleep when nobody is left to wait for it. */
  private pumpSleep: AbortController | null = null;

  constructor(options: SlidingWindowOptions) {
    if (!Number.isInteger(options.limit) || options.limit < 1) throw new RangeError('limit must be a positive integer');
    this.limit = options.limit;
    this.windowMs = (options.windowMs ?? 60_000) + (options.marginMs ?? 0);
    this.clock = options.clock ?? systemClock;
  }

  get queued(): number {
    return this.queue.length;
  }

  acquire(options: AcquireOptions = {}): Promise<void> {
    const { signal, onWait } = options;
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        const index = this.queue.indexOf(waiter);
        if (index >= 0) this.queue.splice(index, 1);
        if (this.queue.length === 0) this.pumpSleep?.abort();
        if (signal) reject(abortReason(signal));
      };
      const waiter: Waiter = {
        resolve,
        reject,
        onWait,
        reportedReadyAt: null,
        detach: () => signal?.removeEventListener('abort', onAbort),
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiter);
      // A pump already asleep will not look at the queue until it wakes: tell the newcomer now.
      if (this.pumping) this.reportWaits(this.clock.now());
      else void this.pump();
    });
  }

  pauseUntil(epochMs: number): void {
    if (epochMs > this.pausedUntil) this.pausedUntil = epochMs;
  }

  /**
   * Grants slots in queue order. Only the head of the queue ever sleeps, so
   * there is one timer however many callers wait.
   */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.queue.length > 0) {
        const now = this.clock.now();
        const readyAt = this.nextSlotAfter(this.grants, now);
        if (readyAt <= now) {
          const head = this.queue.shift()!;
          this.grants.push(now);
          if (this.grants.length > this.limit) this.grants.shift();
          head.detach();
          head.resolve();
          continue;
        }
        this.reportWaits(now);
        this.pumpSleep = new AbortController();
        try {
          await this.clock.sleep(readyAt - now, this.pumpSleep.signal);
        } catch {
          // Woken early because every waiter gave up; the loop re-checks the queue.
        } finally {
          this.pumpSleep = null;
        }
      }
    } finally {
      this.pumping = false;
    }
  }

  /** Earliest start for the next call, given the grants so far. */
  private nextSlotAfter(grants: readonly number[], now: number): number {
    let readyAt = Math.max(now, this.pausedUntil);
    if (grants.length >= this.limit) {
      readyAt = Math.max(readyAt, grants[grants.length - this.limit]! + this.windowMs);
    }
    return readyAt;
  }

  /** Tells each waiting caller when its turn is expected, simulating the grants ahead of it. */
  private reportWaits(now: number): void {
    const simulated = [...this.grants];
    for (const waiter of this.queue) {
      const readyAt = this.nextSlotAfter(simulated, now);
      simulated.push(readyAt);
      if (!waiter.onWait || readyAt <= now) continue;
      const previous = waiter.reportedReadyAt;
      if (previous !== null && Math.abs(previous - readyAt) < REPORT_STEP_MS) continue;
      waiter.reportedReadyAt = readyAt;
      try {
        waiter.onWait(readyAt - now);
      } catch {
        // A broken progress display must not stall the queue.
      }
    }
  }
}
