import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createCanvas } from '@napi-rs/canvas';
import {
  ActionRowBuilder,
  AttachmentBuilder,
  ButtonBuilder,
  ButtonStyle,
  ChannelType,
  Client,
  DiscordAPIError,
  EmbedBuilder,
  Events,
  GatewayIntentBits,
  InteractionContextType,
  MessageFlags,
  ModalBuilder,
  PermissionFlagsBits,
  REST,
  RESTEvents,
  Routes,
  SlashCommandBuilder,
  StringSelectMenuBuilder,
  TextInputBuilder,
  TextInputStyle,
  type ChatInputCommandInteraction,
  type Interaction,
  type MessageComponentInteraction,
  type RateLimitData,
  type TextChannel,
} from 'discord.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import {
  startDiscordEmulator,
  type DiscordEmulator,
  type DiscordEmulatorOptions,
  type SendInteractionOptions,
} from './discord-emulator.js';
import { rawText } from './discord-emulator/gateway.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The command set the bot will deploy (issue 4/5), enough to type options as Discord does. */
const retentionCommand = new SlashCommandBuilder()
  .setName('retention')
  .setDescription('TikTok retention analysis')
  .addSubcommand((sub) =>
    sub
      .setName('analyze')
      .setDescription('Analyse a catalog')
      .addStringOption((o) => o.setName('username').setDescription('TikTok username').setRequired(true))
      .addIntegerOption((o) =>
        o.setName('max_videos').setDescription('How many videos').setMinValue(1).setMaxValue(2000),
      ),
  )
  .addSubcommand((sub) =>
    sub
      .setName('subscribe')
      .setDescription('Weekly report')
      .addStringOption((o) => o.setName('username').setDescription('TikTok username').setRequired(true))
      .addChannelOption((o) => o.setName('channel').setDescription('Where').addChannelTypes(ChannelType.GuildText)),
  )
  .toJSON();

async function pngChart(): Promise<Buffer> {
  const canvas = createCanvas(64, 32);
  const context = canvas.getContext('2d');
  context.fillStyle = '#2b7de9';
  context.fillRect(0, 8, 20, 24);
  return canvas.encode('png');
}

async function connect(
  emulator: DiscordEmulator,
  intents: GatewayIntentBits[] = [GatewayIntentBits.Guilds],
): Promise<Client> {
  const client = new Client({ intents, rest: { api: emulator.apiBase } });
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(emulator.token);
  await ready;
  return client;
}

async function receiveCommand(
  client: Client,
  emulator: DiscordEmulator,
  options: SendInteractionOptions,
): Promise<{ id: string; interaction: ChatInputCommandInteraction }> {
  const received = new Promise<Interaction>((resolve) => client.once(Events.InteractionCreate, resolve));
  const { id } = await emulator.sendInteraction(options);
  const interaction = await received;
  if (!interaction.isChatInputCommand()) throw new Error(`expected a chat input command, got type ${interaction.type}`);
  return { id, interaction };
}

async function rejection(promise: Promise<unknown>): Promise<DiscordAPIError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DiscordAPIError) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}

async function textChannel(client: Client, channelId: string): Promise<TextChannel> {
  const channel = await client.channels.fetch(channelId);
  if (channel?.type !== ChannelType.GuildText) throw new Error(`channel ${channelId} is not a text channel`);
  return channel;
}

describe('Discord emulator with the real discord.js client', () => {
  let emulator: DiscordEmulator;
  let client: Client;
  const unknownRouteLines: string[] = [];

  beforeAll(async () => {
    emulator = await startDiscordEmulator({
      guilds: [
        {
          name: 'Creators',
          channels: [
            { name: 'general' },
            { name: 'reports' },
            { name: 'no-files', botDeny: ['AttachFiles'] },
            { name: 'no-embeds', botDeny: ['EmbedLinks'] },
            { name: 'gone' },
            { name: 'locked-out' },
          ],
        },
      ],
      onUnknownRoute: (line) => unknownRouteLines.push(line),
    });
    client = await connect(emulator);
    const rest = new REST({ api: emulator.apiBase }).setToken(emulator.token);
    await rest.put(Routes.applicationGuildCommands(emulator.applicationId, emulator.guildId), {
      body: [retentionCommand],
    });
  });

  afterAll(async () => {
    await client?.destroy();
    await emulator?.stop();
  });

  it('logs in through /gateway/bot, IDENTIFY and READY, and caches the guild with channels, roles and the bot member', () => {
    expect(client.user?.id).toBe(emulator.botUserId);
    expect(client.application?.id).toBe(emulator.applicationId);
    const guild = client.guilds.cache.get(emulator.guildId);
    expect(guild?.name).toBe('Creators');
    expect(guild?.channels.cache.map((c) => c.name)).toEqual([
      'general',
      'reports',
      'no-files',
      'no-embeds',
      'gone',
      'locked-out',
    ]);
    const me = guild?.members.me;
    expect(me?.id).toBe(emulator.botUserId);

    const general = guild?.channels.cache.get(emulator.channelIds['general'] ?? '');
    const noFiles = guild?.channels.cache.get(emulator.channelIds['no-files'] ?? '');
    const needed = [
      PermissionFlagsBits.ViewChannel,
      PermissionFlagsBits.SendMessages,
      PermissionFlagsBits.EmbedLinks,
      PermissionFlagsBits.AttachFiles,
      PermissionFlagsBits.CreatePublicThreads,
      PermissionFlagsBits.SendMessagesInThreads,
    ];
    expect(me && general?.permissionsFor(me)?.has(needed)).toBe(true);
    expect(me && noFiles?.permissionsFor(me)?.has(PermissionFlagsBits.AttachFiles)).toBe(false);
    expect(me && noFiles?.permissionsFor(me)?.has(PermissionFlagsBits.SendMessages)).toBe(true);

    const gatewayInfo = emulator.requests.find((r) => r.route === '/gateway/bot');
    expect(gatewayInfo).toMatchObject({
      method: 'GET',
      status: 200,
      authorized: true,
      headers: { authorization: '[redacted]' },
    });
    const identify = emulator.gatewayFrames.find((f) => f.direction === 'in' && f.op === 2);
    expect(identify?.d).toMatchObject({ token: '[redacted]', intents: GatewayIntentBits.Guilds });
    expect(
      emulator.gatewayFrames
        .filter((f) => f.direction === 'out')
        .map((f) => f.t ?? `op${f.op}`)
        .slice(0, 3),
    ).toEqual(['op10', 'READY', 'GUILD_CREATE']);
    expect(JSON.stringify(emulator.requests)).not.toContain(emulator.token);
  });

  it('deploy-commands: PUT application guild and global commands records them and keeps ids on re-deploy', async () => {
    const rest = new REST({ api: emulator.apiBase }).setToken(emulator.token);
    const guildRoute = Routes.applicationGuildCommands(emulator.applicationId, emulator.guildId);
    const first = (await rest.put(guildRoute, { body: [retentionCommand] })) as {
      id: string;
      name: string;
      guild_id: string;
    }[];
    const again = (await rest.put(guildRoute, { body: [retentionCommand] })) as { id: string }[];
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({
      name: 'retention',
      guild_id: emulator.guildId,
      application_id: emulator.applicationId,
      type: 1,
    });
    expect(again[0]?.id).toBe(first[0]?.id);
    expect(emulator.registeredCommands(emulator.guildId)).toHaveLength(1);

    const global = (await rest.put(Routes.applicationCommands(emulator.applicationId), {
      body: [retentionCommand],
    })) as { id: string }[];
    expect(global).toHaveLength(1);
    expect(await rest.get(Routes.applicationCommands(emulator.applicationId))).toEqual(emulator.registeredCommands());
    await rest.put(Routes.applicationCommands(emulator.applicationId), { body: [] });
    expect(emulator.registeredCommands()).toEqual([]);

    const invalid = await rejection(rest.put(guildRoute, { body: [{ name: 'Bad Name', description: 'x' }] }));
    expect(invalid.code).toBe(50035);
  });

  it('delivers a slash command as a ChatInputCommandInteraction with the registered option types', async () => {
    const { id, interaction } = await receiveCommand(client, emulator, {
      commandName: 'retention',
      subcommand: 'analyze',
      options: { username: 'chefmaya', max_videos: 120 },
      user: { username: 'maya' },
    });
    expect(interaction.id).toBe(id);
    expect(interaction.commandName).toBe('retention');
    expect(interaction.commandId).toBe(emulator.registeredCommands(emulator.guildId)[0]?.['id']);
    expect(interaction.options.getSubcommand()).toBe('analyze');
    expect(interaction.options.getString('username', true)).toBe('chefmaya');
    expect(interaction.options.getInteger('max_videos')).toBe(120);
    expect(interaction.guildId).toBe(emulator.guildId);
    expect(interaction.channelId).toBe(emulator.channelId);
    expect(interaction.user.username).toBe('maya');
    expect(interaction.inGuild()).toBe(true);
    expect(interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)).toBe(true);
    expect(interaction.appPermissions.has(PermissionFlagsBits.AttachFiles)).toBe(true);
    expect(interaction.entitlements.size).toBe(0);
    expect(interaction.locale).toBe('en-US');
    await interaction.reply({ content: 'ok', flags: MessageFlags.Ephemeral });
    expect(emulator.interaction(id)?.original?.flags).toBe(MessageFlags.Ephemeral);

    const channelOption = await receiveCommand(client, emulator, {
      commandName: 'retention',
      subcommand: 'subscribe',
      options: { username: 'chefmaya', channel: { channel: emulator.channelIds['reports'] ?? '' } },
    });
    expect(channelOption.interaction.options.getChannel('channel')?.id).toBe(emulator.channelIds['reports']);
    await channelOption.interaction.reply('subscribed');
  });

  it('refuses interactions Discord would not let a user send', async () => {
    await expect(
      emulator.sendInteraction({
        commandName: 'retention',
        subcommand: 'analyze',
        options: { username: 'x', user: 'x' },
      }),
    ).rejects.toThrow(/no option 'user'/);
    await expect(
      emulator.sendInteraction({ commandName: 'retention', subcommand: 'analyze', options: {} }),
    ).rejects.toThrow(/required option 'username'/);
    await expect(
      emulator.sendInteraction({
        commandName: 'retention',
        subcommand: 'analyze',
        options: { username: 'a', max_videos: 1.5 },
      }),
    ).rejects.toThrow(/not a valid Integer/);
  });

  it('records deferReply and an editReply with an embed and a PNG attachment, bytes included', async () => {
    const png = await pngChart();
    const { id, interaction } = await receiveCommand(client, emulator, {
      commandName: 'retention',
      subcommand: 'analyze',
      options: { username: 'chefmaya' },
    });
    await interaction.deferReply();
    expect(emulator.interaction(id)?.original?.flags).toBe(MessageFlags.Loading);
    const embed = new EmbedBuilder()
      .setTitle('@chefmaya: top vs bottom')
      .setImage('attachment://chart.png')
      .addFields({ name: 'Top', value: '7.12%' });
    const reply = await interaction.editReply({
      embeds: [embed],
      files: [new AttachmentBuilder(png, { name: 'chart.png' })],
    });

    const [callback, edit] = emulator.interactionResponses(id);
    expect(callback).toMatchObject({
      route: '/interactions/:interactionId/:interactionToken/callback',
      status: 204,
      body: { type: 5 },
    });
    expect(callback?.authorized).toBe(false);
    expect(edit).toMatchObject({
      method: 'PATCH',
      route: '/webhooks/:webhookId/:webhookToken/messages/:messageId',
      status: 200,
      multipart: true,
    });
    expect(edit?.params['messageId']).toBe('@original');
    expect(edit?.files).toHaveLength(1);
    expect(edit?.files[0]).toMatchObject({ field: 'files[0]', name: 'chart.png', contentType: 'image/png' });
    expect(edit?.files[0]?.data.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(edit?.files[0]?.data.equals(png)).toBe(true);
    expect(edit?.body).toMatchObject({
      embeds: [{ title: '@chefmaya: top vs bottom', image: { url: 'attachment://chart.png' } }],
      attachments: [{ id: '0' }],
    });

    const original = emulator.interaction(id)?.original;
    const attachment = original?.attachments[0];
    expect(original?.flags).toBe(0);
    expect(original?.interaction_metadata).toMatchObject({ id, name: 'retention' });
    expect(attachment).toMatchObject({
      filename: 'chart.png',
      content_type: 'image/png',
      width: 64,
      height: 32,
      size: png.length,
    });
    expect(attachment?.data.equals(png)).toBe(true);
    expect(original?.embeds[0]?.image?.url).toBe(attachment?.url);
    expect(reply.attachments.first()?.url).toBe(attachment?.url);
    expect(reply.embeds[0]?.image?.url).toBe(attachment?.url);
    const served = await fetch(attachment?.url ?? '');
    expect(Buffer.from(await served.arrayBuffer()).equals(png)).toBe(true);
    expect(emulator.messagesIn(emulator.channelId, { source: 'interaction' }).map((m) => m.id)).toContain(original?.id);
  });

  it('answers with_response callbacks and turns the first followup after a deferral into the reply', async () => {
    const { id, interaction } = await receiveCommand(client, emulator, {
      commandName: 'retention',
      subcommand: 'analyze',
      options: { username: 'a_b' },
    });
    const response = await interaction.deferReply({ withResponse: true, flags: MessageFlags.Ephemeral });
    expect(response.interaction.responseMessageLoading).toBe(true);
    expect(response.interaction.responseMessageEphemeral).toBe(true);
    const first = await interaction.followUp('first followup');
    const second = await interaction.followUp('second followup');
    const record = emulator.interaction(id);
    expect(first.id).toBe(record?.original?.id);
    expect(record?.original).toMatchObject({ content: 'first followup', flags: MessageFlags.Ephemeral });
    expect(record?.followups.map((m) => m.id)).toEqual([second.id]);
    await interaction.deleteReply();
    expect(emulator.interaction(id)?.original).toBeNull();
  });

  it('accepts files on the callback itself (type 4, multipart) and on followups', async () => {
    const csv = Buffer.from('id,plays\n7301,1200\n');
    const { id, interaction } = await receiveCommand(client, emulator, {
      commandName: 'retention',
      subcommand: 'analyze',
      options: { username: 'x' },
    });
    await interaction.reply({
      content: 'export',
      files: [new AttachmentBuilder(csv, { name: 'chefmaya.csv' })],
      flags: MessageFlags.Ephemeral,
    });
    const followup = await interaction.followUp({
      files: [new AttachmentBuilder(await pngChart(), { name: 'chart.png' })],
    });

    const [callback, post] = emulator.interactionResponses(id);
    expect(callback).toMatchObject({ multipart: true, status: 204, body: { type: 4, data: { content: 'export' } } });
    expect(callback?.files[0]?.data.equals(csv)).toBe(true);
    expect(post).toMatchObject({
      method: 'POST',
      route: '/webhooks/:webhookId/:webhookToken',
      query: { wait: 'true' },
      multipart: true,
      status: 200,
    });
    const record = emulator.interaction(id);
    expect(record?.original?.attachments[0]).toMatchObject({
      filename: 'chefmaya.csv',
      content_type: 'text/csv; charset=utf-8',
      ephemeral: true,
    });
    expect(record?.followups[0]?.id).toBe(followup.id);
    expect(record?.followups[0]?.attachments[0]?.data.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  });

  it('dispatches DM interactions (no guild, no member)', async () => {
    const { id, interaction } = await receiveCommand(client, emulator, {
      commandName: 'retention',
      subcommand: 'analyze',
      options: { username: 'x' },
      guildId: null,
      user: { username: 'dm-user' },
    });
    expect(interaction.inGuild()).toBe(false);
    expect(interaction.user.username).toBe('dm-user');
    expect(interaction.context).toBe(InteractionContextType.BotDM);
    // discord.js only caches a DM channel from an interaction with Partials.Channel; the id is there.
    expect(emulator.channel(interaction.channelId ?? '')?.['type']).toBe(ChannelType.DM);
    await interaction.reply('hello in DM');
    expect(emulator.messagesIn(interaction.channelId ?? '').map((m) => m.id)).toEqual([
      emulator.interaction(id)?.original?.id,
    ]);
  });

  it('takes 50 simultaneous interactions, every one deferred and answered', async () => {
    const handled: Promise<void>[] = [];
    const listener = (interaction: Interaction): void => {
      if (!interaction.isChatInputCommand()) return;
      handled.push(
        (async () => {
          await interaction.deferReply();
          await interaction.editReply(`report for ${interaction.options.getString('username', true)}`);
        })(),
      );
    };
    client.on(Events.InteractionCreate, listener);
    try {
      const sent = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          emulator.sendInteraction({
            commandName: 'retention',
            subcommand: 'analyze',
            options: { username: `user_${i}` },
          }),
        ),
      );
      const finalEdits = await Promise.all(
        sent.map(({ id }) =>
          emulator.waitForMessage((e) => e.interactionId === id && e.change === 'update', { timeoutMs: 15_000 }),
        ),
      );
      await Promise.all(handled);
      expect(finalEdits.map((e) => e.message.content)).toEqual(sent.map((_, i) => `report for user_${i}`));
      expect(sent.every(({ id }) => emulator.interaction(id)?.callbackType === 5)).toBe(true);
    } finally {
      client.off(Events.InteractionCreate, listener);
    }
  });

  it('a 429 on the edit is retried by discord.js after retry_after and then succeeds', async () => {
    const rateLimits: RateLimitData[] = [];
    client.rest.on(RESTEvents.RateLimited, (data) => rateLimits.push(data));
    const { id, interaction } = await receiveCommand(client, emulator, {
      commandName: 'retention',
      subcommand: 'analyze',
      options: { username: 'chefmaya' },
    });
    await interaction.deferReply();
    const limit = emulator.rateLimitNext(
      { method: 'PATCH', route: '/webhooks/:webhookId/:webhookToken/messages/:messageId' },
      { retryAfter: 0.05 },
    );
    const succeeded = emulator.waitForRequest(
      (r) => r.interactionId === id && r.method === 'PATCH' && r.status === 200,
    );
    await interaction.editReply('report');
    expect((await succeeded).body).toMatchObject({ content: 'report' });
    await limit.triggered;
    const edits = emulator.interactionResponses(id).filter((r) => r.method === 'PATCH');
    expect(edits.map((r) => r.status)).toEqual([429, 200]);
    expect(edits[0]?.response).toEqual({ message: 'You are being rate limited.', retry_after: 0.05, global: false });
    // discord.js saw the 429 as a rate limit on the edit route (not as a failed request).
    expect(
      rateLimits.some((r) => r.method === 'PATCH' && r.url.endsWith('/messages/%40original') && r.retryAfter >= 50),
    ).toBe(true);
    expect(emulator.interaction(id)?.original?.content).toBe('report');
  });

  it('global and per-route 429s on channel messages and interaction callbacks are retried too', async () => {
    const reports = await textChannel(client, emulator.channelIds['reports'] ?? '');
    emulator.rateLimitNext(
      { method: 'POST', route: '/channels/:channelId/messages' },
      { retryAfter: 0.02, global: true },
    );
    emulator.rateLimitNext({ method: 'POST', route: '/channels/:channelId/messages' }, { retryAfter: 0.02 });
    const sent = await reports.send('after two 429s');
    const posts = emulator.requests.filter(
      (r) => r.route === '/channels/:channelId/messages' && r.params['channelId'] === reports.id,
    );
    expect(posts.map((r) => r.status).slice(-3)).toEqual([429, 429, 200]);
    expect(emulator.message(sent.id)?.content).toBe('after two 429s');

    const { id, interaction } = await receiveCommand(client, emulator, {
      commandName: 'retention',
      subcommand: 'analyze',
      options: { username: 'chefmaya' },
    });
    emulator.rateLimitNext({ route: '/interactions/:interactionId/:interactionToken/callback' }, { retryAfter: 0.02 });
    await interaction.deferReply();
    expect(emulator.interactionResponses(id).map((r) => r.status)).toEqual([429, 204]);
  });

  it('channel.send with a file and message.startThread work, and the thread takes messages', async () => {
    const reports = await textChannel(client, emulator.channelIds['reports'] ?? '');
    const png = await pngChart();
    const message = await reports.send({
      embeds: [new EmbedBuilder().setTitle('Week 48').setImage('attachment://trend.png')],
      files: [new AttachmentBuilder(png, { name: 'trend.png' })],
    });
    const thread = await message.startThread({ name: 'Week 48: @chefmaya' });
    expect(thread.id).toBe(message.id);
    expect(thread.type).toBe(ChannelType.PublicThread);
    expect(thread.parentId).toBe(reports.id);
    expect(client.channels.cache.get(thread.id)).toBe(thread);
    await thread.send('What changed this week?');

    const stored = emulator.message(message.id);
    expect(stored?.attachments[0]?.data.equals(png)).toBe(true);
    expect(stored?.embeds[0]?.image?.url).toBe(stored?.attachments[0]?.url);
    expect(stored?.thread?.id).toBe(thread.id);
    expect(emulator.threadsIn(reports.id)).toMatchObject([
      { id: thread.id, name: 'Week 48: @chefmaya', type: ChannelType.PublicThread },
    ]);
    expect(emulator.messagesIn(thread.id).map((m) => m.content)).toEqual(['What changed this week?']);
    const threadRequest = await emulator.waitForRequest({ route: '/channels/:channelId/messages/:messageId/threads' });
    expect(threadRequest).toMatchObject({ status: 201, body: { name: 'Week 48: @chefmaya' } });
    const again = await rejection(message.startThread({ name: 'twice' }));
    expect(again.code).toBe(160004);
  });

  it('answers missing and forbidden channels with Discord status codes and error codes', async () => {
    const gone = emulator.channelIds['gone'] ?? '';
    const lockedOut = emulator.channelIds['locked-out'] ?? '';
    const goneChannel = await textChannel(client, gone);
    const lockedChannel = await textChannel(client, lockedOut);
    emulator.setChannelFailure(gone, 'missing');
    emulator.setChannelFailure(lockedOut, 'missing-access');

    const missing = await rejection(goneChannel.send('hello'));
    expect([missing.status, missing.code, missing.message]).toEqual([404, 10003, 'Unknown Channel']);
    const fetched = await rejection(client.channels.fetch(gone, { force: true }));
    expect(fetched.code).toBe(10003);
    const forbidden = await rejection(lockedChannel.send('hello'));
    expect([forbidden.status, forbidden.code]).toEqual([403, 50001]);
    emulator.setChannelFailure(lockedOut, 'missing-permissions');
    const noPermission = await rejection(lockedChannel.send('hello'));
    expect([noPermission.status, noPermission.code, noPermission.message]).toEqual([403, 50013, 'Missing Permissions']);

    const noFiles = await textChannel(client, emulator.channelIds['no-files'] ?? '');
    const attach = await rejection(
      noFiles.send({ content: 'chart', files: [new AttachmentBuilder(Buffer.from('x'), { name: 'a.txt' })] }),
    );
    expect(attach.code).toBe(50013);
    await noFiles.send('text only is fine');

    // Without Embed Links Discord drops a bot's embeds silently; the text still arrives.
    const noEmbeds = await textChannel(client, emulator.channelIds['no-embeds'] ?? '');
    const plain = await noEmbeds.send({ content: 'see embed', embeds: [new EmbedBuilder().setTitle('hidden')] });
    expect(emulator.message(plain.id)?.embeds).toEqual([]);

    emulator.deleteChannel(gone);
    await emulator.waitForGatewayFrame((f) => f.t === 'CHANNEL_DELETE');
    const member = (await client.rest.get(Routes.guildMember(emulator.guildId, emulator.botUserId))) as {
      user: { id: string };
    };
    expect(member.user.id).toBe(emulator.botUserId);
  });

  it("enforces Discord's message limits with 50035 Invalid Form Body", async () => {
    // Raw embed objects: discord.js's EmbedBuilder would refuse these before they reach Discord.
    const general = await textChannel(client, emulator.channelId);
    const longDescription = await rejection(general.send({ embeds: [{ description: 'x'.repeat(4097) }] }));
    expect([longDescription.status, longDescription.code]).toEqual([400, 50035]);
    expect(longDescription.rawError).toMatchObject({
      errors: { embeds: { '0': { description: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } } },
    });
    const tooMuch = await rejection(
      general.send({ embeds: [{ description: 'y'.repeat(3001) }, { description: 'y'.repeat(3000) }] }),
    );
    expect(tooMuch.rawError).toMatchObject({ errors: { embeds: { _errors: [{ code: 'MAX_EMBED_SIZE_EXCEEDED' }] } } });
    const longContent = await rejection(general.send('z'.repeat(2001)));
    expect(longContent.rawError).toMatchObject({
      errors: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } },
    });
    const tooManyFields = await rejection(
      general.send({ embeds: [{ fields: Array.from({ length: 26 }, (_, i) => ({ name: `f${i}`, value: 'v' })) }] }),
    );
    expect(tooManyFields.rawError).toMatchObject({
      errors: { embeds: { '0': { fields: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } } },
    });
    const longUrl = await rejection(
      general.send({ embeds: [{ title: 't', image: { url: `https://quickchart.io/chart?c=${'a'.repeat(2100)}` } }] }),
    );
    expect(longUrl.rawError).toMatchObject({
      errors: { embeds: { '0': { image: { url: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } } } },
    });
    const empty = await rejection(general.send({ content: '' }));
    expect(empty.code).toBe(50006);
    // Exactly at the limits is fine.
    await general.send({
      content: 'z'.repeat(2000),
      embeds: [{ description: 'y'.repeat(4096) }, { description: 'y'.repeat(1904) }],
    });
  });

  it('answers unknown routes 404 in Discord shape and lists them', async () => {
    const error = await rejection(client.rest.get('/voice/regions'));
    expect([error.status, error.code, error.message]).toEqual([404, 0, '404: Not Found']);
    expect(emulator.unknownRequests.map((r) => r.path)).toContain('/voice/regions');
    expect(unknownRouteLines.some((line) => line.includes('GET /api/v10/voice/regions'))).toBe(true);
    const unauthenticated = await rejection(
      new REST({ api: emulator.apiBase }).setToken('wrong').get(Routes.user('@me')),
    );
    expect([unauthenticated.status, unauthenticated.code]).toEqual([401, 0]);
  });

  it('handles buttons (update, deferUpdate) and modals', async () => {
    const general = await textChannel(client, emulator.channelId);
    const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder().setCustomId('refresh').setLabel('Refresh').setStyle(ButtonStyle.Primary),
    );
    const message = await general.send({ content: 'v1', components: [row] });
    const clicked = new Promise<Interaction>((resolve) => client.once(Events.InteractionCreate, resolve));
    const { id } = await emulator.sendComponentInteraction({ customId: 'refresh', messageId: message.id });
    const click = (await clicked) as MessageComponentInteraction;
    expect(click.isButton() && click.customId).toBe('refresh');
    expect(click.message.id).toBe(message.id);
    await click.update({ content: 'v2' });
    expect(emulator.message(message.id)?.content).toBe('v2');
    expect(emulator.interaction(id)?.callbackType).toBe(7);

    const clickedAgain = new Promise<Interaction>((resolve) => client.once(Events.InteractionCreate, resolve));
    await emulator.sendComponentInteraction({ customId: 'refresh', messageId: message.id });
    const second = (await clickedAgain) as MessageComponentInteraction;
    await second.deferUpdate();
    await second.editReply({ content: 'v3' });
    expect(emulator.message(message.id)?.content).toBe('v3');

    const { id: modalId, interaction } = await receiveCommand(client, emulator, {
      commandName: 'retention',
      subcommand: 'analyze',
      options: { username: 'x' },
    });
    await interaction.showModal(
      new ModalBuilder()
        .setCustomId('ask')
        .setTitle('Ask')
        .addComponents(
          new ActionRowBuilder<TextInputBuilder>().addComponents(
            new TextInputBuilder().setCustomId('q').setLabel('Q').setStyle(TextInputStyle.Short),
          ),
        ),
    );
    expect(emulator.interaction(modalId)).toMatchObject({ callbackType: 9, modal: { custom_id: 'ask', title: 'Ask' } });
  });

  it('refuses a custom_id over 100 characters as Discord does, and clicks only what the message shows', async () => {
    // Raw REST: discord.js' builders refuse a long custom_id before sending, and the emulator must refuse it too.
    const send = (customId: string) =>
      client.rest.post(Routes.channelMessages(emulator.channelId), {
        body: {
          content: 'x',
          components: [{ type: 1, components: [{ type: 2, style: 1, label: 'Go', custom_id: customId }] }],
        },
      }) as Promise<{ id: string }>;
    const tooLong = await rejection(send('c'.repeat(101)));
    expect([tooLong.status, tooLong.code]).toEqual([400, 50035]);
    expect(tooLong.rawError).toMatchObject({
      errors: {
        components: { '0': { components: { '0': { custom_id: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } } } },
      },
    });
    const fits = await send('c'.repeat(100));
    await expect(emulator.sendComponentInteraction({ customId: 'not-there', messageId: fits.id })).rejects.toThrow(
      /no component with custom_id "not-there"/u,
    );
  });

  it('records no internal emulator errors', () => {
    expect(emulator.internalErrors).toEqual([]);
  });
});

describe('Discord emulator interaction deadlines (injected clock)', () => {
  let now = Date.now();
  const options: DiscordEmulatorOptions = { clock: () => now };
  let emulator: DiscordEmulator;
  let client: Client;

  beforeAll(async () => {
    emulator = await startDiscordEmulator(options);
    client = await connect(emulator);
  });

  afterAll(async () => {
    await client?.destroy();
    await emulator?.stop();
  });

  it('answers 10062 Unknown interaction to an acknowledgement later than 3 s, and 40060 to a second one', async () => {
    const late = await receiveCommand(client, emulator, {
      commandName: 'retention',
      subcommand: 'analyze',
      options: { username: 'x' },
    });
    now += 3001;
    const expired = await rejection(late.interaction.deferReply());
    expect([expired.status, expired.code]).toEqual([404, 10062]);

    const onTime = await receiveCommand(client, emulator, {
      commandName: 'retention',
      subcommand: 'analyze',
      options: { username: 'x' },
    });
    now += 2999;
    await onTime.interaction.deferReply();
    const twice = await rejection(
      client.rest.post(Routes.interactionCallback(onTime.id, onTime.interaction.token), {
        body: { type: 5 },
        auth: false,
      }),
    );
    expect(twice.code).toBe(40060);

    // The token works for 15 minutes, then webhook edits answer 50027 Invalid Webhook Token.
    await onTime.interaction.editReply('in time');
    now += 15 * 60 * 1000;
    const stale = await rejection(onTime.interaction.editReply('too late'));
    expect([stale.status, stale.code]).toEqual([401, 50027]);
  });
});

describe('Discord emulator waits', () => {
  it('waitForRequest rejects on real time even under vitest fake timers, naming the recent requests', async () => {
    const emulator = await startDiscordEmulator();
    try {
      await fetch(`${emulator.apiBase}/v10/gateway`);
      vi.useFakeTimers();
      const waiting = emulator.waitForRequest({ route: '/users/@me' }, { timeoutMs: 30 });
      await expect(waiting).rejects.toThrow(
        /Timed out after 30 ms waiting for a matching request[\s\S]*GET \/gateway -> 200/,
      );
    } finally {
      vi.useRealTimers();
      await emulator.stop();
    }
  });
});

describe('Discord emulator gateway', () => {
  it('acknowledges heartbeats and lets discord.js RESUME after a dropped connection, replaying missed events', async () => {
    const emulator = await startDiscordEmulator({ heartbeatIntervalMs: 100 });
    const client = await connect(emulator);
    try {
      await emulator.waitForGatewayFrame((f) => f.direction === 'in' && f.op === 1);
      await emulator.waitForGatewayFrame((f) => f.direction === 'out' && f.op === 11);

      const resumed = emulator.waitForGatewayFrame((f) => f.direction === 'out' && f.t === 'RESUMED', {
        timeoutMs: 10_000,
      });
      const received = new Promise<Interaction>((resolve) => client.once(Events.InteractionCreate, resolve));
      emulator.closeGatewayConnections(4000);
      // Dispatched while the bot is disconnected: buffered and replayed on RESUME.
      const { id } = await emulator.sendInteraction({
        commandName: 'retention',
        subcommand: 'analyze',
        options: { username: 'x' },
      });
      await resumed;
      const interaction = await received;
      expect(interaction.id).toBe(id);
      expect(emulator.gatewayFrames.filter((f) => f.direction === 'in' && f.op === 2)).toHaveLength(1);
      expect(emulator.gatewayFrames.filter((f) => f.direction === 'in' && f.op === 6)).toHaveLength(1);
    } finally {
      await client.destroy();
      await emulator.stop();
    }
  });

  it('speaks plain JSON in text frames; closes 4004 on a wrong token and 4014 on privileged intents the app lacks', async () => {
    const emulator = await startDiscordEmulator();
    try {
      const socket = new WebSocket(`${emulator.gatewayUrl}?v=10&encoding=json`);
      const frames: { binary: boolean; op: number }[] = [];
      socket.on('message', (data, isBinary) => {
        const payload = JSON.parse(rawText(data)) as { op: number };
        frames.push({ binary: isBinary, op: payload.op });
        if (payload.op === 10) socket.send(JSON.stringify({ op: 1, d: null }));
        if (payload.op === 11)
          socket.send(JSON.stringify({ op: 2, d: { token: 'not-the-token', intents: 1, properties: {} } }));
      });
      const [code] = (await once(socket, 'close')) as [number];
      expect(code).toBe(4004);
      expect(frames).toEqual([
        { binary: false, op: 10 },
        { binary: false, op: 11 },
      ]);

      const greedy = new Client({
        intents: [GatewayIntentBits.Guilds, GatewayIntentBits.MessageContent],
        rest: { api: emulator.apiBase },
      });
      await expect(greedy.login(emulator.token)).rejects.toThrow(/disallowed intents/i);
      await greedy.destroy();
    } finally {
      await emulator.stop();
    }
  });

  it('leaves nothing open: a process that runs a bot round trip, destroy() and stop() exits on its own', async () => {
    const probe = fileURLToPath(new URL('./discord-emulator/exit-probe.ts', import.meta.url));
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>(
      (resolve) => {
        const child = execFile(process.execPath, ['--import', 'tsx', probe], { timeout: 25_000 }, (error, out, err) =>
          resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout: out, stderr: err }),
        );
        child.stdin?.end();
      },
    );
    expect(stderr).not.toMatch(/Error/);
    expect(stdout).toMatch(/^done open=0 requests=\d+/m);
    expect(code).toBe(0);
  }, 30_000);
});

describe('Discord emulator components and autocomplete', () => {
  let emulator: DiscordEmulator;
  let client: Client;
  const command = new SlashCommandBuilder()
    .setName('retention')
    .setDescription('TikTok retention analysis')
    .addSubcommand((sub) =>
      sub
        .setName('analyze')
        .setDescription('Analyse a catalog')
        .addStringOption((o) =>
          o.setName('username').setDescription('Handle').setRequired(true).setMinLength(2).setAutocomplete(true),
        )
        .addIntegerOption((o) => o.setName('max_videos').setDescription('How many').setMinValue(1)),
    )
    .toJSON();

  beforeAll(async () => {
    emulator = await startDiscordEmulator();
    client = await connect(emulator);
    const rest = new REST({ api: emulator.apiBase }).setToken(emulator.token);
    await rest.put(Routes.applicationGuildCommands(emulator.applicationId, emulator.guildId), { body: [command] });
  });

  afterAll(async () => {
    await client?.destroy();
    await emulator?.stop();
  });

  const nextInteraction = () => new Promise<Interaction>((resolve) => client.once(Events.InteractionCreate, resolve));

  const menu = (customId = 'pages') =>
    new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(
      new StringSelectMenuBuilder()
        .setCustomId(customId)
        .setPlaceholder('Pick a page')
        .addOptions({ label: 'Hashtags', value: 'hashtags' }, { label: 'Sound', value: 'sound' }),
    );

  it('refuses a custom_id over 100 characters, duplicated ids and a select sharing a row, as Discord does (400, 50035)', async () => {
    const general = await textChannel(client, emulator.channelId);
    // Raw JSON: discord.js' builders refuse these before sending; a bot building payloads by hand would not.
    const button = (id: string) => ({ type: 2, style: ButtonStyle.Primary, custom_id: id, label: 'Go' });
    const row = (...components: unknown[]) => ({ type: 1, components });
    const send = (components: unknown[]) =>
      client.rest.post(Routes.channelMessages(general.id), { body: { content: 'x', components } });
    const long = await rejection(send([row(button('a'.repeat(101)))]));
    expect([long.status, long.code]).toEqual([400, 50035]);
    expect(JSON.stringify(long.rawError)).toContain('BASE_TYPE_MAX_LENGTH');
    expect(JSON.stringify(long.rawError)).toContain('custom_id');
    const exactly100 = (await send([row(button('a'.repeat(100)))])) as { id: string };
    expect(emulator.message(exactly100.id)?.components).toHaveLength(1);

    const duplicate = await rejection(send([row(button('same'), button('same'))]));
    expect(JSON.stringify(duplicate.rawError)).toContain('COMPONENT_CUSTOM_ID_DUPLICATED');
    const select = { type: 3, custom_id: 'sel', options: [{ label: 'A', value: 'a' }] };
    const crowded = await rejection(send([row(select, button('beside'))]));
    expect(JSON.stringify(crowded.rawError)).toContain('COMPONENT_LAYOUT_WIDTH_EXCEEDED');
    // Edits are checked too.
    const edited = await rejection(
      client.rest.patch(Routes.channelMessage(general.id, exactly100.id), {
        body: { components: [row(button('b'.repeat(101)))] },
      }),
    );
    expect([edited.status, edited.code]).toEqual([400, 50035]);
  });

  it('delivers a string select with its values (component_type 3) and answers an ephemeral reply with a follow-up', async () => {
    const general = await textChannel(client, emulator.channelId);
    const message = await general.send({ content: 'report', components: [menu()] });
    const picked = nextInteraction();
    const { id } = await emulator.sendComponentInteraction({
      customId: 'pages',
      messageId: message.id,
      values: ['sound'],
    });
    const interaction = await picked;
    if (!interaction.isStringSelectMenu()) throw new Error('expected a string select');
    expect(interaction.values).toEqual(['sound']);
    expect(interaction.message.id).toBe(message.id);
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    await interaction.editReply({ content: 'Sound page' });
    await interaction.followUp({ content: 'and more', flags: MessageFlags.Ephemeral });
    const record = emulator.interaction(id);
    expect(record?.callbackType).toBe(5);
    expect(record?.original?.content).toBe('Sound page');
    expect((record?.original?.flags ?? 0) & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(record?.followups.map((m) => [m.content, (m.flags ?? 0) & MessageFlags.Ephemeral])).toEqual([
      ['and more', MessageFlags.Ephemeral],
    ]);
    // The report itself is untouched.
    expect(emulator.message(message.id)?.content).toBe('report');
  });

  it('answers a click with a channel message (type 4)', async () => {
    const general = await textChannel(client, emulator.channelId);
    const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder().setCustomId('hello').setLabel('Hello').setStyle(ButtonStyle.Secondary),
    );
    const message = await general.send({ content: 'with a button', components: [row] });
    const clicked = nextInteraction();
    const { id } = await emulator.sendComponentInteraction({ customId: 'hello', messageId: message.id });
    const click = (await clicked) as MessageComponentInteraction;
    expect(click.componentType).toBe(2);
    await click.reply({ content: 'hi', flags: MessageFlags.Ephemeral });
    expect(emulator.interaction(id)).toMatchObject({ callbackType: 4, original: { content: 'hi' } });
    expect(emulator.message(message.id)?.content).toBe('with a button');
  });

  it('lets nobody click a disabled or missing component, or pick a value a select does not offer', async () => {
    const general = await textChannel(client, emulator.channelId);
    const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder().setCustomId('off').setLabel('Off').setStyle(ButtonStyle.Primary).setDisabled(true),
    );
    const message = await general.send({ content: 'disabled', components: [row, menu('menu2')] });
    await expect(emulator.sendComponentInteraction({ customId: 'off', messageId: message.id })).rejects.toThrow(
      /disabled/u,
    );
    await expect(emulator.sendComponentInteraction({ customId: 'nope', messageId: message.id })).rejects.toThrow(
      /no component/u,
    );
    await expect(
      emulator.sendComponentInteraction({ customId: 'menu2', messageId: message.id, values: ['top'] }),
    ).rejects.toThrow(/no option/u);
    await expect(
      emulator.sendComponentInteraction({ customId: 'menu2', messageId: message.id, componentType: 2 }),
    ).rejects.toThrow(/type 3/u);
  });

  // The autocomplete rules themselves (limits, one callback, the 3 s window) are in discord-emulator-autocomplete.test.ts;
  // this is what the bot's username suggestions rely on beyond them.
  it('sends autocomplete for text shorter than the option allows, with filled-in options typed as registered', async () => {
    const asked = nextInteraction();
    const { id } = await emulator.sendAutocomplete({
      commandName: 'retention',
      subcommand: 'analyze',
      focused: 'username',
      // Shorter than min_length: Discord asks while the member types.
      typed: 'c',
      options: { max_videos: 50 },
    });
    const interaction = await asked;
    if (!interaction.isAutocomplete()) throw new Error('expected autocomplete');
    expect(interaction.options.getFocused(true)).toMatchObject({ name: 'username', value: 'c' });
    expect(interaction.options.getInteger('max_videos')).toBe(50);
    await interaction.respond([{ name: '@chefmaya · analysed 2×', value: 'chefmaya' }]);
    expect(emulator.interaction(id)).toMatchObject({
      callbackType: 8,
      autocompleteChoices: [{ name: '@chefmaya · analysed 2×', value: 'chefmaya' }],
    });
  });

  it('records no internal emulator errors', () => {
    expect(emulator.internalErrors).toEqual([]);
  });
});
