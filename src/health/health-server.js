import http from 'node:http';
import { UserFacingError } from '../errors.js';
export async function startHealthServer(options) {
    const server = http.createServer((request, response) => {
        const send = (status, body) => {
            response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
            response.end(`${JSON.stringify(body)}\n`);
        };
        const path = (request.url ?? '/').split('?')[0];
        if (request.method !== 'GET' && request.method !== 'HEAD')
            return send(405, { error: 'only GET is served' });
        if (path === '/healthz')
            return send(200, { status: 'ok' });
        if (path === '/readyz') {
            options.readiness().then((result) => send(result.ready ? 200 : 503, { status: result.ready ? 'ready' : 'not ready', ...result }), (error) => send(503, { status: 'not ready', error: error instanceof Error ? error.message : 'unknown' }));
            return;
        }
        send(404, { error: 'not found: the health server answers /healthz and /readyz' });
    });
    await new Promise((resolve, reject) => {
        server.once('error', (error) => reject(new UserFacingError(error.code === 'EADDRINUSE'
            ? `HEALTH_PORT ${options.port} is already in use on ${options.host}: choose another port or unset HEALTH_PORT.`
            : `The health server could not listen on ${options.host}:${options.port} (${error.code ?? error.message}): check HEALTH_HOST and HEALTH_PORT.`, 'health.listen', { cause: error })));
        server.listen(options.port, options.host, () => resolve());
    });
    const { port } = server.address();
    const host = options.host.includes(':') ? `[${options.host}]` : options.host;
    return {
        url: `http://${host}:${port}`,
        close: () => new Promise((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
        }),
    };
}
//# sourceMappingURL=health-server.js.map