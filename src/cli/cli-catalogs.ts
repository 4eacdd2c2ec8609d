import { progressFraction, progressLine } from '../reports/progress.js';
import type { CatalogProvider, FetchCatalogOptions } from '../retention/catalog-provider.js';
import type { Catalog } from '../tiktok/catalog.js';
import { demoCatalog } from '../tiktok/demo-catalog.js';
import type { FetchProgress } from '../tiktok/scavio-client.js';

/**
 * The CLI's catalog providers. The file reader, the settings schema and the
 * HTTP client are loaded when first needed, not at the top: they are most of
 * a command's start-up time, and the demo needs none of them (the file path
 * needs only the reader).
 */

export interface CliCatalogIo {
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

/** A provider plus what it holds open (the catalog service of live fetches). */
export interface CliProvider extends CatalogProvider {
  close(): void;
}

/** The built-in demo catalog, whatever account is asked for. */
export const demoProvider: CliProvider = {
  fetchCatalog: () => Promise.resolve(demoCatalog()),
  close: () => undefined,
};

/** Reads the account argument as a JSON or CSV file path; `author` keeps one account of a mixed file. */
export function fileProvider(author: string | undefined): CliProvider {
  return {
    async fetchCatalog(path) {
      const { readCatalogFile } = await import('../tiktok/file-source.js');
      return readCatalogFile(path, author !== undefined ? { author } : {});
    },
    close: () => undefined,
  };
}

/** Live catalogs from Scavio (needs SCAVIO_API_KEY), with a progress line on stderr. */
export function liveProvider(io: CliCatalogIo): CliProvider {
  let service: Promise<CatalogProvider & { close(): void }> | undefined;
  let opened: (CatalogProvider & { close(): void }) | undefined;
  const open = async () => {
    const [{ loadConfig }, { createCatalogService }] = await Promise.all([
      import('../config.js'),
      import('../tiktok/catalog-service.js'),
    ]);
    opened = createCatalogService(loadConfig(io.env, 'live-cli'));
    return opened;
  };
  return {
    async fetchCatalog(username, options: FetchCatalogOptions = {}) {
      service ??= open();
      const progress = progressReporter(io.stderr);
      try {
        return await (
          await service
        ).fetchCatalog(username, {
          ...options,
          onProgress: (p) => {
            progress.update(p);
            options.onProgress?.(p);
          },
        });
      } finally {
        progress.finish();
      }
    },
    close: () => opened?.close(),
  };
}

/**
 * For --compare: each account is a file (it exists, has a path separator or
 * a .json/.csv name) or else a handle fetched live. Handles load the live
 * client only when the first one is asked for.
 */
export function mixedProvider(io: CliCatalogIo, isFile: (account: string) => boolean): CliProvider {
  const files = fileProvider(undefined);
  const live = liveProvider(io);
  return {
    fetchCatalog: (account: string, options?: FetchCatalogOptions): Promise<Catalog> =>
      isFile(account) ? files.fetchCatalog(account) : live.fetchCatalog(account, options),
    close: () => live.close(),
  };
}

/** A progress bar that redraws one line on a terminal, or prints phase changes otherwise. */
function progressReporter(stderr: CliCatalogIo['stderr']): { update(progress: FetchProgress): void; finish(): void } {
  let lastPhase = '';
  let drawn = false;
  return {
    update(progress) {
      const fraction = progressFraction(progress);
      if (stderr.isTTY) {
        const width = 24;
        const filled = fraction === null ? 0 : Math.round(fraction * width);
        const bar = fraction === null ? '' : `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] `;
        stderr.write(`\r\x1b[2K${bar}${progressLine(progress)}`);
        drawn = true;
      } else if (progress.phase !== lastPhase || progress.phase === 'page') {
        stderr.write(`${progressLine(progress)}\n`);
      }
      lastPhase = progress.phase;
    },
    finish() {
      if (drawn) stderr.write('\r\x1b[2K');
    },
  };
}
