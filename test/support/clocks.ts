import diagnostics from 'node:diagnostics_channel';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { abortReason } from '../../src/tiktok/abort-reason.js';
import type { Clock } from '../../src/tiktok/clock.js';

/** 2026-01-05 09:00 UTC: a fixed start so fetchedAt and ages are predictable. */
export const SIMULATION_START = Date.UTC(2026, 0, 5, 9, 0, 0);

interface Sleeper {
  at: number;
  seq: number;
  resolve: () => void;
}

/**
 * Virtual time for tests that go over real loopback HTTP.
 *
 * A sleep does not wait in real time: once the process is quiet (no undici
 * request in flight, nothing left to run), the clock jumps to the earliest
 * sleeper's wake-up time and wakes it, like a discrete-event simulation. Time
 * never moves while a request travels, so the fake server's arrival
 * timestamps (read from this clock) equal the moments the client sent them,
 * and a minute of rate limiting costs microseconds.
 *
 * Requests are seen through undici's diagnostics channels, which fire
 * synchronously when a request is created and when it completes or fails.
 */
export class SimulatedClock implements Clock {
  private time: number;
  private sleepers: Sleeper[] = [];
  private seq = 0;
  private driving = false;
  private readonly inFlight = new Set<object>();
  private readonly unsubscribers: (() => void)[] = [];
  private holds = 0;
  private released: Promise<void> = Promise.resolve();
  private release: () => void = () => undefined;

  constructor(start = SIMULATION_START) {
    this.time = start;
    const track = (name: string, handler: (request: object) => void): void => {
      const listener = (message: unknown): void => {
        const request = (message as { request?: unknown }).request;
        if (typeof request === 'object' && request !== null) handler(request);
      };
      diagnostics.subscribe(name, listener);
      this.unsubscribers.push(() => diagnostics.unsubscribe(name, listener));
    };
    track('undici:request:create', (request) => this.inFlight.add(request));
    track('undici:request:trailers', (request) => this.inFlight.delete(request));
    track('undici:request:error', (request) => this.inFlight.delete(request));
  }

  now(): number {
    return this.time;
  }

  /** Moves time forward by hand (e.g. to let a cache entry age). */
  advance(ms: number): void {
    this.time += ms;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise<void>((resolve, reject) => {
      const sleeper: Sleeper = {
        at: this.time + Math.max(0, ms),
        seq: this.seq++,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        this.sleepers = this.sleepers.filter((s) => s !== sleeper);
        if (signal) reject(abortReason(signal));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.sleepers.push(sleeper);
      void this.drive();
    });
  }

  /**
   * Keeps time still until the returned function is called: for traffic the
   * clock cannot see (gateway frames), e.g. while a burst of interactions is
   * dispatched and acknowledged, which takes no time on Discord's clock.
   */
  hold(): () => void {
    if (this.holds === 0) this.released = new Promise((resolve) => (this.release = resolve));
    this.holds += 1;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.holds -= 1;
      if (this.holds === 0) this.release();
    };
  }

  /** Stops watching undici; call in afterEach. */
  dispose(): void {
    for (const unsubscribe of this.unsubscribers) unsubscribe();
    this.unsubscribers.length = 0;
  }

  private async drive(): Promise<void> {
    if (this.driving) return;
    this.driving = true;
    try {
      while (this.sleepers.length > 0) {
        await this.quiet();
        const next = this.sleepers.reduce<Sleeper | undefined>(
          (best, s) => (best === undefined || s.at < best.at || (s.at === best.at && s.seq < best.seq) ? s : best),
          undefined,
        );
        if (!next) break;
        this.sleepers = this.sleepers.filter((s) => s !== next);
        this.time = Math.max(this.time, next.at);
        next.resolve();
      }
    } finally {
      this.driving = false;
    }
  }

  /** Resolves once no request is in flight for a few consecutive event-loop turns. */
  private async quiet(): Promise<void> {
    let calmTurns = 0;
    while (calmTurns < 3) {
      while (this.holds > 0) await this.released;
      await nextTurn();
      calmTurns = this.inFlight.size === 0 ? calmTurns + 1 : 0;
    }
  }
}

/** A clock that moves only when the test says so; for unit tests without I/O. */
export class ManualClock implements Clock {
  private time: number;
  private sleepers: Sleeper[] = [];
  private seq = 0;

  constructor(start = SIMULATION_START) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  get pendingSleeps(): number {
    return this.sleepers.length;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise<void>((resolve, reject) => {
      const sleeper: Sleeper = { at: this.time + Math.max(0, ms), seq: this.seq++, resolve };
      signal?.addEventListener(
        'abort',
        () => {
          this.sleepers = this.sleepers.filter((s) => s !== sleeper);
          reject(abortReason(signal));
        },
        { once: true },
      );
      this.sleepers.push(sleeper);
    });
  }

  /** Advances time, waking due sleepers in order and letting their continuations run. */
  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    for (;;) {
      await flushPromises();
      const due = this.sleepers.filter((s) => s.at <= target).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.sleepers = this.sleepers.filter((s) => s !== due);
      this.time = Math.max(this.time, due.at);
      due.resolve();
    }
    this.time = target;
    await flushPromises();
  }
}

/** Lets every pending promise continuation run. */
export async function flushPromises(): Promise<void> {
  for (let i = 0; i < 5; i++) await nextTurn();
}
