import { parseArgs } from 'node:util';
import { analyzeVideos } from '../analysis/analyze.js';
import { MAX_MIN_AGE_DAYS } from '../analysis/video-age.js';
import { ConfigError, isValidTimeZone, loadConfig } from '../config.js';
import { UserFacingError } from '../errors.js';
import { progressFraction, progressLine } from '../reports/progress.js';
import { HOW_TO_READ } from '../reports/summary.js';
import { renderAnalysisText } from '../reports/terminal.js';
import type { Catalog } from '../tiktok/catalog.js';
import { createCatalogService } from '../tiktok/catalog-service.js';
import { demoCatalog } from '../tiktok/demo-catalog.js';
import { readCatalogFile } from '../tiktok/file-source.js';
import type { FetchProgress } from '../tiktok/scavio-client.js';

const USAGE = `Usage:
  npm run analyze -- --demo                 analyse the built-in demo catalog (no keys, no network)
  npm run analyze -- --input FILE           analyse a JSON or CSV export
  npm run analyze -- USERNAME               fetch a live catalog from Scavio (needs SCAVIO_API_KEY)

Options:
  --max-videos N     live only: fetch at most N videos (default MAX_VIDEOS, 300)
  --refresh          live only: ignore the cache and fetch again
  --timezone ZONE    IANA time zone for posting times (default DEFAULT_TIMEZONE or UTC)
  --min-age-days N   leave out videos younger than N days when fetched (still gathering plays; default 0)
  --json             print the analysis as JSON on stdout
  --help             show this help

${HOW_TO_READ}`;

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

/** Exit codes: 0 done, 2 bad input or usage (the message says what to fix), 1 unexpected failure. */
export const EXIT_OK = 0;
export const EXIT_UNEXPECTED = 1;
export const EXIT_BAD_INPUT = 2;

class UsageError extends Error {}

interface CliOptions {
  source: { kind: 'demo' } | { kind: 'file'; path: string } | { kind: 'live'; username: string };
  maxVideos: number | undefined;
  refresh: boolean;
  timeZone: string | undefined;
  minAgeDays: number;
  json: boolean;
  help: boolean;
}

function parseCliArgs(argv: readonly string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        demo: { type: 'boolean', default: false },
        input: { type: 'string' },
        'max-videos': { type: 'string' },
        refresh: { type: 'boolean', default: false },
        timezone: { type: 'string' },
        'min-age-days': { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const chosen = [values.demo, values.input !== undefined, positionals.length > 0].filter(Boolean).length;
  if (!values.help && chosen !== 1) {
    throw new UsageError(
      chosen === 0
        ? 'say what to analyse: --demo, --input FILE or a USERNAME'
        : 'give only one of --demo, --input FILE or a USERNAME',
    );
  }
  if (positionals.length > 1) throw new UsageError(`one username at a time (got ${positionals.join(', ')})`);
  let maxVideos: number | undefined;
  if (values['max-videos'] !== undefined) {
    maxVideos = Number(values['max-videos']);
    if (!Number.isInteger(maxVideos) || maxVideos < 1)
      throw new UsageError(`--max-videos must be a whole number of at least 1 (got ${values['max-videos']})`);
  }
  let minAgeDays = 0;
  if (values['min-age-days'] !== undefined) {
    minAgeDays = Number(values['min-age-days']);
    if (!/^\d+$/u.test(values['min-age-days']) || minAgeDays > MAX_MIN_AGE_DAYS)
      throw new UsageError(
        `--min-age-days must be a whole number of days from 0 to ${MAX_MIN_AGE_DAYS} (got ${values['min-age-days']})`,
      );
  }
  if (values.timezone !== undefined && !isValidTimeZone(values.timezone)) {
    throw new UsageError(
      `--timezone ${values.timezone} is not an IANA time zone; try Europe/Berlin, America/New_York or UTC`,
    );
  }
  return {
    source: values.demo
      ? { kind: 'demo' }
      : values.input !== undefined
        ? { kind: 'file', path: values.input }
        : { kind: 'live', username: positionals[0] ?? '' },
    maxVideos,
    refresh: values.refresh,
    timeZone: values.timezone,
    minAgeDays,
    json: values.json,
    help: values.help,
  };
}

/** A progress bar that redraws one line on a terminal, or prints phase changes otherwise. */
function progressReporter(stderr: CliIo['stderr']): { update(progress: FetchProgress): void; finish(): void } {
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

async function loadCatalog(options: CliOptions, io: CliIo): Promise<Catalog> {
  switch (options.source.kind) {
    case 'demo':
      return demoCatalog();
    case 'file':
      return readCatalogFile(options.source.path);
    case 'live': {
      const config = loadConfig(io.env, 'live-cli');
      const service = createCatalogService(config);
      const progress = progressReporter(io.stderr);
      try {
        return await service.fetchCatalog(options.source.username, {
          ...(options.maxVideos !== undefined ? { maxVideos: options.maxVideos } : {}),
          refresh: options.refresh,
          onProgress: (p) => progress.update(p),
        });
      } finally {
        progress.finish();
        service.close();
      }
    }
  }
}

/** Runs `analyze` and returns the exit code. Never throws. */
export async function runAnalyzeCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const options = parseCliArgs(argv);
    if (options.help) {
      io.stdout.write(`${USAGE}\n`);
      return EXIT_OK;
    }
    const catalog = await loadCatalog(options, io);
    const timeZone = options.timeZone ?? loadConfig(io.env).defaultTimeZone;
    const analysis = analyzeVideos(catalog.videos, {
      timeZone,
      asOf: catalog.source.fetchedAt,
      minAgeDays: options.minAgeDays,
    });
    if (options.json) {
      io.stdout.write(`${JSON.stringify({ ...analysis, catalog: catalogSummary(catalog) }, null, 2)}\n`);
    } else {
      io.stdout.write(`${renderAnalysisText(catalog, analysis)}\n`);
    }
    for (const skipped of catalog.skipped.slice(0, 5)) io.stderr.write(`skipped ${skipped.reason}\n`);
    if (catalog.skipped.length > 5) io.stderr.write(`... and ${catalog.skipped.length - 5} more skipped records\n`);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`analyze: ${error.message}\n\n${USAGE}\n`);
      return EXIT_BAD_INPUT;
    }
    if (error instanceof UserFacingError || error instanceof ConfigError) {
      io.stderr.write(`analyze: ${error.message}\n`);
      return EXIT_BAD_INPUT;
    }
    // Anything can be thrown (even undefined); this function promises never to throw itself.
    const detail = error instanceof Error ? error.message : String(error);
    io.stderr.write(`analyze: unexpected error: ${detail}. Please report it with the command you ran.\n`);
    return EXIT_UNEXPECTED;
  }
}

/** What the JSON output says about where the data came from. */
function catalogSummary(catalog: Catalog) {
  return {
    username: catalog.account.username,
    followers: catalog.account.followers,
    source: catalog.source,
    skippedRecords: catalog.skipped,
  };
}
