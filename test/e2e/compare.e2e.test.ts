import type { APIEmbed, APIMessage } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeVideos } from '../../src/analysis/analyze.js';
import { compareAnalyses } from '../../src/analysis/compare.js';
import { isPng } from '../../src/charts/png.js';
import { findLimitViolations } from '../../src/reports/discord-limits.js';
import { readCatalogFile } from '../../src/tiktok/file-source.js';
import { callsFor } from '../../src/tiktok/scavio-client.js';
import { SimulatedClock } from '../support/clocks.js';
import { catalogPath, fixtureRecords, type CatalogName } from '../support/fixtures.js';
import { fixtureAccount } from '../support/scavio-harness.js';
import { completed, failed, isEphemeral, startBotHarness, type BotHarness } from './support/bot-harness.js';
import { attachmentNamed, originalEdits } from './support/discord-records.js';

/**
 * /retention compare end to end: the real bot against the Discord emulator,
 * the fake Scavio and the fake QuickChart. Two uncached accounts cost less
 * than the threshold (COMPARE_CONFIRM_ABOVE_CREDITS=25; 11 credits each at the
 * default 300 videos) and run at once; three ask first, privately, with
 * Confirm / Cancel buttons whose custom_ids carry the request, so a click
 * after a restart still runs it, and an old one says it expired.
 */

const ACCOUNTS: Record<string, CatalogName> = {
  you_now: 'clean-60',
  rival_now: 'edge-240',
  you_ask: 'clean-60',
  rival_ask1: 'planted-1000',
  rival_ask2: 'edge-240',
  you_cancel: 'clean-60',
  rival_cancel1: 'edge-240',
  rival_cancel2: 'planted-1000',
  you_old: 'clean-60',
  rival_old1: 'edge-240',
  rival_old2: 'planted-1000',
  you_strict: 'clean-60',
  rival_strict: 'edge-240',
};
const THRESHOLD = 25;

/** Shifts the bot's clock (not the emulator's): how a confirmation ages without waiting. */
let shiftMs = 0;

async function fixtureCompare(pairs: [string, CatalogName][]) {
  const inputs = await Promise.all(
    pairs.map(async ([username, name]) => {
      const catalog = await readCatalogFile(catalogPath(name));
      return {
        username,
        videos: catalog.videos,
        analysis: analyzeVideos(catalog.videos, { asOf: catalog.source.fetchedAt }),
        followers: null,
        asOf: catalog.source.fetchedAt,
        cadenceEnd: 'fetch' as const,
        wholeCatalog: true,
      };
    }),
  );
  return compareAnalyses(inputs);
}

/** What fetching a fixture account costs at the default limit of 300: the profile, then a page per 30 records. */
const fetchCalls = (name: CatalogName) => callsFor(Math.min(300, fixtureRecords(name).length));

const pct = (rate: number, digits = 2) => `${(rate * 100).toFixed(digits)}%`;

function buttons(message: Pick<APIMessage, 'components'>): { custom_id: string; label: string }[] {
  return (message.components ?? []).flatMap(
    (row) => ('components' in row ? row.components : []) as unknown as { custom_id: string; label: string }[],
  );
}

describe('/retention compare, end to end', () => {
  let h: BotHarness;

  beforeAll(async () => {
    h = await startBotHarness({
      accounts: Object.entries(ACCOUNTS).map(([username, name]) => fixtureAccount(name, username)),
      env: { COMPARE_CONFIRM_ABOVE_CREDITS: String(THRESHOLD) },
      now: () => new Date(Date.now() + shiftMs),
    });
  });

  afterAll(async () => {
    await h?.stop();
  });

  const scavioCallsFor = (usernames: string[]) =>
    h.scavio.requests.filter((r) => usernames.some((u) => JSON.stringify(r.body).includes(u))).length;

  it('compares two accounts at once (22 credits at most, under 25): a public report with the figures and a chart', async () => {
    const { id } = await h.command('compare', { usernames: '@you_now, rival_now' }, { user: { username: 'now' } });
    const { message } = completed(await h.outcome(id));
    expect(isEphemeral(message)).toBe(false);
    expect(findLimitViolations(message)).toEqual([]);
    const embed = message.embeds[0] as APIEmbed;
    expect(embed.title).toBe('Compare: @you_now vs @rival_now');

    const expected = await fixtureCompare([
      ['you_now', 'clean-60'],
      ['rival_now', 'edge-240'],
    ]);
    const test = expected.tests[0]!;
    if (!test.tested) throw new Error('both fixtures are large enough to be tested');
    // The verdict in words, as the fixtures' own analyses give it (the statistics are pinned by the scipy reference).
    // Read as Discord shows it (the markdown escapes of '_' removed).
    expect(embed.description?.replace(/\\(.)/gu, '$1')).toContain(
      test.significant
        ? `@rival_now engages ${test.effect > 0 ? 'more' : 'less'} than @you_now: median ${pct(test.median, 1)} vs ${pct(test.medianAgainst, 1)}, beyond chance.`
        : `@rival_now vs @you_now: no clear difference`,
    );
    // Each account's column shows its own analysis' figures.
    for (const [i, account] of expected.accounts.entries()) {
      const field = embed.fields![i]!;
      expect(field.name).toContain(`@${account.username}`);
      expect(field.value).toContain(`**${account.analyzedCount.toLocaleString('en-US')}** analysed`);
      expect(field.value).toContain(`${pct(account.medianEngagementRate!)} median`);
      expect(field.value).toContain(`(${pct(account.quartiles!.q25)} – ${pct(account.quartiles!.q75)})`);
      expect(field.value).toContain(`Share ${pct(account.meanShareRate!)} · comment ${pct(account.meanCommentRate!)}`);
      expect(field.value).toContain(`Best length: ${account.bestDuration!.label}`);
      expect(field.value).toContain(`#${account.topHashtags[0]!.tag}`);
      expect(field.value).toContain('fetched live');
    }
    // Discord (and the emulator) turn attachment://compare.png into the attachment's own URL.
    expect(embed.image?.url).toMatch(/\/compare\.png$/u);
    expect(isPng(attachmentNamed(message.attachments, 'compare.png').data)).toBe(true);
    // The chart is each account's median and quartile range.
    const chart = h.quickchart.requests.at(-1)?.chart as { data: { datasets: { data: unknown[] }[] } };
    expect(chart.data.datasets[0]!.data).toEqual(expected.accounts.map((a) => [a.quartiles!.q25, a.quartiles!.q75]));
    expect(chart.data.datasets[1]!.data).toEqual(expected.accounts.map((a) => a.medianEngagementRate));
    // Fetched through the catalog service, one fetch per account (the profile says how many pages).
    expect(scavioCallsFor(['you_now', 'rival_now'])).toBe(fetchCalls('clean-60') + fetchCalls('edge-240'));
    // A status line was shown while fetching.
    const statusLines = originalEdits(h.emulator.interactionResponses(id)).map(
      (r) => (r.body as { content?: string }).content ?? '',
    );
    expect(
      statusLines.some((text) => /^⏳ Comparing 2 accounts: @(you_now|rival_now) \([12] of 2\): /u.test(text)),
    ).toBe(true);
  });

  it('asks first when the cost passes the threshold; Confirm after a bot restart runs it, and the same three then come from the cache without asking', async () => {
    // Three uncached accounts at the default 300 videos: up to 3 x 11 = 33 credits > 25.
    const user = { username: 'asker' };
    const { id } = await h.command('compare', { usernames: 'you_ask rival_ask1 rival_ask2' }, { user });
    const ask = completed(await h.outcome(id)).message;
    expect(isEphemeral(ask)).toBe(true);
    expect(ask.content).toContain(`up to ${3 * callsFor(300)} credits`);
    expect(ask.content).toContain(`more than ${THRESHOLD} credits`);
    const [confirm, cancel] = buttons(ask);
    expect([confirm?.label, cancel?.label]).toEqual(['Confirm', 'Cancel']);
    for (const button of buttons(ask)) expect(button.custom_id.length).toBeLessThanOrEqual(100);
    // Asking costs nothing.
    expect(scavioCallsFor(['you_ask', 'rival_ask1', 'rival_ask2'])).toBe(0);

    // Nothing about the request is kept in the bot: a restart in between changes nothing.
    await h.restartBot();
    const click = await h.emulator.sendComponentInteraction({ customId: confirm!.custom_id, messageId: ask.id, user });
    const done = await h.logs.waitFor((e) => e.event === 'compare.done' && e.interactionId === click.id, {
      timeoutMs: 20_000,
    });
    expect(done).toMatchObject({ confirmed: true, usernames: ['you_ask', 'rival_ask1', 'rival_ask2'] });
    const record = h.emulator.interaction(click.id)!;
    // Type 7 (update message): the buttons went away at once.
    expect(record.callbackType).toBe(7);
    const updated = h.emulator.message(ask.id)!;
    expect(buttons(updated)).toEqual([]);
    expect(updated.content).toMatch(/^✅ Comparison posted below \(\d+ credits used\)\.$/u);
    // The report is a public follow-up.
    const report = record.followups[0]!;
    expect(isEphemeral(report)).toBe(false);
    expect(report.embeds[0]?.title).toBe('Compare: @you_ask vs @rival_ask1, @rival_ask2');
    expect(scavioCallsFor(['you_ask', 'rival_ask1', 'rival_ask2'])).toBe(
      fetchCalls('clean-60') + fetchCalls('planted-1000') + fetchCalls('edge-240'),
    );

    // The same three again are cached now: 0 credits, no question asked.
    const again = await h.command('compare', { usernames: 'you_ask rival_ask1 rival_ask2' }, { user });
    const second = completed(await h.outcome(again.id)).message;
    expect(isEphemeral(second)).toBe(false);
    expect(second.embeds[0]?.fields?.every((f) => f.value.includes('from cache'))).toBe(true);
  });

  it('Cancel fetches nothing and says so', async () => {
    const user = { username: 'canceller' };
    const { id } = await h.command('compare', { usernames: 'you_cancel rival_cancel1 rival_cancel2' }, { user });
    const ask = completed(await h.outcome(id)).message;
    const cancel = buttons(ask).find((b) => b.label === 'Cancel')!;
    const click = await h.emulator.sendComponentInteraction({ customId: cancel.custom_id, messageId: ask.id, user });
    await h.logs.waitFor((e) => e.event === 'compare.cancelled' && e.interactionId === click.id);
    expect(h.emulator.message(ask.id)?.content).toBe('Cancelled: nothing was fetched.');
    expect(buttons(h.emulator.message(ask.id)!)).toEqual([]);
    expect(scavioCallsFor(['you_cancel', 'rival_cancel1', 'rival_cancel2'])).toBe(0);
  });

  it('a confirmation older than 10 minutes says it expired and fetches nothing', async () => {
    const user = { username: 'late' };
    const { id } = await h.command('compare', { usernames: 'you_old,rival_old1,rival_old2' }, { user });
    const ask = completed(await h.outcome(id)).message;
    const confirm = buttons(ask).find((b) => b.label === 'Confirm')!;
    shiftMs = 11 * 60_000;
    try {
      const click = await h.emulator.sendComponentInteraction({ customId: confirm.custom_id, messageId: ask.id, user });
      await h.logs.waitFor((e) => e.event === 'compare.confirmation-expired' && e.interactionId === click.id);
      expect(h.emulator.interaction(click.id)?.callbackType).toBe(7);
    } finally {
      shiftMs = 0;
    }
    expect(h.emulator.message(ask.id)?.content).toMatch(
      /This confirmation has expired .* Run `\/retention compare` again\./u,
    );
    expect(scavioCallsFor(['you_old', 'rival_old1', 'rival_old2'])).toBe(0);
  });

  it.each([
    ['one account', 'you_now', /Compare takes 2 to 5 usernames.*\(got 1\)/u],
    ['six accounts', 'a1 a2 a3 a4 a5 a6', /Compare takes 2 to 5 usernames.*\(got 6\)/u],
    ['a name twice', 'you_now rival_now @You_Now', /@you_now is named twice/u],
  ])('refuses %s privately, before any call', async (_, usernames, message) => {
    const before = h.scavio.requests.length;
    const { id } = await h.command('compare', { usernames }, { user: { username: 'typo' } });
    const { reply } = failed(await h.outcome(id));
    expect(isEphemeral(reply)).toBe(true);
    expect(reply.content).toMatch(message);
    expect(h.scavio.requests.length).toBe(before);
  });

  it("writes the comparison's numbers in the requester's Discord locale (German: decimal comma)", async () => {
    // The two accounts of the first test are cached now: no cost, no confirmation.
    const { id } = await h.command('compare', { usernames: 'you_now rival_now' }, { locale: 'de' });
    const embed = completed(await h.outcome(id)).message.embeds[0] as APIEmbed;
    const [you] = (
      await fixtureCompare([
        ['you_now', 'clean-60'],
        ['rival_now', 'edge-240'],
      ])
    ).accounts;
    const german = new Intl.NumberFormat('de', {
      style: 'percent',
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    });
    expect(embed.fields![0]!.value).toContain(`${german.format(you!.medianEngagementRate!)} median`);
    expect(embed.fields![0]!.value).not.toContain(`${pct(you!.medianEngagementRate!)} median`);
  });

  it("asks above this server's own threshold (/retention settings) instead of the bot's", async () => {
    // 22 credits at most: under the bot's 25, over this server's 5.
    completed(await h.outcome((await h.command('settings', { compare_confirm_above_credits: 5 })).id));
    const { id } = await h.command('compare', { usernames: 'you_strict rival_strict' });
    const ask = completed(await h.outcome(id)).message;
    expect(isEphemeral(ask)).toBe(true);
    expect(ask.content).toContain('more than 5 credits');
    expect(buttons(ask).map((b) => b.label)).toEqual(['Confirm', 'Cancel']);
    expect(scavioCallsFor(['you_strict', 'rival_strict'])).toBe(0);
    completed(await h.outcome((await h.command('settings', { reset: 'compare_confirm_above_credits' })).id));
  });
});

describe('/retention compare past the click token life', () => {
  let h: BotHarness | undefined;
  let clock: SimulatedClock | undefined;
  afterAll(async () => {
    await h?.stop();
    clock?.dispose();
  });

  it("posts the comparison in the channel, mentioning only the requester, once Discord refuses the click's token", async () => {
    clock = new SimulatedClock();
    h = await startBotHarness({
      // 10 + 3 calls at 5 a minute: over two minutes, while Discord here keeps a token for one.
      accounts: [fixtureAccount('edge-240', 'slow_a'), fixtureAccount('clean-60', 'slow_b')],
      clock,
      emulator: { interactionTokenTtlMs: 60_000 },
      env: { SCAVIO_RATE_PER_MINUTE: '5', COMPARE_CONFIRM_ABOVE_CREDITS: '0' },
    });
    const sent = await h.command('compare', { usernames: 'slow_a slow_b' });
    const ask = completed(await h.outcome(sent.id)).message;
    const confirm = buttons(ask).find((b) => b.label === 'Confirm')!;
    const click = await h.emulator.sendComponentInteraction({ customId: confirm.custom_id, messageId: ask.id });
    await h.logs.waitFor((e) => e.event === 'compare.done' && e.interactionId === click.id, { timeoutMs: 60_000 });

    const user = (sent.payload['member'] as { user: { id: string } }).user.id;
    const posts = h.emulator.messagesIn(h.emulator.channelId, { source: 'channel' });
    expect(posts).toHaveLength(1);
    expect(posts[0]!.content).toBe(`<@${user}> your comparison of @slow_a, @slow_b is ready.`);
    expect(posts[0]!.embeds[0]?.title).toBe('Compare: @slow_a vs @slow_b');
    expect(posts[0]!.mentions.map((u) => u.id)).toEqual([user]);
    expect(h.emulator.interaction(click.id)?.followups ?? []).toEqual([]);
    expect(h.emulator.interactionResponses(click.id).some((r) => r.status === 401)).toBe(true);
  });
});
