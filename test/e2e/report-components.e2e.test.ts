import { ComponentType, InteractionResponseType, Routes, type APIEmbed } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeComponentId, encodeComponentId } from '../../src/reports/component-ids.js';
import { parseVideosCsv } from '../../src/reports/csv.js';
import { DETAIL_PAGE_LABELS, DETAIL_PAGE_NAMES, type DetailPageName } from '../../src/reports/detail-pages.js';
import { hourLabel, soundLabel, weekdayLabel } from '../../src/reports/highlights.js';
import type { StoredMessage } from '../support/discord-emulator.js';
import type { CatalogName } from '../support/fixtures.js';
import { SimulatedClock } from '../support/clocks.js';
import { fixtureAccount } from '../support/scavio-harness.js';
import { completed, isEphemeral, startBotHarness, type BotHarness } from './support/bot-harness.js';
import { attachmentNamed } from './support/discord-records.js';
import { fixtureAnalysis } from './support/report-assertions.js';

/**
 * The buttons and the detail-page menu of an analyze report, end to end: the
 * real bot against the Discord emulator (which checks components and clicks
 * as Discord does) and a fake Scavio. Clicks use the custom_ids on the
 * message the bot sent, exactly as a member's client would.
 */

const COOLDOWN_SECONDS = 60;
const DAY_MS = 24 * 60 * 60_000;
const FIXTURE: CatalogName = 'clean-60';
const ACCOUNTS = ['chefmaya', 'chef_refresh', 'chef_sub', 'chef_restart', 'chef_old'];
/** Manage Server withheld: what a normal member has. */
const MEMBER_PERMISSIONS = ['ViewChannel', 'SendMessages', 'ReadMessageHistory'] as const;

interface Click {
  id: string;
  kind: 'completed' | 'failed';
  code: unknown;
}

/** The custom_id of the message's component for `action` (read from the message, as a client shows it). */
function customIdFor(message: StoredMessage, action: string): string {
  for (const row of message.components ?? []) {
    if (!('components' in row)) continue;
    for (const component of row.components) {
      if (!('custom_id' in component)) continue;
      const decoded = decodeComponentId(component.custom_id);
      if (decoded.ok && decoded.id.action === action) return component.custom_id;
    }
  }
  throw new Error(`the report has no ${action} component`);
}

function onlyEmbed(message: StoredMessage): APIEmbed {
  expect(message.embeds).toHaveLength(1);
  return message.embeds[0]!;
}

describe('report buttons and detail pages, end to end', () => {
  let h: BotHarness;
  // The bot's clock ("now"): moved back for the expiry test only.
  let offsetMs = 0;

  beforeAll(async () => {
    h = await startBotHarness({
      accounts: ACCOUNTS.map((name) => fixtureAccount(FIXTURE, name)),
      env: { ANALYZE_COOLDOWN_SECONDS: String(COOLDOWN_SECONDS), CATALOG_CACHE_MINUTES: '60' },
      now: () => new Date(Date.now() + offsetMs),
    });
  });

  afterAll(async () => {
    await h?.stop();
  });

  const analyze = async (username: string, user = `analyst_${username}`) => {
    const { id } = await h.command('analyze', { username }, { user: { username: user } });
    return completed(await h.outcome(id)).message;
  };

  const click = async (
    message: StoredMessage,
    action: string,
    options: { user?: string; values?: string[]; admin?: boolean } = {},
  ): Promise<Click> => {
    const customId = customIdFor(message, action);
    const { id } = await h.emulator.sendComponentInteraction({
      customId,
      messageId: message.id,
      ...(options.values ? { values: options.values } : {}),
      user: { username: options.user ?? 'clicker' },
      ...(options.admin === false ? { memberPermissions: [...MEMBER_PERMISSIONS] } : {}),
    });
    const log = await h.logs.waitFor(
      (e) => e.interactionId === id && (e.event === 'component.completed' || e.event === 'component.failed'),
      { timeoutMs: 20_000 },
    );
    return { id, kind: log.event === 'component.completed' ? 'completed' : 'failed', code: log['code'] };
  };

  /** Posts a message whose one button carries `customId` (as an older or damaged report would), and returns its id. */
  const postButtonMessage = async (content: string, customId: string): Promise<string> => {
    const posted = (await h.bot.client.rest.post(Routes.channelMessages(h.emulator.channelId), {
      body: {
        content,
        components: [{ type: 1, components: [{ type: 2, style: 2, custom_id: customId, label: 'Export CSV' }] }],
      },
    })) as { id: string };
    return posted.id;
  };

  /** The private answer to a click (its reply or first follow-up), once it has landed. */
  const privateAnswer = async (interactionId: string): Promise<StoredMessage> => {
    const event = await h.emulator.waitForMessage(
      (e) =>
        e.interactionId === interactionId &&
        e.change !== 'delete' &&
        isEphemeral(e.message) &&
        !isLoading(e.message) &&
        // A status line while a fetch runs is not the answer yet.
        !e.message.content.startsWith('⏳'),
      { timeoutMs: 10_000 },
    );
    return event.message;
  };

  it('puts Export CSV, Refresh, Subscribe and a five-page menu on the report, each id within 100 characters', async () => {
    const report = await analyze('chefmaya');
    const rows = report.components ?? [];
    expect(rows).toHaveLength(2);
    const buttons = 'components' in rows[0]! ? rows[0].components : [];
    expect(buttons.map((b) => ('label' in b ? b.label : null))).toEqual([
      'Export CSV',
      'Refresh',
      'Subscribe weekly here',
    ]);
    const select = 'components' in rows[1]! ? rows[1].components[0] : undefined;
    expect(select?.type).toBe(ComponentType.StringSelect);
    const options = select && 'options' in select ? select.options : [];
    expect(options.map((o) => o.value)).toEqual([...DETAIL_PAGE_NAMES]);
    for (const action of ['csv', 'refresh', 'subscribe', 'page']) {
      const decoded = decodeComponentId(customIdFor(report, action));
      expect(decoded).toMatchObject({ ok: true, id: { action, username: 'chefmaya', maxVideos: 300, minAgeDays: 0 } });
    }
  });

  it('Export CSV answers privately with the very file /retention export attaches, from the cache', async () => {
    const report = await analyze('chefmaya', 'csv_user');
    const callsBefore = h.scavio.requests.length;
    const result = await click(report, 'csv');
    expect(result.kind).toBe('completed');
    const answer = await privateAnswer(result.id);
    expect(h.emulator.interaction(result.id)?.callbackType).toBe(
      InteractionResponseType.DeferredChannelMessageWithSource,
    );
    const fromButton = attachmentNamed(answer.attachments, 'chefmaya-videos.csv');
    expect(answer.content).toMatch(/Per-video export of \*\*@chefmaya\*\*: 60 videos \(from cache/u);

    const { id } = await h.command('export', { username: 'chefmaya' });
    const exported = attachmentNamed(completed(await h.outcome(id)).message.attachments, 'chefmaya-videos.csv');
    expect(fromButton.data.equals(exported.data)).toBe(true);
    const { catalog } = await fixtureAnalysis(FIXTURE);
    expect(parseVideosCsv(fromButton.data.toString('utf8')).map((r) => r.id)).toEqual(catalog.videos.map((v) => v.id));
    expect(h.scavio.requests.length).toBe(callsBefore);
    // The report everyone reads is as it was.
    expect(h.emulator.message(report.id)?.embeds).toEqual(report.embeds);
  });

  it.each(DETAIL_PAGE_NAMES)('the menu opens the %s page privately, read from the analysis', async (page) => {
    const report = await analyze('chefmaya', `pages_${page}`);
    const result = await click(report, 'page', { values: [page] });
    expect(result.kind).toBe('completed');
    const answer = await privateAnswer(result.id);
    const embed = onlyEmbed(answer);
    expect(embed.title).toBe(`${DETAIL_PAGE_LABELS[page].label}: @chefmaya`);
    const text = embed.description ?? '';
    const shown = await pageShows(page);
    expect(shown.length).toBeGreaterThan(0);
    for (const expected of shown) expect(text, `${page} page shows ${expected}`).toContain(expected);
    expect(embed.footer?.text).toMatch(/from cache/u);
    expect(h.emulator.message(report.id)?.embeds).toEqual(report.embeds);
  });

  it('a page carries the menu, and choosing another page there turns the same private message to it', async () => {
    const report = await analyze('chefmaya', 'page_turner');
    const first = await click(report, 'page', { values: ['hashtags'] });
    const page = await privateAnswer(first.id);
    const menu = page.components?.[0];
    const options = menu && 'components' in menu && 'options' in menu.components[0]! ? menu.components[0].options : [];
    expect(options.filter((o) => o.default === true).map((o) => o.value)).toEqual(['hashtags']);

    const second = await click(page, 'page', { values: ['sound'] });
    expect(second.kind).toBe('completed');
    expect(h.emulator.interaction(second.id)?.callbackType).toBe(InteractionResponseType.DeferredMessageUpdate);
    const turned = h.emulator.message(page.id)!;
    expect(isEphemeral(turned)).toBe(true);
    expect(onlyEmbed(turned).title).toBe(`${DETAIL_PAGE_LABELS.sound.label}: @chefmaya`);
    expect(h.emulator.interaction(second.id)?.followups).toEqual([]);
  });

  it('Refresh fetches again and replaces the report in place with fresh buttons', async () => {
    const report = await analyze('chef_refresh', 'refresh_analyst');
    const postsBefore = h.scavio.requestsTo('user/posts').length;
    // Another member: the analyst's own cooldown is running.
    const result = await click(report, 'refresh', { user: 'refresh_clicker' });
    expect(result.kind).toBe('completed');
    expect(h.emulator.interaction(result.id)?.callbackType).toBe(InteractionResponseType.DeferredMessageUpdate);
    expect(h.scavio.requestsTo('user/posts').length).toBeGreaterThan(postsBefore);
    const updated = h.emulator.message(report.id)!;
    expect(updated.content).toBe('');
    expect(onlyEmbedOf(updated).footer?.text).toMatch(/fetched live/u);
    expect(updated.edited_timestamp).not.toBeNull();
    expect(updated.attachments.map((a) => a.filename).sort()).toEqual(['chart.png', 'tiers.png']);
    const before = decodeComponentId(customIdFor(report, 'refresh'));
    const after = decodeComponentId(customIdFor(updated, 'refresh'));
    expect(before.ok && after.ok && after.id.issuedAtMs >= before.id.issuedAtMs).toBe(true);
  });

  it('Refresh keeps to the cooldown: the analyst who just ran the report is told to wait, and nothing is fetched', async () => {
    const report = await analyze('chef_refresh', 'cooldown_analyst');
    const callsBefore = h.scavio.requests.length;
    const result = await click(report, 'refresh', { user: 'cooldown_analyst' });
    expect(result).toMatchObject({ kind: 'failed', code: 'command.cooldown' });
    const answer = await privateAnswer(result.id);
    expect(answer.content).toMatch(/less than 60 s ago\. Please wait \d+ s/u);
    expect(h.scavio.requests.length).toBe(callsBefore);
    expect(h.emulator.message(report.id)?.embeds).toEqual(report.embeds);
  });

  it('Subscribe weekly here is refused to a member without Manage Server, and nothing is saved', async () => {
    const report = await analyze('chef_sub', 'sub_analyst');
    const result = await click(report, 'subscribe', { admin: false, user: 'plain_member' });
    expect(result).toMatchObject({ kind: 'failed', code: 'permission.forbidden' });
    expect((await privateAnswer(result.id)).content).toContain('**Manage Server**');
    expect(h.bot.context.store.subscriptions.listByGuild(h.emulator.guildId)).toEqual([]);
  });

  it('Subscribe weekly here subscribes this channel on the default schedule for an admin', async () => {
    const report = await analyze('chef_sub', 'sub_admin_analyst');
    const result = await click(report, 'subscribe', { user: 'server_admin' });
    expect(result.kind).toBe('completed');
    const subscriptions = h.bot.context.store.subscriptions.listByGuild(h.emulator.guildId);
    expect(subscriptions).toMatchObject([
      { username: 'chef_sub', channelId: report.channel_id, weekday: 1, time: '09:00', timeZone: 'UTC' },
    ]);
    const confirmation = h.emulator.interaction(result.id)?.original;
    expect(confirmation && isEphemeral(confirmation)).toBe(false);
    expect(JSON.stringify({ content: confirmation?.content, embeds: confirmation?.embeds })).toContain('chef_sub');
  });

  it('a component whose report is older than the cache life plus the grace period says it expired', async () => {
    // The report is made "nine days ago" by the bot's clock, then clicked today.
    offsetMs = -9 * DAY_MS;
    let report: StoredMessage;
    try {
      report = await analyze('chef_old', 'old_analyst');
    } finally {
      offsetMs = 0;
    }
    const callsBefore = h.scavio.requests.length;
    const result = await click(report, 'csv');
    expect(result).toMatchObject({ kind: 'failed', code: 'component.expired' });
    const answer = await privateAnswer(result.id);
    const issued = decodeComponentId(customIdFor(report, 'csv'));
    const day = issued.ok ? new Date(issued.id.issuedAtMs).toISOString().slice(0, 10) : 'none';
    expect(answer.content).toContain(`This report is from ${day}`);
    expect(answer.content).toContain('/retention analyze');
    expect(h.scavio.requests.length).toBe(callsBefore);
  });

  it('an id from another version of the bot is refused in words, not ignored', async () => {
    // A message from an older release, whose button carries an id of an older layout.
    const stale = 'rt0:c:chefmaya:300:0::0';
    const messageId = await postButtonMessage('an old report', stale);
    const { id } = await h.emulator.sendComponentInteraction({ customId: stale, messageId });
    const log = await h.logs.waitFor((e) => e.interactionId === id && e.event === 'component.failed');
    expect(log['code']).toBe('component.unknown');
    expect((await privateAnswer(id)).content).toContain('another version of the bot');
  });

  it('a damaged id of this layout is refused in words, and costs nothing', async () => {
    const damaged = 'rt1:c:Chef Maya:300:0::0';
    const messageId = await postButtonMessage('a damaged report', damaged);
    const callsBefore = h.scavio.requests.length;
    const { id } = await h.emulator.sendComponentInteraction({ customId: damaged, messageId });
    const log = await h.logs.waitFor((e) => e.interactionId === id && e.event === 'component.failed');
    expect(log['code']).toBe('component.malformed');
    expect((await privateAnswer(id)).content).toContain('could not be read');
    expect(h.scavio.requests.length).toBe(callsBefore);
  });

  it('buttons keep working after a restart: the old message’s Export CSV refetches what the cache lost', async () => {
    const report = await analyze('chef_restart', 'restart_analyst');
    await h.restartBot();
    const profileCallsBefore = h.scavio.requestsTo('profile').length;
    const result = await click(report, 'csv', { user: 'after_restart' });
    expect(result.kind).toBe('completed');
    const answer = await privateAnswer(result.id);
    expect(answer.content).toMatch(/^Per-video export of \*\*@chef_restart\*\*: 60 videos \(fetched now/u);
    expect(h.scavio.requestsTo('profile').length).toBe(profileCallsBefore + 1);
    const { catalog } = await fixtureAnalysis(FIXTURE);
    const csv = attachmentNamed(answer.attachments, 'chef_restart-videos.csv');
    expect(parseVideosCsv(csv.data.toString('utf8')).map((r) => r.id)).toEqual(catalog.videos.map((v) => v.id));

    // And a detail page after the restart is marked as newer data than the report (it was refetched just now).
    const page = await click(report, 'page', { values: ['top'], user: 'after_restart_2' });
    expect(page.kind).toBe('completed');
    expect(onlyEmbed(await privateAnswer(page.id)).description).toMatch(
      /^⚠️ The data behind this report is no longer cached/u,
    );
  });

  it('records no internal emulator errors, and every custom_id the bot sent decodes', () => {
    expect(h.emulator.internalErrors).toEqual([]);
    // A sanity check of the codec against the longest handle the product accepts.
    expect(
      encodeComponentId({
        action: 'page',
        username: 'a'.repeat(24),
        maxVideos: 10_000,
        minAgeDays: 365,
        issuedAtMs: Date.now(),
      }).length,
    ).toBeLessThanOrEqual(100);
  });
});

function onlyEmbedOf(message: StoredMessage): APIEmbed {
  const embed = message.embeds[0];
  if (!embed) throw new Error('no embed');
  return embed;
}

function isLoading(message: StoredMessage): boolean {
  return ((message.flags ?? 0) & 128) !== 0;
}

/** What each page must show, from an analysis of the fixture made apart from the bot. */
async function pageShows(page: DetailPageName): Promise<string[]> {
  const { analysis } = await fixtureAnalysis(FIXTURE);
  switch (page) {
    case 'hashtags':
      return analysis.hashtags.groups.map((g) => `#${g.key}`.slice(0, 19));
    case 'time':
      return [
        ...analysis.postingTime.byWeekday.groups.map((g) => weekdayLabel(g.key)),
        ...analysis.postingTime.byHour.groups.map((g) => hourLabel(g.key)),
      ];
    case 'sound':
      return analysis.sound.groups.map((g) => soundLabel(g.key));
    case 'durations':
      return analysis.durationBuckets.map((b) => b.label);
    case 'top':
      return analysis.topPerformers.map((v) => `/video/${v.id}`);
  }
}

describe('buttons on the weekly report, end to end', () => {
  let h: BotHarness;
  // The bot's clock runs from real time plus an offset the test moves to the due slot.
  let offsetMs = 0;

  beforeAll(async () => {
    h = await startBotHarness({
      accounts: [fixtureAccount(FIXTURE, 'chef_weekly')],
      now: () => new Date(Date.now() + offsetMs),
    });
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('a weekly post subscribed from a report’s button carries Export CSV and the detail pages (no Refresh, no Subscribe)', async () => {
    const { id } = await h.command('analyze', { username: 'chef_weekly' });
    const report = completed(await h.outcome(id)).message;
    const { id: subscribeId } = await h.emulator.sendComponentInteraction({
      customId: customIdFor(report, 'subscribe'),
      messageId: report.id,
    });
    await h.logs.waitFor((e) => e.interactionId === subscribeId && e.event === 'component.completed');

    // Move the bot's clock to just after the next Monday 09:00 UTC, the default slot.
    const now = new Date();
    const monday = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 9, 0, 20));
    while (monday.getUTCDay() !== 1 || monday.getTime() <= now.getTime()) monday.setUTCDate(monday.getUTCDate() + 1);
    offsetMs = monday.getTime() - Date.now();
    expect(await h.bot.weekly.tick()).toEqual([{ username: 'chef_weekly', posted: 1, failed: 0 }]);
    const post = h.emulator.messagesIn(report.channel_id, { source: 'channel' }).at(-1)!;
    expect(post.embeds[0]?.title).toMatch(/^Week \d+: @chef_weekly$/u);
    const labels = (post.components ?? []).flatMap((row) =>
      'components' in row ? row.components.map((c) => ('label' in c ? c.label : c.type)) : [],
    );
    expect(labels).toEqual(['Export CSV', ComponentType.StringSelect]);

    const csvClick = await h.emulator.sendComponentInteraction({
      customId: customIdFor(post, 'csv'),
      messageId: post.id,
    });
    await h.logs.waitFor((e) => e.interactionId === csvClick.id && e.event === 'component.completed');
    const csv = h.emulator.interaction(csvClick.id)?.original;
    expect(csv?.content).toMatch(/Per-video export of \*\*@chef_weekly\*\*: 60 videos \(from cache/u);

    const pageClick = await h.emulator.sendComponentInteraction({
      customId: customIdFor(post, 'page'),
      messageId: post.id,
      values: ['durations'],
    });
    await h.logs.waitFor((e) => e.interactionId === pageClick.id && e.event === 'component.completed');
    const page = h.emulator.interaction(pageClick.id)?.original;
    expect(page?.embeds[0]?.title).toBe('Video length: @chef_weekly');
    expect(page?.embeds[0]?.description).not.toContain('no longer cached');
  });
});

describe('a click whose fetch would outlast its interaction token', () => {
  let h: BotHarness;
  const clock = new SimulatedClock();

  beforeAll(async () => {
    h = await startBotHarness({
      // At 5 calls a minute: edge-240 is 9 calls (under 2 min); 2,000 videos of edge-5000 are 68 calls (over 13 min).
      accounts: [fixtureAccount('edge-240', 'slowchef'), fixtureAccount('edge-5000', 'bigchef')],
      clock,
      env: { SCAVIO_RATE_PER_MINUTE: '5', ANALYZE_COOLDOWN_SECONDS: '0' },
    });
  });

  afterAll(async () => {
    await h?.stop();
    clock.dispose();
  });

  it('Refresh behind a long queue is refused at once, the report is left as it was, and its fetch never runs', async () => {
    const { id } = await h.command('analyze', { username: 'slowchef' });
    const report = completed(await h.outcome(id, { timeoutMs: 60_000 })).message;
    const profileCalls = () =>
      h.scavio.requestsTo('profile').filter((r) => JSON.stringify(r.body).includes('slowchef')).length;
    expect(profileCalls()).toBe(1);

    const big = await h.command('analyze', { username: 'bigchef', max_videos: 2000 }, { user: { username: 'big' } });
    await h.logs.waitFor((e) => e.event === 'command.received' && e.interactionId === big.id);
    const result = await click(report, 'refresh');
    expect(result).toMatchObject({ kind: 'failed', code: 'queue.too_long' });
    // component.failed is logged before the answer goes out.
    const answer = (
      await h.emulator.waitForMessage((e) => e.interactionId === result.id && isEphemeral(e.message), {
        timeoutMs: 10_000,
      })
    ).message;
    expect(h.emulator.interaction(result.id)?.followups.map((m) => m.id)).toEqual([answer.id]);
    expect(answer.content).toMatch(/longer than Discord keeps this button's answer open/u);
    // The status line is taken off again: the report reads as before.
    expect(h.emulator.message(report.id)?.content).toBe('');
    expect(h.emulator.message(report.id)?.embeds).toEqual(report.embeds);

    await h.outcome(big.id, { timeoutMs: 60_000 });
    expect(profileCalls()).toBe(1);
  });

  const click = async (message: StoredMessage, action: string): Promise<Click> => {
    const { id } = await h.emulator.sendComponentInteraction({
      customId: customIdFor(message, action),
      messageId: message.id,
      user: { username: 'refresher' },
    });
    const log = await h.logs.waitFor(
      (e) => e.interactionId === id && (e.event === 'component.completed' || e.event === 'component.failed'),
      { timeoutMs: 60_000 },
    );
    return { id, kind: log.event === 'component.completed' ? 'completed' : 'failed', code: log['code'] };
  };
});

describe('Refresh while the server’s queue is full', () => {
  let h: BotHarness;
  const clock = new SimulatedClock();

  beforeAll(async () => {
    h = await startBotHarness({
      accounts: ['cachedchef', 'busychef', 'waitingchef'].map((name) => fixtureAccount('edge-240', name)),
      clock,
      env: {
        SCAVIO_RATE_PER_MINUTE: '5',
        QUEUE_MAX_PER_GUILD: '1',
        ANALYZE_COOLDOWN_SECONDS: '60',
        CATALOG_CACHE_MINUTES: '60',
      },
    });
  });

  afterAll(async () => {
    await h?.stop();
    clock.dispose();
  });

  it('is refused at once without taking the cooldown: the clicker may analyze again straight away', async () => {
    const first = await h.command('analyze', { username: 'cachedchef' }, { user: { username: 'analyst' } });
    const report = completed(await h.outcome(first.id, { timeoutMs: 60_000 })).message;

    // Time stands still from here: the fetch admitted and the one waiting behind it stay where they are.
    const release = clock.hold();
    try {
      const busy = await h.command('analyze', { username: 'busychef' }, { user: { username: 'busy' } });
      const waiting = await h.command('analyze', { username: 'waitingchef' }, { user: { username: 'waiting' } });
      await h.emulator.waitForMessage(
        (e) => e.interactionId === waiting.id && /@waitingchef: 1st in line/u.test(e.message.content),
        { timeoutMs: 20_000 },
      );
      const callsBefore = h.scavio.requests.length;

      const { id } = await h.emulator.sendComponentInteraction({
        customId: customIdFor(report, 'refresh'),
        messageId: report.id,
        user: { username: 'refresher' },
      });
      const log = await h.logs.waitFor(
        (e) => e.interactionId === id && (e.event === 'component.completed' || e.event === 'component.failed'),
        { timeoutMs: 20_000 },
      );
      expect(log).toMatchObject({ event: 'component.failed', code: 'queue.busy' });
      expect(h.scavio.requests.length).toBe(callsBefore);
      expect(h.emulator.message(report.id)?.embeds).toEqual(report.embeds);

      // The same member, at the same moment: the cached report is theirs, no "please wait 60 s".
      const again = await h.command('analyze', { username: 'cachedchef' }, { user: { username: 'refresher' } });
      expect(completed(await h.outcome(again.id, { timeoutMs: 20_000 })).message.embeds[0]?.title).toContain(
        '@cachedchef',
      );
      release();
      await h.outcome(busy.id, { timeoutMs: 60_000 });
      await h.outcome(waiting.id, { timeoutMs: 60_000 });
    } finally {
      release();
    }
  });
});
