import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startDiscordEmulator, type DiscordEmulator } from '../support/discord-emulator.js';
import { execFileSync } from 'node:child_process';
import { spawnMain, spawnNpmStart } from './support/npm-start.js';

/**
 * The bot as a real process against the Discord emulator, started both ways
 * production starts it (`node dist/main.js` under a service manager, and
 * `npm start`): it logs in, logs one JSON line per event, and on SIGTERM /
 * SIGINT to the top process closes its gateway connection and exits 0, leaving
 * no bot process behind.
 */

/** The pids of a process's children (npm start's bot), from procps' pgrep. */
function childPids(pid: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const LAUNCHERS = {
  'node dist/main.js': (env: Record<string, string>, cwd: string) => spawnMain(env, cwd),
  // npm runs from the project root; every setting comes from env, so cwd does not matter.
  'npm start': (env: Record<string, string>) => spawnNpmStart(env),
} as const;

let emulator: DiscordEmulator | undefined;
let dir: string | undefined;
afterEach(async () => {
  await emulator?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the bot as a process', () => {
  for (const [launcher, signal] of [
    ['node dist/main.js', 'SIGTERM'],
    ['node dist/main.js', 'SIGINT'],
    ['npm start', 'SIGTERM'],
    ['npm start', 'SIGINT'],
  ] as const) {
    it(`${launcher}: shuts down gracefully on ${signal} and leaves no process behind`, async () => {
      emulator = await startDiscordEmulator();
      dir = await mkdtemp(join(tmpdir(), 'retention-bot-shutdown-'));
      const child = LAUNCHERS[launcher](
        {
          DISCORD_API_BASE: emulator.apiBase,
          DISCORD_TOKEN: emulator.token,
          DISCORD_APPLICATION_ID: emulator.applicationId,
          SCAVIO_API_KEY: 'sk_test_shutdown_key_123',
          SCAVIO_BASE_URL: 'http://127.0.0.1:9',
          DATA_DIR: join(dir, 'data'),
        },
        dir,
      );
      const lines: Record<string, unknown>[] = [];
      let stdout = '';
      const ready = new Promise<void>((resolve) => {
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString('utf8');
          const complete = stdout.split('\n');
          stdout = complete.pop() ?? '';
          for (const line of complete) {
            const entry = JSON.parse(line) as Record<string, unknown>;
            lines.push(entry);
            if (entry.event === 'bot.ready') resolve();
          }
        });
      });
      const exited = new Promise<number | null>((resolve) => child.once('close', resolve));

      await ready;
      expect(emulator.openConnections()).toBeGreaterThan(0);
      // Under npm the bot is npm's child (no shell between them: the script execs node).
      const botPids = launcher === 'npm start' ? childPids(child.pid ?? -1) : [child.pid ?? -1];
      expect(botPids).toHaveLength(1);
      child.kill(signal);
      expect(await exited).toBe(0);
      expect(botPids.filter(isRunning)).toEqual([]);
      expect(emulator.openConnections()).toBe(0);
      expect(lines.map((l) => l.event)).toEqual(expect.arrayContaining(['bot.ready', 'bot.stopped']));
      expect(lines.every((l) => typeof l.time === 'string' && typeof l.level === 'string')).toBe(true);
      expect(JSON.stringify(lines)).not.toContain(emulator.token);
    });
  }
});
