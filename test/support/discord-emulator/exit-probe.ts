/**
 * Run as a child process by discord-emulator.test.ts: does a full bot round trip against the
 * emulator, then client.destroy() and emulator.stop(). If anything is left open (a socket, a
 * timer, a server) this process does not exit on its own, and the test fails.
 */
import { AttachmentBuilder, Client, Events, GatewayIntentBits, type Interaction } from 'discord.js';
import { startDiscordEmulator } from '../discord-emulator.js';

const emulator = await startDiscordEmulator();
const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: emulator.apiBase } });
const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
await client.login(emulator.token);
await ready;
const received = new Promise<Interaction>((resolve) => client.once(Events.InteractionCreate, resolve));
await emulator.sendInteraction({ commandName: 'retention', subcommand: 'analyze', options: { username: 'chefmaya' } });
const interaction = await received;
if (!interaction.isChatInputCommand()) throw new Error('expected a chat input command');
await interaction.deferReply();
await interaction.editReply({
  content: 'done',
  files: [new AttachmentBuilder(Buffer.from('id,plays\n1,2\n'), { name: 'export.csv' })],
});
const channel = await client.channels.fetch(emulator.channelId);
if (!channel?.isSendable()) throw new Error('expected a text channel');
const message = await channel.send('weekly report');
await message.startThread({ name: 'Week 48: @chefmaya' });
await client.destroy();
await emulator.stop();
console.log(`done open=${emulator.openConnections()} requests=${emulator.requests.length}`);
