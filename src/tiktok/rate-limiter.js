import { abortReason } from './abort-reason.js';
import { systemClock } from './clock.js';
export const DEFAULT_LANE = 'default';
/** Estimates that move by less than this are not reported again. */
const REPORT_STEP_MS = 1_000;
/** A queue estimate is re-sent when it moves by this much (or the place in line changes). */
const QUEUE_REPORT_STEP_MS = 15_000;
const handles = new WeakMap();
export class SlidingWindowRateLimiter {
    limit;
    windowMs;
    clock;
    waiters = [];
    /** Start times of the most recent grants, oldest first, at most `limit`. */
    grants = [];
    /** Lanes in the order they first appeared; the round-robin goes through them in this order. */
    laneOrder = [];
    lanes = new Map();
    nextLane = 0;
    active = null;
    pausedUntil = 0;
    /** Fetches finished here and the calls they made: the estimate of a fetch whose size is not known yet. */
    finishedFetches = 0;
    finishedCalls = 0;
    pumping = false;
    /** Aborts the pump's sleep when what it waits for changed. */
    pumpSleep = null;
    constructor(options) {
        if (!Number.isInteger(options.limit) || options.limit < 1)
            throw new RangeError('limit must be a positive integer');
        this.limit = options.limit;
        this.windowMs = (options.windowMs ?? 60_000) + (options.marginMs ?? 0);
        this.clock = options.clock ?? systemClock;
    }
    get queued() {
        return this.waiters.length;
    }
    openFetch(options) {
        const state = this.enqueueTicket(options.lane, options.expectedCalls, options.onQueue, false);
        const ticket = {
            lane: options.lane,
            expectCalls: (total) => {
                state.expectedCalls = Math.max(state.granted, total);
                state.known = true;
            },
            close: () => this.closeTicket(state),
        };
        handles.set(ticket, state);
        this.wake();
        return ticket;
    }
    waitingIn(lane) {
        return this.lanes.get(lane)?.length ?? 0;
    }
    laneWaitMs(lane) {
        const now = this.clock.now();
        const head = this.lanes.get(lane)?.[0];
        if (head === undefined)
            return 0;
        const plan = this.plan(now);
        const ahead = plan.find((entry) => entry.ticket === head);
        return ahead === undefined ? 0 : Math.max(0, ahead.startsAt - now);
    }
    acquire(options = {}) {
        const { signal, onWait } = options;
        if (signal?.aborted)
            return Promise.reject(abortReason(signal));
        const known = options.ticket === undefined ? undefined : handles.get(options.ticket);
        if (known?.closed)
            return Promise.reject(new Error('acquire on a closed fetch ticket'));
        const ticket = known ?? this.enqueueTicket(DEFAULT_LANE, 1, undefined, true);
        return new Promise((resolve, reject) => {
            const onAbort = () => {
                const index = this.waiters.indexOf(waiter);
                if (index >= 0)
                    this.waiters.splice(index, 1);
                if (ticket.oneShot)
                    this.closeTicket(ticket);
                this.wake();
                reject(abortReason(signal));
            };
            const waiter = {
                ticket,
                resolve,
                reject,
                onWait,
                reportedReadyAt: null,
                detach: () => signal?.removeEventListener('abort', onAbort),
            };
            signal?.addEventListener('abort', onAbort, { once: true });
            this.waiters.push(waiter);
            this.wake();
        });
    }
    pauseUntil(epochMs) {
        if (epochMs > this.pausedUntil)
            this.pausedUntil = epochMs;
    }
    enqueueTicket(lane, expectedCalls, onQueue, oneShot) {
        const state = {
            lane,
            expectedCalls: Math.max(1, expectedCalls),
            known: oneShot,
            granted: 0,
            admitted: false,
            closed: false,
            onQueue,
            reported: null,
            oneShot,
        };
        if (!this.lanes.has(lane)) {
            this.lanes.set(lane, []);
            this.laneOrder.push(lane);
        }
        this.lanes.get(lane).push(state);
        return state;
    }
    closeTicket(state) {
        if (state.closed)
            return;
        state.closed = true;
        if (state.admitted && state.granted > 0 && !state.oneShot) {
            this.finishedFetches += 1;
            this.finishedCalls += state.granted;
        }
        const lane = this.lanes.get(state.lane);
        const index = lane?.indexOf(state) ?? -1;
        if (lane && index >= 0)
            lane.splice(index, 1);
        if (this.active === state)
            this.active = null;
        this.wake();
    }
    /** Something changed (a waiter, a ticket): the pump re-decides, now. */
    wake() {
        if (this.pumping)
            this.pumpSleep?.abort();
        else
            void this.pump();
    }
    /** Admits the next fetch, round-robin across lanes, when none is admitted. */
    admitNext() {
        if (this.active !== null || this.laneOrder.length === 0)
            return;
        for (let step = 0; step < this.laneOrder.length; step++) {
            const index = (this.nextLane + step) % this.laneOrder.length;
            const lane = this.lanes.get(this.laneOrder[index]);
            const next = lane.shift();
            if (next === undefined)
                continue;
            next.admitted = true;
            this.active = next;
            this.nextLane = (index + 1) % this.laneOrder.length;
            return;
        }
    }
    /**
     * Grants slots to the admitted fetch's calls. Only one caller ever sleeps
     * (for the window), so there is one timer however many wait. With nothing
     * to grant (the admitted fetch's call is in flight), the pump stops until
     * a new call or a closed ticket wakes it.
     */
    async pump() {
        if (this.pumping)
            return;
        this.pumping = true;
        try {
            for (;;) {
                this.admitNext();
                const now = this.clock.now();
                this.reportQueue(now);
                const head = this.waiters.find((w) => w.ticket === this.active);
                if (head === undefined)
                    break;
                const readyAt = this.nextSlotAfter(this.grants, now);
                if (readyAt <= now) {
                    this.waiters.splice(this.waiters.indexOf(head), 1);
                    this.grants.push(now);
                    if (this.grants.length > this.limit)
                        this.grants.shift();
                    head.ticket.granted += 1;
                    if (head.ticket.oneShot)
                        this.closeTicket(head.ticket);
                    head.detach();
                    head.resolve();
                    continue;
                }
                this.reportWaits(now);
                this.pumpSleep = new AbortController();
                try {
                    await this.clock.sleep(readyAt - now, this.pumpSleep.signal);
                }
                catch {
                    // Woken early: something changed; the loop looks again.
                }
                finally {
                    this.pumpSleep = null;
                }
            }
        }
        finally {
            this.pumping = false;
        }
    }
    /** Earliest start for the next call, given the grants so far. */
    nextSlotAfter(grants, now) {
        let readyAt = Math.max(now, this.pausedUntil);
        if (grants.length >= this.limit) {
            readyAt = Math.max(readyAt, grants[grants.length - this.limit] + this.windowMs);
        }
        return readyAt;
    }
    /** Tells each waiting caller when its call is expected to start, from the plan of the line. */
    reportWaits(now) {
        if (!this.waiters.some((w) => w.onWait))
            return;
        const plan = this.plan(now);
        for (const waiter of this.waiters) {
            // A fetch still in line hears its place (onQueue); "waiting for the rate limit" is for the one being served.
            if (!waiter.onWait || !(waiter.ticket.admitted || waiter.ticket.oneShot))
                continue;
            const readyAt = plan.find((entry) => entry.ticket === waiter.ticket)?.startsAt;
            if (readyAt === undefined || readyAt <= now)
                continue;
            const previous = waiter.reportedReadyAt;
            if (previous !== null && Math.abs(previous - readyAt) < REPORT_STEP_MS)
                continue;
            waiter.reportedReadyAt = readyAt;
            try {
                waiter.onWait(readyAt - now);
            }
            catch {
                // A broken progress display must not stall the queue.
            }
        }
    }
    /**
     * The line as it will be served: the admitted fetch first, then the waiting
     * ones in round-robin order, each with the simulated start of its first and
     * last expected call.
     */
    plan(now) {
        const simulated = [...this.grants];
        const grant = () => {
            const at = this.nextSlotAfter(simulated, now);
            simulated.push(at);
            if (simulated.length > this.limit)
                simulated.shift();
            return at;
        };
        const order = [];
        if (this.active !== null)
            order.push(this.active);
        const lanes = this.laneOrder.map((lane) => [...(this.lanes.get(lane) ?? [])]);
        let index = this.nextLane;
        let remaining = lanes.reduce((sum, lane) => sum + lane.length, 0);
        while (remaining > 0) {
            const lane = lanes[index % lanes.length];
            const next = lane.shift();
            if (next !== undefined) {
                order.push(next);
                remaining -= 1;
            }
            index += 1;
        }
        // A fetch that has not said its size is estimated by the average of those already done (never above its bound).
        const typical = this.finishedFetches > 0 ? Math.ceil(this.finishedCalls / this.finishedFetches) : Infinity;
        return order.map((ticket) => {
            const expected = ticket.known ? ticket.expectedCalls : Math.min(ticket.expectedCalls, typical);
            const calls = Math.max(1, expected - ticket.granted);
            const startsAt = grant();
            let doneAt = startsAt;
            for (let i = 1; i < calls; i++)
                doneAt = grant();
            return { ticket, startsAt, doneAt };
        });
    }
    /** Tells each waiting fetch its place in line and when it should be done, when either moved. */
    reportQueue(now) {
        const waiting = this.laneOrder.reduce((sum, lane) => sum + (this.lanes.get(lane)?.length ?? 0), 0);
        if (waiting === 0)
            return;
        if (!this.laneOrder.some((lane) => this.lanes.get(lane)?.some((t) => t.onQueue)))
            return;
        const plan = this.plan(now).filter((entry) => !entry.ticket.admitted);
        plan.forEach(({ ticket, doneAt }, i) => {
            if (!ticket.onQueue)
                return;
            const status = { position: i + 1, waiting, doneInMs: Math.max(0, doneAt - now) };
            const last = ticket.reported;
            if (last !== null &&
                last.position === status.position &&
                Math.abs(last.doneInMs - status.doneInMs) < QUEUE_REPORT_STEP_MS)
                return;
            ticket.reported = status;
            try {
                ticket.onQueue(status);
            }
            catch {
                // A broken progress display must not stall the queue.
            }
        });
    }
}
//# sourceMappingURL=rate-limiter.js.map