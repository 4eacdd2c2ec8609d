import { describe, expect, it } from 'vitest';
import { analyzeVideos } from '../../src/analysis/analyze.js';
import { logRange, tierChartConfig } from '../../src/charts/tiers.js';
import { normalizeRecords } from '../../src/tiktok/normalize.js';
import { fixtureRecords } from '../support/fixtures.js';
import { expectChartJs4Shape, expectPlainJson, handMadeAnalysis } from './chart-assertions.js';

type Dataset = { label?: string; data: unknown[] };

function datasets(config: ReturnType<typeof tierChartConfig>): Dataset[] {
  return config.data.datasets;
}

function yAxis(config: ReturnType<typeof tierChartConfig>): { type: string; min?: number; max?: number } {
  return config.options?.scales?.y as { type: string; min?: number; max?: number };
}

describe('tierChartConfig', () => {
  it('compares top and bottom tier on engagement, share, comment and like rate', () => {
    const config = tierChartConfig(handMadeAnalysis());

    const [top, bottom] = datasets(config);
    expect(top?.label).toBe('Top 25% (n=60)');
    expect(top?.data).toEqual([0.1123, 0.0084, 0.0031, 0.1008]);
    expect(bottom?.label).toBe('Bottom 25% (n=59)');
    expect(bottom?.data).toEqual([0.0387, 0.0019, 0.0012, 0.0356]);
    expect(datasets(config)).toHaveLength(2);
  });

  it('puts the exact numbers and the ratio in each group label', () => {
    const config = tierChartConfig(handMadeAnalysis());
    expect(config.data.labels).toEqual([
      ['Engagement', '11.23% vs 3.87%', '(2.9×)'],
      ['Share', '0.84% vs 0.19%', '(4.4×)'],
      ['Comment', '0.31% vs 0.12%', '(2.6×)'],
      ['Like', '10.08% vs 3.56%', '(2.8×)'],
    ]);
  });

  it('uses a log axis in percent that holds every bar', () => {
    const config = tierChartConfig(handMadeAnalysis(), { username: 'chefmaya' });
    const y = yAxis(config);
    expect(y.type).toBe('logarithmic');
    expect(y.min).toBeLessThan(0.0012);
    expect(y.max).toBeGreaterThan(0.1123);
    expect(config.options?.plugins?.title?.text).toBe('Top vs bottom quartile — @chefmaya');
  });

  it('keeps axis bounds on the 1-2-5 ladder and ignores zero rates', () => {
    expect(logRange([0.0012, 0.1123])).toEqual({ min: 0.0005, max: 0.2 });
    expect(logRange([0, 0.004, 0.05])).toEqual({ min: 0.002, max: 0.1 });
    expect(logRange([0, 0])).toEqual({ min: 0.0001, max: 0.1 });
  });

  it('is plain JSON in the Chart.js 4 layout', () => {
    const config = tierChartConfig(handMadeAnalysis());
    expectPlainJson(config);
    expectChartJs4Shape(config);
    expect(JSON.parse(JSON.stringify(config))).toEqual(config);
  });

  it('follows the analysis of a real catalog, zero rates included', () => {
    // ties-12's top tier has no comments at all: no ratio, and the log axis still starts above 0.
    const analysis = analyzeVideos(normalizeRecords(fixtureRecords('ties-12')).videos);
    const tiers = analysis.tiers!;
    const config = tierChartConfig(analysis);
    const [top, bottom] = datasets(config);
    expect(top?.data).toEqual([
      tiers.top.avgEngagementRate,
      tiers.top.avgShareRate,
      tiers.top.avgCommentRate,
      tiers.top.avgLikeRate,
    ]);
    expect(bottom?.data).toEqual([
      tiers.bottom.avgEngagementRate,
      tiers.bottom.avgShareRate,
      tiers.bottom.avgCommentRate,
      tiers.bottom.avgLikeRate,
    ]);
    expect(tiers.top.avgCommentRate).toBe(0);
    expect(config.data.labels?.[2]).toEqual(['Comment', '0.00% vs 0.40%']);
    expect(yAxis(config).min).toBeGreaterThan(0);
    expectPlainJson(config);
    expectChartJs4Shape(config);
  });

  it('says plainly that quartiles need more videos', () => {
    const videos = normalizeRecords(fixtureRecords('clean-60')).videos.slice(0, 3);
    const analysis = analyzeVideos(videos);
    expect(analysis.tiers).toBeNull();
    const config = tierChartConfig(analysis);
    expect(datasets(config)).toEqual([]);
    // The notice, wrapped so it stays inside the picture.
    const lines = config.options?.plugins?.subtitle?.text as string[];
    expect(lines.join(' ')).toBe(analysis.notice);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    expectPlainJson(config);
  });
});
