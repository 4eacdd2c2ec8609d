import { performance } from 'node:perf_hooks';
import { callsFor } from '../../../src/tiktok/scavio-client.js';
import { SimulatedClock } from '../../support/clocks.js';
import type { StoredMessage } from '../../support/discord-emulator.js';
import { secUidOf } from '../../support/fake-scavio.js';
import { fixtureAccount } from '../../support/scavio-harness.js';
import { isEphemeral, startBotHarness, type BotHarness } from './bot-harness.js';
import { INTERACTION_CALLBACK_ROUTE } from './discord-records.js';

/**
 * The load run of issue 11, shared by its e2e test (which asserts) and
 * `npm run bench -- load` (which prints): `users` simultaneous
 * `/retention analyze` on distinct accounts, from two servers (all of the
 * first server's commands arrive before the second's), against a Scavio plan
 * of `ratePerMinute` calls a minute, on one simulated clock for the bot, the
 * Discord emulator and the fake Scavio (80 minutes of rate limiting take
 * seconds). Returns, per requester, every final answer they got.
 */

export interface LoadOptions {
  users: number;
  ratePerMinute: number;
  queueMaxPerGuild: number;
  /** Fixture catalog of every account. */
  catalog?: 'ties-12' | 'clean-60';
}

export type FinalAnswer =
  | { kind: 'interaction'; message: StoredMessage }
  | { kind: 'channel'; message: StoredMessage }
  | { kind: 'refusal'; message: StoredMessage; code: string };

export interface Requester {
  index: number;
  guild: 0 | 1;
  username: string;
  userId: string;
  interactionId: string;
  /** Real ms from dispatch to the deferral (or first reply) reaching the emulator. */
  ackMs: number;
  answers: FinalAnswer[];
  /**
   * Virtual ms from the burst until the requester's data was all in (the arrival of their fetch's last call at
   * the fake Scavio). Rendering and posting the report take real milliseconds on top, during which the
   * simulated clock may move on: the message's own timestamp would overstate the wait.
   */
  reportMs: number | null;
  /** Every status line shown in the interaction's message. */
  statusLines: string[];
}

export interface LoadResult {
  requesters: Requester[];
  /** Owner (account) of every Scavio call, in the order they arrived. */
  calls: { username: string; endpoint: 'profile' | 'posts' }[];
  /** Calls a perfect client makes for the fetches that ran: the sum of each catalog's minimum. */
  minimumCalls: number;
  scavio429s: number;
  videosPerCatalog: number;
  /** Virtual ms from the burst until the last report. */
  lastReportMs: number;
  peakRssBytes: number;
  realMs: number;
}

const CHANNEL_REPORT_LEAD = /^<@(\d+)> your report on @/u;

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const catalog = options.catalog ?? 'ties-12';
  const clock = new SimulatedClock();
  const usernames = Array.from({ length: options.users }, (_, i) => `load_${String(i).padStart(3, '0')}`);
  const accounts = usernames.map((username) => fixtureAccount(catalog, username));
  const videosPerCatalog = accounts[0]!.videos.length;
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  const realStart = performance.now();
  let h: BotHarness | undefined;
  try {
    h = await startBotHarness({
      accounts,
      clock,
      emulator: {
        guilds: [
          { name: 'Alpha', channels: [{ name: 'alpha' }] },
          { name: 'Beta', channels: [{ name: 'beta' }] },
        ],
      },
      scavio: { rateLimit: { limit: options.ratePerMinute, windowMs: 60_000 } },
      env: {
        SCAVIO_RATE_PER_MINUTE: String(options.ratePerMinute),
        QUEUE_MAX_PER_GUILD: String(options.queueMaxPerGuild),
        ANALYZE_COOLDOWN_SECONDS: '0',
        LOG_LEVEL: 'info',
      },
    });
    const harness = h;
    const guilds = harness.emulator.guilds;
    const half = Math.ceil(options.users / 2);

    // Dispatch and acknowledgement take no time on Discord's clock: time stands still until every command is in.
    const release = clock.hold();
    const burstAt = clock.now();
    const dispatched: { index: number; guild: 0 | 1; id: string; userId: string; ack: Promise<number> }[] = [];
    for (let i = 0; i < options.users; i++) {
      const guild: 0 | 1 = i < half ? 0 : 1;
      const target = guilds[guild]!;
      const sentAt = performance.now();
      const sent = await harness.command(
        'analyze',
        { username: usernames[i]! },
        {
          guildId: target.id,
          channelId: Object.values(target.channelIds)[0]!,
          user: { username: `requester-${i}` },
        },
      );
      const ack = harness.emulator
        .waitForRequest((r) => r.interactionId === sent.id && r.route === INTERACTION_CALLBACK_ROUTE, {
          timeoutMs: 60_000,
        })
        .then(() => performance.now() - sentAt);
      dispatched.push({ index: i, guild, id: sent.id, userId: memberId(sent.payload), ack });
    }
    const ackMs = await Promise.all(dispatched.map((d) => d.ack));
    release();

    // Every requester's handler has finished (answered, or logged why it could not).
    await Promise.all(dispatched.map((d) => harness.outcome(d.id, { timeoutMs: 600_000 })));

    const channelPosts = guilds.flatMap((g) =>
      Object.values(g.channelIds).flatMap((channelId) => harness.emulator.messagesIn(channelId, { source: 'channel' })),
    );
    const requesters: Requester[] = dispatched.map((d) => {
      const record = harness.emulator.interaction(d.id);
      const answers: FinalAnswer[] = [];
      const original = record?.original ?? null;
      const failure = harness.logs.events('command.failed', d.id)[0]?.code;
      const code = typeof failure === 'string' ? failure : 'unknown';
      // A refusal is the private reply itself, or a private followup after a deferral.
      if (original && isEphemeral(original)) answers.push({ kind: 'refusal', message: original, code });
      else if (original && original.embeds.length > 0) answers.push({ kind: 'interaction', message: original });
      for (const followup of record?.followups ?? []) {
        if (isEphemeral(followup)) answers.push({ kind: 'refusal', message: followup, code });
      }
      for (const post of channelPosts) {
        if (CHANNEL_REPORT_LEAD.exec(post.content)?.[1] === d.userId && post.embeds.length > 0)
          answers.push({ kind: 'channel', message: post });
      }
      const report = answers.find((a) => a.kind !== 'refusal');
      // This account's own calls, matched exactly: a substring test would let "user1" match user10's calls.
      const secUid = secUidOf(accounts[d.index]!);
      const lastCall = harness.scavio.requests
        .filter((r) => {
          const body = (r.body ?? {}) as { username?: unknown; sec_user_id?: unknown };
          return body.username === usernames[d.index] || body.sec_user_id === secUid;
        })
        .at(-1);
      const statusLines = harness.emulator
        .interactionResponses(d.id)
        .filter((r) => r.method === 'PATCH' && !r.rateLimited)
        .map((r) => (r.body as { content?: unknown }).content)
        .filter((c): c is string => typeof c === 'string' && c.startsWith('⏳'));
      return {
        index: d.index,
        guild: d.guild,
        username: usernames[d.index]!,
        userId: d.userId,
        interactionId: d.id,
        ackMs: ackMs[d.index]!,
        answers,
        reportMs: report && lastCall ? lastCall.at - burstAt : null,
        statusLines,
      };
    });

    const secToUser = new Map(accounts.map((a) => [secUidOf(a), a.username]));
    const calls = harness.scavio.requests.flatMap((r): LoadResult['calls'] => {
      const body = (r.body ?? {}) as { username?: unknown; sec_user_id?: unknown };
      if (r.path.endsWith('/profile')) return [{ username: String(body.username), endpoint: 'profile' as const }];
      if (r.path.endsWith('/user/posts'))
        return [
          { username: secToUser.get(String(body.sec_user_id)) ?? String(body.sec_user_id), endpoint: 'posts' as const },
        ];
      return [];
    });
    const fetched = new Set(calls.filter((c) => c.endpoint === 'profile').map((c) => c.username));
    const reportTimes = requesters.flatMap((r) => (r.reportMs === null ? [] : [r.reportMs]));
    return {
      requesters,
      calls,
      minimumCalls: fetched.size * callsFor(videosPerCatalog),
      scavio429s: harness.scavio.requests.filter((r) => r.status === 429).length,
      videosPerCatalog,
      lastReportMs: Math.max(0, ...reportTimes),
      peakRssBytes: Math.max(peakRss, process.memoryUsage().rss),
      realMs: performance.now() - realStart,
    };
  } finally {
    clearInterval(sampler);
    await h?.stop();
    clock.dispose();
  }
}

function memberId(payload: Record<string, unknown>): string {
  const member = payload['member'] as { user?: { id?: string } } | undefined;
  return member?.user?.id ?? '';
}
