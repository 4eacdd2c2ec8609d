import { afterEach, describe, expect, it } from 'vitest';
import { UserFacingError } from '../../src/errors.js';
import { GuildRepository } from '../../src/storage/guilds.js';
import { estimatedCredits } from '../../src/tiktok/catalog-service.js';
import { callsFor } from '../../src/tiktok/scavio-client.js';
import { CreditBudget, isGuildLane } from '../../src/usage/credit-budget.js';
import { nextMonthStart, usageMonth } from '../../src/usage/month.js';
import { syntheticAwemes } from '../support/fake-scavio.js';
import { startScavioHarness, type ScavioHarness } from '../support/scavio-harness.js';
import { useTempDirs } from '../storage/temp-dir.js';

const newDir = useTempDirs();
const GUILD = '333333333333333333';
const OTHER_GUILD = '444444444444444444';

let harness: ScavioHarness | undefined;
let guilds: GuildRepository | undefined;
afterEach(async () => {
  await harness?.close();
  await guilds?.close();
  harness = undefined;
  guilds = undefined;
});

/** The real catalog service against the fake Scavio, with a CreditBudget on real storage; chefmaya has 75 videos. */
async function start(budget: number | undefined) {
  guilds = await GuildRepository.open(await newDir());
  const repo = guilds;
  if (budget !== undefined)
    await repo.updateSettings(GUILD, { monthlyCreditBudget: budget }, { userId: '1', at: new Date() });
  let credit: CreditBudget | undefined;
  harness = await startScavioHarness({
    accounts: [
      { username: 'chefmaya', videos: syntheticAwemes(75, 'chefmaya') },
      { username: 'other', videos: syntheticAwemes(20, 'other') },
    ],
    spendGuard: (clock) => (credit = new CreditBudget({ guilds: repo, now: () => new Date(clock.now()) })),
  });
  return { h: harness, guilds: repo, budget: credit! };
}

/** Lets the usage writes that follow fetches land. */
async function settled(budget: CreditBudget, guildId: string): Promise<void> {
  await budget.settled();
  expect(budget.heldFor(guildId)).toBe(0);
}

async function refusal(promise: Promise<unknown>): Promise<UserFacingError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof UserFacingError)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
}

describe('the monthly credit budget of a server', () => {
  it('estimates a fetch from max_videos as Scavio charges it: a profile call and a page per 30 videos', () => {
    expect(estimatedCredits(75)).toBe(4);
    expect(estimatedCredits(300)).toBe(callsFor(300));
    expect(estimatedCredits(300)).toBe(11);
    expect(isGuildLane(GUILD)).toBe(true);
    expect(isGuildLane('weekly')).toBe(false);
    expect(isGuildLane('default')).toBe(false);
  });

  it('records what each fetch really cost and refuses, before any call, one that could pass the budget', async () => {
    const { h, guilds, budget } = await start(6);
    const month = usageMonth(new Date(h.clock.now()));
    await h.service.fetchCatalog('chefmaya', { maxVideos: 75, lane: GUILD });
    // Counted as soon as the fetch ends, before its usage write has landed.
    expect(budget.usage(GUILD, month)).toEqual({ fetches: 1, calls: 4, credits: 4 });
    // And so is the key's balance (what /retention usage shows), the write still on its way.
    expect(budget.keyCredits()?.remaining).toBe(h.fake.credits.remaining);
    await settled(budget, GUILD);
    expect(h.fake.requests).toHaveLength(4);
    expect(guilds.usage(GUILD, month)).toEqual({ fetches: 1, calls: 4, credits: 4 });
    expect(guilds.keyCredits()?.remaining).toBe(h.fake.credits.remaining);

    // 4 used + up to 4 more > 6: refused, and the fake Scavio saw nothing.
    const error = await refusal(h.service.fetchCatalog('other', { maxVideos: 75, lane: GUILD }));
    expect(error.code).toBe('budget.exceeded');
    expect(() => h.service.checkRoom('other', { maxVideos: 75, lane: GUILD })).toThrow(UserFacingError);
    expect(h.fake.requests).toHaveLength(4);
    const resets = nextMonthStart(new Date(h.clock.now())).toISOString().slice(0, 10);
    expect(error.message).toContain(`${resets} 00:00 UTC`);
    expect(error.message).toContain('budget is 6 credits and 4 are used this month');
    expect(error.message).toContain('could cost up to 4 credits');

    // Fewer videos fit (4 + 2 = 6); a cache hit costs nothing and is never refused.
    const small = await h.service.fetchCatalog('other', { maxVideos: 30, lane: GUILD });
    await settled(budget, GUILD);
    expect(small.source.calls).toBe(2);
    expect(guilds.usage(GUILD, month)).toEqual({ fetches: 2, calls: 6, credits: 6 });
    const cached = await h.service.fetchCatalog('chefmaya', { maxVideos: 75, lane: GUILD });
    expect(cached.source.fromCache).toBe(true);
    expect(h.fake.requests).toHaveLength(6);

    // Another server, and the weekly lane, have budgets of their own (none here).
    await h.service.fetchCatalog('other', { maxVideos: 75, lane: OTHER_GUILD, refresh: true });
    await h.service.fetchCatalog('other', { maxVideos: 60, lane: 'weekly' });
    await settled(budget, OTHER_GUILD);
    expect(guilds.usage(OTHER_GUILD, month)).toEqual({ fetches: 1, calls: 2, credits: 2 });
    expect(guilds.usage(GUILD, month).credits).toBe(6);
  });

  it('counts fetches in flight: two at once cannot both pass the budget', async () => {
    const { h, budget } = await start(6);
    const first = h.service.fetchCatalog('chefmaya', { maxVideos: 75, lane: GUILD });
    expect(budget.heldFor(GUILD)).toBe(4);
    const error = await refusal(h.service.fetchCatalog('other', { maxVideos: 75, lane: GUILD }));
    expect(error.message).toContain('4 more held by fetches in progress');
    // Joining the fetch in flight costs nothing and is not refused.
    const joined = h.service.fetchCatalog('chefmaya', { maxVideos: 75, lane: GUILD });
    const [a, b] = await Promise.all([first, joined]);
    expect(a).toBe(b);
    await settled(budget, GUILD);
    expect(budget.heldFor(GUILD)).toBe(0);
    expect(h.fake.requests).toHaveLength(4);
  });

  it('records the calls of a fetch that failed, and resets with the calendar month (UTC)', async () => {
    const { h, guilds, budget } = await start(5);
    const month = usageMonth(new Date(h.clock.now()));
    const unknown = await refusal(h.service.fetchCatalog('nobody_here', { maxVideos: 30, lane: GUILD }));
    expect(unknown.code).toBe('scavio.unknown_account');
    await settled(budget, GUILD);
    const afterFailure = guilds.usage(GUILD, month);
    expect(afterFailure.fetches).toBe(1);
    expect(afterFailure.calls).toBe(h.fake.requests.length);
    expect(afterFailure.calls).toBeGreaterThan(0);

    await h.service.fetchCatalog('chefmaya', { maxVideos: 75, lane: GUILD }).catch(() => undefined);
    await settled(budget, GUILD);
    const used = guilds.usage(GUILD, month).credits;
    expect(() => h.service.checkRoom('other', { maxVideos: 75, lane: GUILD })).toThrow(/budget/);

    h.clock.advance(nextMonthStart(new Date(h.clock.now())).getTime() - h.clock.now());
    expect(usageMonth(new Date(h.clock.now()))).not.toBe(month);
    const fresh = await h.service.fetchCatalog('other', { maxVideos: 75, lane: GUILD });
    expect(fresh.source.fromCache).toBe(false);
    expect(guilds.usage(GUILD, month).credits).toBe(used);
  });

  it('refuses nothing for a server without a budget', async () => {
    const { h } = await start(undefined);
    await h.service.fetchCatalog('chefmaya', { maxVideos: 75, lane: GUILD });
    await h.service.fetchCatalog('other', { maxVideos: 75, lane: GUILD });
    expect(h.fake.requests).toHaveLength(6);
  });
});
