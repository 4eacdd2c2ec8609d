import { describe, expect, it } from 'vitest';
import { analyzeVideos } from '../../src/analysis/analyze.js';
import { tierOf } from '../../src/analysis/metrics.js';
import type { TrendPoint as ChartTrendPoint } from '../../src/charts/trend.js';
import {
  diffSnapshots,
  isoWeek,
  takeSnapshot,
  trendPointsFromSnapshots,
  type Snapshot,
  type SnapshotSummary,
  type SnapshotVideo,
} from '../../src/analysis/snapshot.js';
import type { Tier, TierStats, Video } from '../../src/analysis/types.js';

function video(id: string, plays: number, likes: number, comments: number, shares: number): Video {
  return {
    id,
    caption: `video ${id}`,
    durationSec: 30,
    plays,
    likes,
    comments,
    shares,
    createdAtSec: 1_760_000_000,
    hashtags: [],
  };
}

const tierStats = (avgEngagementRate: number, count = 2): TierStats => ({
  count,
  avgDuration: 30,
  avgEngagementRate,
  avgShareRate: avgEngagementRate / 10,
  avgCommentRate: avgEngagementRate / 20,
  avgLikeRate: avgEngagementRate * 0.85,
  avgPlays: 1000,
});

function summary(overrides: Partial<SnapshotSummary> = {}): SnapshotSummary {
  return {
    videoCount: 4,
    analyzedCount: 4,
    thresholds: { q25: 0.05, q75: 0.1 },
    tiers: { top: tierStats(0.12), bottom: tierStats(0.03) },
    medianEngagementRate: 0.07,
    meanEngagementRate: 0.075,
    shareRate: 0.008,
    commentRate: 0.004,
    likeRate: 0.06,
    totals: { plays: 2000, likes: 100, comments: 10, shares: 20 },
    ...overrides,
  };
}

function row(id: string, plays: number, likes: number, comments: number, shares: number, tier: Tier): SnapshotVideo {
  return { id, plays, likes, comments, shares, engagementRate: (likes + comments + shares) / plays, tier };
}

function snapshot(takenAt: string, videos: SnapshotVideo[] | null, overrides: Partial<SnapshotSummary> = {}): Snapshot {
  return { username: 'chefmaya', takenAt, summary: summary(overrides), videos };
}

describe('takeSnapshot', () => {
  const videos = [
    video('v1', 1000, 100, 10, 5),
    video('v2', 2000, 60, 6, 2),
    video('v3', 500, 10, 1, 0),
    video('v4', 800, 120, 20, 30),
    video('v5', 0, 3, 0, 0),
    video('v6', 1200, 70, 7, 3),
  ];

  it('copies the Analysis summary and adds every video with its rate and tier', () => {
    const analysis = analyzeVideos(videos);
    const snap = takeSnapshot('chefmaya', videos, analysis, new Date('2026-11-23T08:00:00Z'));
    expect(snap.username).toBe('chefmaya');
    expect(snap.takenAt).toBe('2026-11-23T08:00:00.000Z');
    expect(snap.summary.videoCount).toBe(6);
    expect(snap.summary.analyzedCount).toBe(5);
    expect(snap.summary.thresholds).toEqual(analysis.thresholds);
    expect(snap.summary.tiers).toEqual(analysis.tiers);
    expect(snap.summary.medianEngagementRate).toBe(analysis.overall!.medianEngagementRate);
    expect(snap.summary.meanEngagementRate).toBe(analysis.overall!.meanEngagementRate);
    expect(snap.summary.shareRate).toBe(analysis.overall!.meanShareRate);
    expect(snap.summary.commentRate).toBe(analysis.overall!.meanCommentRate);
    expect(snap.summary.totals).toEqual({ plays: 5500, likes: 363, comments: 44, shares: 40 });
    expect(snap.videos).toHaveLength(6);
    expect(snap.videos![0]).toEqual({
      id: 'v1',
      plays: 1000,
      likes: 100,
      comments: 10,
      shares: 5,
      engagementRate: 0.115,
      tier: 'top',
    });
    const zeroPlays = snap.videos!.find((v) => v.id === 'v5')!;
    expect(zeroPlays.tier).toBe('unranked');
    expect('engagementRate' in zeroPlays).toBe(false);
    for (const v of snap.videos!) expect(v.tier).toBe(tierOf(v.engagementRate, analysis.thresholds));
    // JSON round trip: a snapshot is plain data.
    expect(JSON.parse(JSON.stringify(snap))).toEqual(snap);
  });

  it('judges tiers by the Analysis thresholds, never recomputing quartiles', () => {
    const analysis = { ...analyzeVideos(videos), thresholds: { q25: 0.05, q75: 0.2 } };
    const snap = takeSnapshot('chefmaya', videos, analysis, new Date('2026-11-23T08:00:00Z'));
    // v4's rate is 0.2125: top only because q75 is 0.2 here; v3 (0.022) bottom; v1 (0.115) middle.
    expect(snap.videos!.map((v) => [v.id, v.tier])).toEqual([
      ['v1', 'middle'],
      ['v2', 'bottom'],
      ['v3', 'bottom'],
      ['v4', 'top'],
      ['v5', 'unranked'],
      ['v6', 'middle'],
    ]);
  });

  it('handles a catalog too small for quartiles', () => {
    const few = videos.slice(0, 2);
    const snap = takeSnapshot('chefmaya', few, analyzeVideos(few), new Date('2026-11-23T08:00:00Z'));
    expect(snap.summary.thresholds).toBeNull();
    expect(snap.summary.tiers).toBeNull();
    expect(snap.videos!.every((v) => v.tier === 'unranked')).toBe(true);
  });
});

describe('diffSnapshots with per-video detail', () => {
  const previous = snapshot('2026-11-16T08:00:00.000Z', [
    row('a', 1000, 100, 10, 10, 'top'),
    row('b', 500, 30, 3, 2, 'middle'),
    row('c', 200, 4, 1, 0, 'bottom'),
    row('d', 300, 40, 5, 5, 'top'),
  ]);
  const current = snapshot(
    '2026-11-23T08:00:00.000Z',
    [
      row('e', 800, 120, 12, 20, 'top'), // new this week
      row('a', 1500, 130, 12, 14, 'middle'), // left the top quartile
      row('b', 900, 80, 6, 9, 'top'), // entered it
      row('c', 150, 3, 1, 0, 'bottom'), // TikTok lowered its counters
      // d is gone (deleted, or past the fetch limit)
    ],
    {
      videoCount: 4,
      medianEngagementRate: 0.08,
      meanEngagementRate: 0.07,
      shareRate: 0.01,
      commentRate: 0.003,
      thresholds: { q25: 0.04, q75: 0.11 },
      tiers: { top: tierStats(0.15, 2), bottom: tierStats(0.02, 1) },
      totals: { plays: 3350, likes: 333, comments: 31, shares: 43 },
    },
  );
  const diff = diffSnapshots(previous, current);

  it('lists added and removed videos', () => {
    expect(diff.perVideoDetail).toBe(true);
    expect(diff.videosAdded).toEqual(['e']);
    expect(diff.videosRemoved).toEqual(['d']);
    expect(diff.previousTakenAt).toBe('2026-11-16T08:00:00.000Z');
    expect(diff.currentTakenAt).toBe('2026-11-23T08:00:00.000Z');
  });

  it('sums gains over videos in both snapshots plus new videos, ignoring removed ones', () => {
    // plays: a +500, b +400, c -50, e +800 (new); d's 300 are not a loss.
    expect(diff.gained).toEqual({
      basis: 'per-video',
      plays: 500 + 400 - 50 + 800,
      likes: 30 + 50 - 1 + 120,
      comments: 2 + 3 + 0 + 12,
      shares: 4 + 7 + 0 + 20,
    });
  });

  it('reports the change of the catalog and tier rates', () => {
    expect(diff.catalog.medianEngagementRate).toEqual({ previous: 0.07, current: 0.08, delta: 0.08 - 0.07 });
    expect(diff.catalog.meanEngagementRate.delta).toBeCloseTo(-0.005, 12);
    expect(diff.catalog.shareRate.delta).toBeCloseTo(0.002, 12);
    expect(diff.catalog.commentRate.delta).toBeCloseTo(-0.001, 12);
    expect(diff.thresholds.q75).toEqual({ previous: 0.1, current: 0.11, delta: 0.11 - 0.1 });
    expect(diff.tiers.top.avgEngagementRate.delta).toBeCloseTo(0.03, 12);
    expect(diff.tiers.top.avgShareRate.delta).toBeCloseTo(0.003, 12);
    expect(diff.tiers.bottom.count).toEqual({ previous: 2, current: 1, delta: -1 });
    expect(diff.tiers.bottom.avgCommentRate.delta).toBeCloseTo(-0.0005, 12);
    expect(diff.videoCount).toEqual({ previous: 4, current: 4, delta: 0 });
  });

  it('finds videos that entered or left the top quartile', () => {
    expect(diff.enteredTopQuartile).toEqual([
      { id: 'e', previousTier: null, engagementRate: 152 / 800 },
      { id: 'b', previousTier: 'middle', engagementRate: 95 / 900 },
    ]);
    // d was top and disappeared: it did not "leave the top quartile", it left the catalog.
    expect(diff.leftTopQuartile).toEqual([{ id: 'a', currentTier: 'middle', engagementRate: 156 / 1500 }]);
  });

  it('ranks the fastest-growing videos by plays gained, positive gains only', () => {
    expect(diff.fastestGrowing).toEqual([
      { id: 'e', playsGained: 800, plays: 800, isNew: true },
      { id: 'a', playsGained: 500, plays: 1500, isNew: false },
      { id: 'b', playsGained: 400, plays: 900, isNew: false },
    ]);
  });

  it('keeps at most 5 fastest-growing videos, equal gains in catalog order', () => {
    const before = snapshot(
      '2026-11-16T08:00:00.000Z',
      ['p', 'q', 'r', 's', 't', 'u', 'v'].map((id) => row(id, 100, 1, 0, 0, 'middle')),
    );
    const gains: Record<string, number> = { p: 10, q: 50, r: 50, s: 5, t: 70, u: 50, v: 1 };
    const after = snapshot(
      '2026-11-23T08:00:00.000Z',
      ['p', 'q', 'r', 's', 't', 'u', 'v'].map((id) => row(id, 100 + gains[id]!, 1, 0, 0, 'middle')),
    );
    expect(diffSnapshots(before, after).fastestGrowing!.map((g) => [g.id, g.playsGained])).toEqual([
      ['t', 70],
      ['q', 50],
      ['r', 50],
      ['u', 50],
      ['p', 10],
    ]);
  });
});

describe('diffSnapshots against a summary-only snapshot', () => {
  it('degrades to summary deltas', () => {
    const previous = snapshot('2026-11-09T08:00:00.000Z', null, {
      videoCount: 3,
      totals: { plays: 1000, likes: 50, comments: 5, shares: 7 },
    });
    const current = snapshot('2026-11-23T08:00:00.000Z', [row('a', 1500, 80, 9, 10, 'top')], {
      videoCount: 5,
      totals: { plays: 1800, likes: 90, comments: 9, shares: 10 },
      medianEngagementRate: 0.09,
    });
    const diff = diffSnapshots(previous, current);
    expect(diff.perVideoDetail).toBe(false);
    expect(diff.gained).toEqual({ basis: 'totals', plays: 800, likes: 40, comments: 4, shares: 3 });
    expect(diff.videoCount.delta).toBe(2);
    expect(diff.catalog.medianEngagementRate.delta).toBeCloseTo(0.02, 12);
    expect(diff.videosAdded).toBeNull();
    expect(diff.videosRemoved).toBeNull();
    expect(diff.enteredTopQuartile).toBeNull();
    expect(diff.leftTopQuartile).toBeNull();
    expect(diff.fastestGrowing).toBeNull();
  });

  it('gives null deltas where a snapshot had no quartiles', () => {
    const small = snapshot('2026-11-16T08:00:00.000Z', null, {
      thresholds: null,
      tiers: null,
      medianEngagementRate: null,
    });
    const diff = diffSnapshots(small, snapshot('2026-11-23T08:00:00.000Z', null));
    expect(diff.thresholds.q75).toEqual({ previous: null, current: 0.1, delta: null });
    expect(diff.tiers.top.avgEngagementRate).toEqual({ previous: null, current: 0.12, delta: null });
    expect(diff.catalog.medianEngagementRate.delta).toBeNull();
  });

  it('refuses to compare two different accounts', () => {
    const other = { ...snapshot('2026-11-23T08:00:00.000Z', null), username: 'someoneelse' };
    expect(() => diffSnapshots(snapshot('2026-11-16T08:00:00.000Z', null), other)).toThrow(/different accounts/);
  });
});

describe('trendPointsFromSnapshots', () => {
  it('gives one point per ISO week, oldest first, the latest snapshot standing for its week', () => {
    const points = trendPointsFromSnapshots([
      snapshot('2026-11-23T08:00:00.000Z', null, { medianEngagementRate: 0.08, videoCount: 12 }),
      snapshot('2026-11-09T08:00:00.000Z', null, { medianEngagementRate: 0.06, videoCount: 10 }),
      // Baseline at subscribe time and the first weekly run in the same week:
      snapshot('2026-11-16T08:00:00.000Z', null, { medianEngagementRate: 0.07, videoCount: 11 }),
      snapshot('2026-11-18T20:00:00.000Z', null, { medianEngagementRate: 0.075, videoCount: 11, thresholds: null }),
    ]);
    expect(points).toEqual([
      { label: '2026-W46', medianEngagementRate: 0.06, q75EngagementRate: 0.1, shareRate: 0.008, videoCount: 10 },
      { label: '2026-W47', medianEngagementRate: 0.075, q75EngagementRate: null, shareRate: 0.008, videoCount: 11 },
      { label: '2026-W48', medianEngagementRate: 0.08, q75EngagementRate: 0.1, shareRate: 0.008, videoCount: 12 },
    ]);
  });

  it('produces the charts helper TrendPoint shape (checked by the type checker)', () => {
    const points: ChartTrendPoint[] = trendPointsFromSnapshots([snapshot('2026-11-23T08:00:00.000Z', null)]);
    expect(Object.keys(points[0]!).sort()).toEqual([
      'label',
      'medianEngagementRate',
      'q75EngagementRate',
      'shareRate',
      'videoCount',
    ]);
  });

  it('labels weeks in the given time zone', () => {
    // Sunday 23:30 UTC is already Monday in Berlin.
    const snap = snapshot('2026-11-29T23:30:00.000Z', null);
    expect(trendPointsFromSnapshots([snap])[0]!.label).toBe('2026-W48');
    expect(trendPointsFromSnapshots([snap], 'Europe/Berlin')[0]!.label).toBe('2026-W49');
  });
});

describe('isoWeek', () => {
  it.each([
    ['2026-11-26T12:00:00Z', 'UTC', '2026-W48'],
    ['2026-01-01T12:00:00Z', 'UTC', '2026-W01'], // a Thursday
    ['2021-01-03T12:00:00Z', 'UTC', '2020-W53'], // Sunday of the last week of 2020
    ['2024-12-30T12:00:00Z', 'UTC', '2025-W01'], // Monday that belongs to 2025
    ['2026-12-31T12:00:00Z', 'UTC', '2026-W53'],
    ['2026-11-29T23:30:00Z', 'Europe/Berlin', '2026-W49'],
    ['2026-11-29T12:30:00Z', 'Australia/Lord_Howe', '2026-W48'], // 23:30 Sunday there
    ['2026-11-29T13:30:00Z', 'Australia/Lord_Howe', '2026-W49'], // 00:30 Monday there
  ])('%s in %s is %s', (instant, timeZone, expected) => {
    expect(isoWeek(new Date(instant), timeZone)).toBe(expected);
  });
});
