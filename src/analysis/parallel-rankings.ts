/**
 * Runs the column rankings (column-rankings.ts) on two threads for a large
 * catalog, without making the analysis asynchronous.
 *
 * The main thread posts the job to a worker and does its own part of the
 * analysis (the pass over the video objects), then waits for the first task
 * (the engagement ranking its group walk needs: awaitFirstRanking), and at
 * the end takes whatever tasks are still unclaimed and waits (Atomics.wait)
 * for the ones the worker holds (finishRankings). Tasks are claimed from a
 * shared counter, so nothing depends on when the worker starts or whether it
 * starts at all: a worker that is still booting, missing (running from
 * TypeScript sources, as the tests do) or broken leaves every task to the
 * main thread, with the same results. The job's arrays are in shared memory
 * (buffer-pool.ts's shared* arrays), so nothing is copied either way.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { discardPooled } from './buffer-pool.js';
import { RANKING_TASKS, RESULT_ROLES, runRankingTask, type RankingJob } from './column-rankings.js';
import { RadixSorter } from './radix-sort.js';

/** Below this many analysed videos the rankings take a few milliseconds: not worth a thread. */
export const PARALLEL_MIN_VIDEOS = 50_000;
/**
 * A task takes 0.1-0.5 s per million videos; a worker that holds one this long (it can only have
 * died mid-task) is given up on, and the main thread runs the task itself.
 */
const timeoutMs = (videos: number) => 5_000 + 5_000 * (videos / 1_000_000);

/**
 * The control block both threads share: the next task to claim, how many tasks the worker ran,
 * then each task's status (0 until claimed).
 */
export const CONTROL = {
  NEXT: 0,
  BY_WORKER: 1,
  STATUS: 2,
  CLAIMED: 1,
  DONE: 2,
  FAILED: 3,
} as const;
const { NEXT, BY_WORKER, STATUS, CLAIMED, DONE, FAILED } = CONTROL;

/** What the main thread posts to the worker. */
export interface PostedRankings {
  job: RankingJob;
  control: Int32Array;
}

/**
 * Claims tasks of `job` until none is left, running each; both threads run
 * this. A task that throws is marked failed (the main thread runs it again
 * and lets the error surface there).
 */
export function workOn(posted: PostedRankings, inWorker: boolean): void {
  let sorter: RadixSorter | undefined;
  for (;;) {
    const task = Atomics.add(posted.control, NEXT, 1);
    if (task >= RANKING_TASKS.length) return;
    sorter ??= new RadixSorter(posted.job.plays.length);
    runClaimed(posted, task, sorter, inWorker);
  }
}

/** Runs a task this thread has claimed, and publishes its status (failed: see workOn). */
function runClaimed({ job, control }: PostedRankings, task: number, sorter: RadixSorter, inWorker: boolean): void {
  Atomics.store(control, STATUS + task, CLAIMED);
  let status: number = DONE;
  try {
    runRankingTask(task, job, sorter);
    if (inWorker) Atomics.add(control, BY_WORKER, 1);
  } catch {
    status = FAILED;
  }
  // The results are plain writes; this store publishes them to the thread that loads the status.
  Atomics.store(control, STATUS + task, status);
  Atomics.notify(control, STATUS + task);
}

let worker: Worker | null | undefined; // undefined: not tried yet; null: none to be had
let online: Promise<boolean> = Promise.resolve(false);

/** The module's worker, started on first use; null when there is none (see the module comment). */
function rankWorker(): Worker | null {
  if (worker !== undefined) return worker;
  const file = new URL('./rank-worker.js', import.meta.url);
  if (!existsSync(fileURLToPath(file))) return (worker = null);
  try {
    const started = new Worker(file);
    started.unref(); // an idle worker never keeps the process alive
    const lost = () => {
      if (worker === started) worker = null;
    };
    started.on('error', lost);
    started.on('exit', lost);
    online = new Promise((resolve) => {
      started.once('online', () => resolve(true));
      started.once('exit', () => resolve(false));
    });
    worker = started;
  } catch {
    worker = null;
  }
  return worker;
}

/** Starts the worker ahead of a large analysis, so it has booted by the time the job is posted. */
export function prepareRankings(videos: number): void {
  if (videos >= PARALLEL_MIN_VIDEOS) rankWorker();
}

/** Starts the worker if it can be had; resolves to whether it is running. */
export function rankWorkerOnline(): Promise<boolean> {
  return rankWorker() === null ? Promise.resolve(false) : online;
}

/** How many of the last job's tasks the worker ran (the rest ran on the main thread). */
let lastByWorker = 0;
export function tasksRunByWorker(): number {
  return lastByWorker;
}

/** A job under way: start it with startRankings, end it with finishRankings. */
export interface RankingsRun {
  posted: PostedRankings;
  helper: Worker | null;
}

/**
 * Whether every array of the job is in shared memory. One that is not would reach the worker as
 * a copy, and the worker's results would be lost: such a job stays on the main thread.
 */
function isShared(job: RankingJob): boolean {
  return Object.values(job).every((value) => !ArrayBuffer.isView(value) || value.buffer instanceof SharedArrayBuffer);
}

/** Hands `job` to the worker when it is large enough; the main thread joins in at finishRankings. */
export function startRankings(job: RankingJob): RankingsRun {
  const control = new Int32Array(new SharedArrayBuffer(4 * (STATUS + RANKING_TASKS.length)));
  const posted = { job, control };
  const helper = job.plays.length >= PARALLEL_MIN_VIDEOS && isShared(job) ? rankWorker() : null;
  helper?.postMessage(posted);
  return { posted, helper };
}

/**
 * The first task's results (the engagement ranking), before the others are done: runs it here
 * when the worker has not claimed it yet, else waits for it (and redoes it as finishRankings
 * would, should the worker fail at it or hold it past `waitMs`).
 */
export function awaitFirstRanking(run: RankingsRun, waitMs = timeoutMs(run.posted.job.plays.length)): void {
  const { posted } = run;
  if (Atomics.compareExchange(posted.control, NEXT, 0, 1) === 0) {
    // Claimed here: an error is the main thread's own, and surfaces as it is.
    runRankingTask(0, posted.job, new RadixSorter(posted.job.plays.length));
    Atomics.store(posted.control, STATUS, DONE);
    return;
  }
  settle(run, 0, Date.now() + waitMs);
}

/**
 * Runs the tasks nobody has claimed, waits for the worker's, and redoes any it could not finish
 * (failed, or still held after `waitMs`).
 */
export function finishRankings(run: RankingsRun, waitMs = timeoutMs(run.posted.job.plays.length)): void {
  const { posted } = run;
  workOn(posted, false);
  const deadline = Date.now() + waitMs;
  for (let task = 0; task < RANKING_TASKS.length; task++) settle(run, task, deadline);
  lastByWorker = Atomics.load(posted.control, BY_WORKER);
}

/** Waits until `task` is done; a task that failed, or is still held at `deadline`, is run here. */
function settle({ posted, helper }: RankingsRun, task: number, deadline: number): void {
  const { control } = posted;
  let status = Atomics.load(control, STATUS + task);
  while (status !== DONE && status !== FAILED) {
    const left = deadline - Date.now();
    if (left <= 0) break;
    Atomics.wait(control, STATUS + task, status, left);
    status = Atomics.load(control, STATUS + task);
  }
  if (status === DONE) return;
  if (status !== FAILED && helper !== null) abandonWorker(helper);
  runRankingTask(task, posted.job, new RadixSorter(posted.job.plays.length));
  Atomics.store(control, STATUS + task, DONE);
}

/**
 * A worker that holds a task past the timeout is stopped and never used
 * again, and the shared buffers it could still write to are not handed out
 * again, so a late write cannot land in a later analysis.
 */
function abandonWorker(helper: Worker): void {
  if (worker === helper) worker = null;
  void helper.terminate();
  discardPooled(RESULT_ROLES);
}
