/**
 * Analysis speed: normalize + analyze generated catalogs of 10k, 100k and 1M
 * raw records in process; median of several runs and peak memory.
 */
import { analyzeVideos } from '../../src/analysis/analyze.js';
import { normalizeRecords } from '../../src/tiktok/normalize.js';

const SIZES = [10_000, 100_000, 1_000_000] as const;
const RUNS = 5;
const TAGS = [
  'fyp',
  'cooking',
  'foodtok',
  'recipe',
  'vlog',
  'asmr',
  'tutorial',
  'comedy',
  'gym',
  'booktok',
  'mealprep',
  'dinner',
];

/**
 * Raw records in the fixtures' flat shape, as a file or API delivers them:
 * parsed from JSON text (so strings are flat, as JSON.parse makes them).
 */
function generateRecords(count: number): unknown[] {
  return JSON.parse(JSON.stringify(buildRecords(count))) as unknown[];
}

function buildRecords(count: number): unknown[] {
  let state = 42;
  const random = () => (state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0) / 4_294_967_296;
  return Array.from({ length: count }, (_, i) => {
    const plays = random() < 0.01 ? 0 : Math.floor(random() * random() * 500_000);
    return {
      id: `73${String(i).padStart(17, '0')}`,
      desc: `clip ${i}`,
      duration: 1 + Math.floor(random() * random() * 400),
      play_count: plays,
      digg_count: Math.floor(plays * random() * 0.12),
      comment_count: Math.floor(plays * random() * 0.01),
      share_count: Math.floor(plays * random() * 0.02),
      create_time: 1_700_000_000 + Math.floor(random() * 60_000_000),
      hashtags: [TAGS[i % TAGS.length]!, TAGS[(i * 7 + 3) % TAGS.length]!],
      music: random() < 0.4 ? 'original sound - creator' : `track ${i % 50}`,
    };
  });
}

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
