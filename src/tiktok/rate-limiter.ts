import { abortReason } from './abort-reason.js';
import { systemClock, type Clock } from './clock.js';

/**
 * Client-side rate limiting for a provider that allows `limit` calls per
 * `windowMs` (Scavio: 5-10 a minute) and answers 429 past that, shared by the
 * whole process (commands, weekly runs), and fair between the people waiting.
 *
 * Timing: a sliding window over the start times of granted calls: a call may
 * start when fewer than `limit` calls started in the last `windowMs`. That is
 * never more than a fixed-window server allows either, and unlike even
 * spacing it lets a small catalog (3 calls) go out at once.
 *
 * Order: the limiter admits whole fetches, not single calls. A fetch opens a
 * ticket in a lane (a Discord server, the weekly runs, the CLI); one fetch at
 * a time is admitted, and every call of the admitted fetch goes before any
 * other fetch's first call, so a started fetch finishes instead of waiting
 * behind every newcomer's profile call (with call-level FIFO, 200 users at 5
 * calls a minute all waited 40 minutes for their second call). The next fetch
 * is taken round-robin across lanes, first come first served within a lane,
 * so one busy server cannot starve another. Calls made at the window's pace
 * one after another lose nothing: the window counts starts, and a call takes
 * milliseconds next to the 12 s between two calls at 5 a minute.
 *
 * Each ticket hears its place in line and the estimated time until its fetch
 * is done (from the calls expected of the fetches ahead), refreshed as the
 * line moves. A 429 from the server (`pauseUntil`) holds everyone back.
 */
export interface RateLimiter {
  /** Resolves when the caller may make one call (the slot is counted at once). */
  acquire(options?: AcquireOptions): Promise<void>;
  /** Holds every caller until `epochMs` (the server said "retry after"). */
  pauseUntil(epochMs: number): void;
  /** Puts a fetch in line; its calls pass `ticket` to acquire. Close it when the fetch ends, however it ends. */
  openFetch(options: OpenFetchOptions): FetchTicket;
  /** Fetches waiting (not yet admitted) in a lane: what a per-server cap compares with. */
  waitingIn(lane: string): number;
  /** Expected time until the first fetch waiting in `lane` is admitted (0 when none waits). */
  laneWaitMs(lane: string): number;
  /** Callers waiting for a slot right now. */
  readonly queued: number;
}

export interface AcquireOptions {
  /** Gives up waiting (rejects with the signal's reason); the slot is not taken. */
  signal?: AbortSignal;
  /**
   * Told how long this caller is expected to wait, when it has to wait at all,
   * and again when that estimate moves by a second or more (a 429 pause, a
   * caller ahead giving up). For progress displays.
   */
  onWait?: (waitMs: number) => void;
  /** The fetch this call belongs to; without one the call is a fetch of its own in the default lane. */
  ticket?: FetchTicket;
}

export interface OpenFetchOptions {
  /** Who the fetch is for: a guild id, 'weekly', 'cli'. Lanes are served round-robin. */
  lane: string;
  /** Calls the fetch is expected to make (an upper bound is fine); refined through the ticket. */
  expectedCalls: number;
  /** Place in line and estimated wait, while the fetch waits to be admitted. */
  onQueue?: (status: QueueStatus) => void;
}

export interface QueueStatus {
  /** 1 = next in line. */
  position: number;
  /** Fetches waiting in all (this one included). */
  waiting: number;
  /** Estimated time until this fetch's last expected call starts. */
  doneInMs: number;
}

export interface FetchTicket {
  readonly lane: string;
  /** Calls still expected of this fetch (the client lowers it once it knows the account's video count). */
  expectCalls(total: number): void;
  /** Ends the fetch: the next one is admitted. Safe to call twice. */
  close(): void;
}

export interface SlidingWindowOptions {
  /** Calls allowed per window. */
  limit: number;
  /** Window length; 60 000 for "per minute". */
  windowMs?: number;
  /**
   * Extra gap added to the window, because the server counts arrival times and
   * network delay can bring two of our calls closer together than we sent them.
   */
  marginMs?: number;
  clock?: Clock;
}

export const DEFAULT_LANE = 'default';

interface TicketState {
  readonly lane: string;
  expectedCalls: number;
  /** Whether expectedCalls is the fetch's own count (after its profile) rather than the upper bound it opened with. */
  known: boolean;
  granted: number;
  admitted: boolean;
  closed: boolean;
  onQueue: ((status: QueueStatus) => void) | undefined;
  reported: QueueStatus | null;
  /** Closed automatically after one grant: an acquire without a ticket. */
  readonly oneShot: boolean;
}

interface Waiter {
  ticket: TicketState;
  resolve: () => void;
  reject: (reason: unknown) => void;
  onWait: ((waitMs: number) => void) | undefined;
  /** Absolute time last reported to onWait, to report only real changes. */
  reportedReadyAt: number | null;
  detach: () => void;
}

/** Estimates that move by less than this are not reported again. */
const REPORT_STEP_MS = 1_000;
/** A queue estimate is re-sent when it moves by this much (or the place in line changes). */
const QUEUE_REPORT_STEP_MS = 15_000;

const handles = new WeakMap<FetchTicket, TicketState>();

export class SlidingWindowRateLimiter implements RateLimiter {
  readonly limit: number;
  readonly windowMs: number;
  private readonly clock: Clock;
  private readonly waiters: Waiter[] = [];
  /** Start times of the most recent grants, oldest first, at most `limit`. */
  private readonly grants: number[] = [];
  /** Lanes in the order they first appeared; the round-robin goes through them in this order. */
  private readonly laneOrder: string[] = [];
  private readonly lanes = new Map<string, TicketState[]>();
  private nextLane = 0;
  private active: TicketState | null = null;
  private pausedUntil = 0;
  /** Fetches finished here and the calls they made: the estimate of a fetch whose size is not known yet. */
  private finishedFetches = 0;
  private finishedCalls = 0;
  private pumping = false;
  /** Aborts the pump's sleep when what it waits for changed. */
  private pumpSleep: AbortController | null = null;

  constructor(options: SlidingWindowOptions) {
    if (!Number.isInteger(options.limit) || options.limit < 1) throw new RangeError('limit must be a positive integer');
    this.limit = options.limit;
    this.windowMs = (options.windowMs ?? 60_000) + (options.marginMs ?? 0);
    this.clock = options.clock ?? systemClock;
  }

  get queued(): number {
    return this.waiters.length;
  }

  openFetch(options: OpenFetchOptions): FetchTicket {
    const state = this.enqueueTicket(options.lane, options.expectedCalls, options.onQueue, false);
    const ticket: FetchTicket = {
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

  waitingIn(lane: string): number {
    return this.lanes.get(lane)?.length ?? 0;
  }

  laneWaitMs(lane: string): number {
    const now = this.clock.now();
    const head = this.lanes.get(lane)?.[0];
    if (head === undefined) return 0;
    const plan = this.plan(now);
    const ahead = plan.find((entry) => entry.ticket === head);
    return ahead === undefined ? 0 : Math.max(0, ahead.startsAt - now);
  }

  acquire(options: AcquireOptions = {}): Promise<void> {
    const { signal, onWait } = options;
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    const known = options.ticket === undefined ? undefined : handles.get(options.ticket);
    if (known?.closed) return Promise.reject(new Error('acquire on a closed fetch ticket'));
    const ticket = known ?? this.enqueueTicket(DEFAULT_LANE, 1, undefined, true);
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) this.waiters.splice(index, 1);
        if (ticket.oneShot) this.closeTicket(ticket);
        this.wake();
        reject(abortReason(signal!));
      };
      const waiter: Waiter = {
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

  pauseUntil(epochMs: number): void {
    if (epochMs > this.pausedUntil) this.pausedUntil = epochMs;
  }

  private enqueueTicket(
    lane: string,
    expectedCalls: number,
    onQueue: ((status: QueueStatus) => void) | undefined,
    oneShot: boolean,
  ): TicketState {
    const state: TicketState = {
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
    this.lanes.get(lane)!.push(state);
    return state;
  }

  private closeTicket(state: TicketState): void {
    if (state.closed) return;
    state.closed = true;
    if (state.admitted && state.granted > 0 && !state.oneShot) {
      this.finishedFetches += 1;
      this.finishedCalls += state.granted;
    }
    const lane = this.lanes.get(state.lane);
    const index = lane?.indexOf(state) ?? -1;
    if (lane && index >= 0) lane.splice(index, 1);
    if (this.active === state) this.active = null;
    this.wake();
  }

  /** Something changed (a waiter, a ticket): the pump re-decides, now. */
  private wake(): void {
    if (this.pumping) this.pumpSleep?.abort();
    else void this.pump();
  }

  /** Admits the next fetch, round-robin across lanes, when none is admitted. */
  private admitNext(): void {
    if (this.active !== null || this.laneOrder.length === 0) return;
    for (let step = 0; step < this.laneOrder.length; step++) {
      const index = (this.nextLane + step) % this.laneOrder.length;
      const lane = this.lanes.get(this.laneOrder[index]!)!;
      const next = lane.shift();
      if (next === undefined) continue;
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
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (;;) {
        this.admitNext();
        const now = this.clock.now();
        this.reportQueue(now);
        const head = this.waiters.find((w) => w.ticket === this.active);
        if (head === undefined) break;
        const readyAt = this.nextSlotAfter(this.grants, now);
        if (readyAt <= now) {
          this.waiters.splice(this.waiters.indexOf(head), 1);
          this.grants.push(now);
          if (this.grants.length > this.limit) this.grants.shift();
          head.ticket.granted += 1;
          if (head.ticket.oneShot) this.closeTicket(head.ticket);
          head.detach();
          head.resolve();
          continue;
        }
        this.reportWaits(now);
        this.pumpSleep = new AbortController();
        try {
          await this.clock.sleep(readyAt - now, this.pumpSleep.signal);
        } catch {
          // Woken early: something changed; the loop looks again.
        } finally {
          this.pumpSleep = null;
        }
      }
    } finally {
      this.pumping = false;
    }
  }

  /** Earliest start for the next call, given the grants so far. */
  private nextSlotAfter(grants: readonly number[], now: number): number {
    let readyAt = Math.max(now, this.pausedUntil);
    if (grants.length >= this.limit) {
      readyAt = Math.max(readyAt, grants[grants.length - this.limit]! + this.windowMs);
    }
    return readyAt;
  }

  /** Tells each waiting caller when its call is expected to start, from the plan of the line. */
  private reportWaits(now: number): void {
    if (!this.waiters.some((w) => w.onWait)) return;
    const plan = this.plan(now);
    for (const waiter of this.waiters) {
      // A fetch still in line hears its place (onQueue); "waiting for the rate limit" is for the one being served.
      if (!waiter.onWait || !(waiter.ticket.admitted || waiter.ticket.oneShot)) continue;
      const readyAt = plan.find((entry) => entry.ticket === waiter.ticket)?.startsAt;
      if (readyAt === undefined || readyAt <= now) continue;
      const previous = waiter.reportedReadyAt;
      if (previous !== null && Math.abs(previous - readyAt) < REPORT_STEP_MS) continue;
      waiter.reportedReadyAt = readyAt;
      try {
        waiter.onWait(readyAt - now);
      } catch {
        // A broken progress display must not stall the queue.
      }
    }
  }

  /**
   * The line as it will be served: the admitted fetch first, then the waiting
   * ones in round-robin order, each with the simulated start of its first and
   * last expected call.
   */
  private plan(now: number): { ticket: TicketState; startsAt: number; doneAt: number }[] {
    const simulated = [...this.grants];
    const grant = (): number => {
      const at = this.nextSlotAfter(simulated, now);
      simulated.push(at);
      if (simulated.length > this.limit) simulated.shift();
      return at;
    };
    const order: TicketState[] = [];
    if (this.active !== null) order.push(this.active);
    const lanes = this.laneOrder.map((lane) => [...(this.lanes.get(lane) ?? [])]);
    let index = this.nextLane;
    let remaining = lanes.reduce((sum, lane) => sum + lane.length, 0);
    while (remaining > 0) {
      const lane = lanes[index % lanes.length]!;
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
      for (let i = 1; i < calls; i++) doneAt = grant();
      return { ticket, startsAt, doneAt };
    });
  }

  /** Tells each waiting fetch its place in line and when it should be done, when either moved. */
  private reportQueue(now: number): void {
    const waiting = this.laneOrder.reduce((sum, lane) => sum + (this.lanes.get(lane)?.length ?? 0), 0);
    if (waiting === 0) return;
    if (!this.laneOrder.some((lane) => this.lanes.get(lane)?.some((t) => t.onQueue))) return;
    const plan = this.plan(now).filter((entry) => !entry.ticket.admitted);
    plan.forEach(({ ticket, doneAt }, i) => {
      if (!ticket.onQueue) return;
      const status: QueueStatus = { position: i + 1, waiting, doneInMs: Math.max(0, doneAt - now) };
      const last = ticket.reported;
      if (
        last !== null &&
        last.position === status.position &&
        Math.abs(last.doneInMs - status.doneInMs) < QUEUE_REPORT_STEP_MS
      )
        return;
      ticket.reported = status;
      try {
        ticket.onQueue(status);
      } catch {
        // A broken progress display must not stall the queue.
      }
    });
  }
}
