import { abortReason } from './abort-reason.js';

/**
 * Time as the Scavio client, the rate limiter and the catalog cache see it.
 *
 * Everything that waits or reads the time takes a Clock so tests can run a
 * minute of rate limiting in microseconds (an auto-advancing virtual clock)
 * instead of sleeping. Request timeouts are deliberately NOT on this clock:
 * they bound real I/O and use real timers.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason if aborted first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortReason(signal));
        return;
      }
      const onAbort = (): void => {
        clearTimeout(timer);
        if (signal) reject(abortReason(signal));
      };
      const timer = setTimeout(
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};
