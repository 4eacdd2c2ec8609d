import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureAccount } from '../support/scavio-harness.js';
import { completed, startBotHarness, type BotHarness } from './support/bot-harness.js';
import { INTERACTION_CALLBACK_ROUTE } from './support/discord-records.js';

/**
 * The `username` autocomplete end to end: Discord (the emulator) asks the bot
 * while a member types (interaction type 4), the bot answers with this
 * server's subscriptions and recent accounts, most used first (callback 8),
 * and the recent accounts survive a restart.
 */

describe('username autocomplete, end to end', () => {
  let h: BotHarness;

  beforeAll(async () => {
    h = await startBotHarness({
      accounts: ['chef_a', 'chef_b', 'chef_c', 'chef_d', 'other_one'].map((name) => fixtureAccount('clean-60', name)),
    });
    // chef_a analysed twice, chef_b once, chef_d exported once (later), chef_c followed weekly, never analysed.
    for (const [subcommand, username] of [
      ['analyze', 'chef_a'],
      ['analyze', 'chef_a'],
      ['analyze', 'chef_b'],
      ['export', 'chef_d'],
      ['subscribe', 'chef_c'],
    ] as const) {
      const { id } = await h.command(subcommand, { username });
      completed(await h.outcome(id));
    }
  });

  afterAll(async () => {
    await h?.stop();
  });

  const choices = async (typed: string, subcommand = 'analyze') => {
    const { id } = await h.emulator.sendAutocomplete({
      commandName: 'retention',
      subcommand,
      focused: 'username',
      typed,
    });
    await h.emulator.waitForRequest((r) => r.route === INTERACTION_CALLBACK_ROUTE && r.params['interactionId'] === id, {
      timeoutMs: 5000,
    });
    const record = h.emulator.interaction(id);
    expect(record?.callbackType).toBe(8);
    return (record?.autocompleteChoices ?? []) as { name: string; value: string }[];
  };

  it('offers the most used first; a subscription counts as a use, and among equals the subscribed then the most recent lead', async () => {
    const offered = await choices('');
    expect(offered.map((c) => c.value)).toEqual(['chef_a', 'chef_c', 'chef_d', 'chef_b']);
    expect(offered[0]?.name).toBe('@chef_a · analysed 2×');
    expect(offered[1]?.name).toBe('@chef_c · weekly report');
  });

  it('filters by what is typed, in every subcommand with a username', async () => {
    expect((await choices('CHEF_B')).map((c) => c.value)).toEqual(['chef_b']);
    expect((await choices('@chef_', 'history')).map((c) => c.value)).toEqual(['chef_a', 'chef_c', 'chef_d', 'chef_b']);
    expect((await choices('https://www.tiktok.com/@chef_d', 'unsubscribe')).map((c) => c.value)).toEqual(['chef_d']);
    expect(await choices('nobody')).toEqual([]);
  });

  it('counts a new analysis at once and keeps the counts across a restart', async () => {
    const { id } = await h.command('analyze', { username: 'chef_b' });
    completed(await h.outcome(id));
    await h.restartBot();
    // chef_b now has 2 uses like chef_a, and is the more recent.
    expect((await choices('')).map((c) => c.value)).toEqual(['chef_b', 'chef_a', 'chef_c', 'chef_d']);
  });

  it('records no internal emulator errors', () => {
    expect(h.emulator.internalErrors).toEqual([]);
  });
});
