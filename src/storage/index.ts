/**
 * The bot's data store under DATA_DIR. Open it once at start; a StoreError
 * from openStore means a data file is damaged and the bot must not start
 * (its message names the file and how to restore it). Only this process may
 * write these files while it runs.
 */
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { SnapshotRepository } from './snapshots.js';
import { SubscriptionRepository } from './subscriptions.js';

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
export { accountKey } from './usernames.js';
export { dataDirProblem } from './writable.js';

export interface Store {
  /** Absolute data directory. */
  dir: string;
  subscriptions: SubscriptionRepository;
  snapshots: SnapshotRepository;
  /** Waits for pending writes and releases the files. */
  close(): Promise<void>;
}

/** Opens (creating if needed) the store in `dataDir` (config.dataDir), migrating and validating every file. */
export async function openStore(dataDir: string): Promise<Store> {
  const dir = resolve(dataDir);
  await mkdir(dir, { recursive: true });
  const subscriptions = await SubscriptionRepository.open(dir);
  let snapshots: SnapshotRepository;
  try {
    snapshots = await SnapshotRepository.open(dir);
  } catch (error) {
    await subscriptions.close();
    throw error;
  }
  return {
    dir,
    subscriptions,
    snapshots,
    close: async () => {
      await Promise.all([subscriptions.close(), snapshots.close()]);
    },
  };
}
