import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isUserFacingError } from '../../src/errors.js';
import { openStore, StorageFaultError } from '../../src/storage/index.js';
import { faultyDisk, type FaultyDisk } from '../support/faulty-disk.js';
import { sampleSnapshot, weekTakenAt } from './sample-snapshots.js';
import { useTempDirs } from './temp-dir.js';

const newDir = useTempDirs();
const NOW = new Date('2026-11-20T10:00:00Z');
const input = {
  guildId: 'g1',
  channelId: 'c1',
  username: 'chefmaya',
  weekday: 1 as const,
  time: '09:00',
  timeZone: 'UTC',
  createdBy: 'u1',
};

let disk: FaultyDisk | undefined;
afterEach(() => {
  disk?.restore();
  disk = undefined;
});

describe('durable writes', () => {
  it('leaves no temporary file behind after writes, and removes those a killed process left', async () => {
    const dir = await newDir();
    const store = await openStore(dir);
    await store.subscriptions.upsert(input, NOW);
    await store.snapshots.append(sampleSnapshot('chefmaya', weekTakenAt(0), 0));
    await store.close();
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);

    // What a SIGKILL between the temp write and the rename leaves: a half-written temp file beside each file.
    await writeFile(join(dir, '.subscriptions.json.1a2b3c4d.tmp'), '{"schemaVer');
    await writeFile(join(dir, 'snapshots', '.chefmaya.json.00ff00ff.tmp'), '');
    const reopened = await openStore(dir);
    expect(reopened.subscriptions.listAll()).toHaveLength(1);
    await reopened.close();
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect((await readdir(join(dir, 'snapshots'))).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});

describe('storage faults', () => {
  it.each([
    ['full', 'storage full', 'ENOSPC'],
    ['read-only', 'storage read-only', 'EROFS'],
    ['denied', 'no permission to write the data folder', 'EACCES'],
  ] as const)(
    'a %s disk: the write fails with a named fault, nothing changes, health shows it',
    async (mode, text, errno) => {
      const dir = await newDir();
      const store = await openStore(dir);
      await store.subscriptions.upsert(input, NOW);
      const before = await readFile(join(dir, 'subscriptions.json'), 'utf8');
      disk = faultyDisk(dir);
      disk.set(mode);

      const error = await store.subscriptions.upsert({ ...input, channelId: 'c2' }, NOW).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StorageFaultError);
      expect(isUserFacingError(error)).toBe(true);
      expect((error as StorageFaultError).message).toContain(`The bot cannot save right now (${text})`);
      expect((error as StorageFaultError).errno).toBe(errno);
      expect((error as StorageFaultError).path).toContain(dir);
      expect(store.subscriptions.listAll()).toHaveLength(1);
      expect(store.health.fault?.error.kind).toBe(mode);
      await expect(store.checkWritable()).rejects.toBeInstanceOf(StorageFaultError);

      disk.set('ok');
      expect(await readFile(join(dir, 'subscriptions.json'), 'utf8')).toBe(before);
      await store.subscriptions.upsert({ ...input, channelId: 'c2' }, NOW);
      expect(store.health.fault).toBeNull();
      await store.close();
    },
  );

  it('refuses to open a data folder that cannot be written, in one line naming it', async () => {
    const dir = await newDir();
    disk = faultyDisk(dir);
    disk.set('read-only');
    const error = await openStore(dir).catch((e: unknown) => e);
    expect(isUserFacingError(error)).toBe(true);
    const message = (error as Error).message;
    expect(message).toBe(
      `DATA_DIR ${dir} cannot be written (storage read-only): make it a writable folder with free space (or point DATA_DIR elsewhere), then start again.`,
    );
  });
});

describe('storage health after the disk is fixed', () => {
  it.each(['full', 'read-only', 'denied'] as const)(
    'a %s fault the writability probe raised is cleared when the probe passes again',
    async (mode) => {
      const dir = await newDir();
      const store = await openStore(dir);
      disk = faultyDisk(dir);
      disk.set(mode);
      await expect(store.checkWritable()).rejects.toBeInstanceOf(StorageFaultError);
      expect(store.health.fault).toMatchObject({ source: 'probe', error: { kind: mode } });

      disk.set('ok');
      await store.checkWritable();
      expect(store.health.fault).toBeNull();
      await store.close();
    },
  );

  it('a full disk found by a real write stays a fault after a passing probe, until a real write succeeds', async () => {
    const dir = await newDir();
    const store = await openStore(dir);
    disk = faultyDisk(dir);
    disk.set('full');
    await expect(store.subscriptions.upsert(input, NOW)).rejects.toBeInstanceOf(StorageFaultError);
    // A probe that fails too does not turn the write's fault into one the probe may clear.
    await expect(store.checkWritable()).rejects.toBeInstanceOf(StorageFaultError);

    disk.set('ok');
    await store.checkWritable(); // two bytes fit; that says nothing about the data file
    expect(store.health.fault).toMatchObject({ source: 'write', error: { kind: 'full' } });
    await store.subscriptions.upsert(input, NOW);
    expect(store.health.fault).toBeNull();
    await store.close();
  });

  it('a read-only fault from a real write in DATA_DIR is cleared by a passing probe (the same condition)', async () => {
    const dir = await newDir();
    const store = await openStore(dir);
    disk = faultyDisk(dir);
    disk.set('read-only');
    await expect(store.subscriptions.upsert(input, NOW)).rejects.toBeInstanceOf(StorageFaultError);
    expect(store.health.fault).toMatchObject({ source: 'write', error: { kind: 'read-only' } });

    disk.set('ok');
    await store.checkWritable();
    expect(store.health.fault).toBeNull();
    await store.close();
  });
});
