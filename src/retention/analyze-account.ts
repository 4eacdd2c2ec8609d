import { analyzeVideos } from '../analysis/analyze.js';
import type { Analysis } from '../analysis/types.js';
import type { Catalog } from '../tiktok/catalog.js';
import type { CatalogProvider, FetchCatalogOptions } from './catalog-provider.js';

/** How an account's catalog is analysed: the same for every entry point. */
export interface AnalysisSettings {
  /** IANA time zone of the posting-time breakdown. */
  timeZone: string;
  /** Leave out videos younger than this many days when fetched (default 0: keep all). */
  minAgeDays?: number;
}

/** A catalog and the analysis of it: what every report, export and snapshot is built from. */
export interface AccountAnalysis {
  catalog: Catalog;
  analysis: Analysis;
}

/**
 * The analysis of a catalog already in hand. Ages are measured at the time
 * the catalog was fetched (its source says), so the same catalog always gives
 * the same analysis, whichever entry point asks.
 */
export function analyzeCatalog(catalog: Catalog, settings: AnalysisSettings): AccountAnalysis {
  const analysis = analyzeVideos(catalog.videos, {
    timeZone: settings.timeZone,
    asOf: catalog.source.fetchedAt,
    minAgeDays: settings.minAgeDays ?? 0,
  });
  return { catalog, analysis };
}

/** Fetch -> analyze: the catalog of `account` from `provider`, and its analysis. */
export async function analyzeAccount(
  provider: CatalogProvider,
  account: string,
  fetch: FetchCatalogOptions,
  settings: AnalysisSettings,
): Promise<AccountAnalysis> {
  const catalog = await provider.fetchCatalog(account, fetch);
  return analyzeCatalog(catalog, settings);
}
