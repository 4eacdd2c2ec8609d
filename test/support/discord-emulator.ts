/**
 * Discord emulator: a loopback stand-in for Discord's REST API (v10) and gateway, good enough
 * for the REAL discord.js v14 client to log in, receive slash commands and answer them.
 * Implementation: ./discord-emulator/*.ts. Tests proving discord.js works against it:
 * ./discord-emulator.test.ts.
 *
 * START / STOP
 *   const emu = await startDiscordEmulator({ guilds: [{ name: 'Creators', channels: [{ name: 'general' }, { name: 'reports' }] }] });
 *   const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: emu.apiBase } });
 *   await client.login(emu.token);          // bot env: DISCORD_API_BASE=emu.apiBase, DISCORD_TOKEN=emu.token,
 *   ...                                      //          DISCORD_APPLICATION_ID=emu.applicationId
 *   await client.destroy(); await emu.stop(); // stop() closes every socket and the server.
 *
 *   emu.apiBase        'http://127.0.0.1:PORT/api' (discord.js appends /v10 itself)
 *   emu.baseUrl        'http://127.0.0.1:PORT'; attachments are served at baseUrl/attachments/...
 *   emu.gatewayUrl     'ws://127.0.0.1:PORT/gateway' (what GET /gateway/bot returns)
 *   emu.token          fake bot token; REST routes other than interaction/webhook ones need `Bot <token>` (else 401)
 *   emu.applicationId  === emu.botUserId (as on Discord)
 *   emu.guildId, emu.channelId (first guild, its first channel), emu.channelIds (first guild: name -> id),
 *   emu.guilds         [{ id, name, channelIds }]
 *
 * OPTIONS (all optional; types in ./discord-emulator/types.ts)
 *   guilds: [{ id?, name?, channels?: [{ id?, name?, kind?: 'text'|'announcement'|'voice'|'category'|'forum',
 *             topic?, botAllow?, botDeny?, failure?: 'missing'|'missing-access'|'missing-permissions' }],
 *             botPermissions?, everyonePermissions? (default none), preferredLocale? }]
 *   botPermissions (default DEFAULT_BOT_PERMISSIONS: view, history, send, embed, attach, create public
 *   threads, send in threads), token, botUsername, privilegedIntents (default 0: identifying with
 *   GuildMembers/GuildPresences/MessageContent closes 4014), heartbeatIntervalMs (41250),
 *   interactionAckDeadlineMs (3000; null = off), interactionTokenTtlMs (15 min), attachmentSizeLimit
 *   (10 MiB -> 413/40005), clock (epoch ms; default real time captured at import, so vitest fake
 *   timers don't touch it), onUnknownRoute (default console.warn).
 *   Permissions are given as names (['SendMessages']), a bigint or a decimal string.
 *
 * DRIVING THE BOT
 *   await emu.sendInteraction({ commandName: 'retention', subcommand: 'analyze',
 *         options: { username: 'chefmaya', max_videos: 100, channel: { channel: id } },
 *         guildId?, channelId?, user?: { id?, username?, globalName? }, memberPermissions?, locale? })
 *     -> { id, token, applicationId, payload }. Dispatches INTERACTION_CREATE (type 2) with data
 *     {id, name, type 1, options, resolved}, member (user + permissions), channel, app_permissions,
 *     locale, entitlements [], authorizing_integration_owners, context, attachment_size_limit.
 *     If the bot registered the command (PUT .../commands), option types come from it and the call
 *     throws where Discord's client would not send it (unknown/missing/ill-typed option, choices,
 *     min/max, default_member_permissions). Waits for a gateway session if none yet.
 *     guildId: null sends a DM interaction.
 *   await emu.sendComponentInteraction({ customId, messageId, componentType?, values?, user? })
 *   emu.dispatch(event, data, intent?)      any raw gateway dispatch
 *
 * RECORDING (every REST request; authorization redacted)
 *   emu.requests: RecordedRequest[]  { seq, method, path ('/channels/1/messages'), query, route
 *     ('/channels/:channelId/messages' | null), params, headers, authorized, body (JSON or parsed
 *     payload_json), multipart, files [{ field 'files[0]', name, contentType, data: Buffer }],
 *     interactionId, receivedAt, status, response, rateLimited }
 *   await emu.waitForRequest({ method?, route?, path? } | predicate, { timeoutMs? = 5000 })
 *     resolves with the first match, already answered or future (event-based, no polling).
 *   emu.interactionResponses(interactionId)  callback + webhook requests for it, in order (429s included)
 *   emu.interaction(interactionId)  { acknowledgedAt, callbackType, original: StoredMessage|null,
 *     followups, modal, ... } — the @original message as it is now, attachments with bytes.
 *   emu.messagesIn(channelId, { source?: 'channel'|'interaction' })  StoredMessage[] oldest first
 *     (Discord message shape; attachments[] carry `data: Buffer`; embeds with attachment://x
 *     resolved to the attachment URL, like Discord).
 *   emu.message(id), emu.attachment(id), emu.channel(id), emu.threadsIn(channelId)
 *   await emu.waitForMessage(({ change, message, source, interactionId }) => ..., { timeoutMs? })
 *   emu.registeredCommands(guildId?)  commands the bot deployed (null/absent = global)
 *   emu.gatewayFrames, await emu.waitForGatewayFrame(predicate)  both directions, token redacted
 *   emu.unknownRequests  requests no route matched (answered 404 {code: 0, message: '404: Not Found'})
 *   emu.internalErrors   emulator bugs (answered 500); should stay empty
 *   emu.openConnections() TCP connections currently open (0 after stop())
 *
 * FAULTS AND CHANGES
 *   emu.rateLimitNext(matcher, { retryAfter = 0.05 s, global = false, scope, times = 1 })
 *     -> { triggered: Promise, remaining(), cancel() }: the next matching request(s) get Discord's
 *     429 (retry-after, x-ratelimit-* headers, {message, retry_after, global}); discord.js waits
 *     and retries.
 *   emu.setChannelFailure(channelId, 'missing' | 'missing-access' | 'missing-permissions' | null)
 *     REST only (404/10003, 403/50001, 403/50013), the gateway cache is not told.
 *   emu.deleteChannel(id, { notifyGateway = true }), emu.addChannel(guildId, config) -> id,
 *   emu.setBotChannelPermissions(channelId, { allow?, deny? }), emu.setBotPermissions(guildId, perms)
 *     (these dispatch CHANNEL_DELETE / CHANNEL_CREATE / CHANNEL_UPDATE / GUILD_ROLE_UPDATE)
 *   emu.closeGatewayConnections(code = 4000)  drops the gateway; discord.js resumes, missed events replay.
 *
 * DISCORD BEHAVIOUR EMULATED
 *   REST under /api/v10: GET /gateway, /gateway/bot, /users/@me, /users/@me/guilds, /users/:id,
 *   /applications/@me, /oauth2/applications/@me; GET/PUT/POST + GET/PATCH/DELETE :commandId for
 *   /applications/:appId/commands and /applications/:appId/guilds/:guildId/commands;
 *   POST /interactions/:id/:token/callback (types 4, 5, 6, 7, 9; JSON or multipart; ?with_response);
 *   GET/PATCH/DELETE /webhooks/:appId/:token/messages/:messageId (@original or a followup);
 *   POST /webhooks/:appId/:token (followups; the first after a deferral replaces the thinking message);
 *   GET /channels/:id, GET/POST /channels/:id/messages, GET/PATCH/DELETE .../messages/:mid,
 *   POST .../messages/:mid/threads (thread id = message id), POST /channels/:id/threads,
 *   POST /channels/:id/typing, PUT /channels/:id/thread-members/@me, GET /guilds/:id,
 *   /guilds/:id/channels, /guilds/:id/roles, /guilds/:id/members/:userId, /guilds/:id/threads/active.
 *   Checks: bot permissions per channel (Discord's overwrite algorithm: Send Messages / Send in
 *   Threads, Attach Files -> 50013; no Embed Links -> embeds silently dropped; no View -> 50001),
 *   message limits (content 2000, 10 embeds, title 256, description 4096, 25 fields, name 256,
 *   value 1024, footer 2048, author 256, 6000 total, URLs 2048 and http(s)/attachment scheme ->
 *   400/50035 with Discord's errors tree), empty message -> 50006, ack after 3 s -> 10062, second
 *   ack -> 40060, token older than 15 min -> 401/50027, thread twice -> 160004.
 *   Gateway: JSON text frames only; HELLO, heartbeat ACK, IDENTIFY -> READY (+ GUILD_CREATE per
 *   guild with the Guilds intent: channels, threads, roles, the bot member), RESUME with replay
 *   (or op 9 when unknown), close 4001/4002/4003/4004/4005/4010/4012/4014 like Discord,
 *   MESSAGE_* only with GuildMessages, THREAD_CREATE, GUILD_MEMBERS_CHUNK for op 8.
 */
export {
  DiscordEmulator,
  startDiscordEmulator,
  type EmulatedGuild,
  type MessageEvent,
} from './discord-emulator/emulator.js';
export { DiscordHttpError } from './discord-emulator/errors.js';
export type { Json, JsonObject } from './discord-emulator/world.js';
export {
  DEFAULT_BOT_PERMISSIONS,
  DEFAULT_MEMBER_PERMISSIONS,
  type PermissionInput,
  type PermissionName,
} from './discord-emulator/permissions.js';
export type { RateLimitHandle } from './discord-emulator/rate-limits.js';
export type {
  ChannelConfig,
  ChannelFailure,
  ChannelKind,
  DiscordEmulatorOptions,
  DispatchedInteraction,
  GatewayFrame,
  GuildConfig,
  InteractionOptionValue,
  InteractionRecord,
  InteractionUser,
  MessageSource,
  RateLimitOptions,
  RecordedFile,
  RecordedRequest,
  RequestLike,
  RequestMatcher,
  RequestMatcherFields,
  SendAutocompleteOptions,
  SendComponentInteractionOptions,
  SendInteractionOptions,
  StoredAttachment,
  StoredMessage,
  WaitOptions,
} from './discord-emulator/types.js';
