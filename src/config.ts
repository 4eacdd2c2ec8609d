import { z } from 'zod';
import { ConfigError } from './config-error.js';
import { FALLBACK_TIME_ZONE, isValidTimeZone, TIME_ZONE_HINT } from './time-zone-setting.js';

export { ConfigError } from './config-error.js';
export { isValidTimeZone } from './time-zone-setting.js';

/**
 * Every setting the product reads, in one place. Each variable is documented in
 * .env.example and the README. Parsing reports one clear line per missing or
 * bad variable, and never echoes a secret's value.
 */

const SECRET_NAMES = new Set(['DISCORD_TOKEN', 'SCAVIO_API_KEY']);

/**
 * A blank value (`MAX_VIDEOS=` in .env) means "not set", as it does for text
 * settings: coerced, it would read as 0 and silently turn off the cache, the
 * retries or the cooldown.
 */
const blankAsUnset = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const wholeNumber = (min: 0 | 1, fallback: number, max = Number.MAX_SAFE_INTEGER) => {
  const message = min === 1 ? 'must be a whole number of at least 1' : 'must be a whole number (0 or more)';
  return z.preprocess(
    blankAsUnset,
    z.coerce
      .number({ error: message })
      .int(message)
      .min(min, message)
      .max(max, `must be at most ${max}`)
      .default(fallback),
  );
};
const positiveInt = (fallback: number) => wholeNumber(1, fallback);
const nonNegativeInt = (fallback: number) => wholeNumber(0, fallback);

/** A larger video limit would cost hundreds of credits in one command; nobody needs it for an analysis. */
export const MAX_VIDEOS_CEILING = 10_000;

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();
/** Text with a default: blank (`HEALTH_HOST=`) is the default, not "" (which would listen on every interface). */
const textOr = (fallback: string) => z.preprocess(blankAsUnset, z.string().trim().default(fallback));
const withoutTrailingSlash = (value: string) => value.replace(/\/+$/, '');
const url = (fallback: string) =>
  z.preprocess(
    blankAsUnset,
    z
      .string()
      .trim()
      .default(fallback)
      .refine((value) => URL.canParse(value), 'must be an absolute URL such as https://example.com')
      .transform(withoutTrailingSlash),
  );
const oneOf = <const T extends readonly [string, ...string[]]>(values: T, fallback: T[number]) =>
  z.preprocess(
    blankAsUnset,
    z.enum(values, { error: `must be one of ${values.join(', ')}` }).default(fallback as never),
  );
/**
 * A token or key is printable ASCII without spaces. Checked here because a pasted
 * curly quote or a stray space otherwise fails later as an HTTP header error, which
 * reads like an outage. The message never shows the value.
 */
const secret = optionalText.refine(
  (v) => v === undefined || /^[\x21-\x7e]+$/.test(v),
  'contains spaces, quotes or other characters a key cannot have: copy it again from where it was issued',
);

const timeZone = z.preprocess(
  blankAsUnset,
  z.string().trim().default(FALLBACK_TIME_ZONE).refine(isValidTimeZone, TIME_ZONE_HINT),
);

const envSchema = z.object({
  DISCORD_TOKEN: secret,
  DISCORD_APPLICATION_ID: optionalText.refine(
    (v) => v === undefined || /^\d{17,20}$/.test(v),
    'must be the numeric application id from the Discord developer portal',
  ),
  DISCORD_GUILD_ID: optionalText.refine(
    (v) => v === undefined || /^\d{17,20}$/.test(v),
    'must be a numeric server (guild) id',
  ),
  DISCORD_API_BASE: optionalText
    .refine((v) => v === undefined || URL.canParse(v), 'must be an absolute URL')
    .transform((v) => (v === undefined ? undefined : withoutTrailingSlash(v))),
  SCAVIO_API_KEY: secret,
  SCAVIO_BASE_URL: url('https://api.scavio.dev'),
  SCAVIO_RATE_PER_MINUTE: positiveInt(5),
  SCAVIO_TIMEOUT_MS: positiveInt(20_000),
  SCAVIO_MAX_RETRIES: nonNegativeInt(3),
  // One answer's size cap: a bigger page is refused without being read into memory (a page of 30 is ~100-300 KB).
  SCAVIO_MAX_RESPONSE_BYTES: positiveInt(5 * 1024 * 1024),
  // Checked here too, so a too-large default stops the start instead of failing every command and weekly run.
  MAX_VIDEOS: wholeNumber(1, 300, MAX_VIDEOS_CEILING),
  CATALOG_CACHE_MINUTES: nonNegativeInt(60),
  QUICKCHART_URL: url('https://quickchart.io'),
  QUICKCHART_TIMEOUT_MS: positiveInt(8_000),
  ANALYZE_COOLDOWN_SECONDS: nonNegativeInt(30),
  // Two uncached 300-video accounts (2 x 11 credits) go ahead; a third asks first.
  COMPARE_CONFIRM_ABOVE_CREDITS: nonNegativeInt(25),
  DATA_DIR: textOr('./data'),
  DEFAULT_TIMEZONE: timeZone,
  LOG_LEVEL: oneOf(['debug', 'info', 'warn', 'error'], 'info'),
  LOG_FORMAT: oneOf(['json', 'pretty'], 'json'),
  HEALTH_PORT: z.preprocess(
    blankAsUnset,
    z.coerce
      .number({ error: 'must be a port number from 0 to 65535 (0 picks a free one)' })
      .int('must be a port number from 0 to 65535 (0 picks a free one)')
      .min(0, 'must be a port number from 0 to 65535 (0 picks a free one)')
      .max(65_535, 'must be a port number from 0 to 65535 (0 picks a free one)')
      .optional(),
  ),
  HEALTH_HOST: textOr('127.0.0.1'),
  OPS_CHANNEL_ID: optionalText.refine(
    (v) => v === undefined || /^\d{17,20}$/.test(v),
    'must be a numeric channel id (right-click the channel > Copy Channel ID)',
  ),
  SCAVIO_CREDITS_ALERT_BELOW: nonNegativeInt(100),
  QUEUE_MAX_PER_GUILD: positiveInt(10),
  TEST_CLOCK_START: optionalText.refine(
    (v) => v === undefined || !Number.isNaN(Date.parse(v)),
    'must be an ISO date-time such as 2026-11-30T09:00:00Z',
  ),
});

/** Every environment variable the product reads (.env.example and the README document each). */
export const SETTING_NAMES = Object.keys(envSchema.shape) as readonly (keyof typeof envSchema.shape)[];

export interface Config {
  discord: {
    token: string | undefined;
    applicationId: string | undefined;
    guildId: string | undefined;
    /** REST base such as http://127.0.0.1:PORT/api; undefined means Discord's own. */
    apiBase: string | undefined;
  };
  scavio: {
    apiKey: string | undefined;
    baseUrl: string;
    ratePerMinute: number;
    timeoutMs: number;
    maxRetries: number;
    maxResponseBytes: number;
    maxVideos: number;
  };
  cacheMinutes: number;
  quickchart: { url: string; timeoutMs: number };
  analyzeCooldownSeconds: number;
  /** /retention compare asks for confirmation before spending more credits than this (0: whenever it spends any). */
  compareConfirmAboveCredits: number;
  dataDir: string;
  defaultTimeZone: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** json: one JSON object a line (for log tools); pretty: aligned, readable lines for development. */
  logFormat: 'json' | 'pretty';
  /** The /healthz and /readyz server; undefined port: off. Port 0 picks a free one (tests). */
  health: { port: number | undefined; host: string };
  /** Where operator alerts go besides the log; undefined: the log only. */
  opsChannelId: string | undefined;
  /** Alert the operator when Scavio reports fewer credits left than this (0: never). */
  creditsAlertBelow: number;
  /** Fetches one server may have waiting in the queue; the next request is told to come back later. */
  queueMaxPerGuild: number;
  /** Tests only: the bot's clock starts at this instant (and runs at real speed from there). */
  testClockStart: number | undefined;
}

/** What an entry point needs set: the bot needs Discord and Scavio credentials. */
export type ConfigNeeds = 'bot' | 'deploy' | 'live-cli' | 'offline';

type EnvName = keyof z.infer<typeof envSchema>;

const REQUIRED: Record<ConfigNeeds, readonly EnvName[]> = {
  bot: ['DISCORD_TOKEN', 'DISCORD_APPLICATION_ID', 'SCAVIO_API_KEY'],
  deploy: ['DISCORD_TOKEN', 'DISCORD_APPLICATION_ID'],
  'live-cli': ['SCAVIO_API_KEY'],
  offline: [],
};

const HINTS: Partial<Record<EnvName, string>> = {
  DISCORD_TOKEN: 'the bot token from the Discord developer portal (Bot > Reset Token)',
  DISCORD_APPLICATION_ID: 'the application id from the Discord developer portal (General Information)',
  SCAVIO_API_KEY: 'your Scavio API key from https://dashboard.scavio.dev',
};

/** Parses the environment; throws ConfigError listing every problem at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, needs: ConfigNeeds = 'offline'): Config {
  const parsed = envSchema.safeParse(env);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? 'environment');
      // Never echo a secret's value: for a secret only our own (fixed) messages are shown.
      const message = SECRET_NAMES.has(name) && issue.code !== 'custom' ? 'is invalid' : issue.message;
      problems.push(`${name} ${message}`);
    }
  }
  const values = parsed.success ? parsed.data : undefined;
  for (const name of REQUIRED[needs]) {
    // When parsing failed there are no values: judge presence from the raw environment.
    const raw = env[name];
    const present = values ? values[name] !== undefined : raw !== undefined && raw.trim() !== '';
    if (!present) problems.push(`${name} is not set: set it to ${HINTS[name] ?? 'a value'} (see .env.example)`);
  }
  if (problems.length > 0 || !values) throw new ConfigError(problems);

  return {
    discord: {
      token: values.DISCORD_TOKEN,
      applicationId: values.DISCORD_APPLICATION_ID,
      guildId: values.DISCORD_GUILD_ID,
      apiBase: values.DISCORD_API_BASE,
    },
    scavio: {
      apiKey: values.SCAVIO_API_KEY,
      baseUrl: values.SCAVIO_BASE_URL,
      ratePerMinute: values.SCAVIO_RATE_PER_MINUTE,
      timeoutMs: values.SCAVIO_TIMEOUT_MS,
      maxRetries: values.SCAVIO_MAX_RETRIES,
      maxResponseBytes: values.SCAVIO_MAX_RESPONSE_BYTES,
      maxVideos: values.MAX_VIDEOS,
    },
    cacheMinutes: values.CATALOG_CACHE_MINUTES,
    quickchart: { url: values.QUICKCHART_URL, timeoutMs: values.QUICKCHART_TIMEOUT_MS },
    analyzeCooldownSeconds: values.ANALYZE_COOLDOWN_SECONDS,
    compareConfirmAboveCredits: values.COMPARE_CONFIRM_ABOVE_CREDITS,
    dataDir: values.DATA_DIR,
    defaultTimeZone: values.DEFAULT_TIMEZONE,
    logLevel: values.LOG_LEVEL,
    logFormat: values.LOG_FORMAT,
    health: { port: values.HEALTH_PORT, host: values.HEALTH_HOST },
    opsChannelId: values.OPS_CHANNEL_ID,
    creditsAlertBelow: values.SCAVIO_CREDITS_ALERT_BELOW,
    queueMaxPerGuild: values.QUEUE_MAX_PER_GUILD,
    testClockStart: values.TEST_CLOCK_START === undefined ? undefined : Date.parse(values.TEST_CLOCK_START),
  };
}
