import { analyzeVideos } from '../../src/analysis/analyze.js';
import { readCatalogFile } from '../../src/tiktok/file-source.js';

/** The child of the intake bench: imports and analyses one file, then reports its time and peak RSS as JSON. */
const path = process.argv[2];
if (path === undefined) throw new Error('usage: intake-child FILE');
const started = performance.now();
const catalog = await readCatalogFile(path);
analyzeVideos(catalog.videos);
const seconds = (performance.now() - started) / 1000;
// maxRSS is the process's peak resident set in KB, measured by the OS.
process.stdout.write(
  JSON.stringify({ videos: catalog.videos.length, seconds, maxRssMb: process.resourceUsage().maxRSS / 1024 }),
);
