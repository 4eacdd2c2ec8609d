import { takeSnapshot, type Snapshot } from '../analysis/snapshot.js';
import type { SnapshotRepository } from '../storage/snapshots.js';
import type { AccountAnalysis } from './analyze-account.js';

export interface RecordSnapshotOptions {
  /** The ISO week a weekly run takes it for: one weekly snapshot per account, schedule and week (a rerun replaces it). */
  week?: string;
  /** The schedule of the weekly run (scheduleKey), so each schedule compares with its own previous week. */
  schedule?: string;
}

/** Takes the snapshot of an analysed catalog at `takenAt` and stores it in the account's history. */
export async function recordSnapshot(
  snapshots: Pick<SnapshotRepository, 'append'>,
  username: string,
  { catalog, analysis }: AccountAnalysis,
  takenAt: Date,
  options: RecordSnapshotOptions = {},
): Promise<Snapshot> {
  const snapshot = takeSnapshot(username, catalog.videos, analysis, takenAt);
  await snapshots.append(snapshot, options);
  return snapshot;
}
