/**
 * What the main thread does when the worker lets it down (parallel-rankings.ts):
 * the test plays the worker's part in the shared control block, claiming a
 * task and then failing it, or holding it past the wait.
 */
import { describe, expect, it } from 'vitest';
import { columnsOf, tierBitsOf } from '../../src/analysis/columns.js';
import { rankingJob, tierResult, type RankingJob } from '../../src/analysis/column-rankings.js';
import { awaitFirstRanking, CONTROL, finishRankings, startRankings } from '../../src/analysis/parallel-rankings.js';
import type { Video } from '../../src/analysis/types.js';

function catalog(count: number): Video[] {
  let state = 11;
  const random = () => (state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0) / 4_294_967_296;
  return Array.from({ length: count }, (_, i) => {
    const plays = 1 + Math.floor(random() * 50_000);
    return {
      id: String(i),
      caption: '',
      durationSec: Math.floor(random() * 120),
      plays,
      likes: Math.floor(plays * random() * 0.1),
      comments: Math.floor(plays * random() * 0.01),
      shares: Math.floor(plays * random() * 0.01),
      createdAtSec: null,
      hashtags: [],
    };
  });
}

const videos = catalog(400);

/** A job over the catalog, its (pooled, reused) result buffers cleared so no earlier job's ranks remain. */
function newJob(): RankingJob {
  const columns = columnsOf(videos);
  const job = rankingJob(columns, tierBitsOf(columns.engagement, { q25: 0.03, q75: 0.08 }), true);
  for (const ranks of [job.engagementRanks, job.playsRanks, job.shareRanks, job.commentRanks, job.likeRanks])
    ranks.fill(0);
  job.engagementOrder.fill(0);
  job.engagementTied.fill(0);
  return job;
}

/** What a job's tasks produced, copied out of the pooled buffers the next job reuses. */
function resultsOf(job: RankingJob) {
  return {
    engagement: [...job.engagementRanks],
    engagementOrder: [...job.engagementOrder],
    engagementTied: [...job.engagementTied],
    plays: [...job.playsRanks],
    share: [...job.shareRanks],
    comment: [...job.commentRanks],
    like: [...job.likeRanks],
    playsTier: tierResult(job, 'plays'),
    durationTier: tierResult(job, 'duration'),
  };
}

const reference = (() => {
  const job = newJob();
  finishRankings(startRankings(job));
  return resultsOf(job);
})();

/** Claims task 0 as the worker would, and leaves it in `status`. */
function claimFirstTask(control: Int32Array, status: number): void {
  Atomics.store(control, CONTROL.NEXT, 1);
  Atomics.store(control, CONTROL.STATUS, status);
}

describe('the main thread covers for the worker', () => {
  it('runs a task again that the worker failed', () => {
    const job = newJob();
    const run = startRankings(job);
    claimFirstTask(run.posted.control, CONTROL.FAILED);
    finishRankings(run);
    expect(resultsOf(job)).toEqual(reference);
    expect(reference.plays.some((rank) => rank > 0)).toBe(true);
    expect(reference.engagement.some((rank) => rank > 0)).toBe(true);
  });

  it('runs a task itself that the worker still holds when the wait is over', () => {
    const job = newJob();
    const run = startRankings(job);
    claimFirstTask(run.posted.control, CONTROL.CLAIMED);
    finishRankings(run, 0);
    expect(resultsOf(job)).toEqual(reference);
  });

  it('runs the engagement ranking itself when the worker has not claimed it, and only once', () => {
    const job = newJob();
    const run = startRankings(job);
    awaitFirstRanking(run);
    expect(Atomics.load(run.posted.control, CONTROL.NEXT)).toBe(1);
    expect(Atomics.load(run.posted.control, CONTROL.STATUS)).toBe(CONTROL.DONE);
    expect([...job.engagementRanks]).toEqual(reference.engagement);
    finishRankings(run);
    expect(resultsOf(job)).toEqual(reference);
  });

  it('redoes the engagement ranking the worker failed, before the other tasks', () => {
    const job = newJob();
    const run = startRankings(job);
    claimFirstTask(run.posted.control, CONTROL.FAILED);
    awaitFirstRanking(run);
    expect([...job.engagementOrder]).toEqual(reference.engagementOrder);
    expect([...job.engagementTied]).toEqual(reference.engagementTied);
    expect(job.playsRanks.every((rank) => rank === 0)).toBe(true);
    finishRankings(run);
    expect(resultsOf(job)).toEqual(reference);
  });

  it('runs the engagement ranking itself when the worker holds it past the wait', () => {
    const job = newJob();
    const run = startRankings(job);
    claimFirstTask(run.posted.control, CONTROL.CLAIMED);
    awaitFirstRanking(run, 0);
    expect([...job.engagementRanks]).toEqual(reference.engagement);
    finishRankings(run, 0);
    expect(resultsOf(job)).toEqual(reference);
  });
});
