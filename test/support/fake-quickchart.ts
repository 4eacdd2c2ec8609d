import { once } from 'node:events';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { runInNewContext, type Context } from 'node:vm';
import type { ChartConfig } from '../../src/charts/chart-config.js';
import { renderChartLocally } from '../../src/charts/local-renderer.js';

/**
 * A loopback stand-in for QuickChart (https://quickchart.io/documentation/),
 * speaking the API as quickchart-js 3 uses it: POST /chart with a JSON body
 * {chart, width, height, format, version, backgroundColor, devicePixelRatio, key?},
 * where `chart` is a JSON string, a JavaScript object literal (what
 * quickchart-js's setConfig(object) produces) or an object. GET /chart?c=...
 * (quickchart-js's getUrl()) works too.
 *
 * It answers with a real PNG of the config, drawn by the product's local
 * Chart.js renderer and tagged "fake-quickchart" in its Software chunk, and
 * records every request. Like a QuickChart that only has Chart.js 4, it
 * refuses any other version: a forgotten setVersion('4') would otherwise
 * silently render a v4 config with Chart.js 2.9.4.
 */

export type FakeQuickChartMode =
  /** Renders and answers 200 image/png. */
  | 'ok'
  /** Not listening: connections are refused. */
  | 'down'
  /** 500 with an x-quickchart-error header, as QuickChart answers a failed render. */
  | 'error500'
  /** Accepts the request and never answers; records when the client gives up. */
  | 'slow'
  /** 200 labelled image/png whose body is an HTML error page (what a misconfigured proxy returns). */
  | 'garbage';

export const FAKE_QUICKCHART_SOFTWARE = 'fake-quickchart';

export interface RecordedChartRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The JSON body as sent (POST) or the query parameters (GET). */
  body: Record<string, unknown>;
  /** The chart config parsed from `chart` / `c`; undefined when it could not be parsed. */
  chart: unknown;
  version: string | undefined;
  width: number | undefined;
  height: number | undefined;
  backgroundColor: string | undefined;
  format: string | undefined;
  /** The mode the server was in when the request arrived. */
  mode: FakeQuickChartMode;
}

export interface FakeQuickChart {
  /** Base URL for QUICKCHART_URL, e.g. http://127.0.0.1:41234 (stays the same across modes). */
  readonly url: string;
  readonly requests: readonly RecordedChartRequest[];
  /** Every PNG answered, in order. */
  readonly servedPngs: readonly Buffer[];
  /** Requests whose client closed the connection before an answer ('slow' mode). */
  readonly abandonedRequests: number;
  readonly mode: FakeQuickChartMode;
  setMode(mode: FakeQuickChartMode): Promise<void>;
  /** Resolves with the next recorded request (or the already recorded one at that index). */
  waitForRequest(index?: number): Promise<RecordedChartRequest>;
  /** Resolves once `count` requests have been abandoned by their client. */
  waitForAbandoned(count?: number): Promise<void>;
  close(): Promise<void>;
}

const QUICKCHART_DEFAULTS = { width: 500, height: 300, backgroundColor: 'transparent', version: '2.9.4' } as const;
const MAX_BODY_BYTES = 1024 * 1024;

export async function startFakeQuickChart(options: { mode?: FakeQuickChartMode } = {}): Promise<FakeQuickChart> {
  let mode: FakeQuickChartMode = options.mode ?? 'ok';
  const requests: RecordedChartRequest[] = [];
  const servedPngs: Buffer[] = [];
  let abandoned = 0;
  const requestWaiters: { index: number; resolve: (request: RecordedChartRequest) => void }[] = [];
  const abandonWaiters: { count: number; resolve: () => void }[] = [];
  /** Responses held open in 'slow' mode, ended on close. */
  const heldResponses = new Set<ServerResponse>();

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'text/plain', 'x-quickchart-error': 'fake-quickchart internal error' });
      }
      res.end(error instanceof Error ? error.message : 'internal error');
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake-quickchart');
    if (url.pathname === '/healthcheck') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"success":true,"version":"fake"}');
      return;
    }
    if (url.pathname !== '/chart' || (req.method !== 'POST' && req.method !== 'GET')) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }

    const body = req.method === 'POST' ? await readJsonBody(req) : Object.fromEntries(url.searchParams);
    const recorded = record(req, url.pathname, body);

    switch (recorded.mode) {
      case 'error500':
        res
          .writeHead(500, { 'content-type': 'text/plain', 'x-quickchart-error': 'Simulated render failure' })
          .end('Internal error');
        return;
      case 'garbage':
        res.writeHead(200, { 'content-type': 'image/png' }).end('<html><body>502 Bad Gateway</body></html>');
        return;
      case 'slow':
        holdUntilClientLeaves(res);
        return;
      case 'down':
      case 'ok':
        break;
    }

    const problem = validate(recorded);
    if (problem !== null) {
      res.writeHead(400, { 'content-type': 'text/plain', 'x-quickchart-error': problem }).end(problem);
      return;
    }
    const png = await renderChartLocally(recorded.chart as ChartConfig, {
      width: recorded.width ?? QUICKCHART_DEFAULTS.width,
      height: recorded.height ?? QUICKCHART_DEFAULTS.height,
      backgroundColor: recorded.backgroundColor ?? QUICKCHART_DEFAULTS.backgroundColor,
      software: FAKE_QUICKCHART_SOFTWARE,
    });
    servedPngs.push(png);
    res.writeHead(200, { 'content-type': 'image/png', 'content-length': png.length }).end(png);
  }

  function record(req: IncomingMessage, path: string, body: Record<string, unknown>): RecordedChartRequest {
    const recorded: RecordedChartRequest = {
      method: req.method ?? '',
      path,
      headers: req.headers,
      body,
      chart: parseChart(body.chart ?? body.c),
      version: text(body.version ?? body.v),
      width: number(body.width ?? body.w),
      height: number(body.height ?? body.h),
      backgroundColor: text(body.backgroundColor ?? body.bkg),
      format: text(body.format ?? body.f),
      mode,
    };
    requests.push(recorded);
    for (const waiter of requestWaiters.filter((w) => w.index === requests.length - 1)) {
      requestWaiters.splice(requestWaiters.indexOf(waiter), 1);
      waiter.resolve(recorded);
    }
    return recorded;
  }

  function holdUntilClientLeaves(res: ServerResponse): void {
    heldResponses.add(res);
    res.on('close', () => {
      heldResponses.delete(res);
      if (res.writableEnded) return;
      abandoned += 1;
      for (const waiter of abandonWaiters.filter((w) => abandoned >= w.count)) {
        abandonWaiters.splice(abandonWaiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    });
  }

  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  if (mode === 'down') await stopListening(server);

  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return requests;
    },
    get servedPngs() {
      return servedPngs;
    },
    get abandonedRequests() {
      return abandoned;
    },
    get mode() {
      return mode;
    },
    async setMode(next) {
      if (next === 'down' && mode !== 'down') await stopListening(server);
      if (next !== 'down' && mode === 'down') {
        server.listen(port, '127.0.0.1');
        await once(server, 'listening');
      }
      mode = next;
    },
    waitForRequest(index = requests.length) {
      const existing = requests[index];
      if (existing) return Promise.resolve(existing);
      return new Promise((resolve) => requestWaiters.push({ index, resolve }));
    },
    waitForAbandoned(count = 1) {
      if (abandoned >= count) return Promise.resolve();
      return new Promise((resolve) => abandonWaiters.push({ count, resolve }));
    },
    async close() {
      for (const res of heldResponses) res.destroy();
      if (server.listening) await stopListening(server);
    },
  };
}

/** Stops accepting connections and drops open ones, so the port refuses until listened on again. */
async function stopListening(server: Server): Promise<void> {
  const closed = once(server, 'close');
  server.close();
  server.closeAllConnections();
  await closed;
}

async function readJsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(buffer);
  }
  const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error('body must be a JSON object');
  return parsed as Record<string, unknown>;
}

/**
 * QuickChart evaluates `chart` as JavaScript (it may hold functions); this
 * fake accepts JSON first and falls back to evaluating an object literal in an
 * empty context, for quickchart-js's setConfig(object) form.
 */
function parseChart(chart: unknown): unknown {
  if (typeof chart === 'object' && chart !== null) return chart;
  if (typeof chart !== 'string') return undefined;
  try {
    return JSON.parse(chart);
  } catch {
    try {
      return runInNewContext(`(${chart})`, Object.create(null) as Context, { timeout: 100 });
    } catch {
      return undefined;
    }
  }
}

function validate(request: RecordedChartRequest): string | null {
  if (request.chart === undefined) return 'Invalid chart: could not parse the chart config';
  const version = request.version ?? QUICKCHART_DEFAULTS.version;
  if (!version.startsWith('4')) return `fake-quickchart only renders Chart.js 4, got version ${version}`;
  if (request.format !== undefined && request.format !== 'png')
    return `fake-quickchart only renders png, got ${request.format}`;
  return null;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function number(value: unknown): number | undefined {
  const parsed = typeof value === 'string' ? Number(value) : value;
  return typeof parsed === 'number' && Number.isFinite(parsed) ? parsed : undefined;
}
