import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isUserFacingError } from '../../src/errors.js';
import { main } from '../../src/main.js';
import { faultyDisk, type FaultyDisk } from '../support/faulty-disk.js';
import { fixtureAccount } from '../support/scavio-harness.js';
import { completed, failed, startBotHarness, type BotHarness } from './support/bot-harness.js';

/**
 * A full, read-only or locked data folder, met by the real bot: named to the
 * user, logged with the path for the operator, shown in /retention
 * subscriptions, and found before calls are spent on work that could not be saved.
 */

let harness: BotHarness | undefined;
let disk: FaultyDisk | undefined;
afterEach(async () => {
  disk?.set('ok');
  await harness?.stop();
  disk?.restore();
  harness = undefined;
  disk = undefined;
});

describe('storage faults', () => {
  it('the bot refuses to start on a DATA_DIR it cannot write, with one clear line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'retention-ro-'));
    try {
      disk = faultyDisk(dir);
      disk.set('read-only');
      const env = {
        DISCORD_TOKEN: 'x',
        DISCORD_APPLICATION_ID: '123456789012345678',
        SCAVIO_API_KEY: 'k',
        DATA_DIR: dir,
      };
      const error = await main({ env, writeLog: () => undefined }).catch((e: unknown) => e);
      expect(isUserFacingError(error)).toBe(true);
      expect((error as Error).message).toBe(
        `DATA_DIR ${dir} cannot be written (storage read-only): make it a writable folder with free space (or point DATA_DIR elsewhere), then start again.`,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('subscribe on a full disk: named before any call is spent, logged with the path, shown in subscriptions', async () => {
    const h = (harness = await startBotHarness({ accounts: [fixtureAccount('clean-60', 'chefmaya')] }));
    disk = faultyDisk(h.dataDir);
    disk.set('full');

    const outcome = failed(await h.outcome((await h.command('subscribe', { username: 'chefmaya' })).id));
    expect(outcome.reply.content).toContain('The bot cannot save right now (storage full)');
    expect(outcome.log.code).toBe('storage.fault');
    expect(h.scavio.requests).toHaveLength(0);
    const fault = h.logs.events('storage.fault')[0];
    expect(fault?.path).toContain(h.dataDir);
    expect(fault?.errno).toBe('ENOSPC');

    const list = completed(await h.outcome((await h.command('subscriptions')).id));
    expect(list.message.embeds[0]?.description).toContain('The bot cannot save right now (storage full)');

    // Space again: subscribing works, and the warning is gone.
    disk.set('ok');
    completed(await h.outcome((await h.command('subscribe', { username: 'chefmaya' })).id));
    const after = completed(await h.outcome((await h.command('subscriptions')).id));
    expect(after.message.embeds[0]?.description).not.toContain('cannot save');
  });

  it('a weekly run on a read-only disk fetches nothing, says why in subscriptions, and posts once it can save', async () => {
    let now = new Date('2026-11-25T10:00:00Z');
    const h = (harness = await startBotHarness({
      accounts: [fixtureAccount('clean-60', 'chefmaya')],
      now: () => now,
    }));
    completed(await h.outcome((await h.command('subscribe', { username: 'chefmaya', day: 'mon', time: '09:00' })).id));
    const calls = h.scavio.requests.length;
    disk = faultyDisk(h.dataDir);
    disk.set('read-only');

    now = new Date('2026-11-30T09:00:30Z');
    expect(await h.bot.weekly.tick()).toEqual([{ username: 'chefmaya', posted: 0, failed: 0 }]);
    expect(h.scavio.requests).toHaveLength(calls);
    expect(h.logs.events('weekly.storage-fault')[0]?.path).toContain(h.dataDir);
    const list = completed(await h.outcome((await h.command('subscriptions')).id));
    expect(list.message.embeds[0]?.description).toContain('The bot cannot save right now (storage read-only)');

    disk.set('ok');
    now = new Date('2026-11-30T09:06:00Z');
    expect(await h.bot.weekly.tick()).toEqual([{ username: 'chefmaya', posted: 1, failed: 0 }]);
  });
});

describe('operator alerts', () => {
  const OPS = '987654321098765432';

  it('go to the log and to OPS_CHANNEL_ID: storage faults and credits running low, each once an hour at most', async () => {
    const h = (harness = await startBotHarness({
      accounts: [fixtureAccount('clean-60', 'chefmaya')],
      credits: 50,
      emulator: { guilds: [{ name: 'Creators', channels: [{ name: 'general' }, { name: 'ops', id: OPS }] }] },
      env: { OPS_CHANNEL_ID: OPS, SCAVIO_CREDITS_ALERT_BELOW: '100' },
    }));
    completed(await h.outcome((await h.command('analyze', { username: 'chefmaya' })).id));
    disk = faultyDisk(h.dataDir);
    disk.set('full');
    failed(await h.outcome((await h.command('subscribe', { username: 'chefmaya' })).id));
    failed(await h.outcome((await h.command('subscribe', { username: 'chefmaya' })).id));

    const alerts = await h.emulator.waitForMessage(
      (e) => e.message.channel_id === OPS && e.message.content.includes('(storage)'),
      { timeoutMs: 10_000 },
    );
    expect(alerts.message.content).toContain(h.dataDir);
    const posted = h.emulator.messagesIn(OPS, { source: 'channel' }).map((m) => m.content);
    expect(posted.filter((text) => text.includes('(credits-low)'))).toHaveLength(1);
    expect(posted.find((text) => text.includes('(credits-low)'))).toMatch(/Scavio reports \d+ credits left/u);
    expect(posted.filter((text) => text.includes('(storage)'))).toHaveLength(1);
    expect(h.logs.events('operator.alert').map((e) => e.kind)).toEqual(['credits-low', 'storage']);
  });
});

describe('readiness and storage faults', () => {
  it('/readyz turns 503 naming the store once a write fails on a full disk, and 200 again once writes succeed', async () => {
    const h = (harness = await startBotHarness({
      accounts: [fixtureAccount('clean-60', 'chefmaya')],
      env: { HEALTH_PORT: '0' },
    }));
    const url = `${h.bot.health?.url ?? 'no health server'}/readyz`;
    const probe = async () => {
      const response = await fetch(url);
      return {
        status: response.status,
        store: ((await response.json()) as { checks: { name: string; ok: boolean; detail: string }[] }).checks.find(
          (check) => check.name === 'store',
        ),
      };
    };
    expect((await probe()).status).toBe(200);

    // A full disk: the folder still looks writable (access() cannot tell), only the failed write shows it.
    disk = faultyDisk(h.dataDir);
    disk.set('full');
    failed(await h.outcome((await h.command('subscribe', { username: 'chefmaya' })).id));
    const full = await probe();
    expect(full.status).toBe(503);
    expect(full.store?.ok).toBe(false);
    expect(full.store?.detail).toContain('storage full');

    disk.set('ok');
    completed(await h.outcome((await h.command('subscribe', { username: 'chefmaya' })).id));
    expect(await probe()).toMatchObject({ status: 200, store: { ok: true, detail: 'writable' } });
  });
});
