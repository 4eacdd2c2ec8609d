/**
 * Why a signal was aborted, as an Error for a promise to reject with.
 * AbortController.abort() gives a DOMException (an Error) and our callers abort
 * with Errors, which pass through unchanged; anything else is wrapped and kept
 * as the cause, so every rejection carries a message and a stack.
 */
export function abortReason(signal) {
    const reason = signal.reason;
    return reason instanceof Error ? reason : new Error('The operation was aborted', { cause: reason });
}
//# sourceMappingURL=abort-reason.js.map