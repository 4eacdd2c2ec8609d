import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscordEmulator } from '../support/discord-emulator.js';
import { runMain } from './support/npm-start.js';

/**
 * `npm start` (node dist/main.js) that cannot run: with an incomplete
 * configuration, exit code 2 and one clear line per problem; with a token
 * Discord refuses, exit code 1 and one sentence. No stack trace, no secret.
 * Each runs from an empty working directory so a developer's .env cannot fill the gaps.
 */

describe('npm start with a missing or bad configuration', () => {
  let cwd: string;

  beforeAll(async () => {
    cwd = await mkdtemp(join(tmpdir(), 'retention-bot-start-'));
  });

  afterAll(async () => {
    await rm(cwd, { recursive: true, force: true });
  });

  it('exits 2 with one line per missing variable', async () => {
    const result = await runMain({}, cwd);
    expect(result.code).toBe(2);
    const lines = result.stderr.trimEnd().split('\n');
    for (const name of ['DISCORD_TOKEN', 'DISCORD_APPLICATION_ID', 'SCAVIO_API_KEY']) {
      const mentioning = lines.filter((line) => line.includes(name));
      expect(mentioning, name).toHaveLength(1);
      expect(mentioning[0]).toMatch(new RegExp(`- ${name} is not set: set it to .+ \\(see \\.env\\.example\\)$`, 'u'));
    }
    expect(lines).toHaveLength(4); // a heading and the three problems
    expect(result.stderr).not.toMatch(/\bat .+:\d+:\d+/u); // no stack trace
    expect(result.stdout).toBe('');
  });

  it('names each bad value without echoing a secret', async () => {
    const result = await runMain(
      {
        DISCORD_TOKEN: 'secret-token-value-1234',
        SCAVIO_API_KEY: 'sk_test_LEAKCHECK_start',
        DISCORD_APPLICATION_ID: 'not-a-number',
        LOG_LEVEL: 'loud',
      },
      cwd,
    );
    expect(result.code).toBe(2);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines.filter((line) => line.includes('DISCORD_APPLICATION_ID'))).toEqual([
      '  - DISCORD_APPLICATION_ID must be the numeric application id from the Discord developer portal',
    ]);
    expect(lines.filter((line) => line.includes('LOG_LEVEL'))).toHaveLength(1);
    expect(lines).toHaveLength(3);
    expect(result.stderr).not.toContain('secret-token-value-1234');
    expect(result.stderr).not.toContain('sk_test_LEAKCHECK_start');
  });
});

describe('npm start with a token Discord refuses', () => {
  it('exits 2 (a setting to fix, not worth a restart) with one sentence that points at DISCORD_TOKEN and does not repeat it', async () => {
    const emulator = await startDiscordEmulator();
    const cwd = await mkdtemp(join(tmpdir(), 'retention-bot-badtoken-'));
    try {
      const wrongToken = `${emulator.token}-revoked`;
      const result = await runMain(
        {
          DISCORD_API_BASE: emulator.apiBase,
          DISCORD_TOKEN: wrongToken,
          DISCORD_APPLICATION_ID: emulator.applicationId,
          SCAVIO_API_KEY: 'sk_test_badtoken_key_123',
          DATA_DIR: join(cwd, 'data'),
        },
        cwd,
      );
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        'The bot could not start: Discord refused DISCORD_TOKEN. Copy a fresh token (developer portal > Bot > Reset Token) into DISCORD_TOKEN.\n',
      );
      expect(result.stdout).not.toContain(wrongToken);
    } finally {
      await emulator.stop();
      await rm(cwd, { recursive: true, force: true });
    }
  });
});
