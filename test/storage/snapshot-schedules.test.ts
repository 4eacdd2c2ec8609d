import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trendPointsFromSnapshots } from '../../src/analysis/snapshot.js';
import { SnapshotRepository } from '../../src/storage/snapshots.js';
import { sampleSnapshot } from './sample-snapshots.js';
import { useTempDirs } from './temp-dir.js';

const newDir = useTempDirs();

const MONDAY = '1 09:00 UTC';
const FRIDAY = '5 09:00 UTC';

describe('weekly snapshots per schedule', () => {
  it('keeps one snapshot per schedule and week, and each schedule compares with its own previous week', async () => {
    const dir = await newDir();
    const repo = await SnapshotRepository.open(dir);
    const mon1 = sampleSnapshot('chefmaya', '2026-01-05T09:00:20Z', 1);
    const fri1 = sampleSnapshot('chefmaya', '2026-01-09T09:00:20Z', 2);
    const mon2 = sampleSnapshot('chefmaya', '2026-01-12T09:00:20Z', 3);
    await repo.append(mon1, { week: '2026-W02', schedule: MONDAY });
    await repo.append(fri1, { week: '2026-W02', schedule: FRIDAY });
    await repo.append(mon2, { week: '2026-W03', schedule: MONDAY });
    expect(repo.history('chefmaya')).toHaveLength(3);
    // Monday compares with last Monday, not with the Friday in between; Friday with last Friday.
    expect(repo.previousFor('chefmaya', { week: '2026-W03', schedule: MONDAY })?.takenAt).toBe(mon1.takenAt);
    expect(repo.previousFor('chefmaya', { week: '2026-W03', schedule: FRIDAY })?.takenAt).toBe(fri1.takenAt);
    await repo.close();
  });

  it('keeps the per-video counters of each schedule’s latest snapshot, for its next diff', async () => {
    const repo = await SnapshotRepository.open(await newDir());
    const mon1 = sampleSnapshot('chefmaya', '2026-01-05T09:00:20Z', 1);
    await repo.append(mon1, { week: '2026-W02', schedule: MONDAY });
    await repo.append(sampleSnapshot('chefmaya', '2026-01-07T09:00:20Z', 2), {
      week: '2026-W02',
      schedule: '3 09:00 UTC',
    });
    await repo.append(sampleSnapshot('chefmaya', '2026-01-09T09:00:20Z', 3), { week: '2026-W02', schedule: FRIDAY });
    // Last Monday is the third snapshot from the end, past DETAIL_KEPT, and still has them.
    expect(repo.previousFor('chefmaya', { week: '2026-W03', schedule: MONDAY })?.videos).not.toBeNull();
    expect(repo.history('chefmaya').map((s) => s.videos !== null)).toEqual([true, true, true]);
    await repo.append(sampleSnapshot('chefmaya', '2026-01-12T09:00:20Z', 4), { week: '2026-W03', schedule: MONDAY });
    // The Monday before is no one's latest any more: stripped as usual.
    expect(repo.history('chefmaya').map((s) => s.videos !== null)).toEqual([false, true, true, true]);
    await repo.close();
  });

  it('a rerun of a week replaces only that schedule’s snapshot of the week', async () => {
    const repo = await SnapshotRepository.open(await newDir());
    const mon1 = sampleSnapshot('chefmaya', '2026-01-05T09:00:20Z', 1);
    const fri1 = sampleSnapshot('chefmaya', '2026-01-09T09:00:20Z', 2);
    await repo.append(mon1, { week: '2026-W02', schedule: MONDAY });
    await repo.append(fri1, { week: '2026-W02', schedule: FRIDAY });
    await repo.append(sampleSnapshot('chefmaya', '2026-01-12T09:00:20Z', 3), { week: '2026-W03', schedule: MONDAY });

    // A rerun of Monday's week replaces only Monday's snapshot of that week.
    const redo = sampleSnapshot('chefmaya', '2026-01-12T10:30:00Z', 4);
    await repo.append(redo, { week: '2026-W03', schedule: MONDAY });
    expect(repo.history('chefmaya').map((s) => s.takenAt)).toEqual([mon1.takenAt, fri1.takenAt, redo.takenAt]);
    await repo.close();
  });

  it('the trend shows a weekly snapshot in the week it was taken for, not the week it was taken in', async () => {
    const repo = await SnapshotRepository.open(await newDir());
    const SUNDAY = '7 23:30 Europe/Berlin';
    // The baseline at subscribe time; then week 2's Sunday-night run, retried past midnight (Monday of week 3 in
    // Berlin); then week 3's own run on time.
    await repo.append(sampleSnapshot('chefmaya', '2026-01-06T08:00:00Z', 1, 18));
    await repo.append(sampleSnapshot('chefmaya', '2026-01-11T23:10:00Z', 2, 20), {
      week: '2026-W02',
      schedule: SUNDAY,
    });
    await repo.append(sampleSnapshot('chefmaya', '2026-01-18T22:30:00Z', 3, 22), {
      week: '2026-W03',
      schedule: SUNDAY,
    });
    const history = repo.history('chefmaya');
    expect(history.map((s) => s.week)).toEqual([undefined, '2026-W02', '2026-W03']);
    const points = trendPointsFromSnapshots(history, 'Europe/Berlin');
    expect(points.map((p) => p.label)).toEqual(['2026-W02', '2026-W03']);
    // Week 2 is its weekly run (which replaced the baseline of the same week), week 3 its own.
    expect(points.map((p) => p.videoCount)).toEqual([20, 22]);
    await repo.close();
  });

  it('the trend lets a weekly run stand for a baseline that reads as a later week in another zone', async () => {
    const repo = await SnapshotRepository.open(await newDir());
    // Subscribed on Sunday evening in Los Angeles (Monday 01:00 UTC: week 49 in UTC); the first weekly run,
    // Sunday 22:00 Los Angeles, reports week 48.
    await repo.append(sampleSnapshot('chefmaya', '2026-11-30T01:00:00Z', 1, 18));
    await repo.append(sampleSnapshot('chefmaya', '2026-11-30T06:00:00Z', 2, 20), {
      week: '2026-W48',
      schedule: '7 22:00 America/Los_Angeles',
    });
    const points = trendPointsFromSnapshots(repo.history('chefmaya'), 'UTC');
    expect(points.map((p) => [p.label, p.videoCount])).toEqual([['2026-W48', 20]]);
    await repo.close();
  });

  it('two schedules run at the same moment (a catch-up) keep a snapshot each', async () => {
    const repo = await SnapshotRepository.open(await newDir());
    const at = '2026-01-05T09:00:20Z';
    await repo.append(sampleSnapshot('chefmaya', at, 1), { week: '2026-W02', schedule: MONDAY });
    await repo.append(sampleSnapshot('chefmaya', at, 1), { week: '2026-W01', schedule: FRIDAY });
    expect(repo.countForWeek('chefmaya', '2026-W02')).toBe(1);
    expect(repo.countForWeek('chefmaya', '2026-W01')).toBe(1);
    expect(repo.history('chefmaya')).toHaveLength(2);
    await repo.close();
  });

  it('reads snapshots stored before schedules were recorded: a schedule’s first run compares with the latest', async () => {
    const dir = await newDir();
    const old = await SnapshotRepository.open(dir);
    const w1 = sampleSnapshot('chefmaya', '2026-01-05T09:00:20Z', 1);
    const w2 = sampleSnapshot('chefmaya', '2026-01-12T09:00:20Z', 2);
    await old.append(w1, { week: '2026-W02' });
    await old.append(w2, { week: '2026-W03' });
    await old.close();
    const stored = JSON.parse(await readFile(join(dir, 'snapshots', 'chefmaya.json'), 'utf8')) as {
      snapshots: Record<string, unknown>[];
    };
    expect(stored.snapshots.every((s) => !('schedule' in s))).toBe(true);

    const repo = await SnapshotRepository.open(dir);
    expect(repo.previousFor('chefmaya', { week: '2026-W04', schedule: MONDAY })?.takenAt).toBe(w2.takenAt);
    const w3 = sampleSnapshot('chefmaya', '2026-01-19T09:00:20Z', 3);
    await repo.append(w3, { week: '2026-W04', schedule: MONDAY });
    // A rerun of that week still compares with the same old snapshot.
    expect(repo.previousFor('chefmaya', { week: '2026-W04', schedule: MONDAY })?.takenAt).toBe(w2.takenAt);
    expect(repo.previousFor('chefmaya', { week: '2026-W05', schedule: MONDAY })?.takenAt).toBe(w3.takenAt);
    await repo.close();
  });

  it('opens a schemaVersion 1 file (migrated) and uses it as the previous snapshot', async () => {
    const dir = await newDir();
    await mkdir(join(dir, 'snapshots'), { recursive: true });
    const w1 = sampleSnapshot('chefmaya', '2026-01-05T09:00:20Z', 1, 4);
    await writeFile(
      join(dir, 'snapshots', 'chefmaya.json'),
      JSON.stringify({
        schemaVersion: 1,
        username: 'chefmaya',
        snapshots: [
          {
            takenAt: w1.takenAt,
            summary: w1.summary,
            videos: w1.videos!.map(({ id, plays, likes, comments, shares, tier }) => ({
              id,
              plays,
              likes,
              comments,
              shares,
              tier,
            })),
          },
        ],
      }),
    );
    const repo = await SnapshotRepository.open(dir);
    expect(repo.previousFor('chefmaya', { week: '2026-W03', schedule: MONDAY })?.takenAt).toBe(w1.takenAt);
    await repo.close();
  });
});
