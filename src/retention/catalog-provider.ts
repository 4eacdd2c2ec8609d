import type { Catalog } from '../tiktok/catalog.js';
import type { FetchCatalogOptions } from '../tiktok/catalog-service.js';

/**
 * Where the use cases get catalogs from: the catalog service (cache, fair
 * queue, Scavio) in the bot and the CLI's live path, a file or the demo in
 * the CLI's offline paths. A parameter, never an import: the offline CLI must
 * not load the HTTP client (test/cli/start-up.test.ts), and the use cases do
 * not care where a catalog comes from.
 */
export interface CatalogProvider {
  /** The catalog of `account` (a handle for the service; a file path for the CLI's file provider). */
  fetchCatalog(account: string, options?: FetchCatalogOptions): Promise<Catalog>;
}

export type { FetchCatalogOptions } from '../tiktok/catalog-service.js';
