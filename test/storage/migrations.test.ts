import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MigrationProblem, migrateForward, migrationRegistry, type Migration } from '../../src/storage/migrations.js';
import { SnapshotRepository, SNAPSHOTS_SCHEMA_VERSION, snapshotMigrations } from '../../src/storage/snapshots.js';
import { StoreError } from '../../src/storage/store-error.js';
import { sampleSnapshot, weekTakenAt } from './sample-snapshots.js';
import { useTempDirs } from './temp-dir.js';

const newDir = useTempDirs();

/** An account file as the v1 format wrote it: one object per video. */
function v1File(username: string) {
  const older = sampleSnapshot(username, weekTakenAt(0), 0, 12);
  const newer = sampleSnapshot(username, weekTakenAt(1), 1, 12);
  return {
    snapshots: [older, newer],
    json: JSON.stringify({
      schemaVersion: 1,
      username,
      snapshots: [
        { takenAt: older.takenAt, summary: older.summary, videos: null },
        { takenAt: newer.takenAt, summary: newer.summary, videos: newer.videos },
      ],
    }),
  };
}

describe('snapshot file migration v1 -> v2', () => {
  it('converts per-video objects to columns on open, keeping the v1 file as .bak', async () => {
    const dir = await newDir();
    await mkdir(join(dir, 'snapshots'));
    const file = join(dir, 'snapshots', 'chefmaya.json');
    const { snapshots, json } = v1File('chefmaya');
    await writeFile(file, json);

    const repo = await SnapshotRepository.open(dir);
    // Nothing lost: the newest keeps its per-video counters (engagementRate recomputed exactly).
    expect(repo.latest('chefmaya')).toEqual(snapshots[1]);
    expect(repo.previous('chefmaya')).toEqual({ ...snapshots[0], videos: null });
    await repo.close();

    // Migrated on disk at once; the pre-migration file is the .bak.
    const migrated = JSON.parse(await readFile(file, 'utf8')) as {
      schemaVersion: number;
      snapshots: { videos: Record<string, unknown> | null }[];
    };
    expect(migrated.schemaVersion).toBe(2);
    const columns = migrated.snapshots[1]!.videos!;
    expect(Object.keys(columns).sort()).toEqual(['comments', 'ids', 'likes', 'plays', 'shares', 'tiers']);
    expect(columns.ids).toEqual(snapshots[1]!.videos!.map((v) => v.id));
    expect(columns.tiers).toBe(snapshots[1]!.videos!.map((v) => v.tier[0]).join(''));
    expect(await readFile(`${file}.bak`, 'utf8')).toBe(json);
    expect(json.length).toBeGreaterThan((await readFile(file, 'utf8')).length);

    // Reopening a migrated file migrates nothing more.
    const again = await SnapshotRepository.open(dir);
    expect(again.latest('chefmaya')).toEqual(snapshots[1]);
    await again.close();
    expect(await readFile(`${file}.bak`, 'utf8')).toBe(json);
  });

  it('reports a damaged v1 file as corrupt and leaves it alone', async () => {
    const dir = await newDir();
    await mkdir(join(dir, 'snapshots'));
    const file = join(dir, 'snapshots', 'chefmaya.json');
    const broken = JSON.stringify({
      schemaVersion: 1,
      username: 'chefmaya',
      snapshots: [{ takenAt: 'last week', summary: {}, videos: null }],
    });
    await writeFile(file, broken);
    const error = await SnapshotRepository.open(dir).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe('storage.corrupt');
    expect((error as StoreError).message).toMatch(/schemaVersion 1/);
    expect(await readFile(file, 'utf8')).toBe(broken);
  });

  it('has a registry that covers every step to the current version', () => {
    expect(SNAPSHOTS_SCHEMA_VERSION).toBe(2);
    expect(snapshotMigrations.map((m) => m.from)).toEqual([1]);
  });
});

describe('migrateForward', () => {
  const steps: Migration[] = [
    { from: 1, description: 'rename a to b', up: (d) => ({ schemaVersion: 2, b: (d as { a: number }).a }) },
    { from: 2, description: 'double b', up: (d) => ({ schemaVersion: 3, b: (d as { b: number }).b * 2 }) },
  ];

  it('runs every step from the file version up, in order', () => {
    expect(migrateForward({ schemaVersion: 1, a: 21 }, 3, steps)).toMatchObject({
      data: { schemaVersion: 3, b: 42 },
      fromVersion: 1,
    });
    expect(migrateForward({ schemaVersion: 2, b: 5 }, 3, steps).applied.map((m) => m.from)).toEqual([2]);
    expect(migrateForward({ schemaVersion: 3, b: 5 }, 3, steps).applied).toEqual([]);
  });

  it('refuses newer, missing or invalid versions', () => {
    expect(() => migrateForward({ schemaVersion: 4 }, 3, steps)).toThrow(expect.objectContaining({ tooNew: true }));
    expect(() => migrateForward({ schemaVersion: 1, a: 1 }, 3, steps.slice(1))).toThrow(MigrationProblem);
    expect(() => migrateForward({ schemaVersion: '1' }, 3, steps)).toThrow(/schemaVersion/);
    expect(() => migrateForward({}, 3, steps)).toThrow(/schemaVersion/);
  });

  it('migrationRegistry rejects a registry with a gap or a duplicate', () => {
    expect(() => migrationRegistry(3, steps.slice(0, 1))).toThrow(/from v2/);
    expect(() => migrationRegistry(2, [steps[0]!, steps[0]!])).toThrow(/exactly one/);
    expect(migrationRegistry(3, [steps[1]!, steps[0]!]).map((m) => m.from)).toEqual([1, 2]);
  });
});
