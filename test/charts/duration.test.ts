import { describe, expect, it } from 'vitest';
import { analyzeVideos } from '../../src/analysis/analyze.js';
import { durationChartConfig } from '../../src/charts/duration.js';
import { palette } from '../../src/charts/theme.js';
import { normalizeRecords } from '../../src/tiktok/normalize.js';
import { fixtureRecords } from '../support/fixtures.js';
import { expectChartJs4Shape, expectPlainJson, handMadeAnalysis } from './chart-assertions.js';

type BarDataset = { type?: string; label?: string; data: unknown[]; backgroundColor?: unknown };

function datasets(config: ReturnType<typeof durationChartConfig>): BarDataset[] {
  return config.data.datasets;
}

describe('durationChartConfig', () => {
  it('draws one bar per bucket with its engagement rate and video count', () => {
    const analysis = handMadeAnalysis();
    const config = durationChartConfig(analysis);

    expect(config.data.labels).toEqual([
      ['0-15s', 'n=38'],
      ['15-30s', 'n=71'],
      ['30-60s', 'n=64'],
      ['1-2min', 'n=41'],
      ['2-5min', 'n=17'],
      ['5-10min', 'n=3'],
    ]);
    const bars = datasets(config).find((d) => d.type === 'bar');
    expect(bars?.data).toEqual([0.0745, 0.0862, 0.0701, 0.0598, 0.0512, 0.0921]);
  });

  it('highlights the sweet spot, fades thin buckets and marks the catalog mean', () => {
    const config = durationChartConfig(handMadeAnalysis());
    const bars = datasets(config).find((d) => d.type === 'bar');
    expect(bars?.backgroundColor).toEqual([
      palette.primary,
      palette.highlight, // 15-30s, the sweet spot
      palette.primary,
      palette.primary,
      palette.primary,
      palette.faded, // 5-10min rests on 3 videos
    ]);

    const meanLine = datasets(config).find((d) => d.type === 'line');
    expect(meanLine?.data).toEqual(Array(6).fill(0.0712));
    expect(meanLine?.label).toBe('Catalog average 7.12%');

    const subtitle = config.options?.plugins?.subtitle?.text;
    expect(subtitle).toEqual([
      '234 videos with a known length · n = videos per bar',
      'green: sweet spot (15-30s) · grey: fewer than 5 videos · dashed: catalog average 7.12%',
    ]);
  });

  it('labels the axis in percent and names the account', () => {
    const config = durationChartConfig(handMadeAnalysis(), { username: '@chefmaya' });
    expect(config.options?.plugins?.title?.text).toBe('Engagement rate by video length — @chefmaya');
    const y = config.options?.scales?.y as { ticks: { format: Intl.NumberFormatOptions } };
    expect(y.ticks.format.style).toBe('percent');
    expect(durationChartConfig(handMadeAnalysis()).options?.plugins?.title?.text).toBe(
      'Engagement rate by video length',
    );
  });

  it('is plain JSON in the Chart.js 4 layout', () => {
    const config = durationChartConfig(handMadeAnalysis(), { username: 'chefmaya' });
    expectPlainJson(config);
    expectChartJs4Shape(config);
    expect(JSON.parse(JSON.stringify(config))).toEqual(config);
  });

  it('says so when no video has a known duration', () => {
    const config = durationChartConfig(handMadeAnalysis({ durationBuckets: [], durationSweetSpot: null }));
    expect(config.data.labels).toEqual([]);
    expect(datasets(config)).toHaveLength(1);
    expect(config.options?.plugins?.subtitle?.text).toEqual(['No analysed video has a known duration']);
    expectPlainJson(config);
    expectChartJs4Shape(config);
  });

  it.each(['edge-240', 'planted-1000'] as const)(
    'follows the analysis of a real catalog (%s): a sweet spot is highlighted only when its test is significant',
    (name) => {
      const analysis = analyzeVideos(normalizeRecords(fixtureRecords(name)).videos);
      const config = durationChartConfig(analysis);

      expect(config.data.labels).toEqual(analysis.durationBuckets.map((b) => [b.label, `n=${b.count}`]));
      const bars = datasets(config).find((d) => d.type === 'bar');
      expect(bars?.data).toEqual(analysis.durationBuckets.map((b) => b.avgEngagementRate));
      const best = analysis.durationBuckets.findIndex((b) => b.label === analysis.durationSweetSpot?.label);
      expect(best).toBeGreaterThanOrEqual(0);
      const significant = analysis.durationSweetSpot?.significant === true;
      expect(significant).toBe(name === 'planted-1000'); // 30-60s is planted; edge-240's best bucket is chance
      expect((bars?.backgroundColor as string[])[best] === palette.highlight).toBe(significant);
      expect(JSON.stringify(config).includes('sweet spot')).toBe(significant);
      expectPlainJson(config);
      expectChartJs4Shape(config);
    },
  );
});
