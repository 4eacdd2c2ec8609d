import quickchartModule from 'quickchart-js';
import { pngSize } from './png.js';
/**
 * Why QuickChart produced no picture. The message names the host but never
 * the URL's credentials or query, so it is safe to log.
 */
export class QuickChartError extends Error {
    kind;
    constructor(kind, message) {
        super(message);
        this.kind = kind;
        this.name = 'QuickChartError';
    }
}
const QuickChart = typeof quickchartModule === 'function' ? quickchartModule : quickchartModule.default;
/** Discord's attachment limit for bots is well above any chart; this only guards against a runaway body. */
const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;
/** QuickChart's own x-quickchart-error text is useful in logs; keep it to a line. */
const MAX_SERVER_ERROR_CHARS = 200;
/**
 * Renders through QuickChart's POST /chart API. quickchart-js builds the
 * request (setConfig/setVersion('4')/size/background -> getPostData(), the
 * body its own toBinary() sends), but we send it ourselves: toBinary() goes
 * through cross-fetch without a signal, so a timed-out request could not be
 * cancelled and would hold its socket until the server answered, if ever.
 * Here one AbortController bounds connect, headers and body, and is fired on
 * every exit so no request outlives this call.
 */
export async function renderWithQuickChart(config, options) {
    const target = chartEndpoint(options.quickchartUrl);
    const chart = new QuickChart()
        // A JSON string rather than the object: quickchart-js would otherwise turn it into a JavaScript literal.
        .setConfig(JSON.stringify(config))
        .setVersion('4')
        .setWidth(options.width)
        .setHeight(options.height)
        .setBackgroundColor(options.backgroundColor)
        .setFormat('png');
    const body = JSON.stringify(chart.getPostData());
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), options.timeoutMs);
    try {
        const response = await fetch(target.endpoint, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', Accept: 'image/png', ...target.authorization },
            body,
            signal: controller.signal,
        });
        if (response.status !== 200) {
            const serverError = response.headers.get('x-quickchart-error');
            const detail = serverError ? `: ${serverError.slice(0, MAX_SERVER_ERROR_CHARS)}` : '';
            throw new QuickChartError('http-status', `QuickChart at ${target.host} answered HTTP ${response.status}${detail}`);
        }
        const bytes = await readBounded(response, target.host);
        if (pngSize(bytes) === null) {
            const type = response.headers.get('content-type') ?? 'no content-type';
            throw new QuickChartError('not-png', `QuickChart at ${target.host} answered with something that is not a PNG (${type}, ${bytes.length} bytes)`);
        }
        return bytes;
    }
    catch (error) {
        if (error instanceof QuickChartError)
            throw error;
        if (controller.signal.aborted) {
            throw new QuickChartError('timeout', `QuickChart at ${target.host} did not answer within ${options.timeoutMs} ms`);
        }
        throw new QuickChartError('unreachable', `QuickChart at ${target.host} could not be reached (${networkErrorCode(error)})`);
    }
    finally {
        clearTimeout(timer);
        // Releases the connection when we stopped early (error status, wrong body); a no-op after a full read.
        controller.abort();
    }
}
/**
 * https://user:pass@charts.example.com/qc -> https://charts.example.com/qc/chart
 * with the credentials moved to a Basic Authorization header (fetch refuses
 * URLs that carry them), so a self-hosted instance behind basic auth works and
 * the credentials never reach a message.
 */
function chartEndpoint(base) {
    let url;
    try {
        url = new URL(base);
    }
    catch {
        throw new QuickChartError('bad-url', 'QUICKCHART_URL is not an absolute URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw new QuickChartError('bad-url', `QUICKCHART_URL must be http or https, not ${url.protocol.replace(':', '')}`);
    }
    const authorization = {};
    if (url.username !== '' || url.password !== '') {
        const credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
        authorization.Authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
    }
    const path = url.pathname.replace(/\/+$/, '');
    return { endpoint: `${url.protocol}//${url.host}${path}/chart`, host: url.host, authorization };
}
async function readBounded(response, host) {
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > MAX_RESPONSE_BYTES) {
        throw new QuickChartError('too-large', `QuickChart at ${host} answered with ${declared} bytes, more than any chart needs`);
    }
    if (response.body === null)
        return Buffer.alloc(0);
    const chunks = [];
    let received = 0;
    // undici types the body as ReadableStream<any>; a fetch body stream yields Uint8Array chunks (Fetch standard).
    const body = response.body;
    for await (const chunk of body) {
        received += chunk.byteLength;
        if (received > MAX_RESPONSE_BYTES) {
            throw new QuickChartError('too-large', `QuickChart at ${host} answered with more than ${MAX_RESPONSE_BYTES} bytes`);
        }
        chunks.push(chunk);
    }
    return Buffer.concat(chunks);
}
/**
 * ECONNREFUSED, ENOTFOUND, ...: fetch puts the system error in `cause`. The
 * URL fetch saw had its credentials removed already, so nothing here can leak one.
 */
function networkErrorCode(error) {
    const cause = error instanceof Error ? error.cause : undefined;
    for (const candidate of [cause, error]) {
        if (candidate instanceof Error && 'code' in candidate && typeof candidate.code === 'string')
            return candidate.code;
    }
    if (cause instanceof Error && cause.message !== '')
        return cause.message.slice(0, MAX_SERVER_ERROR_CHARS);
    return 'network error';
}
//# sourceMappingURL=quickchart-renderer.js.map