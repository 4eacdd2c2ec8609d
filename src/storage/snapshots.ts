/**
 * Weekly snapshot history: one file per account, DATA_DIR/snapshots/<username>.json.
 *
 * Why one file per account: lowdb rewrites a whole file on every write, so a
 * write should only carry the account it changes. With one file for all
 * accounts, a year of 100 accounts (several MB) would be rewritten by every
 * weekly append; per account it is ~60 KB (52 summaries + 2 catalogs) and a
 * write takes a millisecond or two (see scripts/bench/store.ts). It also means
 * a damaged file costs one account's history, not everyone's.
 *
 * Bounded growth: every weekly summary is kept forever, but per-video
 * counters only for the latest DETAIL_KEPT snapshots of an account (enough
 * for "this week vs last week"); older ones are stripped on append.
 *
 * Format v2 stores per-video counters column-wise (see the v1 -> v2
 * migration). Files are compact JSON: indentation would double them.
 */
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { ratesOf } from '../analysis/metrics.js';
import type { Snapshot, SnapshotSummary, SnapshotVideo } from '../analysis/snapshot.js';
import type { Tier, TierStats } from '../analysis/types.js';
import { MigrationProblem, migrationRegistry, type Migration } from './migrations.js';
import type { StorageHealth } from './storage-health.js';
import { accountKey, isAccountKey } from './usernames.js';
import { describeZodError, VersionedFile, type FileSpec } from './versioned-file.js';

export const SNAPSHOTS_DIR = 'snapshots';
export const SNAPSHOTS_SCHEMA_VERSION = 2;
/** Snapshots per account that keep their per-video counters. */
export const DETAIL_KEPT = 2;

const count = z.number().min(0);
const rate = z.number();
const isoInstant = z.iso.datetime();

const tierStatsSchema: z.ZodType<TierStats> = z.object({
  count,
  avgDuration: z.number(),
  avgEngagementRate: rate,
  avgShareRate: rate,
  avgCommentRate: rate,
  avgLikeRate: rate,
  avgPlays: z.number(),
});

const summarySchema: z.ZodType<SnapshotSummary> = z.object({
  videoCount: count,
  analyzedCount: count,
  thresholds: z.object({ q25: rate, q75: rate }).nullable(),
  tiers: z.object({ top: tierStatsSchema, bottom: tierStatsSchema }).nullable(),
  medianEngagementRate: rate.nullable(),
  meanEngagementRate: rate.nullable(),
  shareRate: rate.nullable(),
  commentRate: rate.nullable(),
  likeRate: rate.nullable(),
  totals: z.object({ plays: count, likes: count, comments: count, shares: count }),
});

// ---- v1: per-video counters as one object per video -------------------------

const tierSchema = z.enum(['top', 'middle', 'bottom', 'unranked']);

const videoRowV1 = z.object({
  id: z.string(),
  plays: count,
  likes: count,
  comments: count,
  shares: count,
  engagementRate: rate.optional(),
  tier: tierSchema,
});

const fileSchemaV1 = z.object({
  schemaVersion: z.literal(1),
  username: z.string(),
  snapshots: z.array(z.object({ takenAt: isoInstant, summary: summarySchema, videos: z.array(videoRowV1).nullable() })),
});

// ---- v2: per-video counters as columns --------------------------------------

const TIER_CODES: Record<Tier, string> = { top: 't', middle: 'm', bottom: 'b', unranked: 'u' };
const TIERS_BY_CODE: Record<string, Tier> = { t: 'top', m: 'middle', b: 'bottom', u: 'unranked' };

/**
 * Per-video counters, one array per field, plus one tier letter per video.
 * engagementRate is not stored: it is (likes + comments + shares) / plays of
 * the stored counters, recomputed exactly on read. The tier is stored because
 * it was judged against that week's thresholds.
 */
const videoColumnsSchema = z
  .object({
    ids: z.array(z.string()),
    plays: z.array(count),
    likes: z.array(count),
    comments: z.array(count),
    shares: z.array(count),
    tiers: z.string().regex(/^[tmbu]*$/, 'must be one letter (t, m, b, u) per video'),
  })
  .refine(
    (c) => [c.plays, c.likes, c.comments, c.shares, c.tiers].every((column) => column.length === c.ids.length),
    'every column must have one entry per video id',
  );

type VideoColumns = z.infer<typeof videoColumnsSchema>;

const snapshotEntrySchema = z.object({
  takenAt: isoInstant,
  /**
   * The week a weekly run took it for ('2026-W49'): a rerun of that week (a
   * restart mid-run) replaces it, so an account has one weekly snapshot a
   * week. Absent on baselines taken at subscribe time. Optional, so files
   * written before it existed read as they are (no schema version change).
   */
  week: z.string().min(1).optional(),
  /**
   * The schedule of the subscriptions the weekly run served (scheduleKey: weekday, time and zone,
   * '1 09:00 Europe/Berlin'): an account followed on two schedules (Monday in one channel, Friday in
   * another) has one weekly snapshot per schedule and week, and each schedule compares with its own
   * previous one. Absent on baselines and on weekly snapshots written before it existed (those read as
   * they are, no schema version change, and serve as the previous snapshot of a schedule's first keyed run).
   */
  schedule: z.string().min(1).optional(),
  summary: summarySchema,
  videos: videoColumnsSchema.nullable(),
});
type SnapshotEntry = z.infer<typeof snapshotEntrySchema>;

const fileSchema = z.object({
  schemaVersion: z.literal(SNAPSHOTS_SCHEMA_VERSION),
  username: z.string(),
  snapshots: z.array(snapshotEntrySchema),
});

type SnapshotFile = z.infer<typeof fileSchema>;

function encodeVideos(
  videos: readonly Pick<SnapshotVideo, 'id' | 'plays' | 'likes' | 'comments' | 'shares' | 'tier'>[],
): VideoColumns {
  return {
    ids: videos.map((v) => v.id),
    plays: videos.map((v) => v.plays),
    likes: videos.map((v) => v.likes),
    comments: videos.map((v) => v.comments),
    shares: videos.map((v) => v.shares),
    tiers: videos.map((v) => TIER_CODES[v.tier]).join(''),
  };
}

function decodeVideos(columns: VideoColumns): SnapshotVideo[] {
  return columns.ids.map((id, i) => {
    const video: SnapshotVideo = {
      id,
      plays: columns.plays[i]!,
      likes: columns.likes[i]!,
      comments: columns.comments[i]!,
      shares: columns.shares[i]!,
      tier: TIERS_BY_CODE[columns.tiers[i]!]!,
    };
    const engagementRate = ratesOf(video)?.engagementRate;
    if (engagementRate !== undefined) video.engagementRate = engagementRate;
    return video;
  });
}

export const snapshotMigrations: readonly Migration[] = migrationRegistry(SNAPSHOTS_SCHEMA_VERSION, [
  {
    from: 1,
    description:
      'per-video counters move from one object per video to one array per field (ids, plays, likes, comments, shares, tier letters); ' +
      'engagementRate is no longer stored (recomputed from the counters). About 3x smaller, and faster to parse.',
    up(data: unknown): unknown {
      const parsed = fileSchemaV1.safeParse(data);
      if (!parsed.success) throw new MigrationProblem(`${describeZodError(parsed.error)} (read as schemaVersion 1)`);
      return {
        schemaVersion: 2,
        username: parsed.data.username,
        snapshots: parsed.data.snapshots.map((s) => ({
          takenAt: s.takenAt,
          summary: s.summary,
          videos: s.videos === null ? null : encodeVideos(s.videos),
        })),
      } satisfies SnapshotFile;
    },
  },
]);

function specFor(username: string): FileSpec<SnapshotFile> {
  return {
    currentVersion: SNAPSHOTS_SCHEMA_VERSION,
    schema: fileSchema.refine((file) => file.username === username, `username must be "${username}", the file's name`),
    migrations: snapshotMigrations,
    empty: () => ({ schemaVersion: SNAPSHOTS_SCHEMA_VERSION, username, snapshots: [] }),
    pretty: false,
  };
}

function decode(username: string, entry: SnapshotEntry): Snapshot {
  return {
    username,
    takenAt: entry.takenAt,
    summary: structuredClone(entry.summary),
    videos: entry.videos === null ? null : decodeVideos(entry.videos),
    ...(entry.week !== undefined ? { week: entry.week } : {}),
  };
}

export class SnapshotRepository {
  readonly #dir: string;
  readonly #files = new Map<string, VersionedFile<SnapshotFile>>();
  /** Accounts whose (new) file is being opened, so two first appends share one open. */
  readonly #opening = new Map<string, Promise<VersionedFile<SnapshotFile>>>();
  #closed = false;

  readonly #health: StorageHealth | undefined;

  private constructor(dir: string, health: StorageHealth | undefined) {
    this.#dir = dir;
    this.#health = health;
  }

  /**
   * Opens every account file under DATA_DIR/snapshots, migrating and
   * validating each, so a damaged file stops the start (StoreError) instead
   * of surfacing weeks later.
   */
  static async open(dataDir: string, health?: StorageHealth): Promise<SnapshotRepository> {
    const repository = new SnapshotRepository(join(dataDir, SNAPSHOTS_DIR), health);
    await mkdir(repository.#dir, { recursive: true });
    const names = (await readdir(repository.#dir)).filter((name) => name.endsWith('.json')).sort();
    try {
      for (const name of names) {
        const username = name.slice(0, -'.json'.length);
        if (!isAccountKey(username)) continue; // not ours (e.g. a copy someone made): leave it alone
        repository.#files.set(
          username,
          await VersionedFile.open(join(repository.#dir, name), specFor(username), health),
        );
      }
    } catch (error) {
      await repository.close();
      throw error;
    }
    return repository;
  }

  /**
   * Adds a snapshot to its account's history (a snapshot of the same `schedule`, or like it without one,
   * that has the same takenAt or was taken for the same `week` replaces the earlier one) and strips
   * per-video counters from all but the latest DETAIL_KEPT and the latest of each schedule (what that
   * schedule's next report compares with). One write; on failure nothing changes.
   */
  async append(snapshot: Snapshot, options: { week?: string; schedule?: string } = {}): Promise<void> {
    if (this.#closed) throw new Error('the snapshot store is closed');
    const username = accountKey(snapshot.username);
    const checked = snapshotEntrySchema.safeParse({
      takenAt: snapshot.takenAt,
      ...(options.week !== undefined ? { week: options.week } : {}),
      ...(options.schedule !== undefined ? { schedule: options.schedule } : {}),
      summary: snapshot.summary,
      videos: snapshot.videos === null ? null : encodeVideos(snapshot.videos),
    });
    // Refuse before writing: a NaN would be saved as null and make the file unreadable at the next start.
    if (!checked.success)
      throw new RangeError(`snapshot of @${username} not saved: ${describeZodError(checked.error)}`);
    const entry = checked.data;
    const file = await this.#fileFor(username);
    await file.update((current) => {
      const at = Date.parse(entry.takenAt);
      const others = current.snapshots.filter(
        (s) =>
          s.schedule !== entry.schedule ||
          (Date.parse(s.takenAt) !== at && (entry.week === undefined || s.week !== entry.week)),
      );
      const ordered = [...others, entry].sort((a, b) => Date.parse(a.takenAt) - Date.parse(b.takenAt));
      const keepFrom = ordered.length - DETAIL_KEPT;
      const latestOfSchedule = new Set<SnapshotEntry>();
      const seen = new Set<string>();
      for (const s of [...ordered].reverse()) {
        if (s.schedule === undefined || seen.has(s.schedule)) continue;
        seen.add(s.schedule);
        latestOfSchedule.add(s);
      }
      const snapshots = ordered.map((s, i) =>
        i < keepFrom && s.videos !== null && !latestOfSchedule.has(s) ? { ...s, videos: null } : s,
      );
      return { next: { ...current, snapshots }, result: undefined };
    });
  }

  /** The newest snapshot of the account, or null. */
  latest(username: string): Snapshot | null {
    return this.#nthFromEnd(username, 0);
  }

  /** The newest snapshot not taken for `week` (what a weekly run of that week compares with), or null. */
  latestOutside(username: string, week: string): Snapshot | null {
    const key = accountKey(username);
    const snapshots = this.#files.get(key)?.data.snapshots ?? [];
    const entry = snapshots.findLast((s) => s.week !== week);
    return entry ? decode(key, entry) : null;
  }

  /**
   * What a weekly run of `schedule` in `week` compares with: that schedule's newest snapshot of another
   * week; when the schedule has none yet (its first run, or snapshots stored before schedules were
   * recorded), the newest snapshot of another week (latestOutside). Null when there is none.
   */
  previousFor(username: string, { week, schedule }: { week: string; schedule: string }): Snapshot | null {
    const key = accountKey(username);
    const snapshots = this.#files.get(key)?.data.snapshots ?? [];
    const own = snapshots.findLast((s) => s.schedule === schedule && s.week !== week);
    return own ? decode(key, own) : this.latestOutside(username, week);
  }

  /** How many snapshots were taken for `week` by weekly runs (0 or 1 per schedule). */
  countForWeek(username: string, week: string): number {
    return (this.#files.get(accountKey(username))?.data.snapshots ?? []).filter((s) => s.week === week).length;
  }

  /** The snapshot before the newest, or null. */
  previous(username: string): Snapshot | null {
    return this.#nthFromEnd(username, 1);
  }

  /** Every snapshot of the account, oldest first (older ones without per-video counters). */
  history(username: string): Snapshot[] {
    const key = accountKey(username);
    const file = this.#files.get(key);
    return file ? file.data.snapshots.map((entry) => decode(key, entry)) : [];
  }

  /** Accounts with a stored history. */
  accounts(): string[] {
    return [...this.#files.entries()]
      .filter(([, file]) => file.data.snapshots.length > 0)
      .map(([key]) => key)
      .sort();
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.allSettled(this.#opening.values());
    await Promise.all([...this.#files.values()].map((file) => file.close()));
  }

  #nthFromEnd(username: string, n: number): Snapshot | null {
    const key = accountKey(username);
    const snapshots = this.#files.get(key)?.data.snapshots ?? [];
    const entry = snapshots[snapshots.length - 1 - n];
    return entry ? decode(key, entry) : null;
  }

  async #fileFor(username: string): Promise<VersionedFile<SnapshotFile>> {
    const open = this.#files.get(username);
    if (open) return open;
    let opening = this.#opening.get(username);
    if (!opening) {
      opening = VersionedFile.open(join(this.#dir, `${username}.json`), specFor(username), this.#health);
      this.#opening.set(username, opening);
      try {
        this.#files.set(username, await opening);
      } finally {
        this.#opening.delete(username);
      }
    }
    return opening;
  }
}
