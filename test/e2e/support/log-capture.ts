import { EventLog } from '../../support/discord-emulator/event-log.js';

/**
 * The bot's structured log (one JSON object per line, see src/logger.ts),
 * captured through `main({ writeLog })` so tests can wait for events (no
 * polling, real-time timeouts that fake timers don't freeze) and search the raw
 * text for anything that must never be logged.
 */

/** One parsed log line; the other fields are whatever the bot logged with the event. */
export interface LogEntry {
  time: string;
  level: 'debug' | 'info' | 'warn' | 'error';
  event: string;
  interactionId?: string;
  [field: string]: unknown;
}

export class LogCapture {
  /** Raw lines exactly as the bot wrote them. */
  readonly lines: string[] = [];
  readonly #log = new EventLog<LogEntry>(
    (entry) => `${entry.level} ${entry.event}${entry.interactionId ? ` (${entry.interactionId})` : ''}`,
  );

  write(line: string): void {
    this.lines.push(line);
    this.#log.push(JSON.parse(line) as LogEntry);
  }

  get entries(): readonly LogEntry[] {
    return this.#log.items;
  }

  /** Entries of one event, optionally of one interaction. */
  events(event: string, interactionId?: string): LogEntry[] {
    return this.entries.filter(
      (e) => e.event === event && (interactionId === undefined || e.interactionId === interactionId),
    );
  }

  /** All raw log text, for leak checks. */
  text(): string {
    return this.lines.join('\n');
  }

  /** Resolves with the first entry, already written or future, that matches. */
  waitFor(predicate: (entry: LogEntry) => boolean, options: { timeoutMs?: number } = {}): Promise<LogEntry> {
    return this.#log.waitFor(predicate, options.timeoutMs ?? 10_000, 'a matching log line');
  }
}
