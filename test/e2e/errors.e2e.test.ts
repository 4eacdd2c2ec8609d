import { InteractionResponseType } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureAccount, TEST_API_KEY } from '../support/scavio-harness.js';
import {
  failed as failedReply,
  isEphemeral,
  startBotHarness,
  type BotHarness,
  type CommandOutcome,
} from './support/bot-harness.js';

/**
 * Errors end to end: every failure is answered privately (flags 64) with a
 * message a person can act on and a short reference id that is also in the
 * log, never with a secret, and never left unanswered.
 */

const REFERENCE = /\bref (?:\*\*)?([0-9a-f]{8})\b|reference \*\*([0-9a-f]{8})\*\*/u;

/** The reference id shown to the user, checked against the one logged for the same interaction. */
function expectReferenceInReplyAndLog(h: BotHarness, outcome: Extract<CommandOutcome, { kind: 'failed' }>): string {
  const match = REFERENCE.exec(outcome.reply.content);
  expect(match, `reference id in: ${outcome.reply.content}`).not.toBeNull();
  const reference = match?.[1] ?? match?.[2];
  expect(outcome.log.event).toBe('command.failed');
  expect(outcome.log.reference).toBe(reference);
  expect(h.logs.text()).toContain(`"reference":"${reference}"`);
  return reference as string;
}

function expectPrivateAndSecretFree(h: BotHarness, outcome: Extract<CommandOutcome, { kind: 'failed' }>): void {
  expect(isEphemeral(outcome.reply)).toBe(true);
  for (const secret of [h.emulator.token, TEST_API_KEY]) expect(outcome.reply.content).not.toContain(secret);
  // Nothing public is left behind: a deferral's "thinking..." message is removed.
  const publicMessages = h.emulator
    .messagesIn(h.emulator.channelId)
    .filter((m) => m.interaction_metadata?.id === outcome.interactionId && !isEphemeral(m));
  expect(publicMessages).toEqual([]);
}

describe('error replies, end to end', () => {
  let h: BotHarness;
  const dispatched: string[] = [];

  beforeAll(async () => {
    h = await startBotHarness({
      accounts: [fixtureAccount('clean-60', 'chefmaya'), fixtureAccount('clean-60', 'chef_broke')],
    });
  });

  afterAll(async () => {
    await h?.stop();
  });

  const run = async (subcommand: string, username: string) => {
    const { id } = await h.command(subcommand, { username });
    dispatched.push(id);
    return { id, outcome: await h.outcome(id) };
  };

  it.each([
    ['analyze', 'not a user!', /is not a TikTok username: it contains a space, "!"/u],
    ['analyze', 'https://vm.tiktok.com/ZMabc123/', /Short share links/u],
    ['export', 'this_handle_is_far_too_long_for_tiktok', /too long for a TikTok username/u],
  ])(
    '/retention %s with the bad username %j: a private answer at once, no call to Scavio',
    async (subcommand, username, message) => {
      const callsBefore = h.scavio.requests.length;
      const { id, outcome } = await run(subcommand, username);
      const failed = failedReply(outcome);
      expect(failed.reply.content).toMatch(message);
      expect(h.emulator.interaction(id)?.callbackType).toBe(InteractionResponseType.ChannelMessageWithSource);
      expect(failed.log.code).toBe('tiktok.invalid_username');
      expect(h.scavio.requests.length).toBe(callsBefore);
      expectPrivateAndSecretFree(h, failed);
      expectReferenceInReplyAndLog(h, failed);
    },
  );

  it('an unknown account: a private "not found" after the deferral, and the public "thinking..." is gone', async () => {
    const { id, outcome } = await run('analyze', 'nobody_here');
    const failed = failedReply(outcome);
    expect(failed.reply.content).toMatch(/^TikTok account @nobody_here was not found\. Check the spelling/u);
    expect(h.emulator.interaction(id)?.callbackType).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    expect(h.emulator.interaction(id)?.original).toBeNull();
    expect(h.scavio.requestsTo('user/posts').filter((r) => JSON.stringify(r.body).includes('nobody_here'))).toEqual([]);
    expectPrivateAndSecretFree(h, failed);
    expectReferenceInReplyAndLog(h, failed);
  });

  it('out of Scavio credits: a private message with the billing link', async () => {
    const credits = h.scavio.credits.remaining;
    h.scavio.credits.remaining = 0;
    try {
      const { outcome } = await run('analyze', 'chef_broke');
      const failed = failedReply(outcome);
      expect(failed.reply.content).toContain(
        'The Scavio account is out of credits. Top it up at https://dashboard.scavio.dev/billing',
      );
      expect(failed.log.code).toBe('scavio.out_of_credits');
      expectPrivateAndSecretFree(h, failed);
      expectReferenceInReplyAndLog(h, failed);
    } finally {
      h.scavio.credits.remaining = credits;
    }
  });

  it('answers every interaction and never logs the bot token or the API key', async () => {
    const ok = await run('analyze', 'chefmaya');
    expect(ok.outcome.kind).toBe('completed');
    const failed = await run('export', 'nobody_else');
    expect(failed.outcome.kind).toBe('failed');

    for (const id of dispatched) expect(h.emulator.interaction(id)?.acknowledgedAt, `interaction ${id}`).not.toBeNull();
    const logText = h.logs.text();
    expect(h.logs.lines.length).toBeGreaterThan(dispatched.length);
    expect(logText).not.toContain(h.emulator.token);
    expect(logText).not.toContain(TEST_API_KEY);
    // Nor anything the bot sent to Discord.
    const sentToDiscord = JSON.stringify(h.emulator.requests.map((r) => r.body));
    expect(sentToDiscord).not.toContain(h.emulator.token);
    expect(sentToDiscord).not.toContain(TEST_API_KEY);
    // The key did go where it belongs, so a leak was possible.
    expect(h.scavio.requests.some((r) => r.authorization === `Bearer ${TEST_API_KEY}`)).toBe(true);
  });
});

describe('an unexpected error', () => {
  let h: BotHarness;

  beforeAll(async () => {
    // Discord refuses the report's upload as too large (413): nothing the bot's messages were written for.
    h = await startBotHarness({ emulator: { attachmentSizeLimit: 4096 } });
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('is answered privately with a reference id that is also in the error log', async () => {
    const { id } = await h.command('analyze', { username: 'chefmaya' });
    const failed = failedReply(await h.outcome(id));
    expect(failed.reply.content).toMatch(/^Something went wrong on our side and the command did not finish\./u);
    const reference = expectReferenceInReplyAndLog(h, failed);
    expect(failed.log.level).toBe('error');
    expect(failed.log.code).toBe('unexpected');
    expect(JSON.stringify(failed.log.error)).toMatch(/40005|too large/iu);
    expect(h.emulator.interactionResponses(id).some((r) => r.status === 413)).toBe(true);
    expectPrivateAndSecretFree(h, failed);
    expect(reference).toMatch(/^[0-9a-f]{8}$/u);
  });
});

describe('a provider that repeats the API key in its error message', () => {
  let h: BotHarness;

  beforeAll(async () => {
    h = await startBotHarness({
      scavioServerKey: 'fake_server_key_the_server_expects',
      scavio: { echoKeyIn401: true },
    });
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('does not pass the key on to the user or the log, and tells the operator, not the members, what to fix', async () => {
    const { id } = await h.command('analyze', { username: 'chefmaya' });
    const failed = failedReply(await h.outcome(id));
    // Members cannot fix the bot's key: they are told the operator knows.
    expect(failed.reply.content).toMatch(/^The bot's data provider refused its key; the operator has been told\./u);
    expect(failed.reply.content).not.toContain('SCAVIO_API_KEY');
    expect(failed.log.code).toBe('scavio.unauthorized');
    const alert = h.logs.events('operator.alert')[0];
    expect(alert?.kind).toBe('provider-key');
    expect(String(alert?.text)).toMatch(/^Scavio refused the API key \(HTTP 401.*Check SCAVIO_API_KEY/u);
    expectPrivateAndSecretFree(h, failed);
    expectReferenceInReplyAndLog(h, failed);
    expect(h.logs.text()).not.toContain(TEST_API_KEY);
    expect(h.scavio.requestsTo('profile')).toHaveLength(1);
  });
});

describe('a /retention the bot does not know (registered by an older version)', () => {
  let h: BotHarness;

  beforeAll(async () => {
    // Not deployed: the emulator then dispatches whatever shape the test sends, as Discord would for a stale registration.
    h = await startBotHarness({ deployCommands: false });
  });

  afterAll(async () => {
    await h?.stop();
  });

  it.each([
    ['without a subcommand', undefined],
    ['with a subcommand this version lacks', 'forecast'],
  ])('%s is answered privately, and the bot keeps serving', async (_case, subcommand) => {
    const { id } = await h.emulator.sendInteraction({
      commandName: 'retention',
      ...(subcommand !== undefined ? { subcommand } : {}),
    });
    const failed = failedReply(await h.outcome(id));
    expect(failed.reply.content).toMatch(/^Something went wrong on our side and the command did not finish\./u);
    expectPrivateAndSecretFree(h, failed);
    expectReferenceInReplyAndLog(h, failed);

    const ok = await h.command(
      'analyze',
      { username: 'chefmaya' },
      { user: { username: `after-${subcommand ?? 'none'}` } },
    );
    expect((await h.outcome(ok.id)).kind).toBe('completed');
  });
});
