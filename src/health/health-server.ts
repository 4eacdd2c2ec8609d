import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { UserFacingError } from '../errors.js';
import type { Readiness } from './readiness.js';

/**
 * The probes a service manager or container runtime polls: `GET /healthz`
 * answers 200 while the process runs (liveness), `GET /readyz` 200 or 503 with
 * each check and what failed (readiness). JSON bodies, nothing else served,
 * bound to loopback unless HEALTH_HOST says otherwise.
 */

export interface HealthServer {
  /** Where it listens, e.g. http://127.0.0.1:8080 (the real port when 0 was asked for). */
  url: string;
  close(): Promise<void>;
}

export interface HealthServerOptions {
  host: string;
  port: number;
  readiness: () => Promise<Readiness>;
}

export async function startHealthServer(options: HealthServerOptions): Promise<HealthServer> {
  const server = http.createServer((request, response) => {
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      response.end(`${JSON.stringify(body)}\n`);
    };
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(405, { error: 'only GET is served' });
    if (path === '/healthz') return send(200, { status: 'ok' });
    if (path === '/readyz') {
      options.readiness().then(
        (result) => send(result.ready ? 200 : 503, { status: result.ready ? 'ready' : 'not ready', ...result }),
        (error: unknown) =>
          send(503, { status: 'not ready', error: error instanceof Error ? error.message : 'unknown' }),
      );
      return;
    }
    send(404, { error: 'not found: the health server answers /healthz and /readyz' });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new UserFacingError(
          error.code === 'EADDRINUSE'
            ? `HEALTH_PORT ${options.port} is already in use on ${options.host}: choose another port or unset HEALTH_PORT.`
            : `The health server could not listen on ${options.host}:${options.port} (${error.code ?? error.message}): check HEALTH_HOST and HEALTH_PORT.`,
          'health.listen',
          { cause: error },
        ),
      ),
    );
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
