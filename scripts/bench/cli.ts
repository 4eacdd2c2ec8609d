/**
 * `npm run bench -- cli`: the analyze command line as a user runs it, whole
 * process, on generated files of 10k, 100k and 1M videos, beside the floors
 * Node itself sets (`node -e 1`; reading the file; reading and JSON.parse).
 * Then each phase in one process (scripts/bench/cli-phases.mjs on the same
 * compiled modules), so a slow total points at its cause. Median of several
 * runs, each a fresh process; the compiled build (npm run build) is what runs.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildRecords } from './catalog-data.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(ROOT, 'dist', 'bin', 'analyze.js');
const PROBE = join(ROOT, 'scripts', 'bench', 'cli-phases.mjs');
const SIZES = [10_000, 100_000, 1_000_000] as const;
const runsFor = (size: number) => (size >= 1_000_000 ? 3 : 5);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** Wall time of one fresh process, in ms; its output is discarded, a failure stops the bench. */
function timeProcess(args: string[]): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], cwd: ROOT });
  const elapsed = performance.now() - started;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${result.stderr.toString()}`);
  return elapsed;
}

function medianOf(runs: number, args: string[]): number {
  return median(Array.from({ length: runs }, () => timeProcess(args)));
}

type Phases = Record<'startUp' | 'load' | 'read' | 'parse' | 'normalize' | 'analyze' | 'output', number>;

function phases(file: string, runs: number): Phases {
  const samples = Array.from(
    { length: runs },
    () => JSON.parse(execFileSync(process.execPath, [PROBE, file], { encoding: 'utf8' })) as Phases,
  );
  const keys = Object.keys(samples[0]!) as (keyof Phases)[];
  return Object.fromEntries(keys.map((key) => [key, median(samples.map((s) => s[key]))])) as Phases;
}

export function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-cli-'));
  try {
    const nodeFloor = medianOf(7, ['-e', '1']);
    const demo = medianOf(7, [CLI, '--demo']);
    console.log('cli: whole process, median of fresh runs (compiled build)');
    console.log(`  node -e 1                      ${seconds(nodeFloor)}`);
    console.log(
      `  analyze --demo                 ${seconds(demo)}  (+${seconds(demo - nodeFloor)} over node -e 1; target: within 0.30 s)`,
    );
    for (const size of SIZES) {
      const file = join(dir, `catalog-${size}.json`);
      writeFileSync(file, JSON.stringify({ videos: buildRecords(size) }));
      const runs = runsFor(size);
      const readOnly = medianOf(runs, ['-e', `require('fs').readFileSync(${JSON.stringify(file)}, 'utf8')`]);
      const readParse = medianOf(runs, [
        '-e',
        `JSON.parse(require('fs').readFileSync(${JSON.stringify(file)}, 'utf8'))`,
      ]);
      const whole = medianOf(runs, [CLI, '--input', file]);
      const phase = phases(file, runs);
      const target =
        size === 100_000
          ? `target: under 0.80 s`
          : size === 1_000_000
            ? `${(whole / readParse).toFixed(2)}x read + JSON.parse; target: within 1.5x`
            : '';
      console.log(
        `  ${String(size).padStart(9)} videos (${(statSync(file).size / 2 ** 20).toFixed(0)} MB): analyze --input ${seconds(whole)}` +
          `${target ? `  (${target})` : ''}\n` +
          `      floors: read ${seconds(readOnly)}, read + JSON.parse ${seconds(readParse)}\n` +
          `      phases: start-up ${phase.startUp.toFixed(0)} ms, module load ${phase.load.toFixed(0)} ms, read ${phase.read.toFixed(0)} ms, ` +
          `parse ${phase.parse.toFixed(0)} ms, normalize ${phase.normalize.toFixed(0)} ms, analyze ${phase.analyze.toFixed(0)} ms, ` +
          `output ${phase.output.toFixed(0)} ms`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return Promise.resolve();
}
