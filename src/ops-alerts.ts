import type { Logger } from './logger.js';

/**
 * Telling the bot's operator about what only they can fix (a refused
 * provider key, a data folder that cannot be written, credits running low):
 * always a log line at error level, and, when OPS_CHANNEL_ID is set, a
 * message in that channel. The same alert is sent at most once per
 * `repeatAfterMs` (a broken key would otherwise post once per command).
 */

export type AlertKind = 'provider-key' | 'storage' | 'credits-low';

export interface OperatorAlerts {
  alert(kind: AlertKind, text: string, fields?: Record<string, unknown>): void;
}

export interface OperatorAlertOptions {
  logger: Logger;
  /** Posts to the ops channel; undefined when OPS_CHANNEL_ID is not set. */
  post?: (text: string) => Promise<unknown>;
  now?: () => number;
  repeatAfterMs?: number;
}

export const ALERT_REPEAT_MS = 60 * 60_000;

export function operatorAlerts(options: OperatorAlertOptions): OperatorAlerts {
  const now = options.now ?? Date.now;
  const repeatAfterMs = options.repeatAfterMs ?? ALERT_REPEAT_MS;
  const lastSent = new Map<AlertKind, number>();
  return {
    alert(kind, text, fields = {}) {
      const at = now();
      const previous = lastSent.get(kind);
      if (previous !== undefined && at - previous < repeatAfterMs) return;
      lastSent.set(kind, at);
      options.logger.error('operator.alert', { kind, text, ...fields });
      options.post?.(`⚠️ **Operator alert (${kind})**: ${text}`).catch((error: unknown) => {
        options.logger.error('operator.alert-post-failed', { kind, error });
      });
    },
  };
}
