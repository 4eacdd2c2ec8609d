/**
 * A status line that follows a long fetch by editing one message, without
 * tripping Discord's rate limit on edits (5 per 5 s per message): at most one
 * edit per `minIntervalMs`, the newest text wins, edits never overlap, and
 * nothing is sent after close() so the final report is never overwritten.
 */
export class StatusLine {
  #pending: string | undefined;
  #shown: string | undefined;
  #lastEditAt = Number.NEGATIVE_INFINITY;
  #timer: NodeJS.Timeout | undefined;
  #inFlight: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(
    private readonly edit: (text: string) => Promise<unknown>,
    private readonly onError: (error: unknown) => void,
    private readonly minIntervalMs = 1500,
    private readonly nowMs: () => number = Date.now,
  ) {}

  update(text: string): void {
    if (this.#closed || text === this.#shown) return;
    this.#pending = text;
    if (this.#timer !== undefined) return;
    const wait = Math.max(0, this.#lastEditAt + this.minIntervalMs - this.nowMs());
    this.#timer = setTimeout(() => this.#flush(), wait);
  }

  #flush(): void {
    this.#timer = undefined;
    const text = this.#pending;
    if (this.#closed || text === undefined) return;
    this.#pending = undefined;
    this.#lastEditAt = this.nowMs();
    this.#shown = text;
    this.#inFlight = this.#inFlight
      .then(() => this.edit(text))
      .then(
        () => undefined,
        (error: unknown) => this.onError(error),
      );
  }

  /** Stops further edits and waits for the one in flight, so the caller's next edit lands last. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#inFlight;
  }
}
