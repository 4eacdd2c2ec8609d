import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { delimiter, dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

/**
 * The bot as a real process, as production runs it: node on the compiled
 * dist/main.js (what `npm start` runs; vitest's global setup builds it), with only the
 * environment a test gives it (and PATH), from a working directory of the
 * test's choosing so a developer's .env cannot fill the gaps.
 */

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MAIN = join(ROOT, 'dist', 'main.js');

export type MainProcess = ChildProcessByStdio<null, Readable, Readable>;

export function spawnMain(env: Record<string, string>, cwd: string): MainProcess {
  return spawn(process.execPath, [MAIN], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/**
 * `npm start` itself, the way a service manager that runs npm would: npm is
 * the top process and the bot its child. Run from the project root (npm needs
 * its package.json there), so it is for tests that give every setting.
 */
export function spawnNpmStart(env: Record<string, string>): MainProcess {
  return spawn('npm', ['start', '--silent'], {
    cwd: ROOT,
    env: {
      // npm and the bot under it run on the Node running the tests (CI runs them on two versions).
      PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`,
      HOME: process.env.HOME ?? ROOT,
      npm_config_update_notifier: 'false',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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
