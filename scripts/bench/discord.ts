import { performance } from 'node:perf_hooks';
import { InteractionResponseType } from 'discord.js';
import { startBotHarness, type BotHarness, type CommandOutcome } from '../../test/e2e/support/bot-harness.js';
import { isReportEdit } from '../../test/e2e/support/discord-records.js';
import { fixtureAccount } from '../../test/support/scavio-harness.js';

/**
 * Discord bench (issue 4): 50 simultaneous `/retention analyze` of one account
 * by 50 different users (cooldown 0), through the Discord emulator against the
 * real bot started by main(). Reports how many were deferred, the time from
 * dispatch (INTERACTION_CREATE sent) to deferral (callback received) as
 * p50/p99/max (target p99 < 250 ms; Discord's hard limit is 3 s), the time
 * until every report landed, and the Scavio calls: the 50 requests must share
 * one fetch (1 profile call). Each round uses a fresh account so the cache
 * cannot answer; the first round includes warm-up (JIT, chart renderer).
 */

const USERS = 50;
const ROUNDS = 3;
/** A 300-video catalog (MAX_VIDEOS default): 1 profile + 10 pages, 11 calls. */
const CATALOG = 'edge-5000' as const;
/** Per Scavio call, so the fetch is in flight while the 50 requests arrive, as with the real API. */
const SCAVIO_LATENCY_MS = 50;
const ACK_TARGET_MS = 250;

interface RoundResult {
  deferred: number;
  ackMs: number[];
  allReportsMs: number;
  reports: number;
  /** The first failure reply and its logged error, when some reports did not land. */
  firstFailure: string | null;
  profileCalls: number;
  postsCalls: number;
  statusEdits: number;
  discord429s: number;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  // Nearest rank: the smallest value with at least p% of the values at or below it.
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function describeFailure(outcome: CommandOutcome | undefined): string | null {
  if (outcome === undefined || outcome.kind !== 'failed') return null;
  const error = outcome.log.error as { message?: string } | string | undefined;
  const cause = typeof error === 'string' ? error : (error?.message ?? 'unknown');
  return `${outcome.reply.content} (logged: ${cause})`;
}

async function round(h: BotHarness, username: string): Promise<RoundResult> {
  const startedAt = performance.now();
  const dispatched = await Promise.all(
    Array.from({ length: USERS }, (_, i) =>
      h.command('analyze', { username }, { user: { username: `bench-${username}-${i}` } }),
    ),
  );
  const outcomes = await Promise.all(dispatched.map(({ id }) => h.outcome(id, { timeoutMs: 120_000 })));
  const allReportsMs = performance.now() - startedAt;

  const ackMs: number[] = [];
  let deferred = 0;
  let statusEdits = 0;
  let discord429s = 0;
  for (const { id } of dispatched) {
    const record = h.emulator.interaction(id);
    if (
      record?.callbackType === InteractionResponseType.DeferredChannelMessageWithSource &&
      record.acknowledgedAt !== null
    ) {
      deferred += 1;
      ackMs.push(record.acknowledgedAt - record.dispatchedAt);
    }
    const responses = h.emulator.interactionResponses(id);
    statusEdits += responses.filter((r) => r.method === 'PATCH' && !r.rateLimited && !isReportEdit(r)).length;
    discord429s += responses.filter((r) => r.rateLimited).length;
  }
  const scavioCalls = (endpoint: 'profile' | 'user/posts') =>
    h.scavio.requestsTo(endpoint).filter((r) => JSON.stringify(r.body).toLowerCase().includes(username)).length;
  return {
    deferred,
    ackMs: ackMs.sort((a, b) => a - b),
    allReportsMs,
    reports: outcomes.filter((o) => o.kind === 'completed' && o.message.embeds.length > 0).length,
    firstFailure: describeFailure(outcomes.find((o) => o.kind === 'failed')),
    profileCalls: scavioCalls('profile'),
    postsCalls: scavioCalls('user/posts'),
    statusEdits,
    discord429s,
  };
}

export async function run(): Promise<void> {
  const usernames = Array.from({ length: ROUNDS }, (_, i) => `bench_chef_${i + 1}`);
  const h = await startBotHarness({
    accounts: usernames.map((username) => fixtureAccount(CATALOG, username)),
    scavio: { latencyMs: SCAVIO_LATENCY_MS },
    env: { ANALYZE_COOLDOWN_SECONDS: '0', LOG_LEVEL: 'info' },
  });
  try {
    const worst = { p99: 0, max: 0 };
    for (const [i, username] of usernames.entries()) {
      const r = await round(h, username);
      const p50 = percentile(r.ackMs, 50);
      const p99 = percentile(r.ackMs, 99);
      const max = r.ackMs[r.ackMs.length - 1] ?? Number.NaN;
      worst.p99 = Math.max(worst.p99, p99);
      worst.max = Math.max(worst.max, max);
      console.log(
        `discord round ${i + 1}: ${USERS} simultaneous /retention analyze @${username}: ${r.deferred}/${USERS} deferred; ` +
          `dispatch -> deferral p50 ${p50} ms, p99 ${p99} ms, max ${max} ms (target p99 < ${ACK_TARGET_MS} ms) ${p99 < ACK_TARGET_MS ? 'OK' : 'OVER TARGET'}`,
      );
      console.log(
        `discord round ${i + 1}: ${r.reports}/${USERS} reports landed, the last after ${r.allReportsMs.toFixed(0)} ms; ` +
          `Scavio: ${r.profileCalls} profile call${r.profileCalls === 1 ? '' : 's'} + ${r.postsCalls} page calls ` +
          `(${r.profileCalls === 1 ? 'one coalesced fetch' : 'NOT COALESCED'}, ${SCAVIO_LATENCY_MS} ms latency per call); ` +
          `${r.statusEdits} status edits, ${r.discord429s} Discord 429s`,
      );
      if (r.firstFailure !== null) console.log(`discord round ${i + 1}: REPORTS FAILED, first: ${r.firstFailure}`);
    }
    console.log(`discord: worst round p99 ${worst.p99} ms, max ${worst.max} ms over ${ROUNDS} rounds of ${USERS}`);
  } finally {
    await h.stop();
  }
}
