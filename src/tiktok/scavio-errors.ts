import { UserFacingError } from '../errors.js';
import { errorOf } from './scavio-schemas.js';

/**
 * Every message the Scavio client can fail with, written for the person who
 * asked (what is wrong + what to do). Provider text is echoed into some of
 * them, so all of them go through one factory that scrubs the API key.
 */

/** Which endpoint a call went to: a 404 means something different for each. */
export type CallKind = 'profile' | 'posts';

const DEFAULT_BILLING_URL = 'https://dashboard.scavio.dev/billing';
const DASHBOARD_URL = 'https://dashboard.scavio.dev';

export class ScavioErrors {
  /** `apiKey` is the key as the client sends it (trimmed), so it is found wherever it was echoed. */
  constructor(private readonly apiKey: string | undefined) {}

  missingKey(): UserFacingError {
    return this.userError(
      `No Scavio API key is configured. Set SCAVIO_API_KEY to your key from ${DASHBOARD_URL} and restart.`,
      'scavio.missing_key',
    );
  }

  privateAccount(username: string): UserFacingError {
    return this.userError(
      `@${username} is a private account, so its videos cannot be read. Only public accounts can be analysed.`,
      'scavio.private_account',
    );
  }

  rateLimitExhausted(waitMs: number): UserFacingError {
    return this.userError(
      `Scavio's rate limit is still exhausted (it asks to wait ${formatWait(waitMs)}). ` +
        'Try again in a few minutes, or lower SCAVIO_RATE_PER_MINUTE to match your plan.',
      'scavio.rate_limited',
    );
  }

  /** A 4xx answer that retrying cannot fix (not 408 or 429), explained from its status and error body. */
  clientError(status: number, json: unknown, kind: CallKind, username: string): UserFacingError {
    const error = errorOf(json);
    if (status === 401 || status === 403) {
      return this.userError(
        `Scavio refused the API key (HTTP ${status}${error?.message ? `: ${error.message}` : ''}). ` +
          `Check SCAVIO_API_KEY: copy the key again from ${DASHBOARD_URL} and restart.`,
        'scavio.unauthorized',
      );
    }
    if (status === 402) {
      const billing = safeLink(error?.billing_url) ?? DEFAULT_BILLING_URL;
      return this.userError(
        `The Scavio account is out of credits. Top it up at ${billing}, then try again.`,
        'scavio.out_of_credits',
      );
    }
    if (status === 404 || isNotFoundCode(error?.code)) {
      return kind === 'profile'
        ? this.unknownAccount(username)
        : this.userError(
            `Scavio could not list the videos of @${username} (the account may have been removed or made private just now). Try again later.`,
            'scavio.unknown_account',
          );
    }
    return this.userError(
      `Scavio rejected the request for @${username} (HTTP ${status}${error?.message ? `: ${error.message}` : ''}). ` +
        'This looks like a bug on our side; please report it.',
      'scavio.request_rejected',
    );
  }

  unknownAccount(username: string): UserFacingError {
    return this.userError(
      `TikTok account @${username} was not found. Check the spelling (the handle after @ in the profile link).`,
      'scavio.unknown_account',
    );
  }

  noVideos(username: string): UserFacingError {
    return this.userError(
      `@${username} has no public videos to analyse (the account may be new, empty or private).`,
      'scavio.no_videos',
    );
  }

  unavailable(username: string, reason: string, attempts: number): UserFacingError {
    return this.userError(
      `Scavio is not answering right now (${reason}, ${attempts === 1 ? '1 attempt' : `${attempts} attempts`} for @${username}). ` +
        'It is probably a temporary outage: try again in a few minutes.',
      'scavio.unavailable',
    );
  }

  responseTooLarge(username: string, limitBytes: number, declaredBytes: number | undefined): UserFacingError {
    const mb = (bytes: number) => `${Math.round((bytes / 2 ** 20) * 10) / 10} MB`;
    return this.userError(
      `Scavio sent a page for @${username} ${declaredBytes !== undefined ? `of ${mb(declaredBytes)}` : `larger than ${mb(limitBytes)}`}, ` +
        `over the ${mb(limitBytes)} limit (SCAVIO_MAX_RESPONSE_BYTES); it was not read. A page of 30 videos is normally well under 1 MB: ` +
        'try again later, or raise the limit if your provider really sends pages this large.',
      'scavio.response_too_large',
    );
  }

  malformed(username: string, detail: string): UserFacingError {
    return this.userError(
      `Scavio sent an answer for @${username} that could not be read (${detail}). Try again later; if it keeps happening, please report it.`,
      'scavio.malformed_response',
    );
  }

  /** The one way errors leave the client: provider text is echoed, so the key is scrubbed as a last line of defence. */
  private userError(message: string, code: string): UserFacingError {
    const key = this.apiKey;
    const safe = key && key.length >= 4 ? message.split(key).join('[redacted]') : message;
    return new UserFacingError(safe, code);
  }
}

/** A duration as people read it in a message: "800 ms", "2.5 s", "3 min". */
export function formatWait(ms: number): string {
  if (ms < 1_000) return `${ms} ms`;
  return ms >= 60_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 100) / 10} s`;
}

function isNotFoundCode(code: string | undefined): boolean {
  return code !== undefined && /not[_ -]?found|unknown[_ -]?user|no[_ -]?such/i.test(code);
}

/** Only a plain https link from the body is repeated to users. */
function safeLink(value: string | undefined): string | undefined {
  if (value === undefined || !URL.canParse(value)) return undefined;
  return new URL(value).protocol === 'https:' ? value : undefined;
}
