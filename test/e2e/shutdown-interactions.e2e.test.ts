import { afterEach, describe, expect, it } from 'vitest';
import { RESTARTING_MESSAGE } from '../../src/commands/respond.js';
import { isEphemeral, startBotHarness, type BotHarness } from './support/bot-harness.js';

/**
 * While the bot shuts down (SIGTERM: stop() lets handlers that are replying
 * finish), an interaction that arrives is answered at once, privately, and
 * starts no work. A report whose charts are still rendering (QuickChart holds
 * the request open) keeps the shutdown in that phase until the test lets it go.
 */

let harness: BotHarness | undefined;
afterEach(async () => {
  // Lets a held render go even when the test failed before it did.
  await harness?.quickchart.setMode('down');
  await harness?.stop();
  harness = undefined;
});

describe('interactions during shutdown', () => {
  it('a command sent while the bot stops is told, privately, that the bot is restarting; nothing is fetched for it', async () => {
    const h = (harness = await startBotHarness({
      quickchartMode: 'slow',
      // The held render must outlast the test's steps; the test ends it itself.
      env: { QUICKCHART_TIMEOUT_MS: '600000' },
    }));
    const first = await h.command('analyze', { username: 'chefmaya' });
    await h.quickchart.waitForRequest(0); // the first report is rendering: its handler is in flight
    const callsBefore = h.scavio.requests.length;

    const stopping = h.stop();
    const late = await h.command('analyze', { username: 'chefmaya' }, { user: { username: 'late_member' } });
    const answer = await h.emulator.waitForMessage((e) => e.interactionId === late.id, { timeoutMs: 10_000 });
    expect(answer.message.content).toBe(RESTARTING_MESSAGE);
    expect(isEphemeral(answer.message)).toBe(true);
    await h.logs.waitFor((e) => e.event === 'interaction.refused-stopping' && e.interactionId === late.id);
    expect(h.logs.events('command.received', late.id)).toEqual([]);
    expect(h.scavio.requests).toHaveLength(callsBefore);

    // Let the first handler finish: QuickChart goes away, the chart is drawn locally, the report goes out.
    await h.quickchart.setMode('down');
    await stopping;
    expect(h.logs.events('command.completed', first.id)).toHaveLength(1);
    expect(h.logs.events('bot.stopped')).toHaveLength(1);
  });
});
