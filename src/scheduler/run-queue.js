/**
 * A FIFO queue of async jobs run one at a time, de-duplicated by key.
 *
 * The cron tick only enqueues; the work (fetch, snapshot, post) runs here.
 * A job whose key is already queued or running is not added again: the caller
 * gets the pending job's promise. So a tick that finds a subscription still
 * due while last tick's run of it is in progress does not run it twice.
 */
export class RunQueue {
    #waiting = [];
    #pending = new Map();
    #running = false;
    #idleWaiters = [];
    /**
     * Adds a job, or returns the pending promise of the job with the same key.
     * The promise rejects with the job's error: callers must handle it.
     */
    enqueue(key, run) {
        const existing = this.#pending.get(key);
        if (existing !== undefined)
            return existing;
        let resolve;
        let reject;
        const promise = new Promise((res, rej) => {
            resolve = res;
            reject = rej;
        });
        const job = { key, run, resolve, reject };
        this.#pending.set(key, promise);
        this.#waiting.push(job);
        void this.#drain();
        return promise;
    }
    /** Whether a job with this key is queued or running. */
    has(key) {
        return this.#pending.has(key);
    }
    /** Jobs queued or running. */
    get size() {
        return this.#pending.size;
    }
    /** Resolves once nothing is queued or running. */
    onIdle() {
        if (this.#pending.size === 0)
            return Promise.resolve();
        return new Promise((resolve) => this.#idleWaiters.push(resolve));
    }
    async #drain() {
        if (this.#running)
            return;
        this.#running = true;
        try {
            for (let job = this.#waiting.shift(); job !== undefined; job = this.#waiting.shift()) {
                try {
                    job.resolve(await job.run());
                }
                catch (error) {
                    // One failed job never stops the others; its caller gets the error.
                    job.reject(error);
                }
                finally {
                    this.#pending.delete(job.key);
                }
            }
        }
        finally {
            this.#running = false;
        }
        const waiters = this.#idleWaiters;
        this.#idleWaiters = [];
        for (const wake of waiters)
            wake();
    }
}
//# sourceMappingURL=run-queue.js.map