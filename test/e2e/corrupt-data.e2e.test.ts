import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runMain } from './support/npm-start.js';

/**
 * `npm start` (node dist/main.js) on a damaged data file: the bot refuses to
 * start before it connects anywhere, names the file, leaves it byte for byte
 * as it was, and says how to restore the .bak copy.
 */

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** `npm start` with every setting it needs and `DATA_DIR` set, run in `cwd`. */
function startWith(dataDir: string, cwd: string) {
  return runMain(
    {
      DISCORD_TOKEN: 'not-a-real-token-but-long-enough',
      DISCORD_APPLICATION_ID: '123456789012345678',
      SCAVIO_API_KEY: 'sk_test_never_printed_123',
      // Nothing listens here: had the bot tried to connect, it would fail differently.
      DISCORD_API_BASE: 'http://127.0.0.1:9/api',
      DATA_DIR: dataDir,
    },
    cwd,
  );
}

describe('npm start with a damaged data file', () => {
  it('refuses to start, names the file, keeps it untouched and says how to restore the backup', async () => {
    dir = await mkdtemp(join(tmpdir(), 'retention-bot-corrupt-'));
    const dataDir = join(dir, 'data');
    await mkdir(dataDir);
    const file = join(dataDir, 'subscriptions.json');
    const damaged = '{"schemaVersion": 1, "subscriptions": [{"id": "a", "guildId"';
    await writeFile(file, damaged);
    await writeFile(`${file}.bak`, JSON.stringify({ schemaVersion: 1, subscriptions: [] }));

    const result = await startWith(dataDir, dir);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`Cannot open data file ${file}`);
    expect(result.stderr).toContain('not valid JSON');
    expect(result.stderr).toContain(`cp "${file}.bak" "${file}"`);
    expect(result.stderr).not.toMatch(/\bat .+:\d+:\d+/u);
    expect(result.stderr).not.toContain('sk_test_never_printed_123');
    expect(await readFile(file, 'utf8')).toBe(damaged);
  });

  it('refuses to start (exit 2) when a data file is missing but its .bak is there, naming both and both ways out', async () => {
    dir = await mkdtemp(join(tmpdir(), 'retention-bot-lost-'));
    const dataDir = join(dir, 'data');
    await mkdir(dataDir);
    const file = join(dataDir, 'subscriptions.json');
    const lastGood = JSON.stringify({ schemaVersion: 1, subscriptions: [] });
    await writeFile(`${file}.bak`, lastGood);

    const result = await startWith(dataDir, dir);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`Cannot open data file ${file}: it is missing, but its backup ${file}.bak exists`);
    expect(result.stderr).toContain(`mv "${file}.bak" "${file}"`);
    expect(result.stderr).toContain(`rm "${file}.bak"`);
    expect(result.stderr).not.toMatch(/\bat .+:\d+:\d+/u);
    expect(await readFile(`${file}.bak`, 'utf8')).toBe(lastGood);
    await expect(readFile(file, 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
