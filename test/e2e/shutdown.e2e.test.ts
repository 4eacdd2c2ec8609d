import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startDiscordEmulator, type DiscordEmulator } from '../support/discord-emulator.js';
import { spawnMain } from './support/npm-start.js';

/**
 * `npm start` as a real process against the Discord emulator: it logs in,
 * logs one JSON line per event, and on SIGTERM / SIGINT closes its gateway
 * connection and exits 0.
 */

let emulator: DiscordEmulator | undefined;
let dir: string | undefined;
afterEach(async () => {
  await emulator?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('npm start as a process', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`shuts down gracefully on ${signal}`, async () => {
      emulator = await startDiscordEmulator();
      dir = await mkdtemp(join(tmpdir(), 'retention-bot-shutdown-'));
      const child = spawnMain(
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
      child.kill(signal);
      expect(await exited).toBe(0);
      expect(lines.map((l) => l.event)).toEqual(expect.arrayContaining(['bot.ready', 'bot.stopped']));
      expect(lines.every((l) => typeof l.time === 'string' && typeof l.level === 'string')).toBe(true);
      expect(JSON.stringify(lines)).not.toContain(emulator.token);
    });
  }
});
