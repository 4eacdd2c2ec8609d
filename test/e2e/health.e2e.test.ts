import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startDiscordEmulator, type DiscordEmulator } from '../support/discord-emulator.js';
import { createServer, type AddressInfo } from 'node:net';
import { runMain, spawnMain, type MainProcess } from './support/npm-start.js';

/**
 * The health probes of the real process (node dist/main.js, HEALTH_PORT=0 so
 * the system picks a free port, which the bot logs): /healthz answers while the
 * process runs, /readyz is 200 with every check once the bot is connected and
 * its scheduler has ticked, and 503 naming the gateway when the connection is gone.
 */

let emulator: DiscordEmulator | undefined;
let child: MainProcess | undefined;
let dir: string | undefined;
afterEach(async () => {
  child?.kill('SIGKILL');
  await emulator?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface Probe {
  status: number;
  body: { status: string; checks?: { name: string; ok: boolean; detail: string }[] };
}

async function probe(url: string): Promise<Probe> {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as Probe['body'] };
}

/** The bot's log events as they arrive, and a way to wait for one. */
function logEvents(process: MainProcess) {
  const seen: Record<string, unknown>[] = [];
  const waiters: { event: string; resolve: (entry: Record<string, unknown>) => void }[] = [];
  let partial = '';
  process.stdout.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const entry = JSON.parse(line) as Record<string, unknown>;
      seen.push(entry);
      for (const waiter of waiters.filter((w) => w.event === entry.event)) waiter.resolve(entry);
    }
  });
  return {
    next(event: string): Promise<Record<string, unknown>> {
      const already = seen.find((entry) => entry.event === event);
      if (already) return Promise.resolve(already);
      return new Promise((resolve) => waiters.push({ event, resolve }));
    },
  };
}

describe('health probes of the running bot', () => {
  it('/healthz while up, /readyz 200 when connected and ticking, 503 naming the gateway once it is gone', async () => {
    emulator = await startDiscordEmulator();
    dir = await mkdtemp(join(tmpdir(), 'retention-bot-health-'));
    child = spawnMain(
      {
        DISCORD_API_BASE: emulator.apiBase,
        DISCORD_TOKEN: emulator.token,
        DISCORD_APPLICATION_ID: emulator.applicationId,
        SCAVIO_API_KEY: 'sk_test_health_key_123',
        SCAVIO_BASE_URL: 'http://127.0.0.1:9',
        DATA_DIR: join(dir, 'data'),
        HEALTH_PORT: '0',
      },
      dir,
    );
    const events = logEvents(child);
    const { url } = (await events.next('health.listening')) as { url: string };
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await events.next('bot.ready');

    expect(await probe(`${url}/healthz`)).toEqual({ status: 200, body: { status: 'ok' } });
    const ready = await probe(`${url}/readyz`);
    expect(ready.status).toBe(200);
    expect(ready.body.checks?.map((c) => [c.name, c.ok])).toEqual([
      ['gateway', true],
      ['store', true],
      ['scheduler', true],
    ]);
    expect((await fetch(`${url}/other`)).status).toBe(404);

    // Authentication failed (4004): discord.js gives up on the connection rather than resuming.
    emulator.closeGatewayConnections(4004, 'Authentication failed.');
    let afterClose = await probe(`${url}/readyz`);
    for (let attempt = 0; afterClose.status === 200 && attempt < 200; attempt++) {
      await new Promise((resolve) => setImmediate(resolve));
      afterClose = await probe(`${url}/readyz`);
    }
    expect(afterClose.status).toBe(503);
    expect(afterClose.body.status).toBe('not ready');
    expect(afterClose.body.checks?.find((c) => c.name === 'gateway')).toMatchObject({ ok: false });
    expect(afterClose.body.checks?.filter((c) => !c.ok).map((c) => c.name)).toEqual(['gateway']);
    expect((await probe(`${url}/healthz`)).status).toBe(200);
  });

  it('refuses to start, with one line naming HEALTH_PORT, when the port is taken', async () => {
    emulator = await startDiscordEmulator();
    dir = await mkdtemp(join(tmpdir(), 'retention-bot-health-'));
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      const result = await runMain(
        {
          DISCORD_API_BASE: emulator.apiBase,
          DISCORD_TOKEN: emulator.token,
          DISCORD_APPLICATION_ID: emulator.applicationId,
          SCAVIO_API_KEY: 'sk_test_health_key_123',
          DATA_DIR: join(dir, 'data'),
          HEALTH_PORT: String(port),
        },
        dir,
      );
      expect(result.code).toBe(2);
      expect(result.stderr.trim()).toBe(
        `HEALTH_PORT ${port} is already in use on 127.0.0.1: choose another port or unset HEALTH_PORT.`,
      );
      expect(emulator.openConnections()).toBe(0);
    } finally {
      taken.close();
    }
  });
});
