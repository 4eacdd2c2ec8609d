import { analyzeVideos } from '../analysis/analyze.js';
import { takeSnapshot } from '../analysis/snapshot.js';
import { incompleteSentence } from '../reports/catalog-notes.js';
/** A baseline younger than this is reused instead of taking another (e.g. a second channel subscribing). */
export const BASELINE_REUSE_MS = 60 * 60_000;
/**
 * Makes sure an account has a recent snapshot, so the first weekly report
 * already has something to compare with. Returns the video count it rests on.
 */
export async function ensureBaseline(username, deps, onProgress) {
    const latest = deps.store.snapshots.latest(username);
    if (latest !== null && deps.now().getTime() - Date.parse(latest.takenAt) < BASELINE_REUSE_MS) {
        return { videoCount: latest.summary.videoCount, reused: true, incomplete: null };
    }
    const catalog = await deps.catalogs.fetchCatalog(username, {
        ...(onProgress ? { onProgress } : {}),
        ...(deps.lane !== undefined ? { lane: deps.lane, capped: true } : {}),
    });
    const analysis = analyzeVideos(catalog.videos, { timeZone: deps.timeZone });
    await deps.store.snapshots.append(takeSnapshot(username, catalog.videos, analysis, deps.now()));
    // Kept (something to compare with beats nothing), but the subscriber is told it is partial.
    return { videoCount: catalog.videos.length, reused: false, incomplete: incompleteSentence(catalog) };
}
//# sourceMappingURL=baseline.js.map