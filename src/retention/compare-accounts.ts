import { compareAnalyses, type Comparison } from '../analysis/compare.js';
import type { Catalog } from '../tiktok/catalog.js';
import { analyzeAccount, type AccountAnalysis, type AnalysisSettings } from './analyze-account.js';
import type { CatalogProvider, FetchCatalogOptions } from './catalog-provider.js';

/** Compare asks for 2 to 5 accounts: the first is "yours". */
export const MIN_COMPARE_ACCOUNTS = 2;
export const MAX_COMPARE_ACCOUNTS = 5;

export interface AccountsComparison {
  /** Each account's catalog and analysis (the very ones analyzeAccount gives), in the order asked. */
  accounts: AccountAnalysis[];
  comparison: Comparison;
}

/** Whether a catalog holds every video of its account: not cut by the video limit, not ended early. */
export function isWholeCatalog(catalog: Catalog): boolean {
  if (catalog.completeness?.complete === false) return false;
  const hint = catalog.account.videoCountHint;
  return hint === null || catalog.videos.length >= hint;
}

/**
 * Fetch -> analyze for each account, one after another (the provider's queue
 * and cache decide what each costs), then the side-by-side comparison of the
 * analyses. `fetchOptions` gives each account's fetch its options (progress
 * per account, the lane, a signal).
 */
export async function compareAccounts(
  provider: CatalogProvider,
  accounts: readonly string[],
  fetchOptions: (account: string, index: number) => FetchCatalogOptions,
  settings: AnalysisSettings,
): Promise<AccountsComparison> {
  if (accounts.length < MIN_COMPARE_ACCOUNTS || accounts.length > MAX_COMPARE_ACCOUNTS)
    throw new RangeError(
      `compare takes ${MIN_COMPARE_ACCOUNTS} to ${MAX_COMPARE_ACCOUNTS} accounts (got ${accounts.length})`,
    );
  const results: AccountAnalysis[] = [];
  for (const [index, account] of accounts.entries())
    results.push(await analyzeAccount(provider, account, fetchOptions(account, index), settings));
  return { accounts: results, comparison: compareResults(results, settings) };
}

/** The comparison of analyses already made (the CLI's files, tests). */
export function compareResults(results: readonly AccountAnalysis[], settings: AnalysisSettings): Comparison {
  return compareAnalyses(
    results.map(({ catalog, analysis }) => ({
      username: catalog.account.username,
      videos: catalog.videos,
      analysis,
      followers: catalog.account.followers,
      asOf: catalog.source.fetchedAt,
      // A file says nothing about what was posted after its export: its cadence ends at its newest video.
      cadenceEnd: catalog.source.kind === 'scavio' ? 'fetch' : 'newest-video',
      minAgeDays: settings.minAgeDays ?? 0,
      wholeCatalog: isWholeCatalog(catalog),
    })),
  );
}
