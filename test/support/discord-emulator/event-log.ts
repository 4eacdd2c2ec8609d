import { realClearTimeout, realSetTimeout } from './clock.js';

interface Waiter<T> {
  readonly predicate: (item: T) => boolean;
  readonly resolve: (item: T) => void;
  readonly reject: (error: Error) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

/**
 * An append-only log whose readers wait for an entry by predicate: past entries are searched
 * first, then the waiter is woken by the append that matches. No polling.
 */
export class EventLog<T> {
  readonly #items: T[] = [];
  readonly #waiters = new Set<Waiter<T>>();

  constructor(private readonly describe: (item: T) => string) {}

  get items(): readonly T[] {
    return this.#items;
  }

  readonly #listeners = new Set<(item: T) => void>();

  /** Calls `listener` with every entry appended from now on; returns the unsubscribe. */
  subscribe(listener: (item: T) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  push(item: T): void {
    this.#items.push(item);
    for (const listener of [...this.#listeners]) listener(item);
    for (const waiter of [...this.#waiters]) {
      let matched = false;
      try {
        matched = waiter.predicate(item);
      } catch (error) {
        this.#settle(waiter);
        waiter.reject(error instanceof Error ? error : new Error(String(error)));
        continue;
      }
      if (matched) {
        this.#settle(waiter);
        waiter.resolve(item);
      }
    }
  }

  /** Resolves with the first entry, past or future, that matches. */
  waitFor(predicate: (item: T) => boolean, timeoutMs: number, what: string): Promise<T> {
    const existing = this.#items.find(predicate);
    if (existing !== undefined) return Promise.resolve(existing);
    return this.waitForNext(predicate, timeoutMs, what);
  }

  /** Resolves with the first matching entry appended from now on. */
  waitForNext(predicate: (item: T) => boolean, timeoutMs: number, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = realSetTimeout(() => {
        this.#waiters.delete(waiter);
        const recent = this.#items.slice(-15).map(this.describe).join('\n  ');
        reject(
          new Error(`Timed out after ${timeoutMs} ms waiting for ${what}. Last entries:\n  ${recent || '(none)'}`),
        );
      }, timeoutMs);
      const waiter: Waiter<T> = { predicate, resolve, reject, timer };
      this.#waiters.add(waiter);
    });
  }

  /** Rejects every pending waiter (on emulator stop) so no test hangs on a dead emulator. */
  rejectAll(reason: string): void {
    for (const waiter of [...this.#waiters]) {
      this.#settle(waiter);
      waiter.reject(new Error(reason));
    }
  }

  #settle(waiter: Waiter<T>): void {
    realClearTimeout(waiter.timer);
    this.#waiters.delete(waiter);
  }
}
