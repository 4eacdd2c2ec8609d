import { expect } from 'vitest';
import type { Analysis } from '../../src/analysis/types.js';
import type { ChartConfig } from '../../src/charts/chart-config.js';

/**
 * Fails on anything JSON cannot carry to QuickChart unchanged: functions,
 * undefined, symbols, bigints, non-finite numbers, class instances.
 */
export function expectPlainJson(value: unknown, path = '$'): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    expect(Number.isFinite(value), `${path} is ${value}`).toBe(true);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => expectPlainJson(item, `${path}[${index}]`));
    return;
  }
  expect(typeof value, `${path} is a ${typeof value}`).toBe('object');
  expect(Object.getPrototypeOf(value), `${path} is not a plain object`).toBe(Object.prototype);
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) expectPlainJson(item, `${path}.${key}`);
}

const CHART_TYPES = ['bar', 'line'];
const SCALE_TYPES = ['category', 'linear', 'logarithmic'];

/**
 * The Chart.js 4 layout, not 2.x's: scales keyed by id (x, y, ...) instead of
 * xAxes/yAxes arrays, title and legend under plugins, every dataset's axis
 * defined, one value per label.
 */
export function expectChartJs4Shape(config: ChartConfig): void {
  expect(CHART_TYPES).toContain(config.type);
  const options = config.options as Record<string, unknown>;
  expect(options).not.toHaveProperty('legend');
  expect(options).not.toHaveProperty('title');
  const scales = options.scales as Record<string, Record<string, unknown>>;
  expect(scales).not.toHaveProperty('xAxes');
  expect(scales).not.toHaveProperty('yAxes');
  expect(scales).toHaveProperty('x');
  expect(scales).toHaveProperty('y');
  for (const scale of Object.values(scales)) expect(SCALE_TYPES).toContain(scale.type);

  const labels = config.data.labels ?? [];
  for (const dataset of config.data.datasets) {
    const axisId = (dataset as { yAxisID?: string }).yAxisID ?? 'y';
    expect(scales, `dataset "${dataset.label}" uses axis ${axisId}`).toHaveProperty(axisId);
    expect(dataset.data).toHaveLength(labels.length);
  }
}

/** A realistic Analysis with numbers chosen by hand, so expected chart values are obvious. */
export function handMadeAnalysis(overrides: Partial<Analysis> = {}): Analysis {
  return {
    videoCount: 240,
    analyzedCount: 236,
    notice: null,
    thresholds: { q25: 0.052, q75: 0.094 },
    tiers: {
      top: {
        count: 60,
        avgDuration: 27.4,
        avgEngagementRate: 0.1123,
        avgShareRate: 0.0084,
        avgCommentRate: 0.0031,
        avgLikeRate: 0.1008,
        avgPlays: 184_000,
      },
      bottom: {
        count: 59,
        avgDuration: 48.1,
        avgEngagementRate: 0.0387,
        avgShareRate: 0.0019,
        avgCommentRate: 0.0012,
        avgLikeRate: 0.0356,
        avgPlays: 41_000,
      },
    },
    overall: {
      totalPlays: 21_000_000,
      totalLikes: 1_400_000,
      totalComments: 40_000,
      totalShares: 90_000,
      meanEngagementRate: 0.0712,
      medianEngagementRate: 0.0689,
      meanShareRate: 0.0043,
      meanCommentRate: 0.0019,
      meanLikeRate: 0.065,
    },
    durationBuckets: [
      { label: '0-15s', minSec: 0, maxSec: 15, count: 38, avgEngagementRate: 0.0745, medianEngagementRate: 0.06705 },
      { label: '15-30s', minSec: 15, maxSec: 30, count: 71, avgEngagementRate: 0.0862, medianEngagementRate: 0.07758 },
      { label: '30-60s', minSec: 30, maxSec: 60, count: 64, avgEngagementRate: 0.0701, medianEngagementRate: 0.06309 },
      { label: '1-2min', minSec: 60, maxSec: 120, count: 41, avgEngagementRate: 0.0598, medianEngagementRate: 0.05382 },
      {
        label: '2-5min',
        minSec: 120,
        maxSec: 300,
        count: 17,
        avgEngagementRate: 0.0512,
        medianEngagementRate: 0.04608,
      },
      {
        label: '5-10min',
        minSec: 300,
        maxSec: 600,
        count: 3,
        avgEngagementRate: 0.0921,
        medianEngagementRate: 0.08289,
      },
    ],
    durationSweetSpot: {
      label: '15-30s',
      count: 71,
      avgEngagementRate: 0.0862,
      liftOverMean: 0.2107,
      significant: true,
    },
    topPerformers: [],
    hashtags: { basedOn: 0, groups: [], minVideos: 3 },
    postingTime: { timeZone: 'UTC', byWeekday: { basedOn: 0, groups: [] }, byHour: { basedOn: 0, groups: [] } },
    sound: { basedOn: 0, groups: [] },
    correlations: {
      engagementRate: { rho: null, p: null, n: 0 },
      shareRate: { rho: null, p: null, n: 0 },
      commentRate: { rho: null, p: null, n: 0 },
      likeRate: { rho: null, p: null, n: 0 },
    },
    findings: { alpha: 0.05, minSideVideos: 5, tests: [] },
    videoAge: {
      asOfSec: null,
      youngDays: 7,
      young: null,
      crowdedTiers: [],
      minAgeDays: 0,
      excluded: 0,
      unknownAge: 0,
    },
    ...overrides,
  };
}

/** The text of a PNG tEXt chunk (e.g. 'Software'), or undefined. */
export function pngTextChunk(png: Buffer, keyword: string): string | undefined {
  let offset = 8;
  while (offset + 8 <= png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    if (type === 'tEXt') {
      const data = png.subarray(offset + 8, offset + 8 + length);
      const separator = data.indexOf(0);
      if (data.toString('latin1', 0, separator) === keyword) return data.toString('latin1', separator + 1);
    }
    if (type === 'IEND') return undefined;
    offset += 12 + length;
  }
  return undefined;
}
