import { dirname, resolve } from 'node:path';
import { StorageFaultError } from './durable-write.js';

/**
 * What raised a fault: a real write of a data file, or the writability probe
 * (Store#checkWritable: a two-byte file written, fsynced, renamed and removed
 * in DATA_DIR).
 */
export type StorageFaultSource = 'write' | 'probe';

/** The latest storage fault (cleared by the next write that succeeds), for /retention subscriptions and alerts. */
export interface StorageFaultRecord {
  error: StorageFaultError;
  at: Date;
  source: StorageFaultSource;
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

  /** Called with every failed write (or probe); only storage faults are recorded. */
  failed(error: unknown, source: StorageFaultSource = 'write'): void {
    if (!(error instanceof StorageFaultError)) return;
    const isNew = this.#fault === null || this.#fault.error.kind !== error.kind;
    // A failed probe does not stand in for an outstanding failed write: only
    // a real write that succeeds may clear that one (see probeSucceeded).
    const kept: StorageFaultSource = this.#fault?.source === 'write' ? 'write' : source;
    this.#fault = { error, at: this.now(), source: kept };
    if (!isNew) return;
    for (const listener of this.#listeners) {
      try {
        listener(this.#fault);
      } catch {
        // An alert that fails must not turn a storage fault into a crash.
      }
    }
  }

  /** A real write succeeded: the data folder takes writes, whatever failed before. */
  succeeded(): void {
    this.#fault = null;
  }

  /**
   * The writability probe passed in `dir`. It clears a fault the probe itself
   * raised: the same check now passes, so the condition is gone (without this,
   * /readyz stayed 503 after the disk was fixed until some data file happened
   * to be written, which can be a week away).
   *
   * A fault from a failed real write stays until a real write succeeds,
   * unless the probe passing shows that its condition is gone:
   * - full: a two-byte probe fitting says nothing about a data file of several
   *   MB fitting; the write would fail again.
   * - denied: the failing step may be one the probe does not take (reading
   *   the data file itself before its .bak is made, a file in
   *   DATA_DIR/snapshots, which the probe does not touch).
   * - read-only, on a file directly in `dir`: the same condition. A read-only
   *   mount refuses every write in the folder, and the probe does every step
   *   such a write does there (create a temporary file, write, fsync, rename,
   *   fsync the folder); the probe passing means the mount takes writes again.
   */
  probeSucceeded(dir: string): void {
    const fault = this.#fault;
    if (fault === null) return;
    const sameCondition =
      fault.source === 'probe' ||
      (fault.error.kind === 'read-only' && dirname(resolve(fault.error.path)) === resolve(dir));
    if (sameCondition) this.#fault = null;
  }

  onFault(listener: (fault: StorageFaultRecord) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
