import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import type { ReportPoster } from '../../src/scheduler/channel-poster.js';
import { WeeklyReporter } from '../../src/scheduler/weekly-reporter.js';
import { openStore, type Store } from '../../src/storage/index.js';
import { createCatalogService } from '../../src/tiktok/catalog-service.js';

const unusedPoster: ReportPoster = {
  postWithThread: () => Promise.reject(new Error('no subscription is due in this test')),
};

describe('WeeklyReporter scheduling', () => {
  let store: Store | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    vi.useRealTimers();
    await store?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('node-cron calls the tick every minute after a catch-up tick at start, and stop() ends it', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-30T08:59:30Z') });
    dir = await mkdtemp(join(tmpdir(), 'weekly-cron-'));
    store = await openStore(dir);
    const config = loadConfig({ SCAVIO_BASE_URL: 'http://127.0.0.1:9' });
    const reporter = new WeeklyReporter({
      store,
      catalogs: createCatalogService(config),
      poster: unusedPoster,
      renderChart: async () => null,
      logger: silentLogger,
      now: () => new Date(),
      analysisTimeZone: 'UTC',
    });
    const tick = vi.spyOn(reporter, 'tick');

    reporter.start();
    expect(tick).toHaveBeenCalledTimes(1); // the catch-up tick at start
    await vi.advanceTimersByTimeAsync(3 * 60_000);
    expect(tick).toHaveBeenCalledTimes(4); // 09:00, 09:01, 09:02

    await reporter.stop();
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(tick).toHaveBeenCalledTimes(4);
  });
});
