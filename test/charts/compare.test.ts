import { describe, expect, it } from 'vitest';
import type { AccountFigures, Comparison } from '../../src/analysis/compare.js';
import { compareChartConfig } from '../../src/charts/compare.js';
import { renderChartLocally } from '../../src/charts/local-renderer.js';
import { isPng, pngSize } from '../../src/charts/png.js';
import { palette } from '../../src/charts/theme.js';
import { expectChartJs4Shape, expectPlainJson } from './chart-assertions.js';

/** The compare chart: per account a bar from quartile 1 to 3 and a median marker, the first account in blue. */

const account = (username: string, over: Partial<AccountFigures> = {}): AccountFigures => ({
  username,
  videoCount: 60,
  analyzedCount: 58,
  medianEngagementRate: 0.084,
  quartiles: { q25: 0.061, q75: 0.102 },
  meanShareRate: 0.004,
  meanCommentRate: 0.002,
  cadence: null,
  bestDuration: null,
  topHashtags: [],
  followers: null,
  ...over,
});

const comparison: Comparison = {
  alpha: 0.05,
  minSideVideos: 5,
  accounts: [
    account('you'),
    account('rival', { medianEngagementRate: 0.112, quartiles: { q25: 0.09, q75: 0.14 }, analyzedCount: 240 }),
    account('tiny', { medianEngagementRate: 0.05, quartiles: null, analyzedCount: 3 }),
  ],
  tests: [],
};

describe('compareChartConfig', () => {
  const config = compareChartConfig(comparison);

  it('draws each quartile range as a floating bar and each median as a marker, in the order asked', () => {
    const [bars, medians] = config.data.datasets;
    expect(bars!.data).toEqual([[0.061, 0.102], [0.09, 0.14], null]);
    expect(medians!.data).toEqual([0.084, 0.112, 0.05]);
    expect((bars as { backgroundColor: string[] }).backgroundColor).toEqual([
      palette.top,
      palette.bottom,
      palette.bottom,
    ]);
    expect(config.data.labels).toEqual([
      ['@you', 'n=58', 'median 8.40%'],
      ['@rival', 'n=240', 'median 11.20%'],
      ['@tiny', 'n=3', 'median 5.00%'],
    ]);
  });

  it('is plain Chart.js 4 JSON that the local renderer draws', async () => {
    expectPlainJson(config);
    expectChartJs4Shape(config);
    const png = await renderChartLocally(config, { width: 640, height: 360 });
    expect(isPng(png)).toBe(true);
    expect(pngSize(png)).toEqual({ width: 640, height: 360 });
  });
});
