/**
 * When a weekly subscription is due. Pure: time comes in as arguments.
 *
 * A schedule is a weekday and a wall-clock time in the subscription's own IANA
 * time zone. Each local week has exactly one slot, so a subscription runs
 * exactly once a week whatever DST does:
 * - spring-forward skips the slot's time: the slot is the next valid instant
 *   (the moment the clocks jumped, e.g. 03:00 for a 02:30 slot in Berlin);
 * - fall-back repeats it: the slot is its first occurrence.
 */
import { addDays, fromLocal, toLocal, weekdayOf } from './zoned-time.js';
export const WEEKDAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const FULL_NAMES = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
/** 'mon' or 'Monday' (any case) -> 1; undefined when not a weekday. */
export function weekdayFromName(name) {
    const key = name.trim().toLowerCase();
    let index = WEEKDAY_NAMES.indexOf(key);
    if (index < 0)
        index = FULL_NAMES.indexOf(key);
    return index < 0 ? undefined : index;
}
const TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;
/** 'HH:MM' -> hour and minute; undefined unless a valid 24-hour time. */
export function parseTime(time) {
    const match = TIME_PATTERN.exec(time);
    if (!match)
        return undefined;
    return { hour: Number(match[1]), minute: Number(match[2]) };
}
/**
 * A run that starts this long after its slot is reported as late (the bot was
 * down or busy). The cron tick is every minute, so an on-time run is at most a
 * minute or two behind; anything past 5 minutes was missed.
 */
export const LATE_AFTER_MS = 5 * 60_000;
function checked(schedule) {
    if (!Number.isInteger(schedule.weekday) || schedule.weekday < 0 || schedule.weekday > 6) {
        throw new RangeError(`weekday must be 0-6 (0 = Sunday), got ${String(schedule.weekday)}`);
    }
    const time = parseTime(schedule.time);
    if (!time)
        throw new RangeError(`time must be HH:MM (24-hour), got ${JSON.stringify(schedule.time)}`);
    return time;
}
/**
 * The slot instants of the local weeks around `at`, in order: local dates from
 * 8 days before to 8 days after `at`'s local date that fall on the weekday.
 * DST moves a slot by at most a few hours, so this range always holds the
 * slots just before and just after `at`.
 */
function slotsAround(schedule, at) {
    const { hour, minute } = checked(schedule);
    const today = toLocal(at.getTime(), schedule.timeZone);
    const slots = [];
    for (let days = -8; days <= 8; days++) {
        const date = addDays(today, days);
        if (weekdayOf(date) !== schedule.weekday)
            continue;
        slots.push(fromLocal({ ...date, hour, minute }, schedule.timeZone));
    }
    return slots;
}
/** The first slot strictly after `after`. */
export function nextRunAfter(schedule, after) {
    const next = slotsAround(schedule, after).find((slot) => slot > after.getTime());
    if (next === undefined)
        throw new Error('nextRunAfter: no slot found (unreachable)');
    return new Date(next);
}
/** The latest slot at or before `at`. */
export function lastSlotAtOrBefore(schedule, at) {
    const slots = slotsAround(schedule, at).filter((slot) => slot <= at.getTime());
    const last = slots[slots.length - 1];
    if (last === undefined)
        throw new Error('lastSlotAtOrBefore: no slot found (unreachable)');
    return new Date(last);
}
/**
 * The slot to run now, if any. Only the most recent slot at or before `now`
 * counts: after a long downtime a subscription runs once, not once per missed
 * week, and that run is `late`.
 *
 * @param lastRunAt the slot that last ran (not when it ran), or null
 * @param since when this schedule took effect (subscription created, schedule
 *   changed or resumed): slots before it are never run, so subscribing on
 *   Tuesday to a Monday slot does not fire a "missed" report at once.
 */
export function dueSlot(schedule, lastRunAt, since, now, lateAfterMs = LATE_AFTER_MS) {
    const slot = lastSlotAtOrBefore(schedule, now);
    if (slot.getTime() < since.getTime())
        return null;
    if (lastRunAt !== null && slot.getTime() <= lastRunAt.getTime())
        return null;
    return { slot, late: now.getTime() - slot.getTime() > lateAfterMs };
}
//# sourceMappingURL=due.js.map