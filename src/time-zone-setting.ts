import { ConfigError } from './config-error.js';

/**
 * DEFAULT_TIMEZONE, readable without the rest of the configuration: the
 * offline CLI (--demo, --input) needs only this setting, and loading zod for
 * it would be most of the command's start-up time. config.ts validates the
 * same variable with the same rule.
 */

export const FALLBACK_TIME_ZONE = 'UTC';
export const TIME_ZONE_HINT = 'must be an IANA time zone such as Europe/Berlin or UTC';

export function isValidTimeZone(name: string): boolean {
  // Every Intl has UTC (ECMA-402 requires it). Answered without building a formatter (~8 ms on
  // first use): the default setting's check would otherwise be the CLI's only use of one.
  if (name === FALLBACK_TIME_ZONE) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** DEFAULT_TIMEZONE from the environment (blank: UTC), checked as loadConfig checks it. */
export function defaultTimeZoneSetting(env: NodeJS.ProcessEnv): string {
  const value = env.DEFAULT_TIMEZONE?.trim() || FALLBACK_TIME_ZONE;
  if (!isValidTimeZone(value)) throw new ConfigError([`DEFAULT_TIMEZONE ${TIME_ZONE_HINT}`]);
  return value;
}
