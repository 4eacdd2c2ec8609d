import { describe, expect, it } from 'vitest';
import { SlidingWindowRateLimiter } from '../../src/tiktok/rate-limiter.js';
import { ManualClock, flushPromises } from '../support/clocks.js';

const MINUTE = 60_000;

/** Starts `n` acquisitions and records when (clock time) and in which order each is granted. */
function acquireMany(limiter: SlidingWindowRateLimiter, clock: ManualClock, n: number, waits: number[][] = []) {
  const granted: { caller: number; at: number }[] = [];
  const promises = Array.from({ length: n }, (_, caller) => {
    waits[caller] = [];
    return limiter
      .acquire({ onWait: (ms) => waits[caller]!.push(ms) })
      .then(() => granted.push({ caller, at: clock.now() }));
  });
  return { granted, all: Promise.all(promises) };
}

describe('SlidingWindowRateLimiter', () => {
  it('lets `limit` calls go at once and holds the next until the oldest leaves the window', async () => {
    const clock = new ManualClock();
    const start = clock.now();
    const limiter = new SlidingWindowRateLimiter({ limit: 5, windowMs: MINUTE, clock });
    const { granted } = acquireMany(limiter, clock, 7);
    await flushPromises();
    expect(granted.map((g) => g.caller)).toEqual([0, 1, 2, 3, 4]);
    expect(limiter.queued).toBe(2);

    await clock.advance(MINUTE - 1);
    expect(granted).toHaveLength(5);
    await clock.advance(1);
    expect(granted.map((g) => g.at - start)).toEqual([0, 0, 0, 0, 0, MINUTE, MINUTE]);
  });

  it('grants in arrival order (FIFO) however many callers queue', async () => {
    const clock = new ManualClock();
    const limiter = new SlidingWindowRateLimiter({ limit: 2, windowMs: 1_000, clock });
    const { granted, all } = acquireMany(limiter, clock, 9);
    await clock.advance(4_000);
    await all;
    expect(granted.map((g) => g.caller)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('never grants more than `limit` calls in any window, whenever callers arrive', async () => {
    const clock = new ManualClock();
    const limiter = new SlidingWindowRateLimiter({ limit: 3, windowMs: 10_000, clock });
    const grants: number[] = [];
    const pending: Promise<void>[] = [];
    // Arrivals at irregular moments (a fixed pseudo-random pattern).
    const gaps = [0, 100, 2_500, 0, 7_000, 300, 0, 12_000, 50, 50, 50, 9_000, 1_000, 0, 0, 4_000];
    for (const gap of gaps) {
      await clock.advance(gap);
      pending.push(limiter.acquire().then(() => void grants.push(clock.now())));
    }
    await clock.advance(100_000);
    await Promise.all(pending);
    expect(grants).toHaveLength(gaps.length);
    for (let i = 3; i < grants.length; i++) expect(grants[i]! - grants[i - 3]!).toBeGreaterThanOrEqual(10_000);
  });

  it('tells waiting callers how long their turn will take, by queue position', async () => {
    const clock = new ManualClock();
    const limiter = new SlidingWindowRateLimiter({ limit: 2, windowMs: MINUTE, clock });
    const waits: number[][] = [];
    acquireMany(limiter, clock, 5, waits);
    await flushPromises();
    expect(waits).toEqual([[], [], [MINUTE], [MINUTE], [2 * MINUTE]]);
  });

  it('pauseUntil holds every caller, even with free slots, and reports the new wait', async () => {
    const clock = new ManualClock();
    const limiter = new SlidingWindowRateLimiter({ limit: 10, windowMs: MINUTE, clock });
    await limiter.acquire();
    limiter.pauseUntil(clock.now() + 12_000);
    const waits: number[][] = [];
    const { granted } = acquireMany(limiter, clock, 2, waits);
    await flushPromises();
    expect(granted).toHaveLength(0);
    expect(waits).toEqual([[12_000], [12_000]]);
    await clock.advance(12_000);
    expect(granted.map((g) => g.caller)).toEqual([0, 1]);
  });

  it('a pause that grows while callers wait is honoured', async () => {
    const clock = new ManualClock();
    const start = clock.now();
    const limiter = new SlidingWindowRateLimiter({ limit: 10, windowMs: MINUTE, clock });
    limiter.pauseUntil(start + 5_000);
    const { granted } = acquireMany(limiter, clock, 1);
    await clock.advance(1_000);
    limiter.pauseUntil(start + 20_000);
    limiter.pauseUntil(start + 10_000); // an earlier time never shortens the pause
    await clock.advance(10_000);
    expect(granted).toHaveLength(0);
    await clock.advance(9_000);
    expect(granted.map((g) => g.at - start)).toEqual([20_000]);
  });

  it('a caller that gives up leaves the queue without taking a slot', async () => {
    const clock = new ManualClock();
    const limiter = new SlidingWindowRateLimiter({ limit: 1, windowMs: 1_000, clock });
    await limiter.acquire();
    const quitter = new AbortController();
    const gaveUp = limiter.acquire({ signal: quitter.signal });
    const patient = limiter.acquire().then(() => clock.now());
    const start = clock.now();
    quitter.abort(new Error('user cancelled'));
    await expect(gaveUp).rejects.toThrow('user cancelled');
    expect(limiter.queued).toBe(1);
    await clock.advance(1_000);
    // The slot at +1 s goes to the next caller, not to the one who left.
    expect((await patient) - start).toBe(1_000);
  });

  it('stops its timer when every waiter has given up', async () => {
    const clock = new ManualClock();
    const limiter = new SlidingWindowRateLimiter({ limit: 1, windowMs: MINUTE, clock });
    await limiter.acquire();
    const quitter = new AbortController();
    const waiting = limiter.acquire({ signal: quitter.signal });
    await flushPromises();
    expect(clock.pendingSleeps).toBe(1);
    quitter.abort(new Error('bye'));
    await expect(waiting).rejects.toThrow('bye');
    await flushPromises();
    expect(clock.pendingSleeps).toBe(0);
  });

  it('adds the safety margin to the window', async () => {
    const clock = new ManualClock();
    const start = clock.now();
    const limiter = new SlidingWindowRateLimiter({ limit: 1, windowMs: 1_000, marginMs: 250, clock });
    await limiter.acquire();
    const second = limiter.acquire().then(() => clock.now() - start);
    await clock.advance(2_000);
    expect(await second).toBe(1_250);
  });

  it('rejects a limit below 1', () => {
    expect(() => new SlidingWindowRateLimiter({ limit: 0 })).toThrow(RangeError);
  });
});
