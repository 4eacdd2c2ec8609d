/**
 * Real time sources captured when this module loads, so that a test which later installs vitest
 * fake timers (to drive the bot's scheduler) does not also freeze the emulator's own timeouts.
 */
export const realSetTimeout: typeof setTimeout = globalThis.setTimeout;
export const realClearTimeout: typeof clearTimeout = globalThis.clearTimeout;

const originalDateNow: () => number = Date.now;

/** Wall-clock milliseconds since the Unix epoch, immune to fake timers installed after import. */
export function wallClock(): number {
  return originalDateNow();
}

/** A clock in epoch milliseconds; injectable so tests can move time without sleeping. */
export type Clock = () => number;
