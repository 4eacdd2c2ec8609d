import type { FetchProgress } from '../tiktok/scavio-client.js';
import { plural } from './format.js';

/**
 * One human line describing a fetch in progress: the CLI's progress bar and
 * the Discord status message both show it.
 */
export function progressLine(progress: FetchProgress): string {
  const target = progress.expectedVideos === null ? '' : ` of ~${progress.expectedVideos}`;
  // The noun agrees with the number next to it: 'fetched 1 video', 'fetched 1 of ~60 videos'.
  const noun = (progress.expectedVideos ?? progress.videosSoFar) === 1 ? 'video' : 'videos';
  const fetched = `fetched ${progress.videosSoFar}${target} ${noun}`;
  const seconds = (ms: number | undefined) => `${Math.max(1, Math.ceil((ms ?? 0) / 1000))} s`;
  switch (progress.phase) {
    case 'profile':
      return `found @${progress.username}, fetching videos...`;
    case 'page':
      return `${fetched} (${progress.pages} ${progress.pages === 1 ? 'page' : 'pages'})...`;
    case 'rate-limit-wait':
      return `${fetched}, waiting ${seconds(progress.waitMs)} for the API rate limit...`;
    case 'retry':
      return `${fetched}, ${progress.reason ?? 'the API did not answer'}: retrying in ${seconds(progress.waitMs)}...`;
    case 'done':
      return progress.fromCache
        ? `${plural(progress.videosSoFar, 'video')} from cache`
        : `fetched ${plural(progress.videosSoFar, 'video')}`;
  }
}

/** Fraction done, for a bar; null while the total is unknown. */
export function progressFraction(progress: FetchProgress): number | null {
  if (progress.phase === 'done') return 1;
  if (progress.expectedVideos === null || progress.expectedVideos === 0) return null;
  return Math.min(1, progress.videosSoFar / progress.expectedVideos);
}
