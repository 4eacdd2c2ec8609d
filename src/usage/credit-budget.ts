import { UserFacingError } from '../errors.js';
import type { Logger } from '../logger.js';
import { formatInteger, formatUtcDateTime, plural } from '../reports/format.js';
import type { GuildRepository, MonthUsage } from '../storage/guilds.js';
import type { SpendGuard, SpendReservation } from '../tiktok/catalog-service.js';
import type { FetchSpend } from '../tiktok/scavio-client.js';
import { nextMonthStart, usageMonth } from './month.js';

/**
 * The monthly credit budget of each server, enforced where every new fetch
 * starts (CatalogService asks this guard), and the bookkeeping of what each
 * fetch cost. Commands queue their fetches in the lane of their server (the
 * guild id); other lanes ('weekly', the CLI's) are not a server's and only
 * update the key's balance.
 *
 * A fetch is refused when what the server already spent this month, plus what
 * its fetches in flight may still spend, plus this fetch's largest possible
 * cost would pass the budget. The largest cost is the estimate (a profile call
 * and a page per 30 videos asked for); an account with fewer videos costs less,
 * and only what was really spent is recorded.
 */

/** Discord ids are snowflakes; lanes that are not ('weekly', 'default') belong to no server. */
const GUILD_ID = /^\d{15,21}$/;

export function isGuildLane(lane: string): boolean {
  return GUILD_ID.test(lane);
}

export interface CreditBudgetOptions {
  guilds: GuildRepository;
  now: () => Date;
  logger?: Logger;
}

export class CreditBudget implements SpendGuard {
  /** Credits fetches in flight may still spend (their estimates), per server. */
  private readonly held = new Map<string, number>();
  /** Spends of finished fetches whose usage write is still on its way, per server and month. */
  private readonly unwritten = new Map<string, MonthUsage>();
  /** Usage writes on their way. */
  private readonly writes = new Set<Promise<void>>();
  /** The key's balance as the latest finished fetch reported it: known before its write lands. */
  private latestKeyCredits: { remaining: number; at: string } | null = null;

  constructor(private readonly options: CreditBudgetOptions) {}

  check(lane: string, credits: number): void {
    if (!isGuildLane(lane)) return;
    const budget = this.options.guilds.settings(lane).monthlyCreditBudget;
    if (budget === undefined) return;
    const now = this.options.now();
    const used = this.usage(lane, usageMonth(now)).credits;
    const held = this.held.get(lane) ?? 0;
    if (used + held + credits <= budget) return;
    throw budgetRefusal({ budget, used, held, credits, resetsAt: nextMonthStart(now) });
  }

  reserve(lane: string, credits: number): SpendReservation {
    this.check(lane, credits);
    const guildId = isGuildLane(lane) ? lane : null;
    this.hold(guildId, credits);
    let settled = false;
    return {
      settle: (spent: FetchSpend) => {
        if (settled) return;
        settled = true;
        this.hold(guildId, -credits);
        const at = this.options.now();
        // What was really spent counts at once; the store has it only once its write is on disk.
        const key = guildId === null ? null : `${guildId}|${usageMonth(at)}`;
        if (key !== null) this.addUnwritten(key, 1, spent);
        if (spent.creditsRemaining !== null)
          this.latestKeyCredits = { remaining: spent.creditsRemaining, at: at.toISOString() };
        const write = this.options.guilds
          .recordSpend(guildId, spent, at)
          .catch((error: unknown) =>
            this.options.logger?.error('usage.record-failed', { guild: guildId, calls: spent.calls, error }),
          )
          .finally(() => {
            if (key !== null) this.addUnwritten(key, -1, spent);
            this.writes.delete(write);
          });
        this.writes.add(write);
      },
    };
  }

  /** What `guildId` spent in `month`: the stored usage plus spends whose write has not landed yet. */
  usage(guildId: string, month: string): MonthUsage {
    const stored = this.options.guilds.usage(guildId, month);
    const pending = this.unwritten.get(`${guildId}|${month}`);
    if (!pending) return stored;
    return {
      fetches: stored.fetches + pending.fetches,
      calls: stored.calls + pending.calls,
      credits: stored.credits + pending.credits,
    };
  }

  /** The key's latest reported balance: the newest fetch's, else the store's (from before a restart). */
  keyCredits(): { remaining: number; at: string } | null {
    return this.latestKeyCredits ?? this.options.guilds.keyCredits();
  }

  /** Resolves once every usage write started so far has landed (or failed and been logged). */
  async settled(): Promise<void> {
    while (this.writes.size > 0) await Promise.all([...this.writes]);
  }

  /** Credits held right now for `guildId` (tests; /retention usage shows them as "in progress"). */
  heldFor(guildId: string): number {
    return this.held.get(guildId) ?? 0;
  }

  private addUnwritten(key: string, sign: 1 | -1, spent: FetchSpend): void {
    const before = this.unwritten.get(key) ?? { fetches: 0, calls: 0, credits: 0 };
    const after = {
      fetches: before.fetches + sign,
      calls: before.calls + sign * spent.calls,
      credits: before.credits + sign * spent.credits,
    };
    if (after.fetches <= 0) this.unwritten.delete(key);
    else this.unwritten.set(key, after);
  }

  private hold(guildId: string | null, delta: number): void {
    if (guildId === null || delta === 0) return;
    const next = (this.held.get(guildId) ?? 0) + delta;
    if (next <= 0) this.held.delete(guildId);
    else this.held.set(guildId, next);
  }
}

export interface BudgetRefusalFacts {
  budget: number;
  used: number;
  /** Credits fetches in flight for this server may still spend. */
  held: number;
  /** This fetch's largest possible cost. */
  credits: number;
  resetsAt: Date;
}

/** The refusal a member sees: what the budget is, what is used, what this would cost, and when it resets. */
export function budgetRefusal(facts: BudgetRefusalFacts): UserFacingError {
  const left = Math.max(0, facts.budget - facts.used - facts.held);
  const inFlight = facts.held > 0 ? ` (${formatInteger(facts.held)} more held by fetches in progress)` : '';
  return new UserFacingError(
    `This server's monthly budget is ${plural(facts.budget, 'credit')} and ${formatInteger(facts.used)} are used this month${inFlight}, ` +
      `so ${formatInteger(left)} are left; this request could cost up to ${plural(facts.credits, 'credit')}, so it was not sent. ` +
      `The budget resets on ${formatUtcDateTime(facts.resetsAt.toISOString())}. ` +
      'Ask for fewer videos (max_videos), use a report that is still cached, or ask a server admin to raise the budget with `/retention settings monthly_credit_budget`.',
    'budget.exceeded',
  );
}
