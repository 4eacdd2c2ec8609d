/**
 * The progress a catalog fetch reports, and FetchRun: one fetch's running
 * totals (calls, credits, pages, videos), turned into progress reports.
 */
export class FetchRun {
    username;
    maxVideos;
    listener;
    calls = 0;
    creditsUsed = 0;
    creditsRemaining = null;
    pages = 0;
    videosSoFar = 0;
    expectedVideos = null;
    /** The fetch's place in the rate limiter's line. */
    ticket;
    constructor(username, maxVideos, listener) {
        this.username = username;
        this.maxVideos = maxVideos;
        this.listener = listener;
    }
    emit(phase, extra = {}) {
        if (!this.listener)
            return;
        const expected = this.expectedVideos === null ? null : Math.max(this.expectedVideos, this.videosSoFar);
        try {
            this.listener({
                phase,
                username: this.username,
                videosSoFar: this.videosSoFar,
                expectedVideos: expected,
                maxVideos: this.maxVideos,
                pages: this.pages,
                calls: this.calls,
                creditsUsed: this.creditsUsed,
                ...extra,
            });
        }
        catch {
            // A broken progress display must not break the fetch it reports on.
        }
    }
}
//# sourceMappingURL=scavio-fetch-run.js.map