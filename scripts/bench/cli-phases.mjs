// Phase probe for `npm run bench -- cli`: run by plain node (no TypeScript loader) on the compiled
// build, it times each phase of `analyze --input FILE` in one process and prints them as JSON.
// Usage: node scripts/bench/cli-phases.mjs FILE
import { performance } from 'node:perf_hooks';
import process from 'node:process';

const file = process.argv[2];
const startedAt = performance.now(); // time since the process began: Node's own start-up
const { poolInSharedMemory } = await import('../../dist/analysis/buffer-pool.js');
poolInSharedMemory(); // as the command line does (src/bin/analyze.ts)
const { normalizeRecords } = await import('../../dist/tiktok/normalize.js');
const { analyzeVideos } = await import('../../dist/analysis/analyze.js');
const { renderAnalysisText } = await import('../../dist/reports/terminal.js');
const { readWholeText } = await import('../../dist/tiktok/text-stream.js');
const loaded = performance.now();
const { text } = await readWholeText(file); // as the command line reads a file (src/tiktok/file-source.ts)
const read = performance.now();
const parsed = JSON.parse(text);
const records = Array.isArray(parsed) ? parsed : parsed.videos;
const parsedAt = performance.now();
const { videos, skipped } = normalizeRecords(records);
const normalized = performance.now();
const analysis = analyzeVideos(videos, { timeZone: 'UTC' });
const analyzed = performance.now();
const catalog = {
  account: { username: 'bench', followers: null, videoCountHint: null },
  videos,
  skipped,
  source: {
    kind: 'file',
    detail: file,
    fetchedAt: new Date(0).toISOString(),
    calls: 0,
    creditsUsed: 0,
    creditsRemaining: null,
    fromCache: false,
  },
};
const output = renderAnalysisText(catalog, analysis);
const rendered = performance.now();
process.stdout.write(
  `${JSON.stringify({
    startUp: startedAt,
    load: loaded - startedAt,
    read: read - loaded,
    parse: parsedAt - read,
    normalize: normalized - parsedAt,
    analyze: analyzed - normalized,
    output: rendered - analyzed,
    outputChars: output.length,
  })}\n`,
);
