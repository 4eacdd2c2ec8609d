/**
 * A status line that follows a long fetch by editing one message, without
 * tripping Discord's rate limit on edits (5 per 5 s per message): at most one
 * edit per `minIntervalMs`, the newest text wins, edits never overlap, and
 * nothing is sent after close() so the final report is never overwritten.
 */
export class StatusLine {
    edit;
    onError;
    minIntervalMs;
    nowMs;
    #pending;
    #shown;
    #lastEditAt = Number.NEGATIVE_INFINITY;
    #timer;
    #inFlight = Promise.resolve();
    #closed = false;
    constructor(edit, onError, minIntervalMs = 1500, nowMs = Date.now) {
        this.edit = edit;
        this.onError = onError;
        this.minIntervalMs = minIntervalMs;
        this.nowMs = nowMs;
    }
    update(text) {
        if (this.#closed || text === this.#shown)
            return;
        this.#pending = text;
        if (this.#timer !== undefined)
            return;
        const wait = Math.max(0, this.#lastEditAt + this.minIntervalMs - this.nowMs());
        this.#timer = setTimeout(() => this.#flush(), wait);
    }
    #flush() {
        this.#timer = undefined;
        const text = this.#pending;
        if (this.#closed || text === undefined)
            return;
        this.#pending = undefined;
        this.#lastEditAt = this.nowMs();
        this.#shown = text;
        this.#inFlight = this.#inFlight
            .then(() => this.edit(text))
            .then(() => undefined, (error) => this.onError(error));
    }
    /** Stops further edits and waits for the one in flight, so the caller's next edit lands last. */
    async close() {
        this.#closed = true;
        clearTimeout(this.#timer);
        this.#timer = undefined;
        await this.#inFlight;
    }
}
//# sourceMappingURL=status-line.js.map