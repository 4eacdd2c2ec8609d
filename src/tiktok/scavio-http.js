import { request } from 'undici';
/** The call got no complete answer: refused, reset, or past the timeout. */
export class TransportError extends Error {
    timedOut;
    constructor(timedOut, options) {
        super(timedOut ? 'timeout' : 'network error', options);
        this.timedOut = timedOut;
        this.name = 'TransportError';
    }
}
/** The answer's body is larger than the cap; it was not read past the cap. */
export class ResponseTooLargeError extends Error {
    limitBytes;
    declaredBytes;
    constructor(limitBytes, 
    /** The size the server declared (Content-Length), where it did. */
    declaredBytes) {
        super(`response larger than ${limitBytes} bytes`);
        this.limitBytes = limitBytes;
        this.declaredBytes = declaredBytes;
        this.name = 'ResponseTooLargeError';
    }
}
/** Reads a body up to `limit` bytes; past it, stops reading and throws (the rest is never buffered). */
async function readCapped(body, limit) {
    const chunks = [];
    let size = 0;
    for await (const chunk of body) {
        size += chunk.length;
        if (size > limit) {
            body.destroy();
            throw new ResponseTooLargeError(limit, undefined);
        }
        chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString('utf8');
}
/** POSTs `body` as JSON; any answer, whatever its status, resolves. Throws TransportError when there was none. */
export async function postJson(url, body, options) {
    const { apiKey, timeoutMs, signal, dispatcher, maxResponseBytes } = options;
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    let status;
    let headers;
    let text;
    try {
        const response = await request(url, {
            method: 'POST',
            headers: {
                authorization: `Bearer ${apiKey}`,
                'content-type': 'application/json',
                accept: 'application/json',
            },
            body: JSON.stringify(body),
            signal: combined,
            ...(dispatcher ? { dispatcher } : {}),
        });
        status = response.statusCode;
        headers = response.headers;
        const declared = Number(header(headers, 'content-length'));
        if (Number.isFinite(declared) && declared > maxResponseBytes) {
            response.body.destroy();
            throw new ResponseTooLargeError(maxResponseBytes, declared);
        }
        // Reading the body is under the same timeout signal: a server that stalls mid-body is a timeout too.
        text = await readCapped(response.body, maxResponseBytes);
    }
    catch (error) {
        if (error instanceof ResponseTooLargeError)
            throw error;
        throw new TransportError(timeout.aborted, { cause: error });
    }
    let json;
    try {
        json = text === '' ? undefined : JSON.parse(text);
    }
    catch {
        json = undefined;
    }
    return { status, headers, json };
}
function header(headers, name) {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
}
/**
 * How long the server asks us to wait: Retry-After (seconds or an HTTP date),
 * else X-RateLimit-Reset (seconds from now, or epoch seconds when it is that large).
 */
export function retryAfterMs(headers, nowMs) {
    const retryAfter = header(headers, 'retry-after')?.trim();
    if (retryAfter) {
        if (/^\d+(\.\d+)?$/.test(retryAfter))
            return Math.ceil(Number(retryAfter) * 1000);
        const date = Date.parse(retryAfter);
        if (!Number.isNaN(date))
            return Math.max(0, date - nowMs);
    }
    const reset = header(headers, 'x-ratelimit-reset')?.trim();
    if (reset && /^\d+(\.\d+)?$/.test(reset)) {
        const value = Number(reset);
        return value > 1_000_000_000 ? Math.max(0, Math.ceil(value * 1000 - nowMs)) : Math.ceil(value * 1000);
    }
    return undefined;
}
//# sourceMappingURL=scavio-http.js.map