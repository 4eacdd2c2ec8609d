import { describe, expect, it } from 'vitest';
import { analyzeVideos } from '../../src/analysis/analyze.js';
import { takeSnapshot, trendPointsFromSnapshots } from '../../src/analysis/snapshot.js';
import { trendChartConfig, type TrendPoint } from '../../src/charts/trend.js';
import { normalizeRecords } from '../../src/tiktok/normalize.js';
import { fixtureRecords } from '../support/fixtures.js';
import { expectChartJs4Shape, expectPlainJson } from './chart-assertions.js';

type Dataset = { type?: string; label?: string; data: unknown[]; yAxisID?: string };

function datasetByLabel(config: ReturnType<typeof trendChartConfig>, label: string): Dataset {
  const found = (config.data.datasets as unknown as Dataset[]).find((d) => d.label === label);
  if (!found) throw new Error(`no dataset "${label}"`);
  return found;
}

const weeks: TrendPoint[] = [
  { label: '2026-W46', medianEngagementRate: 0.064, q75EngagementRate: 0.091, shareRate: 0.0041, videoCount: 230 },
  { label: '2026-W47', medianEngagementRate: 0.066, q75EngagementRate: 0.094, shareRate: 0.0043, videoCount: 236 },
  { label: '2026-W48', medianEngagementRate: 0.071, q75EngagementRate: 0.099, shareRate: 0.0047, videoCount: 241 },
];

describe('trendChartConfig', () => {
  it('plots each week with its video count in the label', () => {
    const config = trendChartConfig(weeks);
    expect(config.data.labels).toEqual([
      ['2026-W46', 'n=230'],
      ['2026-W47', 'n=236'],
      ['2026-W48', 'n=241'],
    ]);
  });

  it('draws median and top-quartile engagement, share rate on its own axis, and video counts on another', () => {
    const config = trendChartConfig(weeks, { username: 'chefmaya' });
    const median = datasetByLabel(config, 'Median engagement');
    const q75 = datasetByLabel(config, 'Top-quartile engagement (q75)');
    const share = datasetByLabel(config, 'Share rate (right axis)');
    const videos = datasetByLabel(config, 'Videos');

    expect(median).toMatchObject({ type: 'line', yAxisID: 'y', data: [0.064, 0.066, 0.071] });
    expect(q75).toMatchObject({ type: 'line', yAxisID: 'y', data: [0.091, 0.094, 0.099] });
    expect(share).toMatchObject({ type: 'line', yAxisID: 'yShare', data: [0.0041, 0.0043, 0.0047] });
    expect(videos).toMatchObject({ type: 'bar', yAxisID: 'yVideos', data: [230, 236, 241] });

    const scales = config.options?.scales as Record<
      string,
      { position?: string; ticks?: { format?: Intl.NumberFormatOptions } }
    >;
    expect(scales.y?.position).toBe('left');
    expect(scales.y?.ticks?.format?.style).toBe('percent');
    expect(scales.yShare?.position).toBe('right');
    expect(scales.yShare?.ticks?.format?.style).toBe('percent');
    expect(config.options?.plugins?.title?.text).toBe('Weekly retention trend — @chefmaya');
  });

  it('is plain JSON in the Chart.js 4 layout, keeping missing rates as gaps', () => {
    const withGap: TrendPoint[] = [
      ...weeks,
      { label: '2026-W49', medianEngagementRate: 0.07, q75EngagementRate: null, shareRate: null, videoCount: 3 },
    ];
    const config = trendChartConfig(withGap);
    expectPlainJson(config);
    expectChartJs4Shape(config);
    expect(JSON.parse(JSON.stringify(config))).toEqual(config);
    expect(datasetByLabel(config, 'Top-quartile engagement (q75)').data.at(-1)).toBeNull();
  });

  it('has a readable empty state before the first snapshot', () => {
    const config = trendChartConfig([]);
    expect(config.data.labels).toEqual([]);
    expect(config.options?.plugins?.subtitle?.text).toBe('No snapshots yet: the first weekly report starts the trend');
    expect(config.options?.plugins?.legend?.display).toBe(false);
    expect((config.options?.scales?.y as { display: boolean }).display).toBe(false);
    expectPlainJson(config);
    expectChartJs4Shape(config);
  });

  it('takes the trend points the snapshot history produces', () => {
    const videos = normalizeRecords(fixtureRecords('clean-60')).videos;
    const earlier = videos.slice(0, 45);
    const snapshots = [
      takeSnapshot('chefmaya', earlier, analyzeVideos(earlier), new Date('2026-11-16T09:00:00Z')),
      takeSnapshot('chefmaya', videos, analyzeVideos(videos), new Date('2026-11-23T09:00:00Z')),
    ];
    const points: TrendPoint[] = trendPointsFromSnapshots(snapshots);
    const config = trendChartConfig(points);

    expect(config.data.labels).toEqual([
      ['2026-W47', 'n=45'],
      ['2026-W48', 'n=60'],
    ]);
    expect(datasetByLabel(config, 'Median engagement').data).toEqual(
      snapshots.map((s) => s.summary.medianEngagementRate),
    );
    expect(datasetByLabel(config, 'Top-quartile engagement (q75)').data).toEqual(
      snapshots.map((s) => s.summary.thresholds?.q75),
    );
    expect(datasetByLabel(config, 'Share rate (right axis)').data).toEqual(snapshots.map((s) => s.summary.shareRate));
  });
});
