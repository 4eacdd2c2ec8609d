import { MAX_MIN_AGE_DAYS } from '../analysis/video-age.js';
import { MAX_VIDEOS_CEILING } from '../config.js';
import { isValidTimeZone } from '../time-zone-setting.js';

/**
 * The custom_id of a button or select on a report: everything needed to act
 * on the report after a restart (the bot keeps no state per message), in a
 * compact, versioned text of at most 100 characters (Discord's limit):
 *
 *   rt1:<action>:<username>:<max_videos>:<min_age_days>:<time zone or empty>:<issued-at, unix seconds, base 36>
 *
 * An empty time zone means "the bot's default". Ids are not signed: Discord
 * only delivers clicks on components of the bot's own messages, and every
 * field is validated on the way back, so a doctored id can at worst ask for
 * an analysis the member could request with /retention analyze anyway
 * (subscribe still checks Manage Server, refresh the cooldown).
 */

export const CUSTOM_ID_MAX_LENGTH = 100;
/** What every report component id starts with (then its layout version): 'rt1:...'. */
export const REPORT_ID_NAMESPACE = 'rt';
/** Bump when the layout changes; ids of an older layout then decode as 'unknown' and say so. */
const VERSION = `${REPORT_ID_NAMESPACE}1`;

export const REPORT_ACTIONS = ['csv', 'refresh', 'subscribe', 'page'] as const;
export type ReportAction = (typeof REPORT_ACTIONS)[number];
const ACTION_CODES: Record<ReportAction, string> = { csv: 'c', refresh: 'r', subscribe: 's', page: 'p' };

/** What a report was made from: enough to make it again. */
export interface ReportRef {
  /** Checked handle: lower-case, without '@'. */
  username: string;
  maxVideos: number;
  minAgeDays: number;
  /** IANA zone the report's posting times used; undefined = the bot's default time zone. */
  timeZone?: string;
  /** When the report was made (ms since the epoch; kept to the second). */
  issuedAtMs: number;
}

export interface ComponentId extends ReportRef {
  action: ReportAction;
}

export type DecodedComponentId =
  | { ok: true; id: ComponentId }
  /** 'unknown': not a report component of this layout (another version, another feature); 'malformed': ours but damaged. */
  | { ok: false; reason: 'unknown' | 'malformed' };

const HANDLE = /^[a-z0-9_.]{2,24}$/;
const WHOLE = /^(0|[1-9]\d{0,5})$/;
const BASE36 = /^[0-9a-z]{1,8}$/;

export function encodeComponentId(id: ComponentId): string {
  if (!HANDLE.test(id.username)) throw new RangeError(`not a checked TikTok handle: ${JSON.stringify(id.username)}`);
  if (!Number.isInteger(id.maxVideos) || id.maxVideos < 1 || id.maxVideos > MAX_VIDEOS_CEILING)
    throw new RangeError(`max_videos out of range: ${id.maxVideos}`);
  if (!Number.isInteger(id.minAgeDays) || id.minAgeDays < 0 || id.minAgeDays > MAX_MIN_AGE_DAYS)
    throw new RangeError(`min_age_days out of range: ${id.minAgeDays}`);
  if (id.timeZone !== undefined && (id.timeZone.includes(':') || !isValidTimeZone(id.timeZone)))
    throw new RangeError(`not an IANA time zone: ${JSON.stringify(id.timeZone)}`);
  const issued = Math.floor(id.issuedAtMs / 1000);
  if (!Number.isSafeInteger(issued) || issued < 0) throw new RangeError(`bad issued-at: ${id.issuedAtMs}`);
  const text = [
    VERSION,
    ACTION_CODES[id.action],
    id.username,
    String(id.maxVideos),
    String(id.minAgeDays),
    id.timeZone ?? '',
    issued.toString(36),
  ].join(':');
  // Only a time zone far longer than any IANA name could get here; refuse rather than let Discord answer 400.
  if (text.length > CUSTOM_ID_MAX_LENGTH)
    throw new RangeError(`custom_id of ${text.length} characters > ${CUSTOM_ID_MAX_LENGTH}`);
  return text;
}

export function decodeComponentId(customId: string): DecodedComponentId {
  const parts = customId.split(':');
  if (parts[0] !== VERSION) return { ok: false, reason: 'unknown' };
  if (parts.length !== 7 || customId.length > CUSTOM_ID_MAX_LENGTH) return { ok: false, reason: 'malformed' };
  const [, code, username = '', max = '', minAge = '', zone = '', issued = ''] = parts;
  const action = REPORT_ACTIONS.find((a) => ACTION_CODES[a] === code);
  if (action === undefined) return { ok: false, reason: 'unknown' };
  if (!HANDLE.test(username) || !WHOLE.test(max) || !WHOLE.test(minAge) || !BASE36.test(issued))
    return { ok: false, reason: 'malformed' };
  const maxVideos = Number(max);
  const minAgeDays = Number(minAge);
  if (maxVideos < 1 || maxVideos > MAX_VIDEOS_CEILING || minAgeDays > MAX_MIN_AGE_DAYS)
    return { ok: false, reason: 'malformed' };
  if (zone !== '' && !isValidTimeZone(zone)) return { ok: false, reason: 'malformed' };
  const issuedAtMs = parseInt(issued, 36) * 1000;
  return {
    ok: true,
    id: { action, username, maxVideos, minAgeDays, ...(zone !== '' ? { timeZone: zone } : {}), issuedAtMs },
  };
}

/** How long after the catalog cache's life a report's components keep working (refetching what they need). */
export const COMPONENT_GRACE_MS = 7 * 24 * 60 * 60_000;
/** Clocks differ a little; an id "issued" further ahead than this is not believed. */
const FUTURE_SKEW_MS = 5 * 60_000;

/**
 * Whether a report's components still act: up to the cache's life plus
 * COMPONENT_GRACE_MS after the report was made. Past that the figures the
 * buttons would show belong to another catalog than the one on screen, so
 * they say the report expired instead.
 */
export function componentExpired(ref: Pick<ReportRef, 'issuedAtMs'>, nowMs: number, cacheTtlMs: number): boolean {
  if (ref.issuedAtMs > nowMs + FUTURE_SKEW_MS) return true;
  return nowMs - ref.issuedAtMs > cacheTtlMs + COMPONENT_GRACE_MS;
}
