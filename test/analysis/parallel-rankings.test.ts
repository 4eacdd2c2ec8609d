/**
 * The compiled build ranks a large catalog's other columns on a worker thread
 * (src/analysis/parallel-rankings.ts); the TypeScript sources every other
 * test runs have no compiled worker file, so they rank everything on the
 * main thread. The same catalog through both must give the same analysis,
 * and the worker must really have taken part.
 */
import { describe, expect, it } from 'vitest';
import { analyzeVideos } from '../../src/analysis/analyze.js';
import { PARALLEL_MIN_VIDEOS } from '../../src/analysis/parallel-rankings.js';
import type { Video } from '../../src/analysis/types.js';

type AnalyzeModule = typeof import('../../src/analysis/analyze.js');
type ParallelModule = typeof import('../../src/analysis/parallel-rankings.js');
type PoolModule = typeof import('../../src/analysis/buffer-pool.js');
const compiled = (path: string) => import(new URL(`../../dist/analysis/${path}`, import.meta.url).href);
const built = (await compiled('analyze.js')) as AnalyzeModule;
const builtParallel = (await compiled('parallel-rankings.js')) as ParallelModule;
const builtPool = (await compiled('buffer-pool.js')) as PoolModule;

const TAGS = ['fyp', 'recipe', 'vlog', 'asmr', 'gym', 'booktok', 'dinner', 'travel'];

/** A varied catalog: zero plays, ties, unknown durations and post times, both kinds of sound, 0-5 tags. */
function catalog(count: number): Video[] {
  let state = 7;
  const random = () => (state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0) / 4_294_967_296;
  return Array.from({ length: count }, (_, i) => {
    const plays = random() < 0.02 ? 0 : Math.floor(random() * random() * 200_000);
    const tagCount = Math.floor(random() * 6);
    return {
      id: String(7_000_000 + i),
      caption: `video ${i}`,
      durationSec: random() < 0.03 ? 0 : 1 + Math.floor(random() * 300),
      plays,
      likes: Math.floor(plays * random() * 0.1),
      comments: Math.floor(plays * random() * 0.005),
      shares: random() < 0.3 ? 0 : Math.floor(plays * random() * 0.01),
      createdAtSec: random() < 0.05 ? null : 1_690_000_000 + Math.floor(random() * 40_000_000),
      hashtags: Array.from(new Set(Array.from({ length: tagCount }, () => TAGS[Math.floor(random() * TAGS.length)]!))),
      ...(random() < 0.5 ? { sound: random() < 0.4 ? 'original sound - me' : `track ${i % 40}` } : {}),
    };
  });
}

describe('column rankings on a worker thread', () => {
  it('give the analysis the main thread alone gives, with the worker running some of them', async () => {
    expect(await builtParallel.rankWorkerOnline()).toBe(true);
    const videos = catalog(PARALLEL_MIN_VIDEOS + 10_000);
    const options = { timeZone: 'Europe/Berlin', asOf: '2025-01-01T00:00:00Z' };
    const inThread = analyzeVideos(videos, options);
    const withWorker = built.analyzeVideos(videos, options);
    expect(builtParallel.tasksRunByWorker()).toBeGreaterThan(0);
    expect(withWorker).toEqual(inThread);
    // The figures the worker's tasks feed: tier tests on plays and duration, every correlation.
    expect(withWorker.findings.tests.filter((t) => t.dimension === 'tiers').map((t) => t.key)).toEqual(
      expect.arrayContaining(['plays', 'duration']),
    );
    expect(withWorker.correlations.shareRate.rho).not.toBeNull();
  });

  it('stay on the main thread for a small catalog', () => {
    const videos = catalog(2_000);
    expect(built.analyzeVideos(videos)).toEqual(analyzeVideos(videos));
    expect(builtParallel.tasksRunByWorker()).toBe(0);
  });

  // Last: the switch is for the rest of the process, as in the command line that makes it.
  it('give the same analysis with every buffer in shared memory, as the command line runs', () => {
    builtPool.poolInSharedMemory();
    expect(builtPool.pooledFloat64('test.probe', 4).buffer).toBeInstanceOf(SharedArrayBuffer);
    const videos = catalog(PARALLEL_MIN_VIDEOS + 20_000); // larger than before: the pools allocate again
    const options = { timeZone: 'America/New_York', asOf: '2025-01-01T00:00:00Z' };
    expect(built.analyzeVideos(videos, options)).toEqual(analyzeVideos(videos, options));
    expect(builtParallel.tasksRunByWorker()).toBeGreaterThan(0);
  });
});
