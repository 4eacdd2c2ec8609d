import { existsSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { MAX_MIN_AGE_DAYS } from '../analysis/video-age.js';
import { ConfigError } from '../config-error.js';
import { defaultTimeZoneSetting, isValidTimeZone } from '../time-zone-setting.js';
import { UserFacingError } from '../errors.js';
import { catalogNotes } from '../reports/catalog-notes.js';
import { packageVersion } from '../version.js';
import { HOW_TO_READ } from '../reports/summary.js';
import { renderAnalysisText } from '../reports/terminal.js';
import { skippedPlace, type Catalog } from '../tiktok/catalog.js';
import { analyzeAccount, type AccountAnalysis, type AnalysisSettings } from '../retention/analyze-account.js';
import { compareAccounts, MAX_COMPARE_ACCOUNTS, MIN_COMPARE_ACCOUNTS } from '../retention/compare-accounts.js';
import { renderComparisonText } from '../reports/compare-report.js';
import { demoProvider, fileProvider, liveProvider, mixedProvider, type CliProvider } from './cli-catalogs.js';

const USAGE = `Usage:
  npm run analyze -- --demo                 analyse the built-in demo catalog (no keys, no network)
  npm run analyze -- --input FILE           analyse a JSON or CSV export
  npm run analyze -- USERNAME               fetch a live catalog from Scavio (needs SCAVIO_API_KEY)
  npm run analyze -- --compare A B [C D E]  compare 2 to 5 accounts side by side, each a FILE or a USERNAME;
                                            the first is yours, the others are tested against it

Options:
  --compare          compare the 2 to 5 accounts that follow (files offline; usernames need SCAVIO_API_KEY)
  --author NAME      file only: keep this account's videos (a file that mixes several accounts)
  --max-videos N     live only: fetch at most N videos per account (default MAX_VIDEOS, 300)
  --timezone ZONE    IANA time zone for posting times (default DEFAULT_TIMEZONE or UTC); a post time without
                     a zone is read as UTC, a date without a time counts for its weekday, not for an hour
  --min-age-days N   leave out videos younger than N days when fetched (still gathering plays; default 0)
  --json             print the analysis as JSON on stdout
  --version          print the version
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

/** A mistake in the command line itself: one line naming it, exit 2. */
class UsageError extends Error {}

interface CliOptions {
  source:
    | { kind: 'demo' }
    | { kind: 'file'; path: string; author: string | undefined }
    | { kind: 'live'; username: string }
    | { kind: 'compare'; accounts: string[] };
  maxVideos: number | undefined;
  timeZone: string | undefined;
  minAgeDays: number;
  json: boolean;
  help: boolean;
  version: boolean;
}

/** The command line's options; `--help` and the unknown-option message list them from here. */
const OPTIONS = {
  demo: { type: 'boolean', default: false },
  input: { type: 'string' },
  compare: { type: 'boolean', default: false },
  author: { type: 'string' },
  'max-videos': { type: 'string' },
  timezone: { type: 'string' },
  'min-age-days': { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', short: 'v', default: false },
} as const satisfies ParseArgsConfig['options'];

/** What each value-taking option's value is, as --help names it. */
const VALUE_NAMES: Partial<Record<keyof typeof OPTIONS, string>> = {
  input: 'FILE',
  author: 'NAME',
  'max-videos': 'N',
  timezone: 'ZONE',
  'min-age-days': 'N',
};

/** Node's parseArgs error codes for what a user mistyped (rather than a bug of ours). */
const ARGUMENT_ERRORS = new Set([
  'ERR_PARSE_ARGS_UNKNOWN_OPTION',
  'ERR_PARSE_ARGS_INVALID_OPTION_VALUE',
  'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL',
]);

const valueName = (name: string) => VALUE_NAMES[name as keyof typeof OPTIONS] ?? 'VALUE';

/** Our one line for what parseArgs refused; its own messages run to three lines and name its API. */
function argumentMessage(code: string, error: Error): string {
  const option = /'(-[^' ]*)/u.exec(error.message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const valid = Object.entries(OPTIONS)
      .map(([name, spec]) => `--${name}${spec.type === 'string' ? ` ${valueName(name)}` : ''}`)
      .join(', ');
    return option === undefined
      ? `${error.message.split('.')[0]}. Options: ${valid}`
      : `unknown option ${option}. Options: ${valid}`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option !== undefined) {
    const name = option.replace(/^-+/u, '');
    // parseArgs refuses `--min-age-days -1` as "ambiguous": a value that starts with '-' looks like an option.
    return Object.hasOwn(VALUE_NAMES, name)
      ? `${option} needs a value (${option} ${valueName(name)}); a value that starts with '-' goes as ${option}=VALUE`
      : `${option} takes no value`;
  }
  return error.message.split('\n')[0]!;
}

/** --compare takes the accounts as its positionals, and no other source. */
function checkCompareArgs(
  values: { demo: boolean; input?: string | undefined; author?: string | undefined },
  positionals: readonly string[],
): void {
  if (values.demo || values.input !== undefined)
    throw new UsageError('--compare takes its accounts (files or usernames) after it: leave out --demo and --input');
  if (values.author !== undefined)
    throw new UsageError('--author does not work with --compare: give each account its own file');
  if (positionals.length < MIN_COMPARE_ACCOUNTS || positionals.length > MAX_COMPARE_ACCOUNTS)
    throw new UsageError(
      `--compare needs ${MIN_COMPARE_ACCOUNTS} to ${MAX_COMPARE_ACCOUNTS} accounts, each a file or a username (got ${positionals.length})`,
    );
}

function parseCliArgs(argv: readonly string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, options: OPTIONS });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (error instanceof Error && code !== undefined && ARGUMENT_ERRORS.has(code)) {
      throw new UsageError(argumentMessage(code, error));
    }
    throw error;
  }
  const { values, positionals } = parsed;
  if (values.compare && !values.help && !values.version) checkCompareArgs(values, positionals);
  const chosen = values.compare
    ? 1
    : [values.demo, values.input !== undefined, positionals.length > 0].filter(Boolean).length;
  if (!values.help && !values.version && chosen !== 1) {
    throw new UsageError(
      chosen === 0
        ? 'say what to analyse: --demo, --input FILE or a USERNAME'
        : 'give only one of --demo, --input FILE or a USERNAME',
    );
  }
  if (positionals.length > 1 && !values.compare)
    throw new UsageError(`one username at a time (got ${positionals.join(', ')})`);
  if (values.author !== undefined && values.input === undefined)
    throw new UsageError('--author picks one account out of a file: use it with --input FILE');
  if (values.author !== undefined && values.author.trim().replace(/^@/, '') === '')
    throw new UsageError('--author needs an account name, e.g. --author chefmaya');
  const live = values.compare || positionals.length > 0;
  if (values['max-videos'] !== undefined && !live && !values.help && !values.version)
    throw new UsageError('--max-videos limits a live fetch: a file or the demo is analysed whole');
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
      `--timezone ${JSON.stringify(values.timezone)} is not an IANA time zone; try Europe/Berlin, America/New_York or UTC`,
    );
  }
  return {
    source: values.compare
      ? { kind: 'compare', accounts: positionals }
      : values.demo
        ? { kind: 'demo' }
        : values.input !== undefined
          ? { kind: 'file', path: values.input, author: values.author }
          : { kind: 'live', username: positionals[0] ?? '' },
    maxVideos,
    timeZone: values.timezone,
    minAgeDays,
    json: values.json,
    help: values.help,
    version: values.version,
  };
}

/** The provider of the chosen source, and the account to ask it for. */
function sourceOf(options: CliOptions, io: CliIo): { provider: CliProvider; account: string } {
  switch (options.source.kind) {
    case 'demo':
      return { provider: demoProvider, account: 'demo' };
    case 'file':
      return { provider: fileProvider(options.source.author), account: options.source.path };
    case 'live':
      return { provider: liveProvider(io), account: options.source.username };
    case 'compare':
      throw new Error('sourceOf: a comparison has several sources (see runCompare)');
  }
}

/** A --compare account is a file when it exists, has a path separator, or ends in .json or .csv. */
function isFileArgument(account: string): boolean {
  return /[\\/]|\.(?:json|csv)$/iu.test(account) || existsSync(account);
}

/** `--compare A B ...`: each account fetched or read in turn, then the comparison. */
async function runCompare(
  accounts: readonly string[],
  options: CliOptions,
  io: CliIo,
  settings: AnalysisSettings,
): Promise<void> {
  const provider = mixedProvider(io, isFileArgument);
  let result;
  try {
    result = await compareAccounts(
      provider,
      accounts,
      // One process, one fetch per account: the command line keeps no cache to refresh.
      () => (options.maxVideos !== undefined ? { maxVideos: options.maxVideos } : {}),
      settings,
    );
  } finally {
    provider.close();
  }
  const catalogs = result.accounts.map((account) => account.catalog);
  if (options.json) {
    io.stdout.write(
      `${JSON.stringify({ comparison: result.comparison, catalogs: catalogs.map(catalogSummary) }, null, 2)}\n`,
    );
    for (const [i, catalog] of catalogs.entries())
      for (const note of catalogNotes(catalog)) io.stderr.write(`note: ${accounts[i]}: ${note}\n`);
  } else {
    io.stdout.write(`${renderComparisonText({ comparison: result.comparison, catalogs }, { now: new Date() })}\n`);
  }
}

async function analyzeSource(options: CliOptions, io: CliIo, settings: AnalysisSettings): Promise<AccountAnalysis> {
  const { provider, account } = sourceOf(options, io);
  try {
    return await analyzeAccount(
      provider,
      account,
      options.maxVideos !== undefined ? { maxVideos: options.maxVideos } : {},
      settings,
    );
  } finally {
    provider.close();
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
    if (options.version) {
      io.stdout.write(`${await packageVersion()}\n`);
      return EXIT_OK;
    }
    const timeZone = options.timeZone ?? defaultTimeZoneSetting(io.env);
    if (options.source.kind === 'compare') {
      await runCompare(options.source.accounts, options, io, { timeZone, minAgeDays: options.minAgeDays });
      return EXIT_OK;
    }
    const { catalog, analysis } = await analyzeSource(options, io, { timeZone, minAgeDays: options.minAgeDays });
    if (options.json) {
      io.stdout.write(`${JSON.stringify({ ...analysis, catalog: catalogSummary(catalog) }, null, 2)}\n`);
    } else {
      io.stdout.write(`${renderAnalysisText(catalog, analysis)}\n`);
    }
    if (options.json) {
      // The text report already shows these; with --json, stdout is data only and the notes go to stderr.
      for (const note of catalogNotes(catalog)) io.stderr.write(`note: ${note}\n`);
      for (const skipped of catalog.skipped.slice(0, 5))
        io.stderr.write(`skipped ${skippedPlace(skipped)}: ${skipped.reason}\n`);
      const skippedTotal = catalog.intake?.skippedCount ?? catalog.skipped.length;
      if (skippedTotal > 5) io.stderr.write(`... and ${skippedTotal - 5} more skipped records\n`);
    }
    return EXIT_OK;
  } catch (error) {
    // An error message can quote anything (a server's answer, a URL): the key must not reach the terminal.
    const { redactor } = await import('../logger.js');
    const redact = redactor([io.env.SCAVIO_API_KEY?.trim(), io.env.DISCORD_TOKEN?.trim()]);
    const fail = (code: number, text: string) => {
      io.stderr.write(`analyze: ${redact(text)}\n`);
      return code;
    };
    if (error instanceof UsageError) return fail(EXIT_BAD_INPUT, `${error.message} (see --help)`);
    if (error instanceof ConfigError)
      return fail(EXIT_BAD_INPUT, error.problems.length === 1 ? error.problems[0]! : error.message);
    if (error instanceof UserFacingError) return fail(EXIT_BAD_INPUT, error.message);
    // Anything can be thrown (even undefined); this function promises never to throw itself.
    const detail = error instanceof Error ? error.message : String(error);
    return fail(EXIT_UNEXPECTED, `unexpected error: ${detail}. Please report it with the command you ran.`);
  }
}

/** What the JSON output says about where the data came from and how complete it is. */
function catalogSummary(catalog: Catalog) {
  return {
    username: catalog.account.username,
    followers: catalog.account.followers,
    source: catalog.source,
    complete: catalog.completeness?.complete ?? true,
    expectedVideos: catalog.completeness?.expectedVideos ?? catalog.account.videoCountHint,
    incompleteReason: catalog.completeness?.reason ?? null,
    notes: catalogNotes(catalog),
    intake: catalog.intake ?? null,
    skippedRecords: catalog.skipped,
  };
}
