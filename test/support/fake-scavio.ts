import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback stand-in for Scavio's TikTok API, serving the documented shapes
 * (test/fixtures/scavio/) from catalogs a test loads, with switches for
 * every way the real service misbehaves. The product talks to it through its
 * real client and a base URL, exactly as in production.
 */

const FIXTURES = new URL('../fixtures/', import.meta.url);

/** Error bodies by HTTP status, as documented (errors.json). */
export const SCAVIO_ERRORS = JSON.parse(readFileSync(new URL('scavio/errors.json', FIXTURES), 'utf8')) as Record<
  string,
  { error: { code: string; message: string; billing_url?: string }; headers?: Record<string, string> }
>;

/** A record of test/fixtures/catalogs/*.json (flat field names of the original script). */
export type FlatRecord = Record<string, unknown>;

export function loadFlatCatalog(name: string): FlatRecord[] {
  const parsed = JSON.parse(readFileSync(new URL(`catalogs/${name}.json`, FIXTURES), 'utf8')) as {
    videos: FlatRecord[];
  };
  return parsed.videos;
}

export function loadScavioFixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`scavio/${name}.json`, FIXTURES), 'utf8'));
}

/**
 * A flat fixture record as Scavio sends it: an aweme item with durations in
 * milliseconds, counters under `statistics`, hashtags in `text_extra` and the
 * sound in `music.title`. Values keep their quirks (numeric strings, missing
 * counters) so the normalizer meets them through this path too.
 */
export function awemeFromFlat(record: FlatRecord, username: string): Record<string, unknown> {
  const statistics: Record<string, unknown> = {};
  for (const key of ['play_count', 'digg_count', 'comment_count', 'share_count']) {
    if (record[key] !== undefined) statistics[key] = record[key];
  }
  statistics.collect_count = 0;
  const item: Record<string, unknown> = { aweme_id: record.id, desc: record.desc };
  if (record.create_time !== undefined) item.create_time = record.create_time;
  item.author = { unique_id: username };
  item.statistics = statistics;
  if (record.duration !== undefined) {
    const ms = Math.round(Number(record.duration) * 1000);
    item.duration = ms;
    item.video = { duration: ms, width: 1080, height: 1920 };
  }
  if (Array.isArray(record.hashtags)) {
    item.text_extra = record.hashtags.map((tag: unknown) => ({ type: 1, hashtag_name: tag }));
  }
  if (record.music !== undefined) item.music = { title: record.music, author: username };
  return item;
}

/** `count` synthetic, well-formed aweme items (for benches and big catalogs). */
export function syntheticAwemes(count: number, username: string): Record<string, unknown>[] {
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const plays = 1_000 + ((i * 7919) % 90_000);
    items.push(
      awemeFromFlat(
        {
          id: String(7_400_000_000_000_000_000n + BigInt(i)),
          desc: `video ${i} #tag${i % 7}`,
          duration: 5 + (i % 170),
          play_count: plays,
          digg_count: Math.floor(plays * (0.02 + (i % 13) / 100)),
          comment_count: Math.floor(plays * 0.004),
          share_count: Math.floor(plays * ((i % 5) / 500)),
          create_time: 1_735_000_000 + i * 86_400,
          hashtags: [`tag${i % 7}`],
          music: i % 3 === 0 ? 'original sound' : `track ${i % 11}`,
        },
        username,
      ),
    );
  }
  return items;
}

export interface FakeAccount {
  username: string;
  /** Aweme items, newest first, as Scavio pages them. */
  videos: unknown[];
  followers?: number;
  /** What the profile reports as the video count; default videos.length. */
  awemeCount?: number;
  /** Reported with TikTok's `secret: true`; its posts come back empty. */
  private?: boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  /** Parsed JSON body, or the raw text when it was not JSON. */
  body: unknown;
  authorization: string | undefined;
  /** Arrival time on the server's clock. */
  at: number;
  status: number;
}

export interface FakeScavioSwitches {
  /** Sliding window over accepted calls; past it: 429 with Retry-After and X-RateLimit-* headers. */
  rateLimit: { limit: number; windowMs: number } | null;
  /** Real delay before every answer. */
  latencyMs: number;
  /**
   * Posts requests nth..nth+times-1 (1-based, counting every posts request) answer
   * this status (errors.json body); times defaults to 1.
   */
  failPostsRequest: { nth: number; status: number; times?: number } | null;
  /** The n-th posts request waits this long (real time) before answering. */
  slowPostsRequest: { nth: number; delayMs: number } | null;
  /** The n-th posts request answers 200 with a broken envelope. */
  malformedPostsRequest: { nth: number; kind: 'shape' | 'not-json' } | null;
  /** How an unknown username is answered: HTTP 404, or 200 with `data.user: null`. */
  unknownUser: 'http-404' | 'null-user';
  /** A careless provider: its 401 message repeats the key it was sent. */
  echoKeyIn401: boolean;
  /** From the n-th posts request on, the page's max_cursor is the cursor it was asked for: the cursor never advances. */
  repeatCursorFrom: number | null;
  /** Posts requests nth..nth+times-1 answer an empty aweme_list that still says has_more: 1 (same cursor back). */
  emptyPagesClaimingMore: { nth: number; times: number } | null;
  /** The n-th posts request answers a well-formed page padded to about `bytes` bytes. */
  hugePage: { nth: number; bytes: number; declareLength: boolean } | null;
}

export interface FakeScavioOptions {
  apiKey: string;
  accounts?: FakeAccount[];
  /** Starting credit balance; a call past it answers 402. */
  credits?: number;
  /** The time arrivals and the rate limit are measured in; default Date.now. */
  clock?: { now(): number };
  switches?: Partial<FakeScavioSwitches>;
}

export interface FakeScavio {
  baseUrl: string;
  /** Every request received, in arrival order. */
  readonly requests: RecordedRequest[];
  readonly switches: FakeScavioSwitches;
  /** Credits charged (1 per successful call) and left. */
  readonly credits: { used: number; remaining: number };
  addAccount(account: FakeAccount): void;
  /** Calls `listener` with every request from now on, as it arrives (before it is answered); returns the unsubscribe. */
  onRequest(listener: (request: RecordedRequest) => void): () => void;
  /** Requests whose path ends with the given endpoint ('profile' or 'user/posts'). */
  requestsTo(endpoint: 'profile' | 'user/posts'): RecordedRequest[];
  close(): Promise<void>;
}

const PROFILE_PATH = '/api/v1/tiktok/profile';
const POSTS_PATH = '/api/v1/tiktok/user/posts';
const MAX_PAGE = 30;
/** Cursors look like TikTok's (ms timestamps) and are opaque to the client. */
const CURSOR_BASE = 1_794_395_200_000;

export async function startFakeScavio(options: FakeScavioOptions): Promise<FakeScavio> {
  const clock = options.clock ?? { now: () => Date.now() };
  const accounts = new Map<string, FakeAccount>();
  const bySecUid = new Map<string, FakeAccount>();
  const requests: RecordedRequest[] = [];
  const listeners = new Set<(request: RecordedRequest) => void>();
  const credits = { used: 0, remaining: options.credits ?? 10_000 };
  const switches: FakeScavioSwitches = {
    rateLimit: null,
    latencyMs: 0,
    failPostsRequest: null,
    slowPostsRequest: null,
    malformedPostsRequest: null,
    unknownUser: 'http-404',
    echoKeyIn401: false,
    repeatCursorFrom: null,
    emptyPagesClaimingMore: null,
    hugePage: null,
    ...options.switches,
  };
  /** Arrival times of calls that counted against the rate limit. */
  const accepted: number[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let postsSeen = 0;

  const addAccount = (account: FakeAccount): void => {
    accounts.set(account.username.toLowerCase(), account);
    bySecUid.set(secUidOf(account), account);
  };
  for (const account of options.accounts ?? []) addAccount(account);

  const delay = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      if (ms <= 0) return resolve();
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const at = clock.now();
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // kept as text; answered 400 below
      }
      const record: RecordedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        body,
        authorization: req.headers.authorization,
        at,
        status: 0,
      };
      requests.push(record);
      for (const listener of [...listeners]) listener(record);
      const answer = decide(record);
      record.status = answer.status;
      void delay(switches.latencyMs + answer.extraDelayMs).then(() => {
        if (res.destroyed) return;
        res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
        if (answer.stream === undefined) return void res.end(answer.body);
        // A huge page is written in pieces (as a real server streams it): a client that stops reading stops it.
        const { head, pad, tail } = answer.stream;
        res.write(head);
        let left = pad;
        const piece = ' '.repeat(64 * 1024);
        const pump = (): void => {
          while (left > 0 && !res.destroyed) {
            const n = Math.min(left, piece.length);
            left -= n;
            if (!res.write(piece.slice(0, n))) return void res.once('drain', pump);
          }
          if (!res.destroyed) res.end(tail);
        };
        pump();
      });
    });
  });

  interface Answer {
    status: number;
    body: string;
    headers: Record<string, string>;
    extraDelayMs: number;
    /** A body too large to build as one string: head, then `pad` spaces, then tail. */
    stream?: { head: string; pad: number; tail: string };
  }

  const json = (status: number, payload: unknown, headers: Record<string, string> = {}, extraDelayMs = 0): Answer => ({
    status,
    body: JSON.stringify(payload),
    headers,
    extraDelayMs,
  });
  const documentedError = (status: number): Answer => {
    const { error } = SCAVIO_ERRORS[String(status)] ?? { error: { code: 'error', message: `HTTP ${status}` } };
    return json(status, { error });
  };
  const badRequest = (message: string): Answer => json(400, { error: { code: 'bad_request', message } });
  const userNotFound = (): Answer => json(404, { error: { code: 'user_not_found', message: 'TikTok user not found' } });

  /** Decides the answer to one request; charges a credit for every 200. */
  function decide(record: RecordedRequest): Answer {
    if (record.method !== 'POST' || (record.path !== PROFILE_PATH && record.path !== POSTS_PATH)) {
      return json(404, { error: { code: 'no_route', message: 'No such endpoint' } });
    }
    if (record.authorization !== `Bearer ${options.apiKey}`) {
      if (!switches.echoKeyIn401) return documentedError(401);
      return json(401, {
        error: {
          code: 'unauthorized',
          message: `Invalid API key ${record.authorization?.replace(/^Bearer /, '') ?? ''}`,
        },
      });
    }

    const limit = switches.rateLimit;
    if (limit) {
      while (accepted.length > 0 && accepted[0]! <= record.at - limit.windowMs) accepted.shift();
      if (accepted.length >= limit.limit) {
        const resetMs = accepted.length > 0 ? accepted[0]! + limit.windowMs - record.at : limit.windowMs;
        const seconds = String(Math.max(1, Math.ceil(resetMs / 1000)));
        return json(429, SCAVIO_ERRORS['429'] ? { error: SCAVIO_ERRORS['429'].error } : {}, {
          'retry-after': seconds,
          'x-ratelimit-limit': String(limit.limit),
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': seconds,
        });
      }
      accepted.push(record.at);
    }
    if (credits.remaining <= 0) return documentedError(402);

    const answer = record.path === PROFILE_PATH ? profile(record.body) : posts(record.body);
    if (answer.status !== 200) return answer;
    credits.used += 1;
    credits.remaining -= 1;
    if (answer.headers['content-type'] === 'text/html' || answer.stream !== undefined) return answer;
    // Splice the running balance into the envelope, as Scavio reports it on every call.
    const payload = JSON.parse(answer.body) as Record<string, unknown>;
    return json(
      200,
      { ...payload, credits_used: 1, credits_remaining: credits.remaining },
      answer.headers,
      answer.extraDelayMs,
    );
  }

  function profile(body: unknown): Answer {
    const username = (body as { username?: unknown } | null)?.username;
    if (typeof username !== 'string' || username === '') return badRequest('username is required');
    const account = accounts.get(username.toLowerCase());
    if (!account) {
      return switches.unknownUser === 'http-404'
        ? userNotFound()
        : json(200, { data: { user: null }, response_time: 401 });
    }
    return json(200, {
      data: {
        user: {
          unique_id: account.username,
          nickname: account.username.charAt(0).toUpperCase() + account.username.slice(1),
          sec_uid: secUidOf(account),
          uid: '6800000000000000001',
          follower_count: account.followers ?? 48_210,
          following_count: 312,
          aweme_count: account.awemeCount ?? distinctVideos(account.videos),
          total_favorited: 1_830_456,
          ...(account.private ? { secret: true } : {}),
        },
      },
      response_time: 812,
    });
  }

  function posts(body: unknown): Answer {
    postsSeen += 1;
    const nth = postsSeen;
    const failing = switches.failPostsRequest;
    if (failing && nth >= failing.nth && nth < failing.nth + (failing.times ?? 1))
      return documentedError(failing.status);

    const {
      sec_user_id: secUid,
      cursor,
      count,
    } = (body ?? {}) as { sec_user_id?: unknown; cursor?: unknown; count?: unknown };
    if (typeof secUid !== 'string' || secUid === '') return documentedError(400);
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > MAX_PAGE) {
      return badRequest(`count must be an integer from 1 to ${MAX_PAGE}`);
    }
    const account = bySecUid.get(secUid);
    if (!account) return userNotFound();
    // Scavio takes the cursor as a string ("0" first, as its SDKs send it); a number is read the same way.
    const cursorValue = typeof cursor === 'string' && /^\d+$/.test(cursor) ? Number(cursor) : cursor;
    const offset = cursorValue === 0 ? 0 : typeof cursorValue === 'number' ? cursorValue - CURSOR_BASE : NaN;
    if (!Number.isInteger(offset) || offset < 0 || offset > account.videos.length) return badRequest('invalid cursor');
    const sentCursor = offset === 0 ? 0 : CURSOR_BASE + offset;

    const empty = switches.emptyPagesClaimingMore;
    if (empty && nth >= empty.nth && nth < empty.nth + empty.times) {
      return json(200, { data: { aweme_list: [], has_more: 1, max_cursor: sentCursor, min_cursor: sentCursor } });
    }

    if (switches.malformedPostsRequest?.nth === nth) {
      if (switches.malformedPostsRequest.kind === 'not-json') {
        return {
          status: 200,
          body: '<html>502 Bad Gateway</html>',
          headers: { 'content-type': 'text/html' },
          extraDelayMs: 0,
        };
      }
      return json(200, { data: { aweme_list: 'temporarily unavailable', has_more: 'yes' } });
    }
    const items = account.private ? [] : account.videos.slice(offset, offset + count);
    const end = offset + items.length;
    const hasMore = end < account.videos.length && !account.private;
    const extraDelayMs = switches.slowPostsRequest?.nth === nth ? switches.slowPostsRequest.delayMs : 0;
    const repeating = switches.repeatCursorFrom !== null && nth >= switches.repeatCursorFrom;
    const data = {
      aweme_list: items,
      has_more: hasMore || repeating ? 1 : 0,
      max_cursor: repeating ? sentCursor : hasMore ? CURSOR_BASE + end : 0,
      min_cursor: CURSOR_BASE + offset + 1,
    };
    const huge = switches.hugePage;
    if (huge?.nth === nth) {
      credits.used += 1;
      credits.remaining -= 1;
      const head = `{"data":${JSON.stringify(data)},"padding":"`;
      const tail = '"}';
      const pad = Math.max(0, huge.bytes - head.length - tail.length);
      return {
        status: 200,
        body: '',
        headers: huge.declareLength ? { 'content-length': String(head.length + pad + tail.length) } : {},
        extraDelayMs,
        stream: { head, pad, tail },
      };
    }
    return json(200, { data, response_time: 1301 }, {}, extraDelayMs);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    switches,
    credits,
    addAccount,
    onRequest: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    requestsTo: (endpoint) => requests.filter((r) => r.path === `/api/v1/tiktok/${endpoint}`),
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The account's video count as TikTok reports it: each video once (a page may repeat one). */
function distinctVideos(videos: readonly unknown[]): number {
  const ids = new Set<unknown>();
  let withoutId = 0;
  for (const video of videos) {
    const id = (video as { aweme_id?: unknown } | null)?.aweme_id;
    if (id === undefined || id === null || id === '') withoutId++;
    else ids.add(typeof id === 'string' ? id : JSON.stringify(id));
  }
  return ids.size + withoutId;
}

/** The sec_uid the fake serves an account under (exported so tests can tell whose posts a call asked for). */
export function secUidOf(account: FakeAccount): string {
  return `MS4wLjABAAAA${account.username.toLowerCase()}`;
}
