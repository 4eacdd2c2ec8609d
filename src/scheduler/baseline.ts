import { incompleteSentence } from '../reports/catalog-notes.js';
import { analyzeAccount } from '../retention/analyze-account.js';
import { recordSnapshot } from '../retention/record-snapshot.js';
import type { Store } from '../storage/index.js';
import type { CatalogService } from '../tiktok/catalog-service.js';
import type { ProgressListener } from '../tiktok/scavio-client.js';

/** A baseline younger than this is reused instead of taking another (e.g. a second channel subscribing). */
export const BASELINE_REUSE_MS = 60 * 60_000;

export interface BaselineDeps {
  store: Store;
  catalogs: CatalogService;
  now(): Date;
  /** Time zone of the analysis behind the snapshot. */
  timeZone: string;
  /** The rate limiter's lane (the subscribing server); its queue cap applies. */
  lane?: string;
}

/**
 * Makes sure an account has a recent snapshot, so the first weekly report
 * already has something to compare with. Returns the video count it rests on.
 */
export async function ensureBaseline(
  username: string,
  deps: BaselineDeps,
  onProgress?: ProgressListener,
): Promise<{ videoCount: number; reused: boolean; incomplete: string | null }> {
  const latest = deps.store.snapshots.latest(username);
  if (latest !== null && deps.now().getTime() - Date.parse(latest.takenAt) < BASELINE_REUSE_MS) {
    return { videoCount: latest.summary.videoCount, reused: true, incomplete: null };
  }
  const result = await analyzeAccount(
    deps.catalogs,
    username,
    { ...(onProgress ? { onProgress } : {}), ...(deps.lane !== undefined ? { lane: deps.lane, capped: true } : {}) },
    { timeZone: deps.timeZone },
  );
  await recordSnapshot(deps.store.snapshots, username, result, deps.now());
  const { catalog } = result;
  // Kept (something to compare with beats nothing), but the subscriber is told it is partial.
  return { videoCount: catalog.videos.length, reused: false, incomplete: incompleteSentence(catalog) };
}
