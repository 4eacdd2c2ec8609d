/**
 * The bot's data store under DATA_DIR. Open it once at start; a StoreError
 * from openStore means a data file is damaged and the bot must not start
 * (its message names the file and how to restore it). Only this process may
 * write these files while it runs.
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { UserFacingError } from '../errors.js';
import { probeWritable, removeLeftoverTemps, StorageFaultError, storageFaultOr } from './durable-write.js';
import { SNAPSHOTS_DIR, SnapshotRepository } from './snapshots.js';
import { StorageHealth } from './storage-health.js';
import { SubscriptionRepository } from './subscriptions.js';
export { StorageFaultError } from './durable-write.js';
export { StorageHealth } from './storage-health.js';
export { StoreError } from './store-error.js';
export { SnapshotRepository, DETAIL_KEPT, SNAPSHOTS_SCHEMA_VERSION, snapshotMigrations } from './snapshots.js';
export { SubscriptionRepository, SUBSCRIPTIONS_SCHEMA_VERSION, subscriptionMigrations, } from './subscriptions.js';
export { accountKey } from './usernames.js';
export { dataDirProblem } from './writable.js';
/** Opens (creating if needed) the store in `dataDir` (config.dataDir), migrating and validating every file. */
export async function openStore(dataDir, options = {}) {
    const dir = resolve(dataDir);
    const health = new StorageHealth(options.now);
    await refuseUnwritable(dir);
    // One process per data folder: any temporary file here was left by a process that was killed mid-write.
    await removeLeftoverTemps(dir);
    await removeLeftoverTemps(join(dir, SNAPSHOTS_DIR));
    const subscriptions = await SubscriptionRepository.open(dir, health);
    let snapshots;
    try {
        snapshots = await SnapshotRepository.open(dir, health);
    }
    catch (error) {
        await subscriptions.close();
        throw error;
    }
    return {
        dir,
        subscriptions,
        snapshots,
        health,
        checkWritable: async () => {
            try {
                await probeWritable(dir);
            }
            catch (error) {
                health.failed(error);
                throw error;
            }
        },
        close: async () => {
            await Promise.all([subscriptions.close(), snapshots.close()]);
        },
    };
}
/**
 * The data folder (and its snapshots folder) must take a durable write before
 * the bot starts: a read-only or full disk found at the first weekly run
 * would cost a fetch and lose its report.
 */
async function refuseUnwritable(dir) {
    try {
        await mkdir(join(dir, SNAPSHOTS_DIR), { recursive: true });
        await probeWritable(dir);
        await probeWritable(join(dir, SNAPSHOTS_DIR));
    }
    catch (error) {
        const mapped = storageFaultOr(error, dir);
        const fault = mapped instanceof StorageFaultError ? mapped.summary : String(error.message);
        throw new UserFacingError(`DATA_DIR ${dir} cannot be written (${fault}): make it a writable folder with free space (or point DATA_DIR elsewhere), then start again.`, 'storage.unwritable', { cause: error });
    }
}
//# sourceMappingURL=index.js.map