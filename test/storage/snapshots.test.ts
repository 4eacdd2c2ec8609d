import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffSnapshots } from '../../src/analysis/snapshot.js';
import { DETAIL_KEPT, SnapshotRepository } from '../../src/storage/snapshots.js';
import { sampleSnapshot, weekTakenAt } from './sample-snapshots.js';
import { useTempDirs } from './temp-dir.js';

const newDir = useTempDirs();

interface FileOnDisk {
  schemaVersion: number;
  username: string;
  snapshots: { takenAt: string; videos: { ids: string[] } | null }[];
}

async function fileOf(dir: string, username: string): Promise<FileOnDisk> {
  return JSON.parse(await readFile(join(dir, 'snapshots', `${username}.json`), 'utf8')) as FileOnDisk;
}

describe('SnapshotRepository', () => {
  it('keeps every weekly summary but per-video counters only for the latest 2', async () => {
    const dir = await newDir();
    const repo = await SnapshotRepository.open(dir);
    const snaps = Array.from({ length: 6 }, (_, week) => sampleSnapshot('chefmaya', weekTakenAt(week), week));
    for (const snap of snaps) await repo.append(snap);

    expect(DETAIL_KEPT).toBe(2);
    const history = repo.history('chefmaya');
    expect(history.map((s) => s.takenAt)).toEqual(snaps.map((s) => s.takenAt));
    expect(history.map((s) => s.videos !== null)).toEqual([false, false, false, false, true, true]);
    expect(history.map((s) => s.summary)).toEqual(snaps.map((s) => s.summary));
    expect(repo.latest('chefmaya')).toEqual(snaps[5]);
    expect(repo.previous('chefmaya')).toEqual(snaps[4]);
    await repo.close();

    // The same on disk: one file, 6 entries, only the last 2 with per-video columns.
    const file = await fileOf(dir, 'chefmaya');
    expect(file.schemaVersion).toBe(2);
    expect(file.snapshots.map((s) => s.videos?.ids.length ?? null)).toEqual([null, null, null, null, 20, 20]);
  });

  it('reads back exactly what was appended, after a reopen', async () => {
    const dir = await newDir();
    const repo = await SnapshotRepository.open(dir);
    const older = sampleSnapshot('chefmaya', weekTakenAt(0), 0, 40);
    const newer = sampleSnapshot('chefmaya', weekTakenAt(1), 1, 45);
    await repo.append(older);
    await repo.append(newer);
    await repo.close();

    const reopened = await SnapshotRepository.open(dir);
    expect(reopened.latest('chefmaya')).toEqual(newer);
    expect(reopened.previous('chefmaya')).toEqual(older);
    // The weekly report's diff works straight from the store.
    const diff = diffSnapshots(reopened.previous('chefmaya')!, reopened.latest('chefmaya')!);
    expect(diff.perVideoDetail).toBe(true);
    expect(diff.videosAdded).toHaveLength(5);
    await reopened.close();
  });

  it('keeps snapshots in time order and replaces one with the same takenAt', async () => {
    const dir = await newDir();
    const repo = await SnapshotRepository.open(dir);
    await repo.append(sampleSnapshot('chefmaya', weekTakenAt(2), 2));
    await repo.append(sampleSnapshot('chefmaya', weekTakenAt(0), 0));
    await repo.append(sampleSnapshot('chefmaya', weekTakenAt(1), 1));
    const redo = sampleSnapshot('chefmaya', weekTakenAt(2), 3);
    await repo.append(redo);
    const history = repo.history('chefmaya');
    expect(history.map((s) => s.takenAt)).toEqual([weekTakenAt(0), weekTakenAt(1), weekTakenAt(2)]);
    expect(repo.latest('chefmaya')).toEqual(redo);
    expect(history.map((s) => s.videos !== null)).toEqual([false, true, true]);
    await repo.close();
  });

  it('stores one file per account, keyed by the lower-case handle', async () => {
    const dir = await newDir();
    const repo = await SnapshotRepository.open(dir);
    await Promise.all([
      repo.append(sampleSnapshot('@ChefMaya', weekTakenAt(0), 0)),
      repo.append(sampleSnapshot('chefmaya', weekTakenAt(1), 1)),
      repo.append(sampleSnapshot('bakery.bob', weekTakenAt(0), 0)),
    ]);
    expect(repo.accounts()).toEqual(['bakery.bob', 'chefmaya']);
    expect(repo.history('CHEFMAYA')).toHaveLength(2);
    expect(repo.latest('chefmaya')?.username).toBe('chefmaya');
    expect(repo.latest('nobody')).toBeNull();
    expect(repo.previous('bakery.bob')).toBeNull();
    expect(repo.history('nobody')).toEqual([]);
    await repo.close();
    expect((await readdir(join(dir, 'snapshots'))).sort()).toEqual([
      'bakery.bob.json',
      'chefmaya.json',
      'chefmaya.json.bak',
    ]);
  });

  it('refuses a snapshot that would not survive JSON (NaN), leaving the file as it was', async () => {
    const dir = await newDir();
    const repo = await SnapshotRepository.open(dir);
    await repo.append(sampleSnapshot('chefmaya', weekTakenAt(0), 0));
    const before = await readFile(join(dir, 'snapshots', 'chefmaya.json'), 'utf8');
    const bad = sampleSnapshot('chefmaya', weekTakenAt(1), 1);
    bad.summary.meanEngagementRate = Number.NaN;
    await expect(repo.append(bad)).rejects.toThrow(/meanEngagementRate/);
    expect(await readFile(join(dir, 'snapshots', 'chefmaya.json'), 'utf8')).toBe(before);
    expect(repo.history('chefmaya')).toHaveLength(1);
    await repo.close();
  });

  it('writes compact files: a 300-video snapshot costs far less than its JSON objects', async () => {
    const dir = await newDir();
    const repo = await SnapshotRepository.open(dir);
    const snap = sampleSnapshot('chefmaya', weekTakenAt(0), 0, 300);
    await repo.append(snap);
    await repo.close();
    const size = (await stat(join(dir, 'snapshots', 'chefmaya.json'))).size;
    expect(size).toBeLessThan(JSON.stringify(snap.videos).length / 2);
  });
});
