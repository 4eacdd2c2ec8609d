import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isPng } from '../../src/charts/png.js';
import { findLimitViolations } from '../../src/reports/discord-limits.js';
import type { Subscription } from '../../src/storage/index.js';
import { fixtureAccount } from '../support/scavio-harness.js';
import { isEphemeral, startBotHarness, type BotHarness } from './support/bot-harness.js';
import { expectSummaryMatches, fixtureAnalysis } from './support/report-assertions.js';

/**
 * Weekly reports end to end: the real bot (main()), the Discord emulator and
 * the fake Scavio, with the bot's clock injected so a test can move to the
 * due time and call the minute tick the cron task would call.
 */

/** A clock the test moves by hand. */
function testClock(start: string) {
  let now = new Date(start);
  return {
    now: () => now,
    set(iso: string) {
      now = new Date(iso);
    },
  };
}

let harness: BotHarness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

/** Two channels in one guild, a second guild with one channel. */
const emulator = {
  guilds: [
    { name: 'Creators', channels: [{ name: 'general' }, { name: 'reports' }, { name: 'competitors' }] },
    { name: 'Other team', channels: [{ name: 'elsewhere' }] },
  ],
};

async function start(clock: ReturnType<typeof testClock>, env: Record<string, string> = {}) {
  harness = await startBotHarness({
    accounts: [fixtureAccount('clean-60', 'chefmaya'), fixtureAccount('edge-240', 'rivalchef')],
    emulator,
    now: clock.now,
    keepDataDir: false,
    env,
  });
  return harness;
}

function channelId(h: BotHarness, name: string): string {
  const id = h.emulator.channelIds[name];
  if (!id) throw new Error(`no channel ${name}`);
  return id;
}

async function subscribe(h: BotHarness, options: Record<string, string>, channel = 'general') {
  const { id } = await h.command('subscribe', options, { channelId: channelId(h, channel) });
  return h.outcome(id);
}

async function subscriptionsFile(h: BotHarness): Promise<Subscription[]> {
  return (
    JSON.parse(await readFile(join(h.dataDir, 'subscriptions.json'), 'utf8')) as { subscriptions: Subscription[] }
  ).subscriptions;
}

describe('weekly reports', () => {
  it('subscribe, then exactly one report with a thread in the right channel at the due time', async () => {
    // Monday 2026-11-23 is a Monday; Berlin is UTC+1 in November.
    const clock = testClock('2026-11-25T10:00:00Z'); // Wednesday
    const h = await start(clock);
    const reports = channelId(h, 'reports');

    const outcome = await subscribe(h, {
      username: '@chefmaya',
      channel: reports,
      day: 'mon',
      time: '9:30',
      timezone: 'Europe/Berlin',
    });
    expect(outcome.kind).toBe('completed');
    const confirmation = JSON.stringify(outcome.kind === 'completed' ? outcome.message : {});
    const nextRun = Date.parse('2026-11-30T08:30:00Z') / 1000; // Monday 09:30 in Berlin
    expect(confirmation).toContain(`<t:${nextRun}`);
    expect(h.scavio.requestsTo('profile')).toHaveLength(1); // the baseline snapshot
    const [saved] = await subscriptionsFile(h);
    expect(saved).toMatchObject({
      username: 'chefmaya',
      channelId: reports,
      weekday: 1,
      time: '09:30',
      timeZone: 'Europe/Berlin',
      lastRunAt: null,
    });

    // One minute before the slot: nothing is due.
    clock.set('2026-11-30T08:29:00Z');
    expect(await h.bot.weekly.tick()).toEqual([]);
    expect(h.emulator.messagesIn(reports, { source: 'channel' })).toHaveLength(0);

    clock.set('2026-11-30T08:30:20Z');
    const results = await h.bot.weekly.tick();
    expect(results).toEqual([{ username: 'chefmaya', posted: 1, failed: 0 }]);
    const posts = h.emulator.messagesIn(reports, { source: 'channel' });
    expect(posts).toHaveLength(1);
    const post = posts[0]!;
    expect(post.embeds[0]!.title).toBe('Week 49: @chefmaya');
    // The summary of this week's findings opens the report, as Discord received it.
    expectSummaryMatches(post.embeds[0]!.description ?? '', (await fixtureAnalysis('clean-60')).analysis);
    expect(post.embeds[0]!.footer?.text).toContain('How to read this:');
    expect(JSON.stringify(post.embeds)).not.toContain('late');
    expect(findLimitViolations({ embeds: post.embeds })).toEqual([]);
    expect(post.attachments.map((a) => a.filename)).toEqual(['trend.png']);
    expect(isPng(post.attachments[0]!.data)).toBe(true);
    const threads = h.emulator.threadsIn(reports);
    expect(threads.map((t) => t.name)).toEqual(['Week 49: @chefmaya']);
    expect(h.emulator.messagesIn(channelId(h, 'general'), { source: 'channel' })).toHaveLength(0);
    expect(h.scavio.requestsTo('profile')).toHaveLength(2); // baseline + this week

    // The same minute again, and later that week: no second report.
    expect(await h.bot.weekly.tick()).toEqual([]);
    clock.set('2026-12-03T12:00:00Z');
    expect(await h.bot.weekly.tick()).toEqual([]);
    expect(h.emulator.messagesIn(reports, { source: 'channel' })).toHaveLength(1);
    const [afterRun] = await subscriptionsFile(h);
    expect(afterRun!.lastRunAt).toBe('2026-11-30T08:30:00.000Z');
    expect(afterRun!.lastResult).toMatchObject({ ok: true });
  });

  it('after a restart past a missed week, the report is posted once, late', async () => {
    const clock = testClock('2026-11-25T10:00:00Z');
    const h = await start(clock);
    const reports = channelId(h, 'reports');
    expect((await subscribe(h, { username: 'chefmaya', channel: reports, day: 'mon', time: '09:00' })).kind).toBe(
      'completed',
    );

    // The bot is down over Monday 09:00 UTC and comes back on Tuesday.
    await h.bot.stop();
    clock.set('2026-12-01T07:00:00Z');
    const restarted = await h.restartBot();
    // start() catches up at once; wait for that run.
    await restarted.weekly.idle();
    await restarted.weekly.tick();
    const posts = h.emulator.messagesIn(reports, { source: 'channel' });
    expect(posts).toHaveLength(1);
    expect(posts[0]!.embeds[0]!.description).toContain('This report is late');
    expect(posts[0]!.embeds[0]!.description).toContain(`<t:${Date.parse('2026-11-30T09:00:00Z') / 1000}:F>`);

    // Another restart the same week: still one report.
    const again = await h.restartBot();
    await again.weekly.idle();
    expect(h.emulator.messagesIn(reports, { source: 'channel' })).toHaveLength(1);
  });

  it('a deleted channel pauses its subscription, and a 403 on one channel does not block another', async () => {
    const clock = testClock('2026-11-25T10:00:00Z');
    const h = await start(clock);
    const reports = channelId(h, 'reports');
    const competitors = channelId(h, 'competitors');
    const general = channelId(h, 'general');
    for (const channel of [reports, competitors, general]) {
      expect((await subscribe(h, { username: 'rivalchef', channel, day: 'fri', time: '18:00' })).kind).toBe(
        'completed',
      );
    }
    expect(h.scavio.requestsTo('profile')).toHaveLength(1); // one baseline serves the three subscriptions

    h.emulator.setChannelFailure(reports, 'missing');
    h.emulator.setChannelFailure(competitors, 'missing-access');
    clock.set('2026-11-27T18:00:30Z');
    const results = await h.bot.weekly.tick();
    expect(results).toEqual([{ username: 'rivalchef', posted: 1, failed: 2 }]);
    expect(h.scavio.requestsTo('profile')).toHaveLength(2); // one fetch for the three channels
    expect(h.emulator.messagesIn(general, { source: 'channel' })).toHaveLength(1);
    expect(h.emulator.threadsIn(general)).toHaveLength(1);

    const saved = await subscriptionsFile(h);
    const byChannel = new Map(saved.map((s) => [s.channelId, s]));
    expect(byChannel.get(reports)!.paused?.reason).toBe('the channel no longer exists');
    expect(byChannel.get(competitors)!.paused?.reason).toBe('the bot lost access to the channel');
    expect(byChannel.get(general)!.paused).toBeNull();

    const list = await h.outcome((await h.command('subscriptions', {}, { channelId: general })).id);
    const shown = JSON.stringify(list.kind === 'completed' ? list.message : list.reply);
    expect(shown).toContain('the channel no longer exists');
    expect(shown).toMatch(/paused/i);

    // Paused subscriptions stay quiet the next week; the healthy one reports again.
    clock.set('2026-12-04T18:01:00Z');
    expect(await h.bot.weekly.tick()).toEqual([{ username: 'rivalchef', posted: 1, failed: 0 }]);
    expect(h.emulator.messagesIn(general, { source: 'channel' })).toHaveLength(2);
  });

  it('subscribe validates before saving, updates instead of duplicating, and a guild sees only its own', async () => {
    const clock = testClock('2026-11-25T10:00:00Z');
    const h = await start(clock);
    const general = channelId(h, 'general');

    const badZone = await subscribe(h, { username: 'chefmaya', timezone: 'Europe/Berln' });
    expect(badZone.kind).toBe('failed');
    if (badZone.kind === 'failed') {
      expect(isEphemeral(badZone.reply)).toBe(true);
      expect(badZone.reply.content).toContain('Europe/Berlin');
    }
    const badTime = await subscribe(h, { username: 'chefmaya', time: '25:00' });
    expect(badTime.kind === 'failed' && badTime.reply.content).toMatch(/not a time of day/);

    h.emulator.setBotChannelPermissions(general, { deny: ['CreatePublicThreads', 'AttachFiles'] });
    const noPermission = await subscribe(h, { username: 'chefmaya' });
    expect(noPermission.kind === 'failed' && noPermission.reply.content).toMatch(
      /missing \*\*Attach Files\*\*, \*\*Create Public Threads\*\*/,
    );
    h.emulator.setBotChannelPermissions(general, {});

    const notAdmin = await h.outcome(
      (
        await h.command(
          'subscribe',
          { username: 'chefmaya' },
          { channelId: general, memberPermissions: ['SendMessages'] },
        )
      ).id,
    );
    expect(notAdmin.kind === 'failed' && notAdmin.reply.content).toMatch(/Manage Server/);
    expect(await subscriptionsFile(h).catch(() => [])).toEqual([]);
    expect(h.scavio.requests).toHaveLength(0); // nothing was fetched for invalid requests

    expect((await subscribe(h, { username: 'chefmaya' })).kind).toBe('completed');
    expect((await subscribe(h, { username: 'chefmaya', day: 'tue', time: '08:15' })).kind).toBe('completed');
    const saved = await subscriptionsFile(h);
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({ weekday: 2, time: '08:15', timeZone: 'UTC' });

    const other = h.emulator.guilds[1]!;
    const otherList = await h.outcome(
      (await h.command('subscriptions', {}, { guildId: other.id, channelId: other.channelIds[0]! })).id,
    );
    expect(JSON.stringify(otherList.kind === 'completed' ? otherList.message : otherList.reply)).not.toContain(
      'chefmaya',
    );
    const removeElsewhere = await h.outcome(
      (await h.command('unsubscribe', { username: 'chefmaya' }, { guildId: other.id, channelId: other.channelIds[0]! }))
        .id,
    );
    expect(removeElsewhere.kind).toBe('completed');
    expect(await subscriptionsFile(h)).toHaveLength(1);

    const removed = await h.outcome(
      (await h.command('unsubscribe', { username: 'chefmaya' }, { channelId: general })).id,
    );
    expect(removed.kind).toBe('completed');
    expect(await subscriptionsFile(h)).toEqual([]);
  });

  it('history shows the stored weekly snapshots as a chart and a table', async () => {
    const clock = testClock('2026-11-25T10:00:00Z');
    const h = await start(clock);
    const general = channelId(h, 'general');
    expect((await subscribe(h, { username: 'chefmaya', day: 'mon', time: '09:00' })).kind).toBe('completed');
    clock.set('2026-11-30T09:00:10Z');
    await h.bot.weekly.tick();

    const history = await h.outcome((await h.command('history', { username: 'chefmaya' }, { channelId: general })).id);
    expect(history.kind).toBe('completed');
    if (history.kind !== 'completed') return;
    const text = JSON.stringify(history.message.embeds);
    expect(text).toContain('2026-W48');
    expect(text).toContain('2026-W49');
    expect(history.message.attachments.map((a) => a.filename)).toEqual(['history.png']);
    expect(isPng(history.message.attachments[0]!.data)).toBe(true);
  });

  it('retries a week whose fetch failed for a passing reason, then gives up and says why', async () => {
    const clock = testClock('2026-11-25T10:00:00Z');
    // No client-side retries: each weekly attempt is one try, so the test controls every failure.
    const h = await start(clock, { SCAVIO_MAX_RETRIES: '0' });
    const reports = channelId(h, 'reports');
    expect((await subscribe(h, { username: 'chefmaya', channel: reports, day: 'mon', time: '09:00' })).kind).toBe(
      'completed',
    );
    const postsAfterBaseline = h.scavio.requestsTo('user/posts').length;

    // Week 49: the provider fails once; the run stays due and succeeds 15 minutes later, not marked late.
    h.scavio.switches.failPostsRequest = { nth: postsAfterBaseline + 1, status: 503, times: 1 };
    clock.set('2026-11-30T09:00:30Z');
    expect(await h.bot.weekly.tick()).toEqual([{ username: 'chefmaya', posted: 0, failed: 0 }]);
    expect((await subscriptionsFile(h))[0]!.lastRunAt).toBeNull();
    clock.set('2026-11-30T09:05:00Z');
    expect(await h.bot.weekly.tick()).toEqual([]); // waiting for the retry time
    clock.set('2026-11-30T09:16:00Z');
    expect(await h.bot.weekly.tick()).toEqual([{ username: 'chefmaya', posted: 1, failed: 0 }]);
    const posts = h.emulator.messagesIn(reports, { source: 'channel' });
    expect(posts).toHaveLength(1);
    expect(posts[0]!.embeds[0]!.description ?? '').not.toContain('late');
    expect(h.logs.events('weekly.fetch-retry-later')).toHaveLength(1);

    // Week 50: the provider stays down; after the last retry the week counts as failed, with the reason.
    h.scavio.switches.failPostsRequest = { nth: h.scavio.requestsTo('user/posts').length + 1, status: 503, times: 100 };
    for (const at of ['2026-12-07T09:00:30Z', '2026-12-07T09:15:30Z', '2026-12-07T10:15:30Z', '2026-12-07T14:15:30Z']) {
      clock.set(at);
      expect(await h.bot.weekly.tick()).toHaveLength(1);
    }
    const [afterWeek50] = await subscriptionsFile(h);
    expect(afterWeek50!.lastRunAt).toBe('2026-12-07T09:00:00.000Z');
    expect(afterWeek50!.lastResult).toMatchObject({ ok: false });
    expect(afterWeek50!.lastResult!.message).toMatch(/^Not posted: /);
    expect(h.emulator.messagesIn(reports, { source: 'channel' })).toHaveLength(1);
    clock.set('2026-12-07T20:00:00Z');
    expect(await h.bot.weekly.tick()).toEqual([]);
  });

  it('a report that cannot be stored counts as failed, and the account is not fetched again every minute', async () => {
    const clock = testClock('2026-11-25T10:00:00Z');
    const h = await start(clock);
    const reports = channelId(h, 'reports');
    expect((await subscribe(h, { username: 'chefmaya', channel: reports, day: 'mon', time: '09:00' })).kind).toBe(
      'completed',
    );
    // A directory where the snapshot file should be: the next write's rename fails, as on a broken disk.
    const file = join(h.dataDir, 'snapshots', 'chefmaya.json');
    await rm(file);
    await mkdir(file);
    await writeFile(join(file, 'blocker'), '');
    const profileCalls = h.scavio.requestsTo('profile').length;

    clock.set('2026-11-30T09:00:30Z');
    expect(await h.bot.weekly.tick()).toEqual([{ username: 'chefmaya', posted: 0, failed: 1 }]);
    expect(h.emulator.messagesIn(reports, { source: 'channel' })).toHaveLength(0);
    const [saved] = await subscriptionsFile(h);
    expect(saved!.lastResult).toMatchObject({
      ok: false,
      message: 'Not posted: the report could not be prepared (see the logs)',
    });
    expect(h.logs.events('weekly.report-failed')).toHaveLength(1);

    clock.set('2026-11-30T09:01:30Z');
    expect(await h.bot.weekly.tick()).toEqual([]);
    expect(h.scavio.requestsTo('profile')).toHaveLength(profileCalls + 1);
  });
});
