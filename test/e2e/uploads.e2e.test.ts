// Deliberately the first import: the project's undici 7 (the Scavio client's HTTP library) loads
// before discord.js here. On load, undici 7 installs its Agent as the process-wide dispatcher
// (Symbol.for('undici.globalDispatcher.1')); a discord.js REST client without an agent of its own
// sends through it, and that Agent cannot encode the FormData discord.js builds for file uploads
// (nodejs/undici#5520, discordjs/discord.js#11525): every message with an attachment failed with
// "action is not a function". src/discord-rest-agent.ts fixes that; this file guards the fix.
import 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBotHarness, type BotHarness } from './support/bot-harness.js';

describe('attachments when undici 7 was loaded before discord.js', () => {
  let h: BotHarness;

  beforeAll(async () => {
    h = await startBotHarness();
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('still uploads the report charts and the CSV export', async () => {
    const analyzed = await h.command('analyze', { username: 'chefmaya' });
    const report = await h.outcome(analyzed.id);
    expect(
      report.kind === 'completed' ? report.message.attachments.map((a) => a.filename).sort() : report.reply.content,
    ).toEqual(['chart.png', 'tiers.png']);

    const exported = await h.command('export', { username: 'chefmaya' });
    const csv = await h.outcome(exported.id);
    expect(csv.kind === 'completed' ? csv.message.attachments.map((a) => a.filename) : csv.reply.content).toEqual([
      'chefmaya-videos.csv',
    ]);
  });
});
