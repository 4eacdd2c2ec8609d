import { ChannelType, MessageFlags, PermissionFlagsBits, RESTJSONErrorCodes } from 'discord.js';
import type { CommandRegistry } from './commands.js';
import { DiscordHttpError, discordErrors, fieldErrorTree } from './errors.js';
import type { InteractionDesk } from './interactions.js';
import { LIMITS, messagePayloadSchema, parseWith, threadPayloadSchema } from './message-payload.js';
import { CHANNEL_MESSAGE_FLAGS, toWire, type MessageEntry, type MessageStore } from './messages.js';
import type { RecordedFile } from './types.js';
import { isTextBased, isThread, type ChannelRecord, type Json, type JsonObject, type World } from './world.js';

export interface RouteContext {
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly body: unknown;
  readonly files: readonly RecordedFile[];
}

export type RouteResult = { readonly status: 204 } | { readonly status: 200 | 201; readonly body: unknown };

export interface Route {
  readonly method: string;
  /** Path pattern below /api/v10 with :params, e.g. '/channels/:channelId/messages'. */
  readonly pattern: string;
  /** Bot routes need `Authorization: Bot <token>`; interaction callback and webhook routes don't. */
  readonly auth: boolean;
  readonly handle: (ctx: RouteContext) => RouteResult;
}

export interface RouteDeps {
  readonly world: World;
  readonly messages: MessageStore;
  readonly commands: CommandRegistry;
  readonly desk: InteractionDesk;
  readonly applicationId: string;
  readonly gatewayUrl: string;
  readonly attachmentSizeLimit: number;
  readonly newId: () => string;
  /** The emulator's clock (epoch ms). */
  readonly clock: () => number;
  /** Threads are announced over the gateway like Discord does (THREAD_CREATE). */
  readonly onThreadCreated: (thread: ChannelRecord) => void;
}

const ok = (body: unknown): RouteResult => ({ status: 200, body });
const noContent: RouteResult = { status: 204 };

const AUTO_ARCHIVE_DURATIONS = [60, 1440, 4320, 10080];

/** Every REST route the emulator answers. */
export function createRoutes(deps: RouteDeps): Route[] {
  const { world, messages, commands, desk } = deps;
  const routes: Route[] = [];
  const add = (method: string, pattern: string, handle: Route['handle'], auth = true): void => {
    routes.push({ method, pattern, auth, handle });
  };
  const param = (ctx: RouteContext, name: string): string => {
    const value = ctx.params[name];
    if (value === undefined) throw new Error(`route has no :${name}`);
    return value;
  };
  const requireApp = (ctx: RouteContext): void => {
    if (param(ctx, 'applicationId') !== deps.applicationId) {
      throw new DiscordHttpError(404, RESTJSONErrorCodes.UnknownApplication, 'Unknown Application');
    }
  };
  const guildScope = (ctx: RouteContext): string | null => {
    const guildId = ctx.params['guildId'];
    if (guildId === undefined) return null;
    world.guild(guildId);
    return guildId;
  };
  const applicationJson = (): JsonObject => ({
    id: deps.applicationId,
    name: world.bot.username,
    icon: null,
    description: 'Emulated application',
    summary: '',
    type: null,
    bot_public: false,
    bot_require_code_grant: false,
    verify_key: '0'.repeat(64),
    // GatewayMessageContent limited (1 << 19): what a new bot has without verification.
    flags: 1 << 19,
    owner: world.userJson(world.userFor({ username: 'app-owner' })),
    team: null,
    bot: world.userJson(world.bot),
    approximate_guild_count: world.guilds.size,
    redirect_uris: [],
    interactions_endpoint_url: null,
    tags: [],
    integration_types_config: { '0': {} },
  });

  // ----- gateway, users, application -----
  add('GET', '/gateway', () => ok({ url: deps.gatewayUrl }), false);
  add('GET', '/gateway/bot', () =>
    ok({
      url: deps.gatewayUrl,
      shards: 1,
      session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
    }),
  );
  add('GET', '/users/@me', () => ok(world.userJson(world.bot)));
  add('GET', '/users/@me/guilds', () =>
    ok(
      [...world.guilds.values()].map((g) => ({
        id: g.id,
        name: g.name,
        icon: null,
        banner: null,
        owner: false,
        permissions: world.botGuildPermissions(g).toString(),
        features: [],
      })),
    ),
  );
  add('POST', '/users/@me/channels', (ctx) => {
    const recipient =
      typeof ctx.body === 'object' && ctx.body !== null && 'recipient_id' in ctx.body
        ? String(ctx.body.recipient_id)
        : '';
    const user = world.users.get(recipient);
    if (!user) throw discordErrors.unknownUser();
    return ok(world.channelJson(world.dmChannelWith(user)));
  });
  add('GET', '/users/:userId', (ctx) => {
    const user = world.users.get(param(ctx, 'userId'));
    if (!user) throw discordErrors.unknownUser();
    return ok(world.userJson(user));
  });
  add('GET', '/applications/@me', () => ok(applicationJson()));
  add('GET', '/oauth2/applications/@me', () => ok(applicationJson()));
  add('GET', '/applications/:applicationId/entitlements', (ctx) => {
    requireApp(ctx);
    return ok([]);
  });

  // ----- application commands (global and per guild) -----
  for (const base of [
    '/applications/:applicationId/commands',
    '/applications/:applicationId/guilds/:guildId/commands',
  ]) {
    add('GET', base, (ctx) => {
      requireApp(ctx);
      return ok(commands.list(guildScope(ctx)).map((c) => c.json));
    });
    add('PUT', base, (ctx) => {
      requireApp(ctx);
      return ok(commands.overwrite(guildScope(ctx), ctx.body).map((c) => c.json));
    });
    add('POST', base, (ctx) => {
      requireApp(ctx);
      const { command, created } = commands.upsert(guildScope(ctx), ctx.body);
      return { status: created ? 201 : 200, body: command.json };
    });
    add('GET', `${base}/:commandId`, (ctx) => {
      requireApp(ctx);
      return ok(commands.get(param(ctx, 'commandId'), guildScope(ctx)).json);
    });
    add('PATCH', `${base}/:commandId`, (ctx) => {
      requireApp(ctx);
      return ok(commands.edit(guildScope(ctx), param(ctx, 'commandId'), ctx.body).json);
    });
    add('DELETE', `${base}/:commandId`, (ctx) => {
      requireApp(ctx);
      commands.delete(guildScope(ctx), param(ctx, 'commandId'));
      return noContent;
    });
  }

  // ----- interactions -----
  add(
    'POST',
    '/interactions/:interactionId/:interactionToken/callback',
    (ctx) => {
      const withResponse = ctx.query.get('with_response') === 'true';
      const result = desk.callback(
        param(ctx, 'interactionId'),
        param(ctx, 'interactionToken'),
        ctx.body,
        ctx.files,
        withResponse,
      );
      return result.status === 204 ? noContent : ok(result.body);
    },
    false,
  );
  add(
    'POST',
    '/webhooks/:webhookId/:webhookToken',
    (ctx) => {
      const message = desk.followup(param(ctx, 'webhookId'), param(ctx, 'webhookToken'), ctx.body, ctx.files);
      return ctx.query.get('wait') === 'true' ? ok(toWire(message)) : noContent;
    },
    false,
  );
  const webhookMessage = '/webhooks/:webhookId/:webhookToken/messages/:messageId';
  add(
    'GET',
    webhookMessage,
    (ctx) => ok(toWire(desk.getMessage(param(ctx, 'webhookId'), param(ctx, 'webhookToken'), param(ctx, 'messageId')))),
    false,
  );
  add(
    'PATCH',
    webhookMessage,
    (ctx) =>
      ok(
        toWire(
          desk.editMessage(
            param(ctx, 'webhookId'),
            param(ctx, 'webhookToken'),
            param(ctx, 'messageId'),
            ctx.body,
            ctx.files,
          ),
        ),
      ),
    false,
  );
  add(
    'DELETE',
    webhookMessage,
    (ctx) => {
      desk.deleteMessage(param(ctx, 'webhookId'), param(ctx, 'webhookToken'), param(ctx, 'messageId'));
      return noContent;
    },
    false,
  );

  // ----- channels and messages -----
  const channelMessage = (channel: ChannelRecord, messageId: string): MessageEntry => {
    const entry = messages.get(messageId);
    if (!entry || entry.message.channel_id !== channel.id || isEphemeral(entry)) throw discordErrors.unknownMessage();
    return entry;
  };

  add('GET', '/channels/:channelId', (ctx) => ok(world.channelJson(world.readableChannel(param(ctx, 'channelId')))));
  add('GET', '/channels/:channelId/messages', (ctx) => {
    const channel = world.readableChannel(param(ctx, 'channelId'));
    // Without Read Message History Discord answers an empty list rather than an error.
    if (!world.botCan(channel, PermissionFlagsBits.ReadMessageHistory)) return ok([]);
    const limit = Math.min(Math.max(Number(ctx.query.get('limit') ?? 50), 1), 100);
    const before = ctx.query.get('before');
    const after = ctx.query.get('after');
    const list = messages
      .inChannel(channel.id)
      .filter((e) => !isEphemeral(e))
      .filter((e) => (before ? BigInt(e.message.id) < BigInt(before) : true))
      .filter((e) => (after ? BigInt(e.message.id) > BigInt(after) : true))
      .reverse()
      .slice(0, limit)
      .map((e) => toWire(e.message));
    return ok(list);
  });
  add('POST', '/channels/:channelId/messages', (ctx) => {
    const channel = world.readableChannel(param(ctx, 'channelId'));
    if (!isTextBased(channel)) throw discordErrors.nonTextChannel();
    const payload = parseWith(messagePayloadSchema, ctx.body);
    world.requireBotPermissions(
      channel,
      isThread(channel) ? PermissionFlagsBits.SendMessagesInThreads : PermissionFlagsBits.SendMessages,
    );
    if (ctx.files.length > 0) world.requireBotPermissions(channel, PermissionFlagsBits.AttachFiles);
    if (channel.thread?.locked) throw discordErrors.missingPermissions();
    // enforce_nonce: a create repeated with the same nonce within a few minutes returns the first message.
    if (payload.enforce_nonce === true && payload.nonce !== undefined && payload.nonce !== null) {
      const earlier = messages.byNonce(channel.id, payload.nonce, deps.clock());
      if (earlier) return ok({ ...toWire(earlier.message), nonce: payload.nonce });
    }
    if (channel.thread) channel.thread.archived = false;
    const entry = messages.create({
      channel,
      payload,
      files: ctx.files,
      source: 'channel',
      allowedFlags: CHANNEL_MESSAGE_FLAGS,
      dropEmbeds: !world.botCan(channel, PermissionFlagsBits.EmbedLinks),
      attachmentSizeLimit: deps.attachmentSizeLimit,
    });
    return ok({ ...toWire(entry.message), ...(entry.nonce !== undefined ? { nonce: entry.nonce } : {}) });
  });
  add('GET', '/channels/:channelId/messages/:messageId', (ctx) => {
    const channel = world.readableChannel(param(ctx, 'channelId'));
    if (!world.botCan(channel, PermissionFlagsBits.ReadMessageHistory)) throw discordErrors.missingAccess();
    return ok(toWire(channelMessage(channel, param(ctx, 'messageId')).message));
  });
  add('PATCH', '/channels/:channelId/messages/:messageId', (ctx) => {
    const channel = world.readableChannel(param(ctx, 'channelId'));
    const entry = channelMessage(channel, param(ctx, 'messageId'));
    if (entry.source === 'interaction') {
      throw new DiscordHttpError(
        403,
        RESTJSONErrorCodes.CannotEditMessageAuthoredByAnotherUser,
        'Cannot edit a message authored by another user',
      );
    }
    return ok(
      toWire(
        messages.edit(entry, parseWith(messagePayloadSchema, ctx.body), ctx.files, deps.attachmentSizeLimit).message,
      ),
    );
  });
  add('DELETE', '/channels/:channelId/messages/:messageId', (ctx) => {
    const channel = world.readableChannel(param(ctx, 'channelId'));
    const entry = channelMessage(channel, param(ctx, 'messageId'));
    if (entry.source === 'interaction') world.requireBotPermissions(channel, PermissionFlagsBits.ManageMessages);
    messages.delete(entry);
    return noContent;
  });
  add('POST', '/channels/:channelId/typing', (ctx) => {
    const channel = world.readableChannel(param(ctx, 'channelId'));
    world.requireBotPermissions(
      channel,
      isThread(channel) ? PermissionFlagsBits.SendMessagesInThreads : PermissionFlagsBits.SendMessages,
    );
    return noContent;
  });
  add('POST', '/channels/:channelId/messages/:messageId/threads', (ctx) => {
    const parent = world.readableChannel(param(ctx, 'channelId'));
    if (parent.type !== ChannelType.GuildText && parent.type !== ChannelType.GuildAnnouncement) {
      throw new DiscordHttpError(
        400,
        RESTJSONErrorCodes.CannotExecuteActionOnThisChannelType,
        'Cannot execute action on this channel type',
      );
    }
    const payload = parseWith(threadPayloadSchema, ctx.body);
    world.requireBotPermissions(parent, PermissionFlagsBits.CreatePublicThreads);
    const starter = channelMessage(parent, param(ctx, 'messageId'));
    if (starter.message.thread || world.channels.has(starter.message.id)) throw discordErrors.threadAlreadyCreated();
    checkThreadPayload(payload.name, payload.auto_archive_duration);
    // A thread started from a message has the message's id.
    const thread = world.addThread(
      parent,
      starter.message.id,
      payload.name,
      parent.type === ChannelType.GuildAnnouncement ? ChannelType.AnnouncementThread : ChannelType.PublicThread,
      payload.auto_archive_duration ?? 1440,
    );
    starter.message.flags = (starter.message.flags ?? 0) | MessageFlags.HasThread;
    starter.message.thread = world.channelJson(thread) as unknown as NonNullable<typeof starter.message.thread>;
    deps.onThreadCreated(thread);
    return { status: 201, body: world.channelJson(thread) };
  });
  add('POST', '/channels/:channelId/threads', (ctx) => {
    const parent = world.readableChannel(param(ctx, 'channelId'));
    if (parent.type !== ChannelType.GuildText && parent.type !== ChannelType.GuildAnnouncement) {
      throw new DiscordHttpError(
        400,
        RESTJSONErrorCodes.CannotExecuteActionOnThisChannelType,
        'Cannot execute action on this channel type',
      );
    }
    const payload = parseWith(threadPayloadSchema, ctx.body);
    const type = payload.type ?? ChannelType.PrivateThread;
    world.requireBotPermissions(
      parent,
      type === ChannelType.PrivateThread
        ? PermissionFlagsBits.CreatePrivateThreads
        : PermissionFlagsBits.CreatePublicThreads,
    );
    checkThreadPayload(payload.name, payload.auto_archive_duration);
    const thread = world.addThread(parent, deps.newId(), payload.name, type, payload.auto_archive_duration ?? 1440);
    deps.onThreadCreated(thread);
    return { status: 201, body: world.channelJson(thread) };
  });
  add('PUT', '/channels/:channelId/thread-members/@me', (ctx) => {
    const channel = world.readableChannel(param(ctx, 'channelId'));
    if (!isThread(channel))
      throw new DiscordHttpError(
        400,
        RESTJSONErrorCodes.CannotExecuteActionOnThisChannelType,
        'Cannot execute action on this channel type',
      );
    return noContent;
  });

  // ----- guilds -----
  add('GET', '/guilds/:guildId', (ctx) => {
    const guild = world.guild(param(ctx, 'guildId'));
    const counts =
      ctx.query.get('with_counts') === 'true'
        ? { approximate_member_count: guild.members.size, approximate_presence_count: 1 }
        : {};
    return ok({ ...world.guildJson(guild), ...counts });
  });
  add('GET', '/guilds/:guildId/channels', (ctx) => {
    const guildId = param(ctx, 'guildId');
    world.guild(guildId);
    return ok(
      world
        .channelsOf(guildId)
        .filter((c) => c.failure !== 'missing')
        .map((c) => world.channelJson(c)),
    );
  });
  add('GET', '/guilds/:guildId/roles', (ctx) => {
    const guild = world.guild(param(ctx, 'guildId'));
    return ok([...guild.rolePermissions.keys()].map((roleId) => world.roleJson(guild, roleId)));
  });
  add('GET', '/guilds/:guildId/members/:userId', (ctx) => {
    const guild = world.guild(param(ctx, 'guildId'));
    const member = guild.members.get(param(ctx, 'userId'));
    if (!member) throw discordErrors.unknownMember();
    const { permissions: _computedOnlyInInteractions, ...json } = world.memberJson(guild, member);
    return ok(json);
  });
  add('GET', '/guilds/:guildId/threads/active', (ctx) => {
    const guildId = param(ctx, 'guildId');
    world.guild(guildId);
    const threads = [...world.channels.values()].filter(
      (c) => c.guildId === guildId && isThread(c) && !c.deleted && !c.thread?.archived,
    );
    return ok({ threads: threads.map((t) => world.channelJson(t)), members: [] as Json[] });
  });

  return routes;
}

function isEphemeral(entry: MessageEntry): boolean {
  return ((entry.message.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
}

function checkThreadPayload(name: string, autoArchiveDuration: number | undefined): void {
  if (name.length < 1 || name.length > LIMITS.threadName) {
    throw discordErrors.invalidFormBody(
      fieldErrorTree(['name'], {
        code: 'BASE_TYPE_BAD_LENGTH',
        message: `Must be between 1 and ${LIMITS.threadName} in length.`,
      }),
    );
  }
  if (autoArchiveDuration !== undefined && !AUTO_ARCHIVE_DURATIONS.includes(autoArchiveDuration)) {
    throw discordErrors.invalidFormBody(
      fieldErrorTree(['auto_archive_duration'], {
        code: 'BASE_TYPE_CHOICES',
        message: `Value must be one of {${AUTO_ARCHIVE_DURATIONS.join(', ')}}.`,
      }),
    );
  }
}
