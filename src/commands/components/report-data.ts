import { analyzeAccount } from '../../retention/analyze-account.js';
import type { Analysis } from '../../analysis/types.js';
import type { Catalog } from '../../tiktok/catalog.js';
import type { ProgressListener } from '../../tiktok/scavio-client.js';
import type { CommandContext } from '../context.js';
import type { ReportRef } from '../../reports/component-ids.js';

export interface LoadedReport {
  catalog: Catalog;
  analysis: Analysis;
  /** The catalog was fetched after the report was made: its figures may differ from the report's. */
  newerThanReport: boolean;
}

/**
 * The catalog and analysis a report's component acts on, made the way the
 * report was made (same limit, min_age_days and time zone): from the cache
 * while it is fresh, else fetched again through the catalog service (its
 * fair queue, in the server's lane).
 */
export async function loadReport(
  ref: ReportRef,
  context: Pick<CommandContext, 'catalogs' | 'config'>,
  lane: string | null,
  options: { refresh?: boolean; onProgress?: ProgressListener; signal?: AbortSignal } = {},
): Promise<LoadedReport> {
  const { catalog, analysis } = await analyzeAccount(
    context.catalogs,
    ref.username,
    {
      maxVideos: ref.maxVideos,
      capped: true,
      ...(lane !== null ? { lane } : {}),
      ...(options.refresh === true ? { refresh: true } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    },
    { timeZone: ref.timeZone ?? context.config.defaultTimeZone, minAgeDays: ref.minAgeDays },
  );
  return { catalog, analysis, newerThanReport: Date.parse(catalog.source.fetchedAt) > ref.issuedAtMs };
}
