/**
 * Channel subscriptions to weekly reports: DATA_DIR/subscriptions.json.
 *
 * One small file for all guilds (a few hundred bytes per subscription), so a
 * write rewrites a few KB at most. Written indented, because people look at it.
 * Every read is scoped by the caller: listByGuild only ever returns one guild's
 * subscriptions, and remove() needs the guild id.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import { isValidTimeZone } from '../config.js';
import { migrationRegistry } from './migrations.js';
import { accountKey } from './usernames.js';
import { describeZodError, VersionedFile } from './versioned-file.js';
export const SUBSCRIPTIONS_FILE = 'subscriptions.json';
export const SUBSCRIPTIONS_SCHEMA_VERSION = 1;
const isoInstant = z.iso.datetime();
const weekday = z.literal([0, 1, 2, 3, 4, 5, 6]);
const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;
const time = z.string().regex(HH_MM, 'must be HH:MM (24-hour)');
const subscriptionSchema = z.object({
    id: z.string().min(1),
    guildId: z.string().min(1),
    channelId: z.string().min(1),
    /** Account key: lower-case handle without '@'. */
    username: z.string().min(1),
    /** 0 = Sunday ... 6 = Saturday (Date#getDay, cron). */
    weekday,
    time,
    /** IANA time zone; checked when saved, not at load (an ICU update must not make the file "corrupt"). */
    timeZone: z.string().min(1),
    /** Discord user id of who subscribed. */
    createdBy: z.string(),
    createdAt: isoInstant,
    /**
     * When the current schedule took effect: creation, a schedule change or a
     * resume. Slots before it are never run (pass it as `since` to dueSlot).
     */
    scheduledSince: isoInstant,
    /** The scheduled slot that last ran (not the time it ran). */
    lastRunAt: isoInstant.nullable(),
    lastResult: z.object({ ok: z.boolean(), at: isoInstant, message: z.string().optional() }).nullable(),
    paused: z.object({ reason: z.string(), at: isoInstant }).nullable(),
    /**
     * A weekly post started (recorded before it is sent) and not yet confirmed
     * by markRun: after a crash, the run of this slot first looks for its own
     * post (by nonce window and history) before posting again. Optional, so
     * files written before it existed read as they are.
     */
    pending: z
        .object({ slot: isoInstant, nonce: z.string().min(1).max(25), at: isoInstant })
        .nullable()
        .optional(),
});
const fileSchema = z.object({
    schemaVersion: z.literal(SUBSCRIPTIONS_SCHEMA_VERSION),
    subscriptions: z.array(subscriptionSchema),
});
/** No migrations yet: v1 is the first version of this file. */
export const subscriptionMigrations = migrationRegistry(SUBSCRIPTIONS_SCHEMA_VERSION, []);
const spec = {
    currentVersion: SUBSCRIPTIONS_SCHEMA_VERSION,
    schema: fileSchema,
    migrations: subscriptionMigrations,
    empty: () => ({ schemaVersion: SUBSCRIPTIONS_SCHEMA_VERSION, subscriptions: [] }),
    pretty: true,
};
const copy = (subscription) => structuredClone(subscription);
/**
 * Checks a subscription before it is written: a value the schema rejects
 * would make the file fail validation at the next start.
 */
function checked(subscription) {
    const result = subscriptionSchema.safeParse(subscription);
    if (!result.success)
        throw new RangeError(`subscription not saved: ${describeZodError(result.error).replace(/^its content/, 'it')}`);
    return subscription;
}
function sameSchedule(a, b) {
    return a.weekday === b.weekday && a.time === b.time && a.timeZone === b.timeZone;
}
export class SubscriptionRepository {
    file;
    constructor(file) {
        this.file = file;
    }
    static async open(dataDir, health) {
        return new SubscriptionRepository(await VersionedFile.open(join(dataDir, SUBSCRIPTIONS_FILE), spec, health));
    }
    /**
     * Creates the subscription, or updates the one for the same guild, channel
     * and username (subscribing twice never duplicates). An update keeps id,
     * createdAt and lastRunAt; it un-pauses (the command re-checked access)
     * and, when the schedule changed, restarts it from `now`.
     */
    async upsert(input, now) {
        const username = accountKey(input.username);
        if (!HH_MM.test(input.time))
            throw new RangeError(`time must be HH:MM (24-hour), got ${JSON.stringify(input.time)}`);
        if (!isValidTimeZone(input.timeZone))
            throw new RangeError(`not an IANA time zone: ${JSON.stringify(input.timeZone)}`);
        const at = now.toISOString();
        return this.file.update((current) => {
            const index = current.subscriptions.findIndex((s) => s.guildId === input.guildId && s.channelId === input.channelId && s.username === username);
            const existing = current.subscriptions[index];
            const schedule = { weekday: input.weekday, time: input.time, timeZone: input.timeZone };
            let subscription;
            if (existing) {
                const restart = !sameSchedule(existing, schedule) || existing.paused !== null;
                subscription = {
                    ...existing,
                    ...schedule,
                    paused: null,
                    scheduledSince: restart ? at : existing.scheduledSince,
                };
            }
            else {
                subscription = {
                    id: randomUUID(),
                    guildId: input.guildId,
                    channelId: input.channelId,
                    username,
                    ...schedule,
                    createdBy: input.createdBy,
                    createdAt: at,
                    scheduledSince: at,
                    lastRunAt: null,
                    lastResult: null,
                    paused: null,
                };
            }
            checked(subscription);
            const subscriptions = existing
                ? current.subscriptions.map((s, i) => (i === index ? subscription : s))
                : [...current.subscriptions, subscription];
            return { next: { ...current, subscriptions }, result: { subscription: copy(subscription), created: !existing } };
        });
    }
    /**
     * Removes a guild's subscriptions to `username`, in one channel or (without
     * channelId) in all its channels. Returns what was removed.
     */
    async remove(filter) {
        const username = accountKey(filter.username);
        const matches = (s) => s.guildId === filter.guildId &&
            s.username === username &&
            (filter.channelId === undefined || s.channelId === filter.channelId);
        return this.file.update((current) => {
            const removed = current.subscriptions.filter(matches);
            if (removed.length === 0)
                return { result: [] };
            return {
                next: { ...current, subscriptions: current.subscriptions.filter((s) => !matches(s)) },
                result: removed.map(copy),
            };
        });
    }
    get(id) {
        const found = this.file.data.subscriptions.find((s) => s.id === id);
        return found ? copy(found) : undefined;
    }
    /** One guild's subscriptions, in creation order. */
    listByGuild(guildId) {
        return this.file.data.subscriptions.filter((s) => s.guildId === guildId).map(copy);
    }
    /** Every subscription (for the scheduler). */
    listAll() {
        return this.file.data.subscriptions.map(copy);
    }
    /**
     * Records a run of `slot`: it will not run again. Call it for failed runs
     * too (with ok: false and the reason), or the next tick would retry it.
     * Resolves to undefined when the subscription is gone (unsubscribed mid-run).
     */
    async markRun(id, run) {
        const lastResult = run.message === undefined
            ? { ok: run.ok, at: run.at.toISOString() }
            : { ok: run.ok, at: run.at.toISOString(), message: run.message };
        // The run is confirmed: whatever was pending is settled (the field is dropped, not nulled).
        return this.#change(id, (s) => {
            const next = { ...s, lastRunAt: run.slot.toISOString(), lastResult };
            delete next.pending;
            return next;
        });
    }
    /** Records that the post of `slot` is about to go out (before it is sent), with the nonce it carries. */
    async markStarted(id, started) {
        return this.#change(id, (s) => ({
            ...s,
            pending: { slot: started.slot.toISOString(), nonce: started.nonce, at: started.at.toISOString() },
        }));
    }
    /** Stops running a subscription (e.g. its channel is gone), with the reason shown to the guild. */
    async pause(id, reason, at) {
        return this.#change(id, (s) => ({ ...s, paused: { reason, at: at.toISOString() } }));
    }
    /** Runs it again from the next slot after `at` (slots missed while paused are not caught up). */
    async resume(id, at) {
        return this.#change(id, (s) => (s.paused === null ? s : { ...s, paused: null, scheduledSince: at.toISOString() }));
    }
    close() {
        return this.file.close();
    }
    #change(id, edit) {
        return this.file.update((current) => {
            const index = current.subscriptions.findIndex((s) => s.id === id);
            const existing = current.subscriptions[index];
            if (!existing)
                return { result: undefined };
            const changed = edit(existing);
            if (changed === existing)
                return { result: copy(existing) };
            checked(changed);
            return {
                next: { ...current, subscriptions: current.subscriptions.map((s, i) => (i === index ? changed : s)) },
                result: copy(changed),
            };
        });
    }
}
//# sourceMappingURL=subscriptions.js.map