import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixtureAccount } from '../support/scavio-harness.js';
import { completed, failed, startBotHarness, type BotHarness } from './support/bot-harness.js';
import { sentMessages } from './support/discord-records.js';

/**
 * What one server can see and do stays inside that server, and nothing the
 * bot sends pings anyone it did not mean to: each rule against the Discord
 * emulator answering as Discord does.
 */

let harness: BotHarness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

const twoGuilds = {
  guilds: [
    { name: 'Creators', channels: [{ name: 'general' }, { name: 'reports' }] },
    { name: 'Other team', channels: [{ name: 'elsewhere' }] },
  ],
};

async function start(env: Record<string, string> = {}) {
  harness = await startBotHarness({
    accounts: [fixtureAccount('clean-60', 'chefmaya'), fixtureAccount('ties-12', 'everyone')],
    emulator: twoGuilds,
    env,
  });
  return harness;
}

function guild(h: BotHarness, index: number) {
  const found = h.emulator.guilds[index];
  if (!found) throw new Error(`no guild ${index}`);
  return found;
}

describe('isolation between servers', () => {
  it('subscribe refuses a channel of another server named in the resolved data, before any call', async () => {
    const h = await start();
    const other = guild(h, 1).channelIds['elsewhere']!;
    const outcome = failed(
      await h.outcome(
        (await h.command('subscribe', { username: 'chefmaya', channel: other }, { guildId: h.emulator.guildId })).id,
      ),
    );
    expect(outcome.reply.content).toContain('That channel is not in this server');
    expect(outcome.log.code).toBe('subscribe.bad_channel');
    expect(h.bot.context.store.subscriptions.listAll()).toEqual([]);
    expect(h.scavio.requests).toHaveLength(0);
  });

  it('a weekly post re-checks the channel: one that belongs to another server pauses the subscription', async () => {
    const clock = { now: new Date('2026-11-25T10:00:00Z') };
    harness = await startBotHarness({
      accounts: [fixtureAccount('clean-60', 'chefmaya')],
      emulator: twoGuilds,
      now: () => clock.now,
    });
    const h = harness;
    const reports = h.emulator.channelIds['reports']!;
    completed(await h.outcome((await h.command('subscribe', { username: 'chefmaya', channel: reports })).id));
    // The stored channel now names another server's channel (an edited file, a bug elsewhere): stop, rewrite, start.
    await h.bot.stop();
    const file = join(h.dataDir, 'subscriptions.json');
    const other = guild(h, 1).channelIds['elsewhere']!;
    await writeFile(file, (await readFile(file, 'utf8')).replaceAll(reports, other));
    await h.restartBot();
    await h.bot.weekly.idle();

    clock.now = new Date('2026-11-30T09:00:30Z');
    expect(await h.bot.weekly.tick()).toEqual([{ username: 'chefmaya', posted: 0, failed: 1 }]);
    expect(h.emulator.messagesIn(other, { source: 'channel' })).toHaveLength(0);
    const [saved] = h.bot.context.store.subscriptions.listAll();
    expect(saved!.paused?.reason).toBe('the channel belongs to another server');
  });

  it('history shows stored snapshots only to a server that tracks the account, and says the same to every other', async () => {
    const h = await start();
    completed(await h.outcome((await h.command('subscribe', { username: 'chefmaya' })).id));
    const mine = completed(await h.outcome((await h.command('history', { username: 'chefmaya' })).id));
    expect(JSON.stringify(mine.message.embeds)).toContain('chefmaya');

    const otherGuild = guild(h, 1);
    const asOther = (username: string) =>
      h.command('history', { username }, { guildId: otherGuild.id, channelId: otherGuild.channelIds['elsewhere']! });
    const tracked = failed(await h.outcome((await asOther('chefmaya')).id));
    const untracked = failed(await h.outcome((await asOther('nobodytracks')).id));
    expect(tracked.log.code).toBe('history.not_tracked');
    expect(untracked.log.code).toBe('history.not_tracked');
    // Same words but for the handle: nothing tells the other server that someone follows @chefmaya.
    const withoutHandle = (text: string, handle: string) => text.replaceAll(handle, '<handle>').replace(/ref \w+/u, '');
    expect(withoutHandle(tracked.reply.content, 'chefmaya')).toBe(
      withoutHandle(untracked.reply.content, 'nobodytracks'),
    );
    expect(tracked.reply.embeds).toEqual([]);
  });

  it('the commands are declared for servers only (contexts), and Discord does not offer them in DMs', async () => {
    const h = await start({ DISCORD_GUILD_ID: '' });
    const [command] = h.emulator.registeredCommands(null);
    expect(command?.['contexts']).toEqual([0]);
    await expect(h.command('analyze', { username: 'chefmaya' }, { guildId: null })).rejects.toThrow(/in a DM/u);
  });
});

describe('mentions', () => {
  it('an account called @everyone is analysed without pinging anyone: allowed_mentions parse [] on every message', async () => {
    const h = await start();
    const outcome = completed(await h.outcome((await h.command('analyze', { username: '@everyone' })).id));
    const sent = sentMessages(h.emulator.requests).filter((m) => typeof m.payload.content === 'string');
    const statusLines = sent.filter((m) => (m.payload.content ?? '').includes('@everyone'));
    expect(statusLines.length).toBeGreaterThan(0); // the status line names the account: exactly the risk
    for (const { request } of sent) {
      expect((request.body as { allowed_mentions?: unknown }).allowed_mentions).toEqual({ parse: [] });
    }
    expect(outcome.message.mention_everyone).toBe(false);
    for (const message of h.emulator.messagesIn(h.emulator.channelId)) expect(message.mention_everyone).toBe(false);
  });
});
