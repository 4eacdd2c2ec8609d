import { analyzeVideos } from '../../src/analysis/analyze.js';
import { diffSnapshots, takeSnapshot, type Snapshot, type SnapshotDiff } from '../../src/analysis/snapshot.js';
import type { Video } from '../../src/analysis/types.js';
import { normalizeRecords } from '../../src/tiktok/normalize.js';
import { type CatalogName, fixtureRecords } from '../support/fixtures.js';

/**
 * Two weeks of a catalog, snapshotted and diffed with the real code
 * (analyzeVideos, takeSnapshot, diffSnapshots), for the weekly report tests.
 */

export const PREVIOUS_AT = new Date('2026-11-16T08:00:00.000Z');
export const CURRENT_AT = new Date('2026-11-23T08:00:00.000Z');

export function video(
  id: string,
  plays: number,
  likes: number,
  comments: number,
  shares: number,
  caption = `video ${id}`,
): Video {
  return { id, caption, durationSec: 30, plays, likes, comments, shares, createdAtSec: 1_760_000_000, hashtags: [] };
}

export function snapshotOf(username: string, videos: readonly Video[], at: Date): Snapshot {
  return takeSnapshot(username, videos, analyzeVideos(videos), at);
}

export function diffOf(username: string, before: readonly Video[], after: readonly Video[]): SnapshotDiff {
  return diffSnapshots(snapshotOf(username, before, PREVIOUS_AT), snapshotOf(username, after, CURRENT_AT));
}

/**
 * A week of deterministic, uneven growth: every video gains plays and
 * interactions at its own pace (some fast, a few not at all), so tiers
 * reshuffle and some videos cross the top-quartile threshold.
 */
export function grownWeek(videos: readonly Video[]): Video[] {
  return videos.map((v, i) => {
    const pace = [0, 0.02, 0.1, 0.35, 1.2][i % 5] as number;
    const engagementBoost = [0.6, 1, 1.8, 0.9, 2.5][(i * 7) % 5] as number;
    const plays = Math.round(v.plays * (1 + pace));
    const gained = plays - v.plays;
    return {
      ...v,
      plays,
      likes: v.likes + Math.round(gained * 0.05 * engagementBoost),
      comments: v.comments + Math.round(gained * 0.004 * engagementBoost),
      shares: v.shares + Math.round(gained * 0.006 * engagementBoost),
    };
  });
}

/** New videos of the week, with ids that do not clash with fixture ids. */
export function newVideos(count: number, prefix = 'new'): Video[] {
  return Array.from({ length: count }, (_, i) =>
    video(
      `${prefix}${i + 1}`,
      5_000 + i * 3_100,
      400 + i * 90,
      20 + i * 3,
      30 + i * 11,
      `New this week #${i + 1} 🔥 #recipe`,
    ),
  );
}

/** A fixture catalog through the real normalizer. */
export function fixtureVideos(name: CatalogName): Video[] {
  return normalizeRecords(fixtureRecords(name)).videos;
}

/** Two weeks of a fixture catalog: last week as in the fixture, this week grown, with 3 new videos and the last one gone. */
export function fixtureWeeks(name: CatalogName): { before: Video[]; after: Video[] } {
  const before = fixtureVideos(name);
  const after = [...newVideos(3), ...grownWeek(before).slice(0, -1)];
  return { before, after };
}

export function captionsOf(...catalogs: readonly (readonly Video[])[]): Map<string, string> {
  return new Map(catalogs.flat().map((v) => [v.id, v.caption]));
}
