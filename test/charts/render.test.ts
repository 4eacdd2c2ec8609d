import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { durationChartConfig } from '../../src/charts/duration.js';
import { LOCAL_RENDERER_SOFTWARE } from '../../src/charts/local-renderer.js';
import { pngSize } from '../../src/charts/png.js';
import { renderChart } from '../../src/charts/render.js';
import { CHART_BACKGROUND } from '../../src/charts/theme.js';
import { tierChartConfig } from '../../src/charts/tiers.js';
import { FAKE_QUICKCHART_SOFTWARE, startFakeQuickChart, type FakeQuickChart } from '../support/fake-quickchart.js';
import { handMadeAnalysis, pngTextChunk } from './chart-assertions.js';

const config = durationChartConfig(handMadeAnalysis(), { username: 'chefmaya' });
let quickchart: FakeQuickChart;

beforeAll(async () => {
  quickchart = await startFakeQuickChart();
});

afterAll(async () => {
  await quickchart.close();
});

beforeEach(async () => {
  await quickchart.setMode('ok');
});

describe('renderChart through QuickChart', () => {
  it("returns QuickChart's PNG and asks for Chart.js 4 with the config, size and background", async () => {
    const before = quickchart.requests.length;
    const result = await renderChart(config, {
      quickchartUrl: quickchart.url,
      timeoutMs: 10_000,
      width: 720,
      height: 400,
    });

    expect(result.renderer).toBe('quickchart');
    expect(result.quickchartFailure).toBeUndefined();
    expect(result.png.equals(quickchart.servedPngs.at(-1)!)).toBe(true);
    expect(pngTextChunk(result.png, 'Software')).toBe(FAKE_QUICKCHART_SOFTWARE);
    expect(pngSize(result.png)).toEqual({ width: 720, height: 400 });

    expect(quickchart.requests).toHaveLength(before + 1);
    const request = quickchart.requests.at(-1)!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/chart');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.version).toBe('4');
    expect(request.format).toBe('png');
    expect(request).toMatchObject({ width: 720, height: 400, backgroundColor: CHART_BACKGROUND });
    expect(request.chart).toEqual(config);
  });

  it('accepts a base URL with a trailing slash and uses the default size', async () => {
    const result = await renderChart(tierChartConfig(handMadeAnalysis()), {
      quickchartUrl: `${quickchart.url}/`,
      timeoutMs: 10_000,
    });
    expect(result.renderer).toBe('quickchart');
    expect(pngSize(result.png)).toEqual({ width: 800, height: 450 });
    expect(quickchart.requests.at(-1)?.path).toBe('/chart');
  });

  it('sends credentials from the URL as Basic auth, not in the URL', async () => {
    const withCredentials = quickchart.url.replace('http://', 'http://charts:s3cret-pass@');
    const result = await renderChart(config, { quickchartUrl: withCredentials, timeoutMs: 10_000 });
    expect(result.renderer).toBe('quickchart');
    const request = quickchart.requests.at(-1)!;
    expect(request.headers.authorization).toBe(`Basic ${Buffer.from('charts:s3cret-pass').toString('base64')}`);
  });
});

describe('renderChart falls back to the local renderer', () => {
  function expectLocalPng(result: Awaited<ReturnType<typeof renderChart>>): void {
    expect(result.renderer).toBe('local');
    expect(pngSize(result.png)).toEqual({ width: 640, height: 360 });
    expect(pngTextChunk(result.png, 'Software')).toBe(LOCAL_RENDERER_SOFTWARE);
  }

  it('when QuickChart is down', async () => {
    await quickchart.setMode('down');
    const before = quickchart.requests.length;
    const result = await renderChart(config, {
      quickchartUrl: quickchart.url,
      timeoutMs: 10_000,
      width: 640,
      height: 360,
    });
    expectLocalPng(result);
    expect(result.quickchartFailure?.kind).toBe('unreachable');
    // ECONNREFUSED, or UND_ERR_SOCKET when fetch had a kept-alive connection the server just dropped.
    expect(result.quickchartFailure?.message).toMatch(
      /^QuickChart at 127\.0\.0\.1:\d+ could not be reached \([A-Z_]+\)$/,
    );
    expect(quickchart.requests).toHaveLength(before);
  });

  it('when QuickChart answers 500', async () => {
    await quickchart.setMode('error500');
    const result = await renderChart(config, {
      quickchartUrl: quickchart.url,
      timeoutMs: 10_000,
      width: 640,
      height: 360,
    });
    expectLocalPng(result);
    expect(result.quickchartFailure).toEqual({
      kind: 'http-status',
      message: `QuickChart at ${new URL(quickchart.url).host} answered HTTP 500: Simulated render failure`,
    });
  });

  it('when QuickChart answers something that is not a PNG', async () => {
    await quickchart.setMode('garbage');
    const result = await renderChart(config, {
      quickchartUrl: quickchart.url,
      timeoutMs: 10_000,
      width: 640,
      height: 360,
    });
    expectLocalPng(result);
    expect(result.quickchartFailure?.kind).toBe('not-png');
    expect(result.quickchartFailure?.message).toMatch(/not a PNG \(image\/png, \d+ bytes\)/);
  });

  it('when QuickChart is slower than the timeout, and the abandoned request is cancelled', async () => {
    await quickchart.setMode('slow');
    const abandonedBefore = quickchart.abandonedRequests;
    const result = await renderChart(config, {
      quickchartUrl: quickchart.url,
      timeoutMs: 300,
      width: 640,
      height: 360,
    });
    expectLocalPng(result);
    expect(result.quickchartFailure).toEqual({
      kind: 'timeout',
      message: `QuickChart at ${new URL(quickchart.url).host} did not answer within 300 ms`,
    });
    // The server sees the client hang up: no request outlives renderChart.
    await quickchart.waitForAbandoned(abandonedBefore + 1);
    expect(quickchart.abandonedRequests).toBe(abandonedBefore + 1);
  });

  it('never puts credentials from the URL in the failure', async () => {
    await quickchart.setMode('down');
    const withCredentials = quickchart.url.replace('http://', 'http://charts:s3cret-pass@');
    const result = await renderChart(config, {
      quickchartUrl: withCredentials,
      timeoutMs: 10_000,
      width: 640,
      height: 360,
    });
    expectLocalPng(result);
    expect(JSON.stringify(result.quickchartFailure)).not.toContain('s3cret-pass');
    expect(JSON.stringify(result.quickchartFailure)).not.toContain('charts:');
  });

  it('when QUICKCHART_URL is not usable', async () => {
    const result = await renderChart(config, {
      quickchartUrl: 'ftp://charts.example',
      timeoutMs: 10_000,
      width: 640,
      height: 360,
    });
    expectLocalPng(result);
    expect(result.quickchartFailure?.kind).toBe('bad-url');
  });
});

describe('the fake QuickChart', () => {
  it("speaks QuickChart's API as quickchart-js's own toBinary() calls it", async () => {
    const { default: quickchartModule } = await import('quickchart-js');
    // The ESM build's default export is the class; the typings describe it as the module object.
    const QuickChart = typeof quickchartModule === 'function' ? quickchartModule : quickchartModule.default;
    const base = new URL(quickchart.url);
    const client = new QuickChart()
      .setConfig(config)
      .setVersion('4')
      .setWidth(300)
      .setHeight(200)
      .setScheme('http')
      .setHost(base.host);

    const png = await client.toBinary();

    expect(pngSize(png)).toEqual({ width: 300, height: 200 });
    const request = quickchart.requests.at(-1)!;
    expect(request.headers['user-agent']).toMatch(/^quickchart-js\//);
    // setConfig(object) sends a JavaScript literal, not JSON; the fake reads both.
    expect((): unknown => JSON.parse(request.body.chart as string)).toThrow();
    expect(request.chart).toEqual(config);
  });
});
