import { Routes } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeComponentId } from '../../src/reports/component-ids.js';
import { SimulatedClock } from '../support/clocks.js';
import { fixtureAccount } from '../support/scavio-harness.js';
import { startBotHarness, type BotHarness } from './support/bot-harness.js';

/**
 * No interaction left without an answer: when Discord refuses the token
 * (401, code 50027) or the wait outlasts it, the report goes to the channel
 * as a normal message mentioning only the requester; when the bot cannot post
 * there either, the work for that requester stops. On a simulated clock
 * shared by the bot, the emulator and the fake Scavio (5 calls a minute).
 */

let harness: BotHarness | undefined;
let clock: SimulatedClock | undefined;
afterEach(async () => {
  await harness?.stop();
  clock?.dispose();
  harness = undefined;
  clock = undefined;
});

async function start(options: { tokenTtlMs?: number; sendDenied?: boolean }) {
  clock = new SimulatedClock();
  harness = await startBotHarness({
    // edge-240 at 5 calls a minute: 9 calls, about a minute and a half.
    accounts: [fixtureAccount('edge-240', 'slowchef'), fixtureAccount('edge-5000', 'bigchef')],
    clock,
    emulator: {
      guilds: [
        {
          name: 'Creators',
          channels: [{ name: 'general', ...(options.sendDenied ? { botDeny: ['SendMessages'] } : {}) }],
        },
      ],
      ...(options.tokenTtlMs !== undefined ? { interactionTokenTtlMs: options.tokenTtlMs } : {}),
    },
    env: { SCAVIO_RATE_PER_MINUTE: '5', ANALYZE_COOLDOWN_SECONDS: '0' },
  });
  return harness;
}

function userIdOf(payload: Readonly<Record<string, unknown>>): string {
  return (payload['member'] as { user: { id: string } }).user.id;
}

describe('interaction token fallback', () => {
  it('a token refused with 50027 mid-fetch: the report is posted in the channel, mentioning only the requester', async () => {
    // Discord here refuses the token after one minute, while the fetch takes longer.
    const h = await start({ tokenTtlMs: 60_000 });
    const sent = await h.command('analyze', { username: 'slowchef' });
    await h.outcome(sent.id, { timeoutMs: 60_000 });
    const user = userIdOf(sent.payload);

    const refused = h.emulator.interactionResponses(sent.id).filter((r) => r.status === 401);
    expect(refused.length).toBeGreaterThan(0);
    expect((refused[0]!.response as { code?: number }).code).toBe(50027);
    const posts = h.emulator.messagesIn(h.emulator.channelId, { source: 'channel' });
    expect(posts).toHaveLength(1);
    const post = posts[0]!;
    expect(post.content).toMatch(new RegExp(`^<@${user}> your report on @slowchef is ready\\.`, 'u'));
    expect(post.embeds.length).toBeGreaterThan(0);
    expect(post.mentions.map((u) => u.id)).toEqual([user]);
    const body = h.emulator.requests.find(
      (r) => r.method === 'POST' && r.route === '/channels/:channelId/messages',
    )!.body;
    expect((body as { allowed_mentions?: unknown }).allowed_mentions).toEqual({ users: [user] });
    expect(h.emulator.interaction(sent.id)?.original?.embeds ?? []).toEqual([]);
    expect(h.logs.events('delivery.via-channel', sent.id)[0]?.reason).toMatch(/token refused/u);
    expect(h.scavio.requestsTo('profile')).toHaveLength(1);
  });

  it('a refused token and a channel the bot cannot post in: nobody is pinged, the work stops, the data stays cached', async () => {
    const h = await start({ tokenTtlMs: 60_000, sendDenied: true });
    const sent = await h.command('analyze', { username: 'slowchef' });
    // Nobody can be told, so the only trace is the log.
    await h.logs.waitFor((e) => e.event === 'command.requester-unreachable' && e.interactionId === sent.id, {
      timeoutMs: 60_000,
    });
    expect(h.emulator.messagesIn(h.emulator.channelId, { source: 'channel' })).toHaveLength(0);
    const calls = h.scavio.requests.length;
    // Asked again (a fresh token): answered from the cache, no call spent.
    const again = await h.command('analyze', { username: 'slowchef' }, { user: { username: 'second' } });
    await h.outcome(again.id, { timeoutMs: 60_000 });
    expect(h.scavio.requests).toHaveLength(calls);
    expect(JSON.stringify(h.emulator.interaction(again.id)?.original?.embeds)).toContain('from cache');
  });

  it('a wait that outlasts the token in a channel the bot cannot post in: refused at once, and its fetch never runs', async () => {
    const h = await start({ sendDenied: true });
    // 2,000 videos: 68 calls, over 13 minutes; the next fetch would finish past the token's 15 minutes.
    const first = await h.command('analyze', { username: 'bigchef', max_videos: 2000 });
    const second = await h.command('analyze', { username: 'slowchef' }, { user: { username: 'second' } });
    const refusal = await h.outcome(second.id, { timeoutMs: 60_000 });
    expect(refusal.kind).toBe('failed');
    if (refusal.kind !== 'failed') return;
    expect(refusal.log.code).toBe('queue.too_long');
    expect(refusal.reply.content).toMatch(/in line, about \d+ min: longer than Discord keeps this command open/u);
    await h.outcome(first.id, { timeoutMs: 60_000 });
    const asked = h.scavio.requests.map((r) => JSON.stringify(r.body));
    expect(asked.some((body) => body.includes('slowchef'))).toBe(false);
  });

  it('an export whose fetch outlasts the token: the paid CSV is posted in the channel, mentioning only the requester', async () => {
    const h = await start({ tokenTtlMs: 60_000 });
    const sent = await h.command('export', { username: 'slowchef' });
    const outcome = await h.outcome(sent.id, { timeoutMs: 60_000 });
    expect(outcome.kind).toBe('completed');
    const user = userIdOf(sent.payload);

    expect(h.emulator.interactionResponses(sent.id).some((r) => r.status === 401)).toBe(true);
    const posts = h.emulator.messagesIn(h.emulator.channelId, { source: 'channel' });
    expect(posts).toHaveLength(1);
    const post = posts[0]!;
    expect(post.content).toMatch(new RegExp(`^<@${user}> your export of @slowchef is ready\\.\nPer-video export`, 'u'));
    expect(post.attachments?.map((a) => a.filename)).toEqual(['slowchef-videos.csv']);
    expect(post.mentions.map((u) => u.id)).toEqual([user]);
    expect(h.logs.events('export.done', sent.id)[0]?.via).toBe('channel');
    expect(h.scavio.requestsTo('profile')).toHaveLength(1);
  });

  it('a subscribe whose baseline outlasts the token: saved, and the confirmation is posted in the channel', async () => {
    const h = await start({ tokenTtlMs: 60_000 });
    const sent = await h.command('subscribe', { username: 'slowchef' });
    const outcome = await h.outcome(sent.id, { timeoutMs: 60_000 });
    expect(outcome.kind).toBe('completed');
    const user = userIdOf(sent.payload);

    expect(h.bot.context.store.subscriptions.listByGuild(h.emulator.guildId)).toMatchObject([{ username: 'slowchef' }]);
    expect(h.emulator.interactionResponses(sent.id).some((r) => r.status === 401)).toBe(true);
    const posts = h.emulator.messagesIn(h.emulator.channelId, { source: 'channel' });
    expect(posts).toHaveLength(1);
    const post = posts[0]!;
    expect(post.content).toMatch(new RegExp(`^<@${user}> your weekly report of @slowchef is set up\\.`, 'u'));
    expect(JSON.stringify({ content: post.content, embeds: post.embeds })).not.toMatch(/went wrong|could not finish/u);
    expect(post.mentions.map((u) => u.id)).toEqual([user]);
    expect(h.logs.events('subscribe.saved', sent.id)[0]?.via).toBe('channel');
  });

  it("a report's Subscribe weekly here whose baseline outlasts the token: saved, and confirmed in the channel", async () => {
    const h = await start({ tokenTtlMs: 60_000 });
    // A report's button, as an earlier report carries it (its account not cached: the baseline is fetched).
    const customId = encodeComponentId({
      action: 'subscribe',
      username: 'slowchef',
      maxVideos: 300,
      minAgeDays: 0,
      issuedAtMs: clock!.now(),
    });
    const report = (await h.bot.client.rest.post(Routes.channelMessages(h.emulator.channelId), {
      body: {
        content: 'report',
        components: [
          { type: 1, components: [{ type: 2, style: 2, custom_id: customId, label: 'Subscribe weekly here' }] },
        ],
      },
    })) as { id: string };
    const { id } = await h.emulator.sendComponentInteraction({
      customId,
      messageId: report.id,
      user: { username: 'server_admin' },
    });
    const log = await h.logs.waitFor(
      (e) => e.interactionId === id && (e.event === 'component.completed' || e.event === 'component.failed'),
      { timeoutMs: 60_000 },
    );
    expect(log.event).toBe('component.completed');

    expect(h.bot.context.store.subscriptions.listByGuild(h.emulator.guildId)).toMatchObject([{ username: 'slowchef' }]);
    expect(h.emulator.interactionResponses(id).some((r) => r.status === 401)).toBe(true);
    const confirmations = h.emulator
      .messagesIn(h.emulator.channelId, { source: 'channel' })
      .filter((m) => m.id !== report.id);
    expect(confirmations).toHaveLength(1);
    expect(confirmations[0]!.content).toMatch(/^<@\d+> your weekly report of @slowchef is set up\./u);
    expect(h.logs.events('subscribe.saved', id)[0]?.via).toBe('channel');
  });
});
