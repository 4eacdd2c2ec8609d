import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { GatewayIntentBits, MessageFlags } from 'discord.js';
import { wallClock, type Clock } from './clock.js';
import { CommandRegistry } from './commands.js';
import { DiscordHttpError, discordErrors } from './errors.js';
import { EventLog } from './event-log.js';
import { Gateway } from './gateway.js';
import { InteractionDesk } from './interactions.js';
import { MessageStore, toWire, type MessageChange, type MessageEntry } from './messages.js';
import { DEFAULT_BOT_PERMISSIONS, resolvePermissions, type PermissionInput } from './permissions.js';
import { RateLimitInjector, requestMatches, type RateLimitHandle } from './rate-limits.js';
import { parseBody, readRawBody, type ParsedBody } from './request-body.js';
import { createRoutes } from './rest-routes.js';
import { Router, type RouteMatch } from './router.js';
import { SnowflakeGenerator } from './snowflake.js';
import type {
  ChannelConfig,
  ChannelFailure,
  DiscordEmulatorOptions,
  DispatchedInteraction,
  GatewayFrame,
  InteractionRecord,
  MessageSource,
  RateLimitOptions,
  RecordedRequest,
  RequestMatcher,
  RequestMatcherFields,
  SendAutocompleteOptions,
  SendComponentInteractionOptions,
  SendInteractionOptions,
  StoredAttachment,
  StoredMessage,
  WaitOptions,
} from './types.js';
import { World, type ChannelRecord, type JsonObject } from './world.js';

const DEFAULT_TIMEOUT_MS = 5000;
const DEFAULT_ATTACHMENT_LIMIT = 10 * 1024 * 1024;

export interface EmulatedGuild {
  readonly id: string;
  readonly name: string;
  /** Channel ids by channel name. */
  readonly channelIds: Readonly<Record<string, string>>;
}

/** A change to a stored message, as waitForMessage sees it. */
export interface MessageEvent {
  readonly change: MessageChange;
  readonly message: StoredMessage;
  readonly source: MessageSource;
  readonly interactionId: string | null;
}

interface Internals {
  readonly server: Server;
  readonly sockets: Set<Socket>;
  readonly baseUrl: string;
  readonly token: string;
  readonly clock: Clock;
  readonly ids: SnowflakeGenerator;
  readonly world: World;
  readonly messages: MessageStore;
  readonly commands: CommandRegistry;
  readonly desk: InteractionDesk;
  readonly gateway: Gateway;
  readonly router: Router;
  readonly rateLimits: RateLimitInjector;
  readonly requestLog: EventLog<RecordedRequest>;
  readonly frameLog: EventLog<GatewayFrame>;
  readonly messageLog: EventLog<MessageEvent>;
  readonly onUnknownRoute: (line: string) => void;
}

/** A running emulator; see the API overview in test/support/discord-emulator.ts. */
export class DiscordEmulator {
  readonly apiBase: string;
  readonly baseUrl: string;
  readonly gatewayUrl: string;
  readonly token: string;
  readonly applicationId: string;
  readonly botUserId: string;
  readonly guildId: string;
  readonly channelId: string;
  readonly channelIds: Readonly<Record<string, string>>;
  readonly guilds: readonly EmulatedGuild[];
  /** Errors thrown inside the emulator itself (answered 500); a test may assert this stays empty. */
  readonly internalErrors: Error[] = [];
  readonly #in: Internals;
  #seq = 0;
  #stopping: Promise<void> | null = null;

  /** @internal Use startDiscordEmulator. */
  constructor(internals: Internals, applicationId: string) {
    this.#in = internals;
    this.baseUrl = internals.baseUrl;
    this.apiBase = `${internals.baseUrl}/api`;
    this.gatewayUrl = `${internals.baseUrl.replace(/^http/, 'ws')}/gateway`;
    this.token = internals.token;
    this.applicationId = applicationId;
    this.botUserId = internals.world.bot.id;
    this.guilds = [...internals.world.guilds.values()].map((g) => ({
      id: g.id,
      name: g.name,
      channelIds: Object.fromEntries(internals.world.channelsOf(g.id).map((c) => [c.name, c.id])),
    }));
    const first = this.guilds[0];
    if (!first) throw new Error('The emulator needs at least one guild');
    this.guildId = first.id;
    this.channelIds = first.channelIds;
    const firstChannel = Object.values(first.channelIds)[0];
    if (!firstChannel) throw new Error('The first guild needs at least one channel');
    this.channelId = firstChannel;
    internals.server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      void this.#handle(request, response);
    });
  }

  // ----- recording -----

  /** Every REST request so far, in arrival order of their answers. */
  get requests(): readonly RecordedRequest[] {
    return this.#in.requestLog.items;
  }

  /** Requests no route matched (answered 404 code 0). */
  get unknownRequests(): readonly RecordedRequest[] {
    return this.requests.filter((r) => r.route === null && !r.rateLimited);
  }

  /** Every gateway frame both ways (tokens redacted). */
  get gatewayFrames(): readonly GatewayFrame[] {
    return this.#in.frameLog.items;
  }

  /** Calls `listener` with every request from now on, as it is answered; returns the unsubscribe. */
  onRequest(listener: (request: RecordedRequest) => void): () => void {
    return this.#in.requestLog.subscribe(listener);
  }

  /** Resolves with the first request, already answered or future, that matches. */
  waitForRequest(
    matcher: RequestMatcherFields | ((request: RecordedRequest) => boolean),
    options: WaitOptions = {},
  ): Promise<RecordedRequest> {
    const predicate = (request: RecordedRequest): boolean => requestMatches(matcher, request);
    return this.#in.requestLog.waitFor(predicate, options.timeoutMs ?? DEFAULT_TIMEOUT_MS, 'a matching request');
  }

  waitForGatewayFrame(predicate: (frame: GatewayFrame) => boolean, options: WaitOptions = {}): Promise<GatewayFrame> {
    return this.#in.frameLog.waitFor(predicate, options.timeoutMs ?? DEFAULT_TIMEOUT_MS, 'a matching gateway frame');
  }

  /** Resolves on the first create/update/delete of a message that matches (past or future). */
  waitForMessage(predicate: (event: MessageEvent) => boolean, options: WaitOptions = {}): Promise<MessageEvent> {
    return this.#in.messageLog.waitFor(predicate, options.timeoutMs ?? DEFAULT_TIMEOUT_MS, 'a matching message');
  }

  /**
   * Messages in a channel or thread, oldest first, deleted ones left out. Interaction responses
   * are messages in the channel too (ephemeral ones included, flagged 64); pass `source` to
   * keep only what the bot posted itself ('channel') or only interaction responses.
   */
  messagesIn(channelId: string, options: { source?: MessageSource } = {}): StoredMessage[] {
    return this.#in.messages
      .inChannel(channelId)
      .filter((entry) => options.source === undefined || entry.source === options.source)
      .map((entry) => entry.message);
  }

  message(messageId: string): StoredMessage | undefined {
    return this.#in.messages.get(messageId)?.message;
  }

  attachment(attachmentId: string): StoredAttachment | undefined {
    return this.#in.messages.attachment(attachmentId);
  }

  /** The callback and webhook requests (edits, followups, fetches) for one interaction, in order. */
  interactionResponses(interactionId: string): RecordedRequest[] {
    return this.requests.filter((r) => r.interactionId === interactionId);
  }

  interaction(interactionId: string): InteractionRecord | undefined {
    return this.#in.desk.record(interactionId);
  }

  /** Commands registered by the bot: global (no argument / null) or for a guild. */
  registeredCommands(guildId: string | null = null): JsonObject[] {
    return this.#in.commands.list(guildId).map((c) => c.json);
  }

  /** A channel or thread as Discord's JSON (undefined if unknown). */
  channel(channelId: string): JsonObject | undefined {
    const channel = this.#in.world.channels.get(channelId);
    return channel ? this.#in.world.channelJson(channel) : undefined;
  }

  /** Threads created in a channel (from a message or not), oldest first. */
  threadsIn(channelId: string): JsonObject[] {
    return [...this.#in.world.channels.values()]
      .filter((c) => c.parentId === channelId && !c.deleted)
      .map((c) => this.#in.world.channelJson(c));
  }

  /** How many TCP connections (HTTP keep-alive and WebSocket) are open to the emulator. */
  openConnections(): number {
    return this.#in.sockets.size;
  }

  // ----- driving the bot -----

  /**
   * Dispatches a slash command as INTERACTION_CREATE. Waits (up to timeoutMs) for a gateway
   * session if the bot has not identified yet. Throws if Discord would not let the user send it
   * (unknown option, missing required option, wrong type, default_member_permissions).
   */
  async sendInteraction(options: SendInteractionOptions, wait: WaitOptions = {}): Promise<DispatchedInteraction> {
    await this.#waitForSession(wait.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const built = this.#in.desk.buildCommand(options, this.guildId);
    this.#in.gateway.dispatch('INTERACTION_CREATE', built.payload, null);
    return { id: built.id, token: built.token, applicationId: this.applicationId, payload: built.payload };
  }

  /** Dispatches a button/select click on a stored message (for callback types 6 and 7). */
  async sendComponentInteraction(
    options: SendComponentInteractionOptions,
    wait: WaitOptions = {},
  ): Promise<DispatchedInteraction> {
    await this.#waitForSession(wait.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const built = this.#in.desk.buildComponent(options);
    this.#in.gateway.dispatch('INTERACTION_CREATE', built.payload, null);
    return { id: built.id, token: built.token, applicationId: this.applicationId, payload: built.payload };
  }

  /** Dispatches an autocomplete interaction (type 4): a member typing `typed` into option `focused`. */
  async sendAutocomplete(options: SendAutocompleteOptions, wait: WaitOptions = {}): Promise<DispatchedInteraction> {
    await this.#waitForSession(wait.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const built = this.#in.desk.buildAutocomplete(options, this.guildId);
    this.#in.gateway.dispatch('INTERACTION_CREATE', built.payload, null);
    return { id: built.id, token: built.token, applicationId: this.applicationId, payload: built.payload };
  }

  /** Sends any dispatch event to every session (intent null: regardless of intents). */
  dispatch(event: string, data: JsonObject, intent: number | null = null): void {
    this.#in.gateway.dispatch(event, data, intent);
  }

  async #waitForSession(timeoutMs: number): Promise<void> {
    if (this.#in.gateway.hasSession()) return;
    await this.#in.frameLog.waitForNext(
      (f) => f.direction === 'out' && (f.t === 'READY' || f.t === 'RESUMED'),
      timeoutMs,
      'the bot to connect to the gateway (READY)',
    );
  }

  // ----- faults and changes -----

  /** Answers the next `times` matching requests with Discord's 429. */
  rateLimitNext(matcher: RequestMatcher, options: RateLimitOptions = {}): RateLimitHandle {
    return this.#in.rateLimits.add(matcher, options);
  }

  /** Makes REST fail for a channel (null restores it). The gateway is not told, like a stale cache. */
  setChannelFailure(channelId: string, failure: ChannelFailure | null): void {
    this.#channelRecord(channelId).failure = failure;
  }

  /** Deletes a channel: REST answers 10003 and, unless told otherwise, CHANNEL_DELETE is dispatched. */
  deleteChannel(channelId: string, options: { notifyGateway?: boolean } = {}): void {
    const channel = this.#channelRecord(channelId);
    channel.deleted = true;
    if (options.notifyGateway ?? true)
      this.dispatch('CHANNEL_DELETE', this.#in.world.channelJson(channel), GatewayIntentBits.Guilds);
  }

  /** Adds a channel to a guild and dispatches CHANNEL_CREATE; returns its id. */
  addChannel(guildId: string, config: ChannelConfig = {}): string {
    this.#in.world.guild(guildId);
    const channel = this.#in.world.addChannel(guildId, config);
    this.dispatch('CHANNEL_CREATE', this.#in.world.channelJson(channel), GatewayIntentBits.Guilds);
    return channel.id;
  }

  /** Replaces the bot's permission overwrite in a channel and dispatches CHANNEL_UPDATE. */
  setBotChannelPermissions(channelId: string, overwrite: { allow?: PermissionInput; deny?: PermissionInput }): void {
    const channel = this.#channelRecord(channelId);
    const botId = this.botUserId;
    channel.overwrites = [
      ...channel.overwrites.filter((o) => !(o.type === 1 && o.id === botId)),
      {
        id: botId,
        type: 1,
        allow: resolvePermissions(overwrite.allow ?? 0n),
        deny: resolvePermissions(overwrite.deny ?? 0n),
      },
    ];
    this.dispatch('CHANNEL_UPDATE', this.#in.world.channelJson(channel), GatewayIntentBits.Guilds);
  }

  /** Changes the bot role's permissions in a guild and dispatches GUILD_ROLE_UPDATE. */
  setBotPermissions(guildId: string, permissions: PermissionInput): void {
    const guild = this.#in.world.guild(guildId);
    guild.rolePermissions.set(guild.botRoleId, resolvePermissions(permissions));
    this.dispatch(
      'GUILD_ROLE_UPDATE',
      { guild_id: guild.id, role: this.#in.world.roleJson(guild, guild.botRoleId) },
      GatewayIntentBits.Guilds,
    );
  }

  /** Closes every gateway connection with `code`; 4000 (default) lets discord.js RESUME. */
  closeGatewayConnections(code = 4000, reason = 'Emulator closed the connection'): void {
    this.#in.gateway.closeConnections(code, reason);
  }

  #channelRecord(channelId: string): ChannelRecord {
    const channel = this.#in.world.channels.get(channelId);
    if (!channel) throw new Error(`The emulator has no channel ${channelId}`);
    return channel;
  }

  // ----- lifecycle -----

  /** Closes the gateway and HTTP server and every socket; resolves when all are closed. Idempotent. */
  stop(): Promise<void> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  async #stop(): Promise<void> {
    const { server, sockets, gateway } = this.#in;
    await gateway.stop();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await Promise.all(
      [...sockets].map(
        (socket) =>
          new Promise<void>((resolve) => {
            // Wait for the 'close' event itself: `closed` turns true a tick before it is emitted.
            if (!sockets.has(socket)) resolve();
            else socket.once('close', () => resolve());
            socket.destroy();
          }),
      ),
    );
    await closed;
    const reason = 'The Discord emulator was stopped';
    this.#in.requestLog.rejectAll(reason);
    this.#in.frameLog.rejectAll(reason);
    this.#in.messageLog.rejectAll(reason);
  }

  // ----- HTTP -----

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.baseUrl);
    if (url.pathname.startsWith('/attachments/')) {
      this.#serveAttachment(url, request, response);
      return;
    }
    const seq = ++this.#seq;
    const receivedAt = this.#in.clock();
    const method = (request.method ?? 'GET').toUpperCase();
    const versioned = /^\/api\/v(\d+)(\/.*)?$/.exec(url.pathname);
    const path = versioned ? (versioned[2] ?? '/') : url.pathname;
    const match: RouteMatch | null = versioned?.[1] === '10' ? this.#in.router.match(method, path) : null;
    const authorized = request.headers.authorization === `Bot ${this.token}`;
    let parsed: ParsedBody = { body: undefined, multipart: false, files: [] };
    let status = 200;
    let body: unknown;
    let extraHeaders: Record<string, string> = {};
    let rateLimited = false;
    let raw: Buffer;
    try {
      raw = await readRawBody(request);
    } catch {
      // The client went away mid-request (aborted upload, stop()); there is nobody to answer.
      response.destroy();
      return;
    }
    try {
      parsed = await parseBody(raw, request.headers['content-type']);
      const requestLike = {
        method,
        path,
        route: match?.route.pattern ?? null,
        params: match?.params ?? {},
        body: parsed.body,
      };
      const limited = this.#in.rateLimits.take(requestLike, this.#in.clock());
      if (limited) {
        rateLimited = true;
        status = 429;
        body = limited.body;
        extraHeaders = limited.headers;
      } else if (!match) {
        this.#in.onUnknownRoute(`Discord emulator: no route for ${method} ${url.pathname} (answered 404)`);
        throw discordErrors.notFound();
      } else if (match.route.auth && !authorized) {
        throw discordErrors.unauthorized();
      } else {
        const result = match.route.handle({
          params: match.params,
          query: url.searchParams,
          body: parsed.body,
          files: parsed.files,
        });
        status = result.status;
        body = 'body' in result ? result.body : undefined;
      }
    } catch (error) {
      if (error instanceof DiscordHttpError) {
        status = error.status;
        body = error.toJSON();
      } else {
        const failure = error instanceof Error ? error : new Error(String(error));
        this.internalErrors.push(failure);
        console.error('Discord emulator internal error:', failure);
        status = 500;
        body = { message: '500: Internal Server Error', code: 0 };
      }
    }
    const text = status === 204 || body === undefined ? '' : JSON.stringify(body);
    response.writeHead(status, {
      ...(text ? { 'content-type': 'application/json' } : {}),
      ...extraHeaders,
    });
    response.end(text);
    this.#in.requestLog.push({
      seq,
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      route: match?.route.pattern ?? null,
      params: match?.params ?? {},
      headers: redactedHeaders(request),
      authorized,
      body: parsed.body,
      multipart: parsed.multipart,
      files: parsed.files,
      interactionId: this.#interactionIdOf(match),
      receivedAt,
      status,
      response: text ? (JSON.parse(text) as unknown) : undefined,
      rateLimited,
    });
  }

  #interactionIdOf(match: RouteMatch | null): string | null {
    if (!match) return null;
    if (match.params['interactionId'] !== undefined) return match.params['interactionId'];
    const token = match.params['webhookToken'];
    return token === undefined ? null : this.#in.desk.idForToken(token);
  }

  #serveAttachment(url: URL, request: IncomingMessage, response: ServerResponse): void {
    request.resume();
    const [, , , attachmentId] = url.pathname.split('/');
    const attachment = attachmentId ? this.#in.messages.attachment(attachmentId) : undefined;
    if (!attachment || request.method !== 'GET') {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('Not Found');
      return;
    }
    response.writeHead(200, {
      'content-type': attachment.content_type ?? 'application/octet-stream',
      'content-length': attachment.data.length,
    });
    response.end(attachment.data);
  }
}

function redactedHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    headers[name] = name === 'authorization' ? '[redacted]' : Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/** Starts the emulator on 127.0.0.1 with a free port. */
export async function startDiscordEmulator(options: DiscordEmulatorOptions = {}): Promise<DiscordEmulator> {
  const server = createServer({ keepAliveTimeout: 5000 });
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const clock = options.clock ?? wallClock;
  const ids = new SnowflakeGenerator(clock);
  const token = options.token ?? fakeToken();
  const world = new World(ids, clock, {
    botPermissions: options.botPermissions ?? DEFAULT_BOT_PERMISSIONS,
    botUsername: options.botUsername ?? 'Retention Bot',
  });
  const applicationId = world.bot.id;
  for (const guild of options.guilds ?? [{}]) world.addGuild(guild);
  const attachmentSizeLimit = options.attachmentSizeLimit ?? DEFAULT_ATTACHMENT_LIMIT;
  const frameLog = new EventLog<GatewayFrame>(
    (f) => `${f.direction} op ${f.op}${f.t ? ` ${f.t}` : ''}${f.s !== null ? ` s=${f.s}` : ''}`,
  );
  const messageLog = new EventLog<MessageEvent>(
    (e) => `${e.change} ${e.message.id} in ${e.message.channel_id} (${e.source})`,
  );
  const requestLog = new EventLog<RecordedRequest>((r) => `#${r.seq} ${r.method} ${r.route ?? r.path} -> ${r.status}`);
  const gatewayUrl = `ws://127.0.0.1:${port}/gateway`;
  const gateway = new Gateway({
    token,
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
    clock,
    world,
    applicationId,
    gatewayUrl,
    resumeUrl: `ws://127.0.0.1:${port}/gateway/resume`,
    privilegedIntents: options.privilegedIntents ?? 0,
    frames: frameLog,
    newSessionId: () => randomBytes(16).toString('hex'),
  });
  server.on('upgrade', (request: IncomingMessage, socket, head: Buffer) =>
    gateway.handleUpgrade(request, socket, head),
  );
  const onMessageChange = (change: MessageChange, entry: MessageEntry, channel: ChannelRecord): void => {
    messageLog.push({ change, message: entry.message, source: entry.source, interactionId: entry.interactionId });
    announceMessage(gateway, world, change, entry, channel);
  };
  const messages = new MessageStore(world, ids, baseUrl, onMessageChange);
  const commands = new CommandRegistry(ids, applicationId);
  const desk = new InteractionDesk(world, messages, commands, ids, clock, {
    applicationId,
    ackDeadlineMs: options.interactionAckDeadlineMs === undefined ? 3000 : options.interactionAckDeadlineMs,
    tokenTtlMs: options.interactionTokenTtlMs ?? 15 * 60 * 1000,
    attachmentSizeLimit,
  });
  const router = new Router(
    createRoutes({
      world,
      messages,
      commands,
      desk,
      applicationId,
      gatewayUrl,
      attachmentSizeLimit,
      newId: () => ids.next(),
      clock,
      onThreadCreated: (thread) =>
        gateway.dispatch(
          'THREAD_CREATE',
          {
            ...world.channelJson(thread),
            newly_created: true,
            member: { id: thread.id, user_id: world.bot.id, join_timestamp: world.now(), flags: 0 },
          },
          GatewayIntentBits.Guilds,
        ),
    }),
  );
  return new DiscordEmulator(
    {
      server,
      sockets,
      baseUrl,
      token,
      clock,
      ids,
      world,
      messages,
      commands,
      desk,
      gateway,
      router,
      rateLimits: new RateLimitInjector(),
      requestLog,
      frameLog,
      messageLog,
      onUnknownRoute: options.onUnknownRoute ?? ((line) => console.warn(line)),
    },
    applicationId,
  );
}

/** MESSAGE_CREATE/UPDATE/DELETE, sent only to sessions with the message intents, like Discord. */
function announceMessage(
  gateway: Gateway,
  world: World,
  change: MessageChange,
  entry: MessageEntry,
  channel: ChannelRecord,
): void {
  if (((entry.message.flags ?? 0) & MessageFlags.Ephemeral) !== 0) return;
  const intent = channel.guildId ? GatewayIntentBits.GuildMessages : GatewayIntentBits.DirectMessages;
  const guildPart = channel.guildId ? { guild_id: channel.guildId } : {};
  if (change === 'delete') {
    gateway.dispatch('MESSAGE_DELETE', { id: entry.message.id, channel_id: channel.id, ...guildPart }, intent);
    return;
  }
  const guild = channel.guildId ? world.guilds.get(channel.guildId) : undefined;
  const botMember = guild?.members.get(world.bot.id);
  let member: JsonObject | undefined;
  if (guild && botMember) {
    const { user: _user, permissions: _permissions, ...rest } = world.memberJson(guild, botMember);
    member = rest;
  }
  const data = { ...(toWire(entry.message) as unknown as JsonObject), ...guildPart, ...(member ? { member } : {}) };
  gateway.dispatch(change === 'create' ? 'MESSAGE_CREATE' : 'MESSAGE_UPDATE', data, intent);
}

/** Shaped like a real bot token (base64 id . timestamp . hmac) but worthless. */
function fakeToken(): string {
  return `${Buffer.from(String(Date.now())).toString('base64url')}.${randomBytes(4).toString('base64url')}.${randomBytes(27).toString('base64url')}`;
}
