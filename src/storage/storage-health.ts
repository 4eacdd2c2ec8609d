import { StorageFaultError } from './durable-write.js';

/** The latest storage fault (cleared by the next write that succeeds), for /retention subscriptions and alerts. */
export interface StorageFaultRecord {
  error: StorageFaultError;
  at: Date;
}

/**
 * Whether the data folder currently takes writes. Every data file reports
 * its writes here; listeners (the operator alert) hear of each new fault.
 */
export class StorageHealth {
  #fault: StorageFaultRecord | null = null;
  readonly #listeners = new Set<(fault: StorageFaultRecord) => void>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  get fault(): StorageFaultRecord | null {
    return this.#fault;
  }

  /** Called with every failed write; only storage faults are recorded. */
  failed(error: unknown): void {
    if (!(error instanceof StorageFaultError)) return;
    const isNew = this.#fault === null || this.#fault.error.kind !== error.kind;
    this.#fault = { error, at: this.now() };
    if (!isNew) return;
    for (const listener of this.#listeners) {
      try {
        listener(this.#fault);
      } catch {
        // An alert that fails must not turn a storage fault into a crash.
      }
    }
  }

  succeeded(): void {
    this.#fault = null;
  }

  onFault(listener: (fault: StorageFaultRecord) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
