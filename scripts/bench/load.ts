import { runLoad } from '../../test/e2e/support/load-run.js';

/**
 * Load bench (issue 11): 200 simultaneous `/retention analyze` on distinct
 * accounts from two servers against a 5 calls/min Scavio plan, on the
 * simulated clock of test/e2e/load.e2e.test.ts (the same run, printed instead
 * of asserted). Time to acknowledgement is real time; time to each report is
 * on the simulated clock (what users would wait); peak RSS of this process
 * (the bot, the emulator and the fakes all run in it).
 */

const USERS = 200;
const RATE = 5;
const CAP = 60;

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const minutes = (ms: number) => `${(ms / 60_000).toFixed(1)} min`;

export async function run(): Promise<void> {
  const result = await runLoad({ users: USERS, ratePerMinute: RATE, queueMaxPerGuild: CAP });
  const acks = result.requesters.map((r) => r.ackMs).sort((a, b) => a - b);
  const reports = result.requesters.flatMap((r) => (r.reportMs === null ? [] : [r.reportMs])).sort((a, b) => a - b);
  const kinds = (kind: string) => result.requesters.filter((r) => r.answers[0]?.kind === kind).length;
  const unanswered = result.requesters.filter((r) => r.answers.length !== 1).length;
  console.log(
    `load: ${USERS} simultaneous analyses (2 servers, ${RATE} calls/min, QUEUE_MAX_PER_GUILD=${CAP}): ` +
      `${kinds('interaction')} reports in the interaction, ${kinds('channel')} in the channel, ${kinds('refusal')} refused (busy); ` +
      `${unanswered} without exactly one answer`,
  );
  console.log(
    `load: dispatch -> acknowledgement p50 ${percentile(acks, 50).toFixed(0)} ms, p99 ${percentile(acks, 99).toFixed(0)} ms, ` +
      `max ${acks[acks.length - 1]?.toFixed(0)} ms (Discord allows 3 s)`,
  );
  console.log(
    `load: time until each user's report data was in (simulated clock; rendering and posting add real ms) p50 ${minutes(percentile(reports, 50))}, p99 ${minutes(percentile(reports, 99))}, ` +
      `last ${minutes(result.lastReportMs)}; each user's: ${reports.map((ms) => (ms / 60_000).toFixed(1)).join(' ')}`,
  );
  console.log(
    `load: Scavio calls ${result.calls.length} vs minimum ${result.minimumCalls} (${result.scavio429s} answered 429); ` +
      `peak RSS ${(result.peakRssBytes / 1024 / 1024).toFixed(0)} MB; ${(result.realMs / 1000).toFixed(1)} s real time`,
  );
}
