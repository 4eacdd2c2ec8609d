import { MessageFlags, type Interaction } from 'discord.js';
import { describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { refuseWhileStopping, RESTARTING_MESSAGE } from '../../src/commands/respond.js';

/** Just the parts of an interaction refuseWhileStopping touches. */
function fakeInteraction(kind: 'command' | 'autocomplete', reply: () => Promise<unknown> = () => Promise.resolve()) {
  const calls = { reply: vi.fn(reply), respond: vi.fn(() => Promise.resolve()) };
  const interaction = {
    id: '1',
    type: kind === 'autocomplete' ? 4 : 2,
    isAutocomplete: () => kind === 'autocomplete',
    isRepliable: () => kind !== 'autocomplete',
    reply: calls.reply,
    respond: calls.respond,
  } as unknown as Interaction;
  return { interaction, calls };
}

describe('refuseWhileStopping', () => {
  it('answers a command or a click privately that the bot is restarting', async () => {
    const { interaction, calls } = fakeInteraction('command');
    await refuseWhileStopping(interaction, silentLogger);
    expect(calls.reply).toHaveBeenCalledWith({ content: RESTARTING_MESSAGE, flags: MessageFlags.Ephemeral });
    expect(RESTARTING_MESSAGE).toBe('The bot is restarting; try again in a minute.');
  });

  it('answers autocomplete with no choices (it cannot carry a message)', async () => {
    const { interaction, calls } = fakeInteraction('autocomplete');
    await refuseWhileStopping(interaction, silentLogger);
    expect(calls.respond).toHaveBeenCalledWith([]);
    expect(calls.reply).not.toHaveBeenCalled();
  });

  it('never throws when the answer fails (the gateway may be closing)', async () => {
    const { interaction } = fakeInteraction('command', () => Promise.reject(new Error('socket closed')));
    await expect(refuseWhileStopping(interaction, silentLogger)).resolves.toBeUndefined();
  });
});
