import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

/**
 * `npm start` as a real process: tsx on src/main.ts, with only the
 * environment a test gives it (and PATH), from a working directory of the
 * test's choosing so a developer's .env cannot fill the gaps.
 */

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const MAIN = join(ROOT, 'src', 'main.ts');

export type MainProcess = ChildProcessByStdio<null, Readable, Readable>;

export function spawnMain(env: Record<string, string>, cwd: string): MainProcess {
  return spawn(TSX, [MAIN], { cwd, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

export interface MainExit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `npm start` to its exit. */
export function runMain(env: Record<string, string>, cwd: string): Promise<MainExit> {
  return new Promise((resolve, reject) => {
    const child = spawnMain(env, cwd);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}
