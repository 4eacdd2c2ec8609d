import { request, type Dispatcher } from 'undici';

/**
 * One HTTP round trip to Scavio and what its headers ask of us. No retries and
 * no judgement of the status here: the client decides what an answer means.
 * The API key goes into the Authorization header and nowhere else.
 */

export type ResponseHeaders = Record<string, string | string[] | undefined>;

export interface HttpOutcome {
  status: number;
  headers: ResponseHeaders;
  /** Parsed JSON body, or undefined when the body was not JSON. */
  json: unknown;
}

export interface PostJsonOptions {
  apiKey: string;
  /** One limit for the whole answer, headers and body together. */
  timeoutMs: number;
  /** Largest body read; a bigger answer is refused (ResponseTooLargeError) without being held in memory. */
  maxResponseBytes: number;
  signal: AbortSignal | undefined;
  dispatcher: Dispatcher | undefined;
}

/** The call got no complete answer: refused, reset, or past the timeout. */
export class TransportError extends Error {
  constructor(
    readonly timedOut: boolean,
    options: { cause: unknown },
  ) {
    super(timedOut ? 'timeout' : 'network error', options);
    this.name = 'TransportError';
  }
}

/** The answer's body is larger than the cap; it was not read past the cap. */
export class ResponseTooLargeError extends Error {
  constructor(
    readonly limitBytes: number,
    /** The size the server declared (Content-Length), where it did. */
    readonly declaredBytes: number | undefined,
  ) {
    super(`response larger than ${limitBytes} bytes`);
    this.name = 'ResponseTooLargeError';
  }
}

/** Reads a body up to `limit` bytes; past it, stops reading and throws (the rest is never buffered). */
async function readCapped(body: Dispatcher.ResponseData['body'], limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
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
export async function postJson(url: string, body: object, options: PostJsonOptions): Promise<HttpOutcome> {
  const { apiKey, timeoutMs, signal, dispatcher, maxResponseBytes } = options;
  const timeout = AbortSignal.timeout(timeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  let status: number;
  let headers: ResponseHeaders;
  let text: string;
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
  } catch (error) {
    if (error instanceof ResponseTooLargeError) throw error;
    throw new TransportError(timeout.aborted, { cause: error });
  }
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status, headers, json };
}

function header(headers: ResponseHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * How long the server asks us to wait: Retry-After (seconds or an HTTP date),
 * else X-RateLimit-Reset (seconds from now, or epoch seconds when it is that large).
 */
export function retryAfterMs(headers: ResponseHeaders, nowMs: number): number | undefined {
  const retryAfter = header(headers, 'retry-after')?.trim();
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.ceil(Number(retryAfter) * 1000);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - nowMs);
  }
  const reset = header(headers, 'x-ratelimit-reset')?.trim();
  if (reset && /^\d+(\.\d+)?$/.test(reset)) {
    const value = Number(reset);
    return value > 1_000_000_000 ? Math.max(0, Math.ceil(value * 1000 - nowMs)) : Math.ceil(value * 1000);
  }
  return undefined;
}
