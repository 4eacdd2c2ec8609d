import { silentLogger } from '../../src/logger.js';
import type { ReportPoster } from '../../src/scheduler/channel-poster.js';
import { WeeklyReporter } from '../../src/scheduler/weekly-reporter.js';
import type { Store } from '../../src/storage/index.js';
import type { CatalogService } from '../../src/tiktok/catalog-service.js';

/**
 * A WeeklyReporter as the scheduler tests run it: no charts, no logs, posting
 * times in UTC; the store, catalogs, poster and clock are the test's.
 */
export function testReporter(options: {
  store: Store;
  catalogs: CatalogService;
  poster: ReportPoster;
  now: () => Date;
}): WeeklyReporter {
  return new WeeklyReporter({
    ...options,
    renderChart: () => Promise.resolve(null),
    logger: silentLogger,
    analysisTimeZone: 'UTC',
  });
}

/** A poster that succeeds and records each post's channel id in `posts`. */
export function recordingPoster(posts: string[]): ReportPoster {
  return {
    postWithThread: ({ channelId }) => {
      posts.push(channelId);
      return Promise.resolve({ messageId: 'm', threadId: 't' });
    },
  };
}
