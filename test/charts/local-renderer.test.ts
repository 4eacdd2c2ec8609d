import { describe, expect, it } from 'vitest';
import { durationChartConfig } from '../../src/charts/duration.js';
import { LOCAL_RENDERER_SOFTWARE, renderChartLocally } from '../../src/charts/local-renderer.js';
import { isPng, pngSize } from '../../src/charts/png.js';
import { tierChartConfig } from '../../src/charts/tiers.js';
import { trendChartConfig } from '../../src/charts/trend.js';
import { handMadeAnalysis, pngTextChunk } from './chart-assertions.js';

const analysis = handMadeAnalysis();
const charts = {
  duration: durationChartConfig(analysis, { username: 'chefmaya' }),
  tiers: tierChartConfig(analysis, { username: 'chefmaya' }),
  trend: trendChartConfig([
    { label: '2026-W47', medianEngagementRate: 0.066, q75EngagementRate: 0.094, shareRate: 0.0043, videoCount: 236 },
    { label: '2026-W48', medianEngagementRate: 0.071, q75EngagementRate: 0.099, shareRate: 0.0047, videoCount: 241 },
  ]),
};

describe('renderChartLocally', () => {
  it.each(Object.entries(charts))('renders the %s chart to a PNG of the requested size', async (_name, config) => {
    const png = await renderChartLocally(config, { width: 640, height: 360 });
    expect(isPng(png)).toBe(true);
    expect(pngSize(png)).toEqual({ width: 640, height: 360 });
    expect(pngTextChunk(png, 'Software')).toBe(LOCAL_RENDERER_SOFTWARE);
  });

  it('defaults to 800x450 and leaves the caller config untouched', async () => {
    const before = structuredClone(charts.duration);
    const png = await renderChartLocally(charts.duration);
    expect(pngSize(png)).toEqual({ width: 800, height: 450 });
    expect(charts.duration).toEqual(before);
  });

  it('paints the background colour it is given', async () => {
    // A chart with nothing in it leaves the corner pixel to the background alone.
    const empty = trendChartConfig([]);
    const { createCanvas, loadImage } = await import('@napi-rs/canvas');
    const png = await renderChartLocally(empty, { width: 200, height: 120, backgroundColor: '#ff0000' });
    const image = await loadImage(png);
    const canvas = createCanvas(200, 120);
    const context = canvas.getContext('2d');
    context.drawImage(image, 0, 0);
    expect([...context.getImageData(0, 119, 1, 1).data]).toEqual([255, 0, 0, 255]);
  });
});

describe('pngSize', () => {
  it('rejects what is not a PNG', () => {
    expect(pngSize(Buffer.from('<html><body>502 Bad Gateway</body></html>'))).toBeNull();
    expect(pngSize(Buffer.alloc(0))).toBeNull();
    // The signature alone, cut before IHDR, is not a picture.
    expect(pngSize(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBeNull();
  });
});
