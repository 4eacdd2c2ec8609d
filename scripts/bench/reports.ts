/**
 * Report speed: the per-video CSV export and reading it back, the Discord
 * embed and the terminal rendering, for catalogs of 10k and 100k videos
 * (median of several runs). Rendering reads a finished Analysis, so its cost
 * should be small next to fetching and analysing.
 */
import { analyzeVideos } from '../../src/analysis/analyze.js';
import type { Video } from '../../src/analysis/types.js';
import { analysisReport } from '../../src/reports/analysis-embed.js';
import { parseCsv } from '../../src/csv-parse.js';
import { videosCsv } from '../../src/reports/csv.js';
import { renderAnalysisText } from '../../src/reports/terminal.js';
import type { Catalog } from '../../src/tiktok/catalog.js';

const SIZES = [10_000, 100_000] as const;
const RUNS = 5;
const CAPTIONS = [
  'plain caption #fyp',
  'with, comma and "quotes" #recipe',
  'two\nlines 🔥🧑‍🍳 #vlog',
  '=looks like a formula',
];

function generateCatalog(count: number): Catalog {
  let state = 7;
  const random = () => (state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0) / 4_294_967_296;
  const videos = Array.from({ length: count }, (_, i): Video => {
    const plays = random() < 0.01 ? 0 : Math.floor(random() * random() * 500_000);
    return {
      id: `73${String(i).padStart(17, '0')}`,
      caption: `${CAPTIONS[i % CAPTIONS.length]} ${i}`,
      durationSec: 1 + Math.floor(random() * 300),
      plays,
      likes: Math.floor(plays * random() * 0.12),
      comments: Math.floor(plays * random() * 0.01),
      shares: Math.floor(plays * random() * 0.02),
      createdAtSec: 1_700_000_000 + Math.floor(random() * 60_000_000),
      hashtags: ['fyp', `tag${i % 40}`],
      sound: random() < 0.4 ? 'original sound - creator' : `track ${i % 50}`,
    };
  });
  return {
    account: { username: 'bench.creator', followers: null, videoCountHint: null },
    videos,
    skipped: [],
    source: {
      kind: 'demo',
      fetchedAt: new Date(0).toISOString(),
      calls: 0,
      creditsUsed: 0,
      creditsRemaining: null,
      fromCache: false,
    },
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

function time(action: () => unknown): number[] {
  const ms: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    action();
    ms.push(performance.now() - started);
  }
  return ms;
}

/** Synchronous work; a promise only because every bench part's run() returns one. */
export function run(): Promise<void> {
  console.log(`reports: rendering a finished Analysis (median of ${RUNS} runs)`);
  for (const size of SIZES) {
    const catalog = generateCatalog(size);
    const analysis = analyzeVideos(catalog.videos);
    const csv = videosCsv(catalog, analysis);
    const csvMs = median(time(() => videosCsv(catalog, analysis)));
    const parseMs = median(time(() => parseCsv(csv)));
    const embedMs = median(time(() => analysisReport(catalog, analysis, { chartFileName: 'chart.png' })));
    const textMs = median(time(() => renderAnalysisText(catalog, analysis)));
    console.log(
      `  ${String(size).padStart(7)} videos: CSV export ${csvMs.toFixed(0)} ms (${(csv.length / 2 ** 20).toFixed(1)} MB), ` +
        `CSV parse ${parseMs.toFixed(0)} ms, embed ${embedMs.toFixed(1)} ms, terminal ${textMs.toFixed(1)} ms`,
    );
  }
  return Promise.resolve();
}
