import { describe, expect, it } from 'vitest';
import {
  dueSlot,
  LATE_AFTER_MS,
  lastSlotAtOrBefore,
  nextRunAfter,
  parseTime,
  weekdayFromName,
  type WeeklySchedule,
} from '../../src/scheduler/due.js';
import { toLocal } from '../../src/scheduler/zoned-time.js';

const SUN = 0;
const MON = 1;
const at = (iso: string) => new Date(iso);
const iso = (date: Date | null | undefined) => date?.toISOString();

/** Local 'YYYY-MM-DD HH:MM' of an instant, to assert what people in that zone see. */
function localText(date: Date, timeZone: string): string {
  const l = toLocal(date.getTime(), timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${l.year}-${two(l.month)}-${two(l.day)} ${two(l.hour)}:${two(l.minute)}`;
}

/**
 * Drives the scheduler the way the cron tick does: every `stepMinutes` from
 * `from` to `to`, ask dueSlot and record a run when it says so.
 */
function simulateTicks(schedule: WeeklySchedule, since: Date, from: Date, to: Date, stepMinutes: number) {
  const runs: { slot: Date; late: boolean; ranAt: Date }[] = [];
  let lastRunAt: Date | null = null;
  for (let t = from.getTime(); t <= to.getTime(); t += stepMinutes * 60_000) {
    const now = new Date(t);
    const due = dueSlot(schedule, lastRunAt, since, now);
    if (due) {
      runs.push({ ...due, ranAt: now });
      lastRunAt = due.slot;
    }
  }
  return runs;
}

describe('nextRunAfter: ordinary weeks', () => {
  it('runs Monday 09:00 Berlin time, on CET and on CEST', () => {
    const schedule: WeeklySchedule = { weekday: MON, time: '09:00', timeZone: 'Europe/Berlin' };
    expect(iso(nextRunAfter(schedule, at('2026-03-18T12:00:00Z')))).toBe('2026-03-23T08:00:00.000Z'); // CET, +1
    expect(iso(nextRunAfter(schedule, at('2026-03-25T12:00:00Z')))).toBe('2026-03-30T07:00:00.000Z'); // CEST, +2
  });

  it('is strictly after: at the slot itself it gives the following week', () => {
    const schedule: WeeklySchedule = { weekday: MON, time: '09:00', timeZone: 'UTC' };
    expect(iso(nextRunAfter(schedule, at('2026-11-30T09:00:00Z')))).toBe('2026-12-07T09:00:00.000Z');
    expect(iso(nextRunAfter(schedule, at('2026-11-30T08:59:59.999Z')))).toBe('2026-11-30T09:00:00.000Z');
  });

  it('uses the weekday of the subscription time zone, not of UTC', () => {
    // Monday 08:00 in Lord Howe (+11 in November) is Sunday 21:00 UTC.
    const schedule: WeeklySchedule = { weekday: MON, time: '08:00', timeZone: 'Australia/Lord_Howe' };
    const next = nextRunAfter(schedule, at('2026-11-25T00:00:00Z'));
    expect(iso(next)).toBe('2026-11-29T21:00:00.000Z');
    expect(next.getUTCDay()).toBe(SUN);
  });
});

describe('nextRunAfter: DST change weeks', () => {
  it('Europe/Berlin spring-forward: 02:30 does not exist on 29 March, runs at 03:00 CEST', () => {
    const schedule: WeeklySchedule = { weekday: SUN, time: '02:30', timeZone: 'Europe/Berlin' };
    expect(iso(nextRunAfter(schedule, at('2026-03-20T00:00:00Z')))).toBe('2026-03-22T01:30:00.000Z'); // 02:30 CET
    const changeDay = nextRunAfter(schedule, at('2026-03-22T01:30:00Z'));
    expect(iso(changeDay)).toBe('2026-03-29T01:00:00.000Z');
    expect(localText(changeDay, 'Europe/Berlin')).toBe('2026-03-29 03:00');
    expect(iso(nextRunAfter(schedule, changeDay))).toBe('2026-04-05T00:30:00.000Z'); // 02:30 CEST
  });

  it('Europe/Berlin fall-back: 02:30 happens twice on 25 October, runs at the first', () => {
    const schedule: WeeklySchedule = { weekday: SUN, time: '02:30', timeZone: 'Europe/Berlin' };
    const changeDay = nextRunAfter(schedule, at('2026-10-20T00:00:00Z'));
    expect(iso(changeDay)).toBe('2026-10-25T00:30:00.000Z'); // 02:30 CEST, not 01:30Z (02:30 CET)
    expect(iso(nextRunAfter(schedule, changeDay))).toBe('2026-11-01T01:30:00.000Z');
  });

  it('America/New_York spring-forward: 02:15 on 8 March runs at 03:00 EDT', () => {
    const schedule: WeeklySchedule = { weekday: SUN, time: '02:15', timeZone: 'America/New_York' };
    const changeDay = nextRunAfter(schedule, at('2026-03-02T00:00:00Z'));
    expect(iso(changeDay)).toBe('2026-03-08T07:00:00.000Z');
    expect(localText(changeDay, 'America/New_York')).toBe('2026-03-08 03:00');
    expect(iso(nextRunAfter(schedule, changeDay))).toBe('2026-03-15T06:15:00.000Z');
  });

  it('America/New_York fall-back: 01:30 on 1 November runs at the first (EDT) occurrence', () => {
    const schedule: WeeklySchedule = { weekday: SUN, time: '01:30', timeZone: 'America/New_York' };
    expect(iso(nextRunAfter(schedule, at('2026-10-26T00:00:00Z')))).toBe('2026-11-01T05:30:00.000Z');
    expect(iso(nextRunAfter(schedule, at('2026-11-01T05:30:00Z')))).toBe('2026-11-08T06:30:00.000Z');
  });

  it('Australia/Lord_Howe spring-forward (30 minutes): 02:15 on 4 October runs at 02:30 +11:00', () => {
    const schedule: WeeklySchedule = { weekday: SUN, time: '02:15', timeZone: 'Australia/Lord_Howe' };
    expect(iso(nextRunAfter(schedule, at('2026-09-20T00:00:00Z')))).toBe('2026-09-26T15:45:00.000Z'); // 02:15 +10:30
    const changeDay = nextRunAfter(schedule, at('2026-09-27T00:00:00Z'));
    expect(iso(changeDay)).toBe('2026-10-03T15:30:00.000Z');
    expect(localText(changeDay, 'Australia/Lord_Howe')).toBe('2026-10-04 02:30');
    expect(iso(nextRunAfter(schedule, changeDay))).toBe('2026-10-10T15:15:00.000Z'); // 02:15 +11:00
  });

  it('Australia/Lord_Howe fall-back (30 minutes): 01:45 on 5 April runs at the first (+11:00) occurrence', () => {
    const schedule: WeeklySchedule = { weekday: SUN, time: '01:45', timeZone: 'Australia/Lord_Howe' };
    const changeDay = nextRunAfter(schedule, at('2026-03-30T00:00:00Z'));
    expect(iso(changeDay)).toBe('2026-04-04T14:45:00.000Z'); // the second would be 15:15Z (+10:30)
    expect(iso(nextRunAfter(schedule, changeDay))).toBe('2026-04-11T15:15:00.000Z');
  });

  it('Australia/Lord_Howe keeps 09:00 local across the change: the UTC time moves by 30 minutes', () => {
    const schedule: WeeklySchedule = { weekday: SUN, time: '09:00', timeZone: 'Australia/Lord_Howe' };
    expect(iso(nextRunAfter(schedule, at('2026-09-26T00:00:00Z')))).toBe('2026-09-26T22:30:00.000Z');
    expect(iso(nextRunAfter(schedule, at('2026-09-27T00:00:00Z')))).toBe('2026-10-03T22:00:00.000Z');
  });

  it.each([
    ['Europe/Berlin', '02:30'],
    ['America/New_York', '01:30'],
    ['America/New_York', '02:30'],
    ['Australia/Lord_Howe', '01:45'],
    ['Australia/Lord_Howe', '02:15'],
    ['Australia/Lord_Howe', '09:00'],
  ])('%s Sunday %s: one slot per week through all of 2026', (timeZone, time) => {
    const schedule: WeeklySchedule = { weekday: SUN, time, timeZone };
    const slots: Date[] = [];
    for (
      let t = nextRunAfter(schedule, at('2026-01-01T00:00:00Z'));
      t.getUTCFullYear() < 2027;
      t = nextRunAfter(schedule, t)
    ) {
      slots.push(t);
    }
    // 2026 has 52 Sundays; one at the very end in UTC may fall into 2027.
    expect(slots.length).toBeGreaterThanOrEqual(51);
    expect(slots.length).toBeLessThanOrEqual(52);
    for (let i = 0; i < slots.length; i++) {
      const local = toLocal(slots[i]!.getTime(), timeZone);
      expect(new Date(Date.UTC(local.year, local.month - 1, local.day)).getUTCDay()).toBe(SUN);
      if (i > 0) {
        const gapHours = (slots[i]!.getTime() - slots[i - 1]!.getTime()) / 3_600_000;
        expect(gapHours).toBeGreaterThanOrEqual(7 * 24 - 1);
        expect(gapHours).toBeLessThanOrEqual(7 * 24 + 1);
      }
    }
  });
});

describe('dueSlot', () => {
  const berlinMonday: WeeklySchedule = { weekday: MON, time: '09:00', timeZone: 'Europe/Berlin' };
  const created = at('2026-11-01T10:00:00Z');

  it('is due at the slot, on time, and not again after it ran', () => {
    const slot = at('2026-11-02T08:00:00Z');
    expect(dueSlot(berlinMonday, null, created, at('2026-11-02T07:59:59Z'))).toBeNull();
    const due = dueSlot(berlinMonday, null, created, at('2026-11-02T08:00:30Z'));
    expect(iso(due?.slot)).toBe(iso(slot));
    expect(due?.late).toBe(false);
    expect(dueSlot(berlinMonday, slot, created, at('2026-11-02T08:01:00Z'))).toBeNull();
    expect(dueSlot(berlinMonday, slot, created, at('2026-11-09T07:59:00Z'))).toBeNull();
    expect(iso(dueSlot(berlinMonday, slot, created, at('2026-11-09T08:00:00Z'))?.slot)).toBe(
      '2026-11-09T08:00:00.000Z',
    );
  });

  it('after three missed weeks runs once, the most recent slot, flagged late', () => {
    const lastRun = at('2026-11-02T08:00:00Z');
    const now = at('2026-11-25T15:00:00Z'); // Wednesday, after the slots of 9, 16 and 23 November
    const due = dueSlot(berlinMonday, lastRun, created, now);
    expect(iso(due?.slot)).toBe('2026-11-23T08:00:00.000Z');
    expect(due?.late).toBe(true);
    expect(dueSlot(berlinMonday, due!.slot, created, now)).toBeNull();
  });

  it('is late only past LATE_AFTER_MS', () => {
    const slot = at('2026-11-02T08:00:00Z');
    expect(dueSlot(berlinMonday, null, created, new Date(slot.getTime() + LATE_AFTER_MS))?.late).toBe(false);
    expect(dueSlot(berlinMonday, null, created, new Date(slot.getTime() + LATE_AFTER_MS + 1))?.late).toBe(true);
  });

  it('never runs a slot from before the schedule took effect', () => {
    // Subscribed on Tuesday to a Monday slot: nothing until next Monday.
    const since = at('2026-11-03T12:00:00Z');
    expect(dueSlot(berlinMonday, null, since, at('2026-11-04T12:00:00Z'))).toBeNull();
    expect(iso(dueSlot(berlinMonday, null, since, at('2026-11-09T08:00:00Z'))?.slot)).toBe('2026-11-09T08:00:00.000Z');
  });

  it.each([
    [
      'Europe/Berlin',
      '02:30',
      '2026-03-22T00:00:00Z',
      '2026-04-06T00:00:00Z',
      ['2026-03-22T01:30', '2026-03-29T01:00', '2026-04-05T00:30'],
    ],
    [
      'Europe/Berlin',
      '02:30',
      '2026-10-18T00:00:00Z',
      '2026-11-02T00:00:00Z',
      ['2026-10-18T00:30', '2026-10-25T00:30', '2026-11-01T01:30'],
    ],
    [
      'America/New_York',
      '02:15',
      '2026-03-01T00:00:00Z',
      '2026-03-16T00:00:00Z',
      ['2026-03-01T07:15', '2026-03-08T07:00', '2026-03-15T06:15'],
    ],
    [
      'America/New_York',
      '01:30',
      '2026-10-25T00:00:00Z',
      '2026-11-09T00:00:00Z',
      ['2026-10-25T05:30', '2026-11-01T05:30', '2026-11-08T06:30'],
    ],
    [
      'Australia/Lord_Howe',
      '01:45',
      '2026-03-29T00:00:00Z',
      '2026-04-13T00:00:00Z',
      ['2026-04-04T14:45', '2026-04-11T15:15'],
    ],
    [
      'Australia/Lord_Howe',
      '02:15',
      '2026-09-27T00:00:00Z',
      '2026-10-12T00:00:00Z',
      ['2026-10-03T15:30', '2026-10-10T15:15'],
    ],
  ])(
    '%s Sunday %s, ticking every 15 minutes across the DST change: one on-time run a week',
    (timeZone, time, from, to, expected) => {
      const schedule: WeeklySchedule = { weekday: SUN, time, timeZone };
      const runs = simulateTicks(schedule, at(from), at(from), at(to), 15);
      expect(runs.map((run) => iso(run.slot))).toEqual(expected.map((slot) => `${slot}:00.000Z`));
      expect(runs.every((run) => !run.late)).toBe(true);
      expect(runs.map((run) => iso(run.ranAt))).toEqual(runs.map((run) => iso(run.slot)));
    },
  );

  it('a restart after a missed week catches up once, then resumes the normal rhythm', () => {
    const schedule: WeeklySchedule = { weekday: MON, time: '09:00', timeZone: 'America/New_York' };
    // Ran on 2 Nov (14:00Z = 09:00 EST); down from 5 Nov to Wed 11 Nov 18:00Z.
    const lastRunAt = at('2026-11-02T14:00:00Z');
    const restart = at('2026-11-11T18:00:00Z');
    const catchUp = dueSlot(schedule, lastRunAt, created, restart);
    expect(iso(catchUp?.slot)).toBe('2026-11-09T14:00:00.000Z');
    expect(catchUp?.late).toBe(true);
    const runs = simulateTicks(schedule, created, new Date(restart.getTime() + 60_000), at('2026-11-17T00:00:00Z'), 5);
    expect(runs.map((run) => iso(run.slot))).toEqual(['2026-11-09T14:00:00.000Z', '2026-11-16T14:00:00.000Z']);
    expect(runs.map((run) => run.late)).toEqual([true, false]);
  });

  it('lastSlotAtOrBefore includes a slot at exactly `at`', () => {
    expect(iso(lastSlotAtOrBefore(berlinMonday, at('2026-11-02T08:00:00Z')))).toBe('2026-11-02T08:00:00.000Z');
    expect(iso(lastSlotAtOrBefore(berlinMonday, at('2026-11-02T07:59:59Z')))).toBe('2026-10-26T08:00:00.000Z');
  });

  it('rejects a malformed schedule', () => {
    expect(() => nextRunAfter({ weekday: 7 as 0, time: '09:00', timeZone: 'UTC' }, at('2026-11-02T00:00:00Z'))).toThrow(
      /weekday/,
    );
    expect(() => nextRunAfter({ weekday: MON, time: '9:00', timeZone: 'UTC' }, at('2026-11-02T00:00:00Z'))).toThrow(
      /HH:MM/,
    );
    expect(() =>
      nextRunAfter({ weekday: MON, time: '09:00', timeZone: 'Mars/Olympus' }, at('2026-11-02T00:00:00Z')),
    ).toThrow(RangeError);
  });
});

describe('schedule parsing helpers', () => {
  it('reads weekday names', () => {
    expect(weekdayFromName('mon')).toBe(1);
    expect(weekdayFromName('Sunday')).toBe(0);
    expect(weekdayFromName(' SAT ')).toBe(6);
    expect(weekdayFromName('mo')).toBeUndefined();
    expect(weekdayFromName('funday')).toBeUndefined();
  });

  it('reads HH:MM', () => {
    expect(parseTime('09:05')).toEqual({ hour: 9, minute: 5 });
    expect(parseTime('23:59')).toEqual({ hour: 23, minute: 59 });
    expect(parseTime('24:00')).toBeUndefined();
    expect(parseTime('9:00')).toBeUndefined();
  });
});
