/**
 * The bot's data store under DATA_DIR. Open it once at start; a StoreError
 * from openStore means a data file is damaged and the bot must not start
 * (its message names the file and how to restore it). Only this process may
 * write these files while it runs.
 */
import { mkdir, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { UserFacingError } from '../errors.js';
import { probeWritable, removeLeftoverTemps, StorageFaultError, storageFaultOr } from './durable-write.js';
import { RecentAccountRepository } from './recent-accounts.js';
import { SNAPSHOTS_DIR, SnapshotRepository } from './snapshots.js';
import { StorageHealth } from './storage-health.js';
import { SubscriptionRepository } from './subscriptions.js';
import { GuildRepository } from './guilds.js';
import { missingFileError } from './store-error.js';
import { isAccountKey } from './usernames.js';

export { StorageFaultError, type StorageFaultKind } from './durable-write.js';
export { StorageHealth, type StorageFaultRecord, type StorageFaultSource } from './storage-health.js';

export { StoreError, type StoreErrorCode } from './store-error.js';
export { SnapshotRepository, DETAIL_KEPT, SNAPSHOTS_SCHEMA_VERSION, snapshotMigrations } from './snapshots.js';
export {
  SubscriptionRepository,
  SUBSCRIPTIONS_SCHEMA_VERSION,
  subscriptionMigrations,
  type Subscription,
  type SubscriptionInput,
  type RunRecord,
} from './subscriptions.js';
export {
  GuildRepository,
  GUILDS_SCHEMA_VERSION,
  guildMigrations,
  usageMonth,
  type GuildSettings,
  type GuildSettingsChange,
  type MonthUsage,
  type Spend,
} from './guilds.js';
export { accountKey } from './usernames.js';
export { RecentAccountRepository, RECENT_ACCOUNTS_PER_GUILD, type RecentAccount } from './recent-accounts.js';
export { dataDirProblem } from './writable.js';

export interface Store {
  /** Absolute data directory. */
  dir: string;
  subscriptions: SubscriptionRepository;
  snapshots: SnapshotRepository;
  /** Per-server settings and monthly credit usage. */
  guilds: GuildRepository;
  /** Accounts each server analysed recently (username autocomplete). */
  recentAccounts: RecentAccountRepository;
  /** Whether writes currently succeed (the latest storage fault, if any). */
  health: StorageHealth;
  /**
   * Throws StorageFaultError when the data folder cannot take a write right
   * now: checked before work that would be paid for and then not saved.
   */
  checkWritable(): Promise<void>;
  /** Waits for pending writes and releases the files. */
  close(): Promise<void>;
}

/** Opens (creating if needed) the store in `dataDir` (config.dataDir), migrating and validating every file. */
export async function openStore(dataDir: string, options: { now?: () => Date } = {}): Promise<Store> {
  const dir = resolve(dataDir);
  const health = new StorageHealth(options.now);
  await refuseUnwritable(dir);
  // One process per data folder: any temporary file here was left by a process that was killed mid-write.
  await removeLeftoverTemps(dir);
  await removeLeftoverTemps(join(dir, SNAPSHOTS_DIR));
  await refuseLostSnapshotFiles(join(dir, SNAPSHOTS_DIR));
  const subscriptions = await SubscriptionRepository.open(dir, health);
  let snapshots: SnapshotRepository;
  let guilds: GuildRepository;
  try {
    snapshots = await SnapshotRepository.open(dir, health);
  } catch (error) {
    await subscriptions.close();
    throw error;
  }
  let recentAccounts: RecentAccountRepository;
  try {
    guilds = await GuildRepository.open(dir, health);
  } catch (error) {
    await Promise.all([subscriptions.close(), snapshots.close()]);
    throw error;
  }
  try {
    recentAccounts = await RecentAccountRepository.open(dir, health);
  } catch (error) {
    await Promise.all([subscriptions.close(), snapshots.close(), guilds.close()]);
    throw error;
  }
  return {
    dir,
    subscriptions,
    snapshots,
    guilds,
    recentAccounts,
    health,
    checkWritable: async () => {
      try {
        await probeWritable(dir);
      } catch (error) {
        health.failed(error, 'probe');
        throw error;
      }
      health.probeSucceeded(dir);
    },
    close: async () => {
      await Promise.all([subscriptions.close(), snapshots.close(), guilds.close(), recentAccounts.close()]);
    },
  };
}

/**
 * The data folder (and its snapshots folder) must take a durable write before
 * the bot starts: a read-only or full disk found at the first weekly run
 * would cost a fetch and lose its report.
 */
async function refuseUnwritable(dir: string): Promise<void> {
  try {
    await mkdir(join(dir, SNAPSHOTS_DIR), { recursive: true });
    await probeWritable(dir);
    await probeWritable(join(dir, SNAPSHOTS_DIR));
  } catch (error) {
    const mapped = storageFaultOr(error, dir);
    const fault = mapped instanceof StorageFaultError ? mapped.summary : String((error as Error).message);
    throw new UserFacingError(
      `DATA_DIR ${dir} cannot be written (${fault}): make it a writable folder with free space (or point DATA_DIR elsewhere), then start again.`,
      'storage.unwritable',
      { cause: error },
    );
  }
}

/**
 * An account's snapshot file is opened only when it exists (the others are
 * created at their first append), so a lost one whose .bak is still there
 * would not be noticed at start; the first append would then refuse it
 * (VersionedFile.open). Refuse at start instead, as for the other files.
 */
async function refuseLostSnapshotFiles(snapshotsDir: string): Promise<void> {
  const names = new Set(await readdir(snapshotsDir));
  for (const name of [...names].sort()) {
    if (!name.endsWith('.json.bak')) continue;
    const fileName = name.slice(0, -'.bak'.length);
    if (names.has(fileName) || !isAccountKey(fileName.slice(0, -'.json'.length))) continue;
    throw missingFileError(join(snapshotsDir, fileName), join(snapshotsDir, name));
  }
}
