import { describe, expect, it } from 'vitest';
import { localClock, wallClockAt, WEEKDAY_NAMES } from '../../src/analysis/local-time.js';

const WEEKDAY_OF = new Map(['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].map((name, utcDay) => [utcDay, name]));

/** Weekday and hour as Intl reads them, one call per instant: what the clock must agree with. */
function fromIntl(timeZone: string, unixSec: number): [string, number] {
  const wall = wallClockAt(timeZone, unixSec * 1000);
  const weekday = WEEKDAY_OF.get(new Date(Date.UTC(wall.year, wall.month - 1, wall.day)).getUTCDay())!;
  return [weekday, wall.hour];
}

function fromClock(timeZone: string, unixSec: number): [string, number] {
  const clock = localClock(timeZone);
  return [WEEKDAY_NAMES[clock.weekday(unixSec)]!, clock.hour(unixSec)];
}

describe('localClock', () => {
  const zones = ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'America/Sao_Paulo'];

  it('reads the weekday and hour Intl reads, to the second around each DST change', () => {
    // Seconds either side of the 2026 changes (Berlin, New York, Lord Howe's half hour), and through a few days.
    const changes = [
      Date.UTC(2026, 2, 29, 1, 0),
      Date.UTC(2026, 9, 25, 1, 0),
      Date.UTC(2026, 2, 8, 7, 0),
      Date.UTC(2026, 10, 1, 6, 0),
      Date.UTC(2026, 3, 4, 15, 0),
      Date.UTC(2026, 9, 3, 15, 30),
    ].map((ms) => ms / 1000);
    const instants = changes.flatMap((change) => [-3601, -1801, -1, 0, 1, 1799, 3599, 3600].map((d) => change + d));
    for (let t = Date.UTC(2026, 2, 27) / 1000; t < Date.UTC(2026, 3, 6) / 1000; t += 3 * 3600 + 17) instants.push(t);
    for (const zone of zones)
      for (const t of instants) expect(fromClock(zone, t), `${zone} at ${t}`).toEqual(fromIntl(zone, t));
  });

  it('reads days outside 1970-2149 too (a date far off in a file), the same as Intl', () => {
    const far = [
      Date.UTC(1969, 11, 31, 23, 30),
      Date.UTC(1901, 5, 1, 12),
      Date.UTC(2150, 0, 1, 8),
      Date.UTC(2400, 6, 1, 3),
    ];
    for (const zone of zones)
      for (const ms of far) expect(fromClock(zone, ms / 1000), `${zone} at ${ms}`).toEqual(fromIntl(zone, ms / 1000));
  });

  it('answers a day it learned as it did the first time', () => {
    const t = Date.UTC(2026, 9, 25, 0, 59, 59) / 1000; // a second before Berlin's change
    const first = [fromClock('Europe/Berlin', t), fromClock('Europe/Berlin', t + 1)];
    expect(first).toEqual([
      ['Sun', 2],
      ['Sun', 2],
    ]);
    expect([fromClock('Europe/Berlin', t), fromClock('Europe/Berlin', t + 1)]).toEqual(first);
  });
});
