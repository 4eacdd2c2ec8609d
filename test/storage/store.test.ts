import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isUserFacingError } from '../../src/errors.js';
import { openStore, StoreError, type Store } from '../../src/storage/index.js';
import { sampleSnapshot, weekTakenAt } from './sample-snapshots.js';
import { useTempDirs } from './temp-dir.js';

const newDir = useTempDirs();
const NOW = new Date('2026-11-20T10:00:00Z');

const input = (username: string, channelId = 'c1') => ({
  guildId: 'g1',
  channelId,
  username,
  weekday: 1 as const,
  time: '09:00',
  timeZone: 'Europe/Berlin',
  createdBy: 'u1',
});

/** The error openStore rejects with (fails the test if it opens). */
async function openError(dir: string): Promise<StoreError> {
  let store: Store | undefined;
  try {
    store = await openStore(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(StoreError);
    return error as StoreError;
  }
  await store.close();
  throw new Error('expected openStore to fail');
}

/** A store with two writes to each file, so each has a .bak of the previous version. */
async function seededStore(dir: string): Promise<void> {
  const store = await openStore(dir);
  await store.subscriptions.upsert(input('chefmaya'), NOW);
  await store.subscriptions.upsert(input('otherchef'), NOW);
  await store.snapshots.append(sampleSnapshot('chefmaya', weekTakenAt(0), 0));
  await store.snapshots.append(sampleSnapshot('chefmaya', weekTakenAt(1), 1));
  await store.close();
}

describe('persistence', () => {
  it('keeps subscriptions and snapshots across a reopen (real files)', async () => {
    const dir = await newDir();
    const store = await openStore(dir);
    const { subscription } = await store.subscriptions.upsert(input('chefmaya'), NOW);
    await store.subscriptions.markRun(subscription.id, {
      slot: new Date('2026-11-23T08:00:00Z'),
      ok: true,
      at: new Date('2026-11-23T08:01:10Z'),
    });
    const snap = sampleSnapshot('chefmaya', weekTakenAt(0), 0);
    await store.snapshots.append(snap);
    await store.close();

    expect((await readdir(dir)).sort()).toEqual(['snapshots', 'subscriptions.json', 'subscriptions.json.bak']);
    expect(await readdir(join(dir, 'snapshots'))).toEqual(['chefmaya.json']);

    const reopened = await openStore(dir);
    expect(reopened.subscriptions.listAll()).toEqual([
      {
        ...subscription,
        lastRunAt: '2026-11-23T08:00:00.000Z',
        lastResult: { ok: true, at: '2026-11-23T08:01:10.000Z' },
      },
    ]);
    expect(reopened.snapshots.latest('chefmaya')).toEqual(snap);
    await reopened.close();
  });

  it('serializes concurrent writes: every one lands, the file stays valid', async () => {
    const dir = await newDir();
    const store = await openStore(dir);
    const names = Array.from({ length: 40 }, (_, i) => `creator_${i}`);
    await Promise.all([
      ...names.map((name) => store.subscriptions.upsert(input(name), NOW)),
      ...names.slice(0, 10).map((name, i) => store.snapshots.append(sampleSnapshot(name, weekTakenAt(i), i, 8))),
    ]);
    await store.close();
    const onDisk = JSON.parse(await readFile(join(dir, 'subscriptions.json'), 'utf8')) as {
      subscriptions: { username: string }[];
    };
    expect(onDisk.subscriptions.map((s) => s.username).sort()).toEqual([...names].sort());
    const reopened = await openStore(dir);
    expect(reopened.snapshots.accounts()).toEqual(names.slice(0, 10).sort());
    await reopened.close();
  });

  it('allows one open store per directory in a process', async () => {
    const dir = await newDir();
    const store = await openStore(dir);
    await expect(openStore(dir)).rejects.toThrow(/already open/);
    await store.close();
    const again = await openStore(dir);
    await again.close();
  });

  it('a failed write changes nothing, in memory or on disk', async () => {
    const dir = await newDir();
    await seededStore(dir);
    const store = await openStore(dir);
    const before = await readFile(join(dir, 'snapshots', 'chefmaya.json'));
    const latestBefore = store.snapshots.latest('chefmaya');
    // Make the directory unusable for writes: replace it with a plain file.
    await rm(join(dir, 'snapshots'), { recursive: true });
    await writeFile(join(dir, 'snapshots'), 'not a directory');
    await expect(store.snapshots.append(sampleSnapshot('chefmaya', weekTakenAt(2), 2))).rejects.toThrow();
    expect(store.snapshots.latest('chefmaya')).toEqual(latestBefore);
    expect(store.snapshots.history('chefmaya')).toHaveLength(2);
    // The queue survives the failure: later writes to other files still work.
    await store.subscriptions.upsert(input('thirdchef'), NOW);
    expect(store.subscriptions.listAll()).toHaveLength(3);
    await store.close();
    await rm(join(dir, 'snapshots'));
    await mkdir(join(dir, 'snapshots'));
    await writeFile(join(dir, 'snapshots', 'chefmaya.json'), before);
  });
});

describe('a corrupt or unreadable data file', () => {
  it('is never overwritten: the bot refuses to open, names the file and how to restore the .bak', async () => {
    const dir = await newDir();
    await seededStore(dir);
    const file = join(dir, 'subscriptions.json');
    const broken = Buffer.from('{"schemaVersion":1,"subscriptions":[{"id":"x",', 'utf8');
    await writeFile(file, broken);

    const error = await openError(dir);
    expect(error.code).toBe('storage.corrupt');
    expect(isUserFacingError(error)).toBe(true);
    expect(error.file).toBe(file);
    expect(error.backupFile).toBe(`${file}.bak`);
    expect(error.message).toContain(file);
    expect(error.message).toContain('not valid JSON');
    expect(error.message).toContain('left untouched');
    expect(error.message).toContain(`cp "${file}.bak" "${file}"`);

    // Byte-identical, no temporary files left, and the .bak is the previous good version.
    expect(Buffer.compare(await readFile(file), broken)).toBe(0);
    expect((await readdir(dir)).sort()).toEqual(['snapshots', 'subscriptions.json', 'subscriptions.json.bak']);
    const backup = JSON.parse(await readFile(`${file}.bak`, 'utf8')) as { subscriptions: { username: string }[] };
    expect(backup.subscriptions.map((s) => s.username)).toEqual(['chefmaya']);

    // Still refused on a second try (nothing was "repaired"), and restoring the .bak works.
    expect((await openError(dir)).code).toBe('storage.corrupt');
    await writeFile(file, await readFile(`${file}.bak`));
    const restored = await openStore(dir);
    expect(restored.subscriptions.listAll().map((s) => s.username)).toEqual(['chefmaya']);
    expect(restored.snapshots.history('chefmaya')).toHaveLength(2);
    await restored.close();
  });

  it('reports a snapshot file with the wrong shape, with where the problem is', async () => {
    const dir = await newDir();
    await seededStore(dir);
    const file = join(dir, 'snapshots', 'chefmaya.json');
    const data = JSON.parse(await readFile(file, 'utf8')) as { snapshots: { summary: { videoCount: unknown } }[] };
    data.snapshots[1]!.summary.videoCount = 'twenty';
    const bytes = JSON.stringify(data);
    await writeFile(file, bytes);

    const error = await openError(dir);
    expect(error.code).toBe('storage.corrupt');
    expect(error.file).toBe(file);
    expect(error.message).toContain('snapshots[1].summary.videoCount');
    expect(error.backupFile).toBe(`${file}.bak`);
    expect(await readFile(file, 'utf8')).toBe(bytes);
  });

  it.each([
    ['an empty file', ''],
    ['JSON null', 'null'],
    ['a JSON array', '[]'],
    ['no schemaVersion', '{"subscriptions":[]}'],
  ])('treats %s as corrupt', async (_, content) => {
    const dir = await newDir();
    await writeFile(join(dir, 'subscriptions.json'), content);
    const error = await openError(dir);
    expect(error.code).toBe('storage.corrupt');
    expect(await readFile(join(dir, 'subscriptions.json'), 'utf8')).toBe(content);
  });

  it('says so when there is no .bak to restore', async () => {
    const dir = await newDir();
    const store = await openStore(dir);
    await store.subscriptions.upsert(input('chefmaya'), NOW); // the first write: no previous version
    await store.close();
    await writeFile(join(dir, 'subscriptions.json'), '{oops');
    const error = await openError(dir);
    expect(error.backupFile).toBeNull();
    expect(error.message).toMatch(/No backup \(\.bak\) exists/);
  });

  it('refuses a file from a newer version of the bot', async () => {
    const dir = await newDir();
    const content = '{"schemaVersion":99,"subscriptions":[]}';
    await writeFile(join(dir, 'subscriptions.json'), content);
    const error = await openError(dir);
    expect(error.code).toBe('storage.too-new');
    expect(error.message).toMatch(/newer version/);
    expect(await readFile(join(dir, 'subscriptions.json'), 'utf8')).toBe(content);
  });

  it('reports a data path it cannot read as a file', async () => {
    const dir = await newDir();
    await mkdir(join(dir, 'subscriptions.json'));
    const error = await openError(dir);
    expect(error.code).toBe('storage.unreadable');
    expect(error.file).toBe(join(dir, 'subscriptions.json'));
  });
});

describe('a data file that is missing while its .bak is there', () => {
  it('refuses to open, names both paths and how to restore or start fresh, and keeps the .bak', async () => {
    const dir = await newDir();
    await seededStore(dir);
    const file = join(dir, 'subscriptions.json');
    const backupBytes = await readFile(`${file}.bak`);
    await rm(file); // lost: an operator's mistake, a bad restore

    const error = await openError(dir);
    expect(error.code).toBe('storage.missing');
    expect(isUserFacingError(error)).toBe(true);
    expect(error.file).toBe(file);
    expect(error.backupFile).toBe(`${file}.bak`);
    expect(error.message).toContain(`Cannot open data file ${file}: it is missing, but its backup ${file}.bak exists`);
    expect(error.message).toContain(`mv "${file}.bak" "${file}"`);
    expect(error.message).toContain(`rm "${file}.bak"`);
    // Nothing was written: the .bak is byte for byte the last good version, and no empty file appeared.
    expect(Buffer.compare(await readFile(`${file}.bak`), backupBytes)).toBe(0);
    expect((await readdir(dir)).sort()).toEqual(['snapshots', 'subscriptions.json.bak']);

    // Renaming the .bak back restores it.
    await writeFile(file, backupBytes);
    await rm(`${file}.bak`);
    const restored = await openStore(dir);
    expect(restored.subscriptions.listAll().map((s) => s.username)).toEqual(['chefmaya']);
    await restored.close();
  });

  it('starts with empty data for the file once its .bak is deleted, as the message offers', async () => {
    const dir = await newDir();
    await seededStore(dir);
    const file = join(dir, 'subscriptions.json');
    await rm(file);
    expect((await openError(dir)).code).toBe('storage.missing');
    await rm(`${file}.bak`);
    const store = await openStore(dir);
    expect(store.subscriptions.listAll()).toEqual([]);
    await store.close();
  });

  it("refuses at start for an account's snapshot file, too (those are opened only when they exist)", async () => {
    const dir = await newDir();
    await seededStore(dir);
    const file = join(dir, 'snapshots', 'chefmaya.json');
    await rm(file);
    const error = await openError(dir);
    expect(error.code).toBe('storage.missing');
    expect(error.file).toBe(file);
    expect(error.backupFile).toBe(`${file}.bak`);
    expect(JSON.parse(await readFile(`${file}.bak`, 'utf8'))).toMatchObject({ snapshots: [{}] });
  });
});
