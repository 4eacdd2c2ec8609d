/**
 * The worker thread of parallel-rankings.ts: takes column-ranking tasks from
 * each job the main thread posts. It only ever runs from the compiled build.
 */
import { parentPort } from 'node:worker_threads';
import { workOn, type PostedRankings } from './parallel-rankings.js';

parentPort?.on('message', (posted: PostedRankings) => workOn(posted, true));
