import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscordEmulator, type DiscordEmulator } from '../support/discord-emulator.js';

/**
 * `npm run deploy-commands` (the compiled dist/bin/deploy-commands.js) against
 * the Discord emulator: it registers the command, and when Discord refuses it
 * says which setting is wrong, without printing the token.
 */

const SCRIPT = fileURLToPath(new URL('../../dist/bin/deploy-commands.js', import.meta.url));

let emulator: DiscordEmulator;
let dir: string;
beforeAll(async () => {
  emulator = await startDiscordEmulator();
  dir = await mkdtemp(join(tmpdir(), 'deploy-commands-'));
});
afterAll(async () => {
  await emulator.stop();
  await rm(dir, { recursive: true, force: true });
});

function deploy(env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [SCRIPT],
      { cwd: dir, env: { PATH: process.env.PATH ?? '', DISCORD_API_BASE: emulator.apiBase, ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

describe('deploy-commands', () => {
  it('registers /retention in the server named by DISCORD_GUILD_ID', async () => {
    const result = await deploy({
      DISCORD_TOKEN: emulator.token,
      DISCORD_APPLICATION_ID: emulator.applicationId,
      DISCORD_GUILD_ID: emulator.guildId,
    });
    expect(result).toEqual({ code: 0, stdout: `Registered /retention to server ${emulator.guildId}.\n`, stderr: '' });
    expect(emulator.registeredCommands(emulator.guildId).map((c) => c.name)).toEqual(['retention']);
  });

  it('explains a 401 as a wrong DISCORD_TOKEN, without printing it', async () => {
    const wrongToken = 'wrong-token-for-the-deploy-test-0123456789';
    const result = await deploy({ DISCORD_TOKEN: wrongToken, DISCORD_APPLICATION_ID: emulator.applicationId });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'Could not register the commands. Discord refused the token (401 Unauthorized): DISCORD_TOKEN is wrong or was reset. ' +
        'Copy a fresh one from the developer portal (Bot > Reset Token).\n',
    );
    expect(result.stderr + result.stdout).not.toContain(wrongToken);
  });

  it('explains an unknown application as a wrong DISCORD_APPLICATION_ID', async () => {
    const result = await deploy({ DISCORD_TOKEN: emulator.token, DISCORD_APPLICATION_ID: '111111111111111111' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'Discord knows no application 111111111111111111: check DISCORD_APPLICATION_ID (General Information > Application ID).',
    );
  });

  it('names a missing setting before calling Discord', async () => {
    const result = await deploy({ DISCORD_APPLICATION_ID: emulator.applicationId });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/DISCORD_TOKEN is not set/);
  });
});
