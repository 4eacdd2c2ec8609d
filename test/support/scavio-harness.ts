import { loadConfig, type Config } from '../../src/config.js';
import { createCatalogService, type CatalogService, type SpendGuard } from '../../src/tiktok/catalog-service.js';
import { SlidingWindowRateLimiter } from '../../src/tiktok/rate-limiter.js';
import type { FetchProgress } from '../../src/tiktok/scavio-client.js';
import { SimulatedClock } from './clocks.js';
import {
  awemeFromFlat,
  loadFlatCatalog,
  startFakeScavio,
  type FakeAccount,
  type FakeScavio,
  type FakeScavioOptions,
} from './fake-scavio.js';

/** A key that is easy to find if it ever leaks into a message. */
export const TEST_API_KEY = 'sk_test_LEAKCHECK_7f3a9c2e5b1d';

export interface ScavioHarness {
  fake: FakeScavio;
  service: CatalogService;
  clock: SimulatedClock;
  limiter: SlidingWindowRateLimiter;
  config: Config;
  /** Every progress event passed to `track`. */
  progress: FetchProgress[];
  track: (event: FetchProgress) => void;
  close(): Promise<void>;
}

export interface HarnessOptions {
  accounts?: FakeAccount[];
  fake?: Omit<FakeScavioOptions, 'apiKey' | 'accounts' | 'clock'>;
  /** Extra environment for loadConfig (SCAVIO_RATE_PER_MINUTE, SCAVIO_MAX_RETRIES, ...). */
  env?: Record<string, string>;
  /** The key the product is configured with; default TEST_API_KEY (the server's). */
  clientKey?: string | null;
  /** Spending rules the service asks before each new fetch (server budgets). */
  spendGuard?: SpendGuard | ((clock: SimulatedClock) => SpendGuard);
}

/**
 * The real catalog service (built by the production factory from a Config)
 * against a fake Scavio server on loopback, both on one simulated clock.
 */
export async function startScavioHarness(options: HarnessOptions = {}): Promise<ScavioHarness> {
  const clock = new SimulatedClock();
  const fake = await startFakeScavio({
    apiKey: TEST_API_KEY,
    accounts: options.accounts ?? [],
    clock,
    ...options.fake,
  });
  const env: Record<string, string> = { SCAVIO_BASE_URL: fake.baseUrl, SCAVIO_TIMEOUT_MS: '2000', ...options.env };
  const clientKey = options.clientKey === undefined ? TEST_API_KEY : options.clientKey;
  if (clientKey !== null) env.SCAVIO_API_KEY = clientKey;
  const config = loadConfig(env, 'offline');
  const limiter = new SlidingWindowRateLimiter({ limit: config.scavio.ratePerMinute, windowMs: 60_000, clock });
  // A fixed jitter keeps retry waits reproducible.
  const spendGuard = typeof options.spendGuard === 'function' ? options.spendGuard(clock) : options.spendGuard;
  const service = createCatalogService(config, {
    limiter,
    clock,
    random: () => 0.5,
    ...(spendGuard ? { spendGuard } : {}),
  });
  const progress: FetchProgress[] = [];
  return {
    fake,
    service,
    clock,
    limiter,
    config,
    progress,
    track: (event) => progress.push(event),
    close: async () => {
      service.close();
      await fake.close();
      clock.dispose();
    },
  };
}

/** A fixture catalog as a fake account. */
export function fixtureAccount(name: string, username: string, extra: Partial<FakeAccount> = {}): FakeAccount {
  return { username, videos: loadFlatCatalog(name).map((record) => awemeFromFlat(record, username)), ...extra };
}
