import { performance } from 'node:perf_hooks';
import { loadConfig } from '../../src/config.js';
import { createCatalogService } from '../../src/tiktok/catalog-service.js';
import { SlidingWindowRateLimiter } from '../../src/tiktok/rate-limiter.js';
import { startFakeScavio, syntheticAwemes } from '../../test/support/fake-scavio.js';

/**
 * Fetch benchmark (issue 3): 1,000 videos from the fake Scavio server with
 * 100 ms latency per call and a generous rate limit. Cursor pages cannot
 * overlap, so the floor is (calls x 100 ms); everything the client adds
 * (limiter, validation, normalization, retries that should not happen) shows
 * up as the ratio above 1. Target: ratio <= 1.1.
 */
const VIDEOS = 1_000;
const LATENCY_MS = 100;
const RUNS = 5;
const API_KEY = 'bench-key';

export async function run(): Promise<void> {
  const fake = await startFakeScavio({
    apiKey: API_KEY,
    accounts: [{ username: 'benchcreator', videos: syntheticAwemes(VIDEOS, 'benchcreator') }],
    switches: { latencyMs: LATENCY_MS, rateLimit: { limit: 10_000, windowMs: 60_000 } },
  });
  try {
    const config = loadConfig(
      {
        SCAVIO_API_KEY: API_KEY,
        SCAVIO_BASE_URL: fake.baseUrl,
        SCAVIO_RATE_PER_MINUTE: '10000',
        MAX_VIDEOS: String(VIDEOS),
      },
      'live-cli',
    );
    const limiter = new SlidingWindowRateLimiter({ limit: config.scavio.ratePerMinute });
    const service = createCatalogService(config, { limiter });

    const ratios: number[] = [];
    let calls = 0;
    for (let i = 0; i < RUNS; i++) {
      const startedAt = performance.now();
      const catalog = await service.fetchCatalog('benchcreator', { refresh: true });
      const elapsedMs = performance.now() - startedAt;
      calls = catalog.source.calls;
      const floorMs = calls * LATENCY_MS;
      ratios.push(elapsedMs / floorMs);
      if (catalog.videos.length !== VIDEOS)
        throw new Error(`fetched ${catalog.videos.length} videos, expected ${VIDEOS}`);
      console.log(
        `fetch ${VIDEOS} videos, run ${i + 1}: ${calls} calls (minimum ${1 + Math.ceil(VIDEOS / 30)}), ` +
          `${elapsedMs.toFixed(0)} ms vs floor ${floorMs} ms (calls x ${LATENCY_MS} ms): ratio ${(elapsedMs / floorMs).toFixed(3)}`,
      );
    }
    ratios.sort((a, b) => a - b);
    const median = ratios[Math.floor(ratios.length / 2)]!;
    console.log(
      `fetch ${VIDEOS} videos: median ratio ${median.toFixed(3)} over ${RUNS} runs (target <= 1.1) ${median <= 1.1 ? 'OK' : 'OVER TARGET'}`,
    );
    const perMinute = 5;
    console.log(
      `fetch ${VIDEOS} videos at the smallest plan (${perMinute}/min): ${calls} calls need at least ` +
        `${Math.ceil(calls / perMinute) - 1} full rate windows, about ${Math.ceil(calls / perMinute) - 1} min`,
    );
  } finally {
    await fake.close();
  }
}

// Runnable alone: npx tsx scripts/bench/fetch.ts
if (import.meta.url === `file://${process.argv[1]}`) {
  await run();
}
