/**
 * `npm run bench`: every speed figure the project tracks, printed, never
 * asserted. `npm run bench -- analysis fetch` runs only the named parts.
 * Each part is loaded only when it runs. The machine check comes first, and
 * again at the end: figures are comparable only where it is.
 */
import { machineCheck } from './bench/machine-check.js';

const PARTS = {
  analysis: () => import('./bench/analysis.js'),
  cli: () => import('./bench/cli.js'),
  reports: () => import('./bench/reports.js'),
  fetch: () => import('./bench/fetch.js'),
  discord: () => import('./bench/discord.js'),
  store: () => import('./bench/store.js'),
  weekly: () => import('./bench/weekly.js'),
  intake: () => import('./bench/intake.js'),
  load: () => import('./bench/load.js'),
} satisfies Record<string, () => Promise<{ run(): Promise<void> }>>;

type Part = keyof typeof PARTS;
const isPart = (name: string): name is Part => Object.hasOwn(PARTS, name);

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !isPart(name));
if (unknown.length > 0) {
  console.error(`Unknown bench part: ${unknown.join(', ')}. Parts: ${Object.keys(PARTS).join(', ')}.`);
  process.exit(2);
}
console.log(`${machineCheck()}\n`);
for (const part of Object.keys(PARTS) as Part[]) {
  if (wanted.length > 0 && !wanted.includes(part)) continue;
  const started = performance.now();
  await (await PARTS[part]()).run();
  console.log(`(${part}: ${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
}
console.log(machineCheck());
