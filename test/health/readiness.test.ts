import { describe, expect, it } from 'vitest';
import { readiness, TICK_FRESHNESS_MS } from '../../src/health/readiness.js';
import { dataDirProblem, openStore } from '../../src/storage/index.js';
import { useTempDirs } from '../storage/temp-dir.js';
import { faultyDisk } from '../support/faulty-disk.js';

const now = new Date('2026-12-01T10:00:00Z');
const healthy = { gatewayConnected: true, storeProblem: null, lastTickAt: new Date(now.getTime() - 30_000), now };

describe('readiness', () => {
  it('is ready when the gateway is up, the store writable and the scheduler ticked recently', () => {
    const result = readiness(healthy);
    expect(result.ready).toBe(true);
    expect(result.checks.map((c) => c.detail)).toEqual(['connected', 'writable', 'last tick 30 s ago']);
  });

  it('names each failing part', () => {
    expect(readiness({ ...healthy, gatewayConnected: false }).checks.filter((c) => !c.ok)).toEqual([
      { name: 'gateway', ok: false, detail: 'not connected to the Discord gateway' },
    ]);
    const readOnly = readiness({ ...healthy, storeProblem: 'the data directory /data is on a read-only file system' });
    expect(readOnly.ready).toBe(false);
    expect(readOnly.checks.find((c) => c.name === 'store')?.detail).toContain('read-only');
    expect(readiness({ ...healthy, lastTickAt: undefined }).checks[2]).toEqual({
      name: 'scheduler',
      ok: false,
      detail: 'has not ticked yet',
    });
  });

  it('counts a tick older than two minutes as stuck, and exactly two minutes as fresh', () => {
    const at = (ageMs: number) => readiness({ ...healthy, lastTickAt: new Date(now.getTime() - ageMs) });
    expect(at(TICK_FRESHNESS_MS).ready).toBe(true);
    const stale = at(TICK_FRESHNESS_MS + 1_000);
    expect(stale.ready).toBe(false);
    expect(stale.checks[2]?.detail).toBe('last tick 121 s ago (more than 2 min)');
  });
});

describe('readiness of the store after the disk is fixed', () => {
  const newDir = useTempDirs();

  it('turns ready again once the writability probe that failed passes', async () => {
    const dir = await newDir();
    const store = await openStore(dir);
    const disk = faultyDisk(dir);
    try {
      // What /readyz reads (bot.ts): the recorded fault first, else a look at the folder.
      const storeCheck = async () =>
        readiness({
          ...healthy,
          storeProblem: store.health.fault?.error.message ?? (await dataDirProblem(dir)),
        }).checks.find((c) => c.name === 'store');
      disk.set('full');
      await store.checkWritable().catch(() => undefined);
      expect((await storeCheck())?.ok).toBe(false);

      disk.set('ok');
      await store.checkWritable();
      expect(await storeCheck()).toEqual({ name: 'store', ok: true, detail: 'writable' });
    } finally {
      disk.restore();
      await store.close();
    }
  });
});
