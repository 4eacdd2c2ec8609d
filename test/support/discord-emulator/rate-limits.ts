import { createHash } from 'node:crypto';
import type { RateLimitOptions, RequestLike, RequestMatcher, RequestMatcherFields } from './types.js';

export interface RateLimitHandle {
  /** Resolves with the last request answered 429 once all `times` 429s were sent. Never rejects. */
  readonly triggered: Promise<RequestLike>;
  /** How many 429s are still to be sent. */
  remaining(): number;
  /** Stops injecting (remaining requests go through). */
  cancel(): void;
}

interface Rule {
  readonly matches: (request: RequestLike) => boolean;
  readonly options: Required<RateLimitOptions>;
  remaining: number;
  readonly resolve: (request: RequestLike) => void;
}

export interface RateLimitAnswer {
  readonly headers: Record<string, string>;
  readonly body: { message: string; retry_after: number; global: boolean; code?: number };
}

/** Whether a request (pending or recorded) matches a field matcher or a predicate. */
export function requestMatches<T extends RequestLike>(
  matcher: RequestMatcherFields | ((request: T) => boolean),
  request: T,
): boolean {
  if (typeof matcher === 'function') return matcher(request);
  const test = (pattern: string | RegExp | undefined, value: string | null): boolean =>
    pattern === undefined ||
    (value !== null && (typeof pattern === 'string' ? pattern === value : pattern.test(value)));
  return (
    (matcher.method === undefined || matcher.method.toUpperCase() === request.method) &&
    test(matcher.route, request.route) &&
    test(matcher.path, request.path)
  );
}

/** Answers chosen requests with Discord's 429, so tests can prove the client waits and retries. */
export class RateLimitInjector {
  readonly #rules: Rule[] = [];

  add(matcher: RequestMatcher, options: RateLimitOptions = {}): RateLimitHandle {
    let resolve: (request: RequestLike) => void = () => undefined;
    const triggered = new Promise<RequestLike>((r) => {
      resolve = r;
    });
    const rule: Rule = {
      matches: (request) => requestMatches(matcher, request),
      options: {
        retryAfter: options.retryAfter ?? 0.05,
        global: options.global ?? false,
        scope: options.scope ?? (options.global ? 'global' : 'user'),
        times: options.times ?? 1,
      },
      remaining: options.times ?? 1,
      resolve,
    };
    this.#rules.push(rule);
    return {
      triggered,
      remaining: () => rule.remaining,
      cancel: () => {
        rule.remaining = 0;
      },
    };
  }

  /** The 429 to answer for this request, or null to let it through. */
  take(request: RequestLike, nowMs: number): RateLimitAnswer | null {
    const rule = this.#rules.find((r) => r.remaining > 0 && r.matches(request));
    if (!rule) return null;
    rule.remaining -= 1;
    if (rule.remaining === 0) rule.resolve(request);
    const { retryAfter, global, scope } = rule.options;
    // Real Discord rounds the Retry-After header up to whole seconds and puts the float in the
    // body; the emulator sends the float in both so a retry in a test costs milliseconds.
    const headers: Record<string, string> = {
      'retry-after': String(retryAfter),
      'x-ratelimit-scope': scope,
    };
    if (global) {
      headers['x-ratelimit-global'] = 'true';
    } else {
      headers['x-ratelimit-limit'] = '5';
      headers['x-ratelimit-remaining'] = '0';
      headers['x-ratelimit-reset'] = ((nowMs + retryAfter * 1000) / 1000).toFixed(3);
      headers['x-ratelimit-reset-after'] = String(retryAfter);
      headers['x-ratelimit-bucket'] = createHash('sha1')
        .update(`${request.method} ${request.route ?? request.path}`)
        .digest('hex')
        .slice(0, 32);
    }
    return {
      headers,
      body: { message: 'You are being rate limited.', retry_after: retryAfter, global, ...(global ? { code: 0 } : {}) },
    };
  }
}
