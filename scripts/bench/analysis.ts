/**
 * Analysis speed: normalize + analyze generated catalogs of 10k, 100k and 1M
 * raw records in process; median of several runs and peak memory. It runs
 * the compiled build (npm run bench builds it first), as the CLI and the bot
 * do: only there does a large analysis get its worker thread
 * (src/analysis/parallel-rankings.ts).
 */
import { generateRecords } from './catalog-data.js';

const compiled = (path: string) => import(new URL(`../../dist/${path}`, import.meta.url).href);
const { analyzeVideos } = (await compiled('analysis/analyze.js')) as typeof import('../../src/analysis/analyze.js');
const { normalizeRecords } = (await compiled('tiktok/normalize.js')) as typeof import('../../src/tiktok/normalize.js');

const SIZES = [10_000, 100_000, 1_000_000] as const;
const RUNS = 5;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

/** Synchronous work; a promise only because every bench part's run() returns one. */
export function run(): Promise<void> {
  console.log(
    `analysis: normalize + analyze (median of ${RUNS} runs after one cold run, shown apart; time zone Europe/Berlin)`,
  );
  for (const size of SIZES) {
    const records = generateRecords(size);
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const normalizeMs: number[] = [];
    const analyzeMs: number[] = [];
    const totalMs: number[] = [];
    let coldMs = 0;
    // The first run also pays for JIT compilation and growing the heap: reported, not in the median.
    for (let run = -1; run < RUNS; run++) {
      const started = performance.now();
      const { videos } = normalizeRecords(records);
      const normalized = performance.now();
      analyzeVideos(videos, { timeZone: 'Europe/Berlin' });
      const done = performance.now();
      peak = Math.max(peak, process.memoryUsage().rss);
      if (run < 0) {
        coldMs = done - started;
        continue;
      }
      normalizeMs.push(normalized - started);
      analyzeMs.push(done - normalized);
      totalMs.push(done - started);
    }
    console.log(
      `  ${String(size).padStart(9)} videos: ${median(totalMs).toFixed(0).padStart(5)} ms ` +
        `(normalize ${median(normalizeMs).toFixed(0)} ms, analyze ${median(analyzeMs).toFixed(0)} ms; cold first run ${coldMs.toFixed(0)} ms), ` +
        `peak RSS ${mb(peak)} (+${mb(peak - baseline)} over the generated input)`,
    );
  }
  return Promise.resolve();
}
