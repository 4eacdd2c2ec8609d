import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { catalogPath } from '../support/fixtures.js';

/**
 * The offline CLI paths start fast because they load only what they use: the
 * compiled CLI is run with a module hook that logs every module it loads, and
 * neither the HTTP client, the settings schema library nor Discord code may
 * be among them (the live path loads them when it needs them).
 */

const CLI = fileURLToPath(new URL('../../dist/bin/analyze.js', import.meta.url));
const REGISTER = fileURLToPath(new URL('../support/module-log/register.mjs', import.meta.url));
const HEAVY = ['undici', 'zod', 'discord.js', '@discordjs', 'lowdb', 'node-cron', 'quickchart-js', 'chart.js'];

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function packagesLoaded(args: string[], env: Record<string, string> = {}): Promise<string[]> {
  dir = await mkdtemp(join(tmpdir(), 'cli-start-up-'));
  const log = join(dir, 'modules.txt');
  await new Promise<void>((resolve, reject) =>
    execFile(
      process.execPath,
      ['--import', REGISTER, CLI, ...args],
      { cwd: dir, env: { PATH: process.env.PATH ?? '', MODULE_LOG_FILE: log, ...env } },
      // Exit code 2 (the live case without a key) is an answer, not a failure of the run.
      (error) => {
        if (error !== null && error.code !== 2) reject(new Error(`the CLI failed: ${error.message}`));
        else resolve();
      },
    ),
  );
  const urls = (await readFile(log, 'utf8')).split('\n').filter(Boolean);
  return [...new Set(urls.flatMap((url) => /node_modules\/((?:@[^/]+\/)?[^/]+)/u.exec(url)?.[1] ?? []))];
}

describe('CLI start-up', () => {
  it('--demo loads no package at all', async () => {
    expect(await packagesLoaded(['--demo'])).toEqual([]);
  });

  it('--input loads none of the heavy packages', async () => {
    const loaded = await packagesLoaded(['--input', catalogPath('clean-60')]);
    expect(loaded.filter((name) => HEAVY.some((heavy) => name.startsWith(heavy)))).toEqual([]);
  });

  it('--compare of two files loads none of the heavy packages', async () => {
    const loaded = await packagesLoaded(['--compare', catalogPath('clean-60'), catalogPath('ties-12')]);
    expect(loaded.filter((name) => HEAVY.some((heavy) => name.startsWith(heavy)))).toEqual([]);
  });

  it('a live username loads the HTTP client and the settings schema (the log proves the hook sees them)', async () => {
    const loaded = await packagesLoaded(['chefmaya']);
    expect(loaded).toEqual(expect.arrayContaining(['undici', 'zod']));
  });
});
