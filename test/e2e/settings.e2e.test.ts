import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureAccount } from '../support/scavio-harness.js';
import { completed, failed, isEphemeral, startBotHarness, type BotHarness } from './support/bot-harness.js';

/**
 * Server settings, timezone autocomplete, usage, the monthly credit budget,
 * help and the requester's locale, end to end: the real bot (main()) against
 * the Discord emulator and the fake Scavio, which reports credits on every
 * answer. One bot for the whole file; the tests build on each other in order.
 */

/** 1234567 -> '1.234.567' written out by hand, to check the bot's German numbers independently of Intl. */
function germanInteger(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/gu, '.');
}

describe('/retention settings, usage, help and timezone autocomplete, end to end', () => {
  let h: BotHarness;
  let guildId: string;
  const admin = { username: 'admin' };
  const member = { username: 'member' };
  const notAdmin = { user: member, memberPermissions: ['SendMessages', 'ViewChannel'] as const };

  beforeAll(async () => {
    h = await startBotHarness({
      accounts: [fixtureAccount('clean-60', 'chefmaya'), fixtureAccount('edge-240', 'rivalchef')],
    });
    guildId = h.emulator.guildId;
  });

  afterAll(async () => {
    await h?.stop();
  });

  const run = async (subcommand: string, options = {}, extra = {}) =>
    h.outcome((await h.command(subcommand, options, { user: admin, ...extra })).id);

  it('shows the bot defaults to anyone who asks, privately', async () => {
    const { message } = completed(await run('settings', {}, { user: member, memberPermissions: ['SendMessages'] }));
    expect(isEphemeral(message)).toBe(true);
    expect(message.content).toContain('`timezone`: UTC _(bot default)_');
    expect(message.content).toContain('`monthly_credit_budget`: none (no limit for this server) _(bot default)_');
  });

  it('refuses a change from a member without Manage Server, and names every bad value; nothing is saved', async () => {
    const refused = failed(
      await run(
        'settings',
        { timezone: 'Europe/Berlin' },
        { user: notAdmin.user, memberPermissions: [...notAdmin.memberPermissions] },
      ),
    );
    expect(refused.reply.content).toContain(
      'Changing this server\u2019s settings needs the **Manage Server** permission',
    );

    const typo = failed(await run('settings', { timezone: 'Europe/Berlni', min_age_days: 2, reset: 'min_age_days' }));
    expect(typo.reply.content).toContain('Nothing was changed');
    expect(typo.reply.content).toContain('"Europe/Berlni" is not an IANA time zone. Did you mean `Europe/Berlin`');
    expect(typo.reply.content).toContain('`min_age_days` is both set and reset: choose one.');
    expect(h.bot.context.store.guilds.settings(guildId)).toEqual({});
  });

  it('saves the settings, shows them back to the channel in the requester\u2019s locale', async () => {
    const { message } = completed(
      await run(
        'settings',
        { timezone: 'Europe/Berlin', min_age_days: 2, monthly_credit_budget: 1500 },
        { locale: 'de' },
      ),
    );
    expect(isEphemeral(message)).toBe(false);
    expect(message.content).toContain('`timezone`: **Europe/Berlin**');
    expect(message.content).toContain('`min_age_days`: **2**');
    expect(message.content).toContain('`monthly_credit_budget`: **1.500 credits a month**');
    expect(message.content).toContain('(Europe/Berlin).');
    expect(h.bot.context.store.guilds.settings(guildId)).toEqual({
      timeZone: 'Europe/Berlin',
      minAgeDays: 2,
      monthlyCreditBudget: 1500,
    });
  });

  it('suggests IANA zones as a timezone is typed, the server\u2019s default first, in every command', async () => {
    const empty = await h.autocomplete('analyze', 'timezone', '', { options: { username: 'chefmaya' } });
    expect(empty.choices[0]).toEqual({ name: 'Europe/Berlin (this server\u2019s default)', value: 'Europe/Berlin' });
    expect(empty.choices).toHaveLength(25);
    expect(h.emulator.interaction(empty.id)?.callbackType).toBe(8);

    const york = await h.autocomplete('subscribe', 'timezone', 'new y');
    expect(york.choices.map((c) => c.value)).toContain('America/New_York');
    expect(york.choices.map((c) => c.value)).not.toContain('Europe/Berlin');
    const tokyo = await h.autocomplete('settings', 'timezone', 'tok');
    // A part starting with it first (Tokyo), then names only containing it (Vostok, Vladivostok).
    expect(tokyo.choices.map((c) => c.value)).toEqual(['Asia/Tokyo', 'Antarctica/Vostok', 'Asia/Vladivostok']);
    const nothing = await h.autocomplete('settings', 'timezone', 'zzzzzzzz');
    expect(nothing.choices).toEqual([]);
    // Suggestions cost nothing.
    expect(h.scavio.requests).toHaveLength(0);
  });

  it('subscribe uses the server\u2019s time zone when none is given; its baseline fetch is counted in usage', async () => {
    const { message } = completed(await run('subscribe', { username: 'chefmaya' }));
    expect(message.content + JSON.stringify(message.embeds)).toContain('Europe/Berlin');
    const [subscription] = h.bot.context.store.subscriptions.listByGuild(guildId);
    expect(subscription?.timeZone).toBe('Europe/Berlin');

    const calls = h.scavio.requests.length;
    expect(calls).toBeGreaterThan(0);
    const usage = completed(await run('usage', {}, { locale: 'de' })).message.content;
    expect(usage).toContain(`1 new fetch: ${calls} API calls, ${calls} credits`);
    expect(usage).toContain(`**${germanInteger(1500 - calls)} left**; resets on 1. `);
    expect(usage).toContain(`**${germanInteger(h.scavio.credits.remaining)}**, as of `);
    expect(usage).toContain('(Europe/Berlin)');
    const english = completed(await run('usage')).message.content;
    expect(english).toContain(`**${(1500 - calls).toLocaleString('en-US')} left**; resets on `);
  });

  it('refuses, before any call, a fetch that could pass the budget, saying when it resets; cached reports still come', async () => {
    const used = h.bot.context.creditBudget!.usage(guildId, new Date().toISOString().slice(0, 7)).credits;
    expect(used).toBe(h.scavio.requests.length);
    completed(await run('settings', { monthly_credit_budget: used + 5 }));
    const before = h.scavio.requests.length;

    const refused = failed(await run('analyze', { username: 'rivalchef' }));
    expect(refused.reply.content).toContain(`budget is ${used + 5} credits and ${used} are used this month`);
    expect(refused.reply.content).toContain('could cost up to 11 credits');
    expect(refused.reply.content).toMatch(/resets on \d{4}-\d{2}-01 00:00 UTC/u);
    const exportRefused = failed(await run('export', { username: 'rivalchef' }));
    expect(exportRefused.reply.content).toContain('budget');
    expect(h.scavio.requests).toHaveLength(before);

    // chefmaya's catalog is in the cache from the subscription's baseline: free, so never refused.
    const cached = completed(await run('analyze', { username: 'chefmaya', timezone: 'Asia/Tokyo' }, { locale: 'de' }));
    const report = cached.message.embeds[0]!;
    expect(report.fields?.map((f) => f.name)).toContain('🕒 Posting time (Asia/Tokyo)');
    // Numbers in the requester's locale: German decimal commas.
    expect(report.description).toMatch(/Average video: \*\*\d+,\d{2}\s%\*\* engagement/u);
    const serverZone = completed(await run('analyze', { username: 'chefmaya' }));
    const english = serverZone.message.embeds[0]!;
    expect(english.fields?.map((f) => f.name)).toContain('🕒 Posting time (Europe/Berlin)');
    expect(english.description).toMatch(/Average video: \*\*\d+\.\d{2}%\*\* engagement/u);
    expect(h.scavio.requests).toHaveLength(before);
  });

  it('explains each command, its cost and the numbers, privately', async () => {
    const { message } = completed(await run('help'));
    expect(isEphemeral(message)).toBe(true);
    const text = JSON.stringify(message.embeds);
    expect(text).toContain('/retention analyze');
    expect(text).toContain('300 videos (the default) = 11 calls');
    expect(text).toContain('not watch-time retention');
  });

  it('keeps settings and usage across a restart', async () => {
    const usageBefore = completed(await run('usage')).message.content;
    await h.restartBot();
    const settings = completed(await run('settings')).message.content;
    expect(settings).toContain('`timezone`: **Europe/Berlin**');
    expect(settings).toContain('`min_age_days`: **2**');
    const usageAfter = completed(await run('usage')).message.content;
    const figures = (text: string) => text.split('\n').slice(1, 3).join('\n');
    expect(figures(usageAfter)).toBe(figures(usageBefore));
    const tz = await h.autocomplete('analyze', 'timezone', 'europe/b');
    expect(tz.choices[0]?.value).toBe('Europe/Berlin');
  });
});
