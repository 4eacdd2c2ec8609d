import { StorageFaultError } from './durable-write.js';
/**
 * Whether the data folder currently takes writes. Every data file reports
 * its writes here; listeners (the operator alert) hear of each new fault.
 */
export class StorageHealth {
    now;
    #fault = null;
    #listeners = new Set();
    constructor(now = () => new Date()) {
        this.now = now;
    }
    get fault() {
        return this.#fault;
    }
    /** Called with every failed write; only storage faults are recorded. */
    failed(error) {
        if (!(error instanceof StorageFaultError))
            return;
        const isNew = this.#fault === null || this.#fault.error.kind !== error.kind;
        this.#fault = { error, at: this.now() };
        if (!isNew)
            return;
        for (const listener of this.#listeners) {
            try {
                listener(this.#fault);
            }
            catch {
                // An alert that fails must not turn a storage fault into a crash.
            }
        }
    }
    succeeded() {
        this.#fault = null;
    }
    onFault(listener) {
        this.#listeners.add(listener);
        return () => this.#listeners.delete(listener);
    }
}
//# sourceMappingURL=storage-health.js.map