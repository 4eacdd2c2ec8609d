import {
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  REST,
  Routes,
  SlashCommandBuilder,
  type AutocompleteInteraction,
  type Interaction,
} from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscordEmulator, type DiscordEmulator, type SendAutocompleteOptions } from './discord-emulator.js';

/**
 * Autocomplete in the emulator, driven with the real discord.js client:
 * interaction type 4 with the focused option, callback type 8 with choices,
 * Discord's limits on them, one callback only, the 3 s window.
 */

const command = new SlashCommandBuilder()
  .setName('retention')
  .setDescription('TikTok retention analysis')
  .addSubcommand((sub) =>
    sub
      .setName('subscribe')
      .setDescription('Weekly report')
      .addStringOption((o) => o.setName('username').setDescription('TikTok username').setRequired(true))
      .addStringOption((o) => o.setName('timezone').setDescription('IANA zone').setAutocomplete(true))
      .addStringOption((o) => o.setName('time').setDescription('HH:MM')),
  )
  .toJSON();

async function rejection(promise: Promise<unknown>): Promise<DiscordAPIError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DiscordAPIError) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}

describe('Discord emulator: autocomplete interactions', () => {
  let now = Date.now();
  let emulator: DiscordEmulator;
  let client: Client;

  beforeAll(async () => {
    emulator = await startDiscordEmulator({ clock: () => now });
    client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: emulator.apiBase } });
    const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
    await client.login(emulator.token);
    await ready;
    await new REST({ api: emulator.apiBase })
      .setToken(emulator.token)
      .put(Routes.applicationGuildCommands(emulator.applicationId, emulator.guildId), { body: [command] });
  });

  afterAll(async () => {
    await client?.destroy();
    await emulator?.stop();
  });

  const receive = async (
    options: Partial<SendAutocompleteOptions> = {},
  ): Promise<{ id: string; interaction: AutocompleteInteraction }> => {
    const received = new Promise<Interaction>((resolve) => client.once(Events.InteractionCreate, resolve));
    const { id } = await emulator.sendAutocomplete({
      commandName: 'retention',
      subcommand: 'subscribe',
      focused: 'timezone',
      typed: 'ber',
      ...options,
    });
    const interaction = await received;
    if (!interaction.isAutocomplete()) throw new Error(`expected autocomplete, got type ${interaction.type}`);
    return { id, interaction };
  };

  it('dispatches type 4 with the focused option and what is typed; required options may still be missing', async () => {
    const { id, interaction } = await receive({ options: { time: '09:00' } });
    expect(interaction.commandName).toBe('retention');
    expect(interaction.options.getSubcommand()).toBe('subscribe');
    expect(interaction.options.getFocused(true)).toMatchObject({ name: 'timezone', value: 'ber' });
    expect(interaction.options.getString('time')).toBe('09:00');
    expect(interaction.locale).toBe('en-US');
    await interaction.respond([{ name: 'Europe/Berlin', value: 'Europe/Berlin' }]);
    const record = emulator.interaction(id);
    expect(record?.type).toBe(4);
    expect(record?.callbackType).toBe(8);
    expect(record?.autocompleteChoices).toEqual([{ name: 'Europe/Berlin', value: 'Europe/Berlin' }]);
    expect(record?.original).toBeNull();
  });

  it('passes the locale a test gives', async () => {
    const { interaction } = await receive({ locale: 'de' });
    expect(interaction.locale).toBe('de');
    await interaction.respond([]);
  });

  it('refuses more than 25 choices, and names or values outside 1-100 characters, as Discord does', async () => {
    const tooMany = await receive();
    const many = Array.from({ length: 26 }, (_, i) => ({ name: `zone ${i}`, value: `z${i}` }));
    const error = await rejection(tooMany.interaction.respond(many));
    expect([error.status, error.code]).toEqual([400, 50035]);
    expect(JSON.stringify(error.rawError)).toContain('BASE_TYPE_MAX_LENGTH');
    // Refused, so not acknowledged: a valid answer still goes through.
    await tooMany.interaction.respond(many.slice(0, 25));
    expect(emulator.interaction(tooMany.id)?.autocompleteChoices).toHaveLength(25);

    const longName = await receive();
    const named = await rejection(longName.interaction.respond([{ name: 'x'.repeat(101), value: 'x' }]));
    expect(named.code).toBe(50035);
    expect(JSON.stringify(named.rawError)).toContain('"name"');
    const longValue = await rejection(longName.interaction.respond([{ name: 'x', value: 'v'.repeat(101) }]));
    expect(JSON.stringify(longValue.rawError)).toContain('"value"');
    const empty = await rejection(longName.interaction.respond([{ name: '', value: 'x' }]));
    expect(empty.code).toBe(50035);
  });

  it('takes one callback only, of type 8 only, within 3 s; the token serves no messages', async () => {
    const { id, interaction } = await receive();
    const reply = await rejection(
      client.rest.post(Routes.interactionCallback(id, interaction.token), {
        body: { type: 4, data: { content: 'hi' } },
        auth: false,
      }),
    );
    expect(reply.code).toBe(50035);
    await interaction.respond([{ name: 'UTC', value: 'UTC' }]);
    // Past discord.js' own guard: the raw second callback, as a client without it would send.
    const twice = await rejection(
      client.rest.post(Routes.interactionCallback(id, interaction.token), {
        body: { type: 8, data: { choices: [] } },
        auth: false,
      }),
    );
    expect(twice.code).toBe(40060);
    const followup = await rejection(
      client.rest.post(Routes.webhook(emulator.applicationId, interaction.token), {
        body: { content: 'no' },
        auth: false,
      }),
    );
    expect(followup.code).toBe(10015);

    const late = await receive();
    now += 3001;
    const expired = await rejection(late.interaction.respond([]));
    expect([expired.status, expired.code]).toEqual([404, 10062]);
  });

  it('type 8 answers nothing but autocomplete', async () => {
    const received = new Promise<Interaction>((resolve) => client.once(Events.InteractionCreate, resolve));
    const { id, token } = await emulator.sendInteraction({
      commandName: 'retention',
      subcommand: 'subscribe',
      options: { username: 'chefmaya' },
    });
    await received;
    const error = await rejection(
      client.rest.post(Routes.interactionCallback(id, token), {
        body: { type: 8, data: { choices: [] } },
        auth: false,
      }),
    );
    expect(error.code).toBe(50035);
  });

  it('is only sent for options registered with autocomplete, and unknown options are refused', async () => {
    await expect(
      emulator.sendAutocomplete({ commandName: 'retention', subcommand: 'subscribe', focused: 'time', typed: '9' }),
    ).rejects.toThrow(/autocomplete/);
    await expect(
      emulator.sendAutocomplete({ commandName: 'retention', subcommand: 'subscribe', focused: 'zone', typed: 'x' }),
    ).rejects.toThrow(/no option 'zone'/);
  });

  it('records no internal emulator errors', () => {
    expect(emulator.internalErrors).toEqual([]);
  });
});
