import { analyzeVideos } from '../../src/analysis/analyze.js';
import { takeSnapshot, type Snapshot } from '../../src/analysis/snapshot.js';
import type { Video } from '../../src/analysis/types.js';

/** A deterministic catalog of `count` videos whose counters grow with `week`. */
export function sampleVideos(count: number, week: number): Video[] {
  return Array.from({ length: count }, (_, i) => {
    const plays = i % 9 === 0 ? 0 : 1000 + ((i * 7919) % 5000) + week * (50 + (i % 13) * 10);
    return {
      id: `7300000000000${String(i).padStart(6, '0')}`,
      caption: `video ${i}`,
      durationSec: 10 + (i % 50) * 3,
      plays,
      likes: Math.floor(plays * (0.02 + (i % 11) / 100)),
      comments: Math.floor(plays * 0.004),
      shares: Math.floor(plays * ((i % 5) / 500)),
      createdAtSec: 1_760_000_000 + i * 86_400,
      hashtags: [],
    };
  });
}

/** A snapshot through the real pipeline: analyzeVideos, then takeSnapshot. */
export function sampleSnapshot(username: string, takenAt: string, week: number, count = 20): Snapshot {
  const videos = sampleVideos(count, week);
  return takeSnapshot(username, videos, analyzeVideos(videos), new Date(takenAt));
}

/** takenAt of week `n` (0-based) of a weekly series starting Monday 2 Nov 2026, 08:00 UTC. */
export function weekTakenAt(n: number): string {
  return new Date(Date.UTC(2026, 10, 2, 8) + n * 7 * 86_400_000).toISOString();
}
