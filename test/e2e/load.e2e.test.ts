import { describe, expect, it } from 'vitest';
import { callsFor } from '../../src/tiktok/scavio-client.js';
import { runLoad, type LoadResult } from './support/load-run.js';

/**
 * 200 people run /retention analyze at once on distinct accounts against a
 * 5 calls/min plan (issue 11), on a simulated clock: the bot, the Discord
 * emulator (token life, timestamps) and the fake Scavio (which enforces the
 * same 5 a minute) all read it, so 80 minutes of queue take seconds.
 */

const USERS = 200;
const RATE = 5;
const CAP = 60;

/** Each fetch's calls, as one block per account, in the order the blocks started. */
function blocks(result: LoadResult): string[] {
  const order: string[] = [];
  for (const call of result.calls) if (order[order.length - 1] !== call.username) order.push(call.username);
  return order;
}

describe('200 simultaneous analyses at 5 calls a minute', () => {
  let result: LoadResult;

  it('answers every requester exactly once: a report (interaction or channel) or a clear refusal', async () => {
    result = await runLoad({ users: USERS, ratePerMinute: RATE, queueMaxPerGuild: CAP });
    for (const r of result.requesters)
      expect(
        r.answers.map((a) => a.kind),
        r.username,
      ).toHaveLength(1);
    const kinds = result.requesters.map((r) => r.answers[0]!.kind);
    const refusals = result.requesters.filter((r) => r.answers[0]!.kind === 'refusal');
    for (const r of refusals) {
      expect(r.answers[0]!.kind === 'refusal' && r.answers[0]!.code).toBe('queue.busy');
      expect(r.answers[0]!.message.content).toMatch(/^The bot is busy: .+ Try again in about \d+ min\./u);
    }
    // The per-server cap holds: each server had at most CAP fetches waiting (plus the one admitted, and the
    // few that finished while the burst was still arriving).
    expect(refusals.length).toBeGreaterThan(0);
    expect(kinds.filter((k) => k === 'interaction').length).toBeGreaterThan(0);
    // Past the token's 15 minutes, reports go to the channel, mentioning the requester and nobody else.
    const channel = result.requesters.filter((r) => r.answers[0]!.kind === 'channel');
    expect(channel.length).toBeGreaterThan(0);
    for (const r of channel) {
      const message = r.answers[0]!.message;
      expect(message.mentions.map((u) => u.id)).toEqual([r.userId]);
      expect(message.mention_everyone).toBe(false);
    }
    // (Time to acknowledgement is a speed figure: `npm run bench -- load` prints it.)
  }, 600_000);

  it('makes exactly the minimum calls, never trips the provider, and runs one fetch at a time', () => {
    expect(result.calls).toHaveLength(result.minimumCalls);
    const served = result.requesters.filter((r) => r.answers[0]!.kind !== 'refusal').length;
    expect(result.minimumCalls).toBe(served * callsFor(result.videosPerCatalog));
    expect(result.scavio429s).toBe(0);
    // Each account's calls form one unbroken block: a started fetch goes before every new profile call.
    const order = blocks(result);
    expect(new Set(order).size).toBe(order.length);
  });

  it('completes fetches in arrival order within each server, alternating between servers', () => {
    const byName = new Map(result.requesters.map((r) => [r.username, r]));
    const order = blocks(result).map((username) => byName.get(username)!);
    for (const guild of [0, 1] as const) {
      const indices = order.filter((r) => r.guild === guild).map((r) => r.index);
      expect(indices).toEqual([...indices].sort((a, b) => a - b));
    }
    // Every command was in before time moved; from the first fetch of the second server on, while both
    // servers have fetches waiting, they take turns.
    const firstBeta = order.findIndex((r) => r.guild === 1);
    const alphaLeft = (i: number) => order.slice(i).some((r) => r.guild === 0);
    const betaLeft = (i: number) => order.slice(i).some((r) => r.guild === 1);
    for (let i = firstBeta + 1; i < order.length && alphaLeft(i) && betaLeft(i); i++) {
      expect(order[i]!.guild, `fetch ${i}`).not.toBe(order[i - 1]!.guild);
    }
  });

  it('shows each waiting requester their place in line and an estimate, refreshed as it moves', () => {
    const waited = result.requesters.filter((r) => r.statusLines.some((line) => / in line, about /u.test(line)));
    expect(waited.length).toBeGreaterThan(USERS / 4);
    let moved = 0;
    for (const r of waited) {
      const places = r.statusLines.flatMap((line) => {
        const match = /(\d+)(?:st|nd|rd|th) in line, about (\d+ min|\d+ h(?: \d+ min)?)/u.exec(line);
        return match ? [Number(match[1])] : [];
      });
      // A place can grow while the burst still arrives (the second server's fetches take every other turn);
      // after that it only moves forward, and the status line follows it.
      if (places.at(-1)! < Math.max(...places)) moved += 1;
    }
    expect(moved).toBeGreaterThan(0);
  });
});
