import { randomBytes } from 'node:crypto';
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  ComponentType,
  InteractionContextType,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  MessageType,
  PermissionFlagsBits,
  type APIUser,
} from 'discord.js';
import { z } from 'zod';
import type { Clock } from './clock.js';
import { checkClick } from './components.js';
import type { CommandOptionDef, CommandRegistry, RegisteredCommand } from './commands.js';
import { discordErrors, fieldErrorTree } from './errors.js';
import { messagePayloadSchema, parseWith, type MessagePayload } from './message-payload.js';
import { INTERACTION_MESSAGE_FLAGS, toWire, type MessageEntry, type MessageStore } from './messages.js';
import { DEFAULT_MEMBER_PERMISSIONS, resolvePermissions } from './permissions.js';
import type { SnowflakeGenerator } from './snowflake.js';
import type {
  InteractionOptionValue,
  InteractionRecord,
  RecordedFile,
  AutocompleteChoiceRecord,
  SendAutocompleteOptions,
  SendComponentInteractionOptions,
  SendInteractionOptions,
  StoredMessage,
} from './types.js';
import { isTextBased, type ChannelRecord, type Json, type JsonObject, type MemberRecord, type World } from './world.js';

export interface InteractionSettings {
  readonly applicationId: string;
  readonly ackDeadlineMs: number | null;
  readonly tokenTtlMs: number;
  readonly attachmentSizeLimit: number;
}

interface InteractionState {
  readonly id: string;
  readonly token: string;
  readonly type: DeskInteractionType;
  readonly commandName: string | null;
  readonly customId: string | null;
  readonly guildId: string | null;
  readonly channel: ChannelRecord;
  readonly user: APIUser;
  readonly dispatchedAt: number;
  autocompleteChoices: AutocompleteChoiceRecord[] | null;
  /** What Discord puts in `interaction_metadata` of the messages answering this interaction. */
  readonly metadata: JsonObject;
  acknowledgedAt: number | null;
  callbackType: number | null;
  originalMessageId: string | null;
  readonly followupMessageIds: string[];
  modal: unknown;
}

export interface BuiltInteraction {
  readonly id: string;
  readonly token: string;
  readonly payload: JsonObject;
}

export type CallbackResult = { readonly status: 204 } | { readonly status: 200; readonly body: JsonObject };

type DeskInteractionType =
  | InteractionType.ApplicationCommand
  | InteractionType.MessageComponent
  | InteractionType.ApplicationCommandAutocomplete;

/** Discord's limits on an autocomplete answer (callback type 8). */
const AUTOCOMPLETE_MAX_CHOICES = 25;
const CHOICE_TEXT_MAX = 100;

const callbackSchema = z.looseObject({
  type: z.number().int(),
  data: z.unknown().optional(),
});

/** Builds INTERACTION_CREATE payloads and answers the callback and webhook routes for them. */
export class InteractionDesk {
  readonly #states = new Map<string, InteractionState>();
  readonly #idsByToken = new Map<string, string>();

  constructor(
    private readonly world: World,
    private readonly messages: MessageStore,
    private readonly commands: CommandRegistry,
    private readonly ids: SnowflakeGenerator,
    private readonly clock: Clock,
    private readonly settings: InteractionSettings,
  ) {}

  // ----- building what the gateway dispatches -----

  buildCommand(
    opts: SendInteractionOptions,
    defaultGuildId: string | null,
    mode: { autocomplete?: { focused: string; typed: string } } = {},
  ): BuiltInteraction {
    const guildId = opts.guildId === undefined ? defaultGuildId : opts.guildId;
    const user = this.world.userFor(opts.user ?? {});
    const memberPermissions = resolvePermissions(opts.memberPermissions ?? DEFAULT_MEMBER_PERMISSIONS);
    const channel = this.#interactionChannel(guildId, opts.channelId, user);
    const command = this.commands.find(opts.commandName, guildId);
    if (command && guildId === null) {
      // Discord's client offers a command in a DM only where its contexts (or the deprecated dm_permission) allow.
      const contexts = command.json['contexts'];
      const inDms = Array.isArray(contexts)
        ? contexts.includes(InteractionContextType.BotDM)
        : command.json['dm_permission'] !== false;
      if (!inDms) throw new Error(`Discord would not offer /${opts.commandName} in a DM: its contexts exclude BotDM`);
    }
    if (command && guildId && command.defaultMemberPermissions !== null) {
      const required = BigInt(command.defaultMemberPermissions);
      const isAdmin = (memberPermissions & PermissionFlagsBits.Administrator) !== 0n;
      if (!isAdmin && (memberPermissions & required) !== required) {
        throw new Error(
          `Discord would not offer /${opts.commandName} to ${user.username}: it needs default_member_permissions ${required} and the member has ${memberPermissions}`,
        );
      }
    }
    const resolved = new ResolvedCollector(this.world, guildId, memberPermissions);
    const options = buildOptionTree(command, opts, resolved, mode.autocomplete);
    const data: JsonObject = {
      id: command?.id ?? this.ids.next(),
      name: opts.commandName,
      type: ApplicationCommandType.ChatInput,
      ...(options.length > 0 ? { options } : {}),
      ...(command?.guildId ? { guild_id: command.guildId } : {}),
      ...resolved.json(),
    };
    return this.#register({
      type: mode.autocomplete ? InteractionType.ApplicationCommandAutocomplete : InteractionType.ApplicationCommand,
      commandName: opts.commandName,
      customId: null,
      guildId,
      channel,
      user,
      memberPermissions,
      locale: opts.locale,
      data,
      componentMessage: null,
    });
  }

  /**
   * An autocomplete interaction: like a command, but sent while the member types, so required
   * options may still be missing; the focused option carries `focused: true` and the text typed
   * so far, and must be registered with `autocomplete: true` (Discord asks for nothing else).
   */
  buildAutocomplete(opts: SendAutocompleteOptions, defaultGuildId: string | null): BuiltInteraction {
    const { focused, typed, ...rest } = opts;
    const built = this.buildCommand({ ...rest, options: rest.options ?? {} }, defaultGuildId, {
      autocomplete: { focused, typed },
    });
    return built;
  }

  buildComponent(opts: SendComponentInteractionOptions): BuiltInteraction {
    const entry = this.messages.get(opts.messageId);
    if (!entry) throw new Error(`sendComponentInteraction: the emulator holds no message ${opts.messageId}`);
    const channel = this.world.channels.get(entry.message.channel_id);
    if (!channel) throw new Error(`sendComponentInteraction: message ${opts.messageId} is in an unknown channel`);
    const user = this.world.userFor(opts.user ?? {});
    const memberPermissions = resolvePermissions(opts.memberPermissions ?? DEFAULT_MEMBER_PERMISSIONS);
    if (channel.guildId) this.#ensureMember(channel.guildId, user, memberPermissions);
    // Discord's client only sends clicks on enabled components of the message, with values among a select's options.
    const componentType = checkClick(entry.message.components, opts.customId, opts.componentType, opts.values);
    const data: JsonObject = {
      custom_id: opts.customId,
      component_type: componentType,
      ...(componentType === ComponentType.StringSelect ? { values: [...(opts.values ?? [])] } : {}),
    };
    return this.#register({
      type: InteractionType.MessageComponent,
      commandName: null,
      customId: opts.customId,
      guildId: channel.guildId,
      channel,
      user,
      memberPermissions,
      locale: opts.locale,
      data,
      componentMessage: entry,
    });
  }

  #register(spec: {
    type: DeskInteractionType;
    commandName: string | null;
    customId: string | null;
    guildId: string | null;
    channel: ChannelRecord;
    user: APIUser;
    memberPermissions: bigint;
    locale: string | undefined;
    data: JsonObject;
    componentMessage: MessageEntry | null;
  }): BuiltInteraction {
    const id = this.ids.next();
    // Real interaction tokens are long opaque strings beginning with base64 of "interaction:".
    const token = `aW50ZXJhY3Rpb246${id}${randomBytes(48).toString('base64url')}`;
    const guild = spec.guildId ? this.world.guild(spec.guildId) : null;
    const permissions = spec.memberPermissions.toString();
    const payload: JsonObject = {
      id,
      application_id: this.settings.applicationId,
      type: spec.type,
      data: spec.data,
      ...(guild
        ? {
            guild_id: guild.id,
            guild: { id: guild.id, locale: guild.preferredLocale, features: [] },
            guild_locale: guild.preferredLocale,
            member: {
              ...this.world.memberJson(guild, this.#ensureMember(guild.id, spec.user, spec.memberPermissions)),
              permissions,
            },
          }
        : { user: this.world.userJson(spec.user) }),
      channel_id: spec.channel.id,
      channel: { ...this.world.channelJson(spec.channel), permissions },
      ...(spec.componentMessage ? { message: toWire(spec.componentMessage.message) as unknown as Json } : {}),
      token,
      version: 1,
      app_permissions: this.world.botPermissionsIn(spec.channel).toString(),
      locale: spec.locale ?? 'en-US',
      entitlements: [],
      // Discord names the installation the command runs under: the guild (0) or the user (1).
      authorizing_integration_owners: guild ? { '0': guild.id } : { '1': spec.user.id },
      context: guild ? InteractionContextType.Guild : InteractionContextType.BotDM,
      attachment_size_limit: this.settings.attachmentSizeLimit,
    };
    const metadata: JsonObject = {
      id,
      type: spec.type,
      user: this.world.userJson(spec.user),
      authorizing_integration_owners: payload['authorizing_integration_owners'],
      ...(spec.componentMessage ? { interacted_message_id: spec.componentMessage.message.id } : {}),
      ...(spec.commandName ? { name: spec.commandName, command_type: ApplicationCommandType.ChatInput } : {}),
    };
    this.#states.set(id, {
      id,
      token,
      type: spec.type,
      commandName: spec.commandName,
      customId: spec.customId,
      guildId: spec.guildId,
      channel: spec.channel,
      user: spec.user,
      dispatchedAt: this.clock(),
      autocompleteChoices: null,
      metadata,
      acknowledgedAt: null,
      callbackType: null,
      originalMessageId: spec.componentMessage?.message.id ?? null,
      followupMessageIds: [],
      modal: null,
    });
    this.#idsByToken.set(token, id);
    return { id, token, payload };
  }

  #interactionChannel(guildId: string | null, channelId: string | undefined, user: APIUser): ChannelRecord {
    if (guildId === null) return channelId ? this.#existingChannel(channelId) : this.world.dmChannelWith(user);
    this.world.guild(guildId);
    if (channelId) {
      const channel = this.#existingChannel(channelId);
      if (channel.guildId !== guildId) throw new Error(`Channel ${channelId} is not in guild ${guildId}`);
      return channel;
    }
    const first = this.world.channelsOf(guildId).find(isTextBased);
    if (!first) throw new Error(`Guild ${guildId} has no text channel to run a command in`);
    return first;
  }

  #existingChannel(channelId: string): ChannelRecord {
    const channel = this.world.channels.get(channelId);
    if (!channel) throw new Error(`The emulator has no channel ${channelId}`);
    return channel;
  }

  #ensureMember(guildId: string, user: APIUser, permissions: bigint): MemberRecord {
    const guild = this.world.guild(guildId);
    const existing = guild.members.get(user.id);
    if (existing) {
      existing.permissions = permissions;
      return existing;
    }
    const member: MemberRecord = { user, roleIds: [], joinedAt: this.world.now(), permissions };
    guild.members.set(user.id, member);
    return member;
  }

  // ----- what tests read -----

  record(interactionId: string): InteractionRecord | undefined {
    const state = this.#states.get(interactionId);
    if (!state) return undefined;
    const original = state.originalMessageId ? this.messages.get(state.originalMessageId) : undefined;
    return {
      id: state.id,
      token: state.token,
      applicationId: this.settings.applicationId,
      type: state.type,
      commandName: state.commandName,
      customId: state.customId,
      guildId: state.guildId,
      channelId: state.channel.id,
      userId: state.user.id,
      dispatchedAt: state.dispatchedAt,
      acknowledgedAt: state.acknowledgedAt,
      callbackType: state.callbackType,
      autocompleteChoices: state.autocompleteChoices,
      original:
        original && (state.type === InteractionType.MessageComponent || state.acknowledgedAt !== null)
          ? original.message
          : null,
      followups: state.followupMessageIds.flatMap((id) => {
        const entry = this.messages.get(id);
        return entry ? [entry.message] : [];
      }),
      modal: state.modal,
    };
  }

  idForToken(token: string): string | null {
    return this.#idsByToken.get(token) ?? null;
  }

  // ----- POST /interactions/:id/:token/callback -----

  callback(
    interactionId: string,
    token: string,
    body: unknown,
    files: readonly RecordedFile[],
    withResponse: boolean,
  ): CallbackResult {
    const state = this.#states.get(interactionId);
    if (!state || state.token !== token) throw discordErrors.unknownInteraction();
    const now = this.clock();
    // Discord forgets an interaction nobody answered within 3 s: the bot gets 10062.
    if (
      state.acknowledgedAt === null &&
      this.settings.ackDeadlineMs !== null &&
      now - state.dispatchedAt > this.settings.ackDeadlineMs
    ) {
      throw discordErrors.unknownInteraction();
    }
    if (state.acknowledgedAt !== null) throw discordErrors.alreadyAcknowledged();
    const callback = parseWith(callbackSchema, body);
    const isComponent = state.type === InteractionType.MessageComponent;
    const isAutocomplete = state.type === InteractionType.ApplicationCommandAutocomplete;
    // An autocomplete interaction takes suggestions and nothing else; suggestions answer nothing else.
    if (isAutocomplete !== (callback.type === InteractionResponseType.ApplicationCommandAutocompleteResult))
      throw invalidCallbackType(callback.type);
    let message: MessageEntry | null = null;
    switch (callback.type) {
      case InteractionResponseType.ApplicationCommandAutocompleteResult: {
        state.autocompleteChoices = parseChoices(callback.data);
        break;
      }
      case InteractionResponseType.ChannelMessageWithSource: {
        message = this.#createOriginal(state, parseWith(messagePayloadSchema, callback.data ?? {}), files, 0);
        break;
      }
      case InteractionResponseType.DeferredChannelMessageWithSource: {
        const data = parseWith(messagePayloadSchema, callback.data ?? {});
        const ephemeral = (data.flags ?? 0) & MessageFlags.Ephemeral;
        message = this.#createOriginal(state, { flags: ephemeral }, [], MessageFlags.Loading | ephemeral);
        break;
      }
      case InteractionResponseType.DeferredMessageUpdate: {
        if (!isComponent) throw invalidCallbackType(callback.type);
        break;
      }
      case InteractionResponseType.UpdateMessage: {
        if (!isComponent) throw invalidCallbackType(callback.type);
        const target = state.originalMessageId ? this.messages.get(state.originalMessageId) : undefined;
        if (!target) throw discordErrors.unknownMessage();
        message = this.messages.edit(
          target,
          parseWith(messagePayloadSchema, callback.data ?? {}),
          files,
          this.settings.attachmentSizeLimit,
        );
        break;
      }
      case InteractionResponseType.Modal: {
        state.modal = callback.data ?? null;
        break;
      }
      default:
        throw invalidCallbackType(callback.type);
    }
    state.acknowledgedAt = now;
    state.callbackType = callback.type;
    if (!withResponse) return { status: 204 };
    const flags = message?.message.flags ?? 0;
    return {
      status: 200,
      body: {
        interaction: {
          id: state.id,
          type: state.type,
          ...(message
            ? {
                response_message_id: message.message.id,
                response_message_loading: (flags & MessageFlags.Loading) !== 0,
                response_message_ephemeral: (flags & MessageFlags.Ephemeral) !== 0,
              }
            : {}),
        },
        resource: {
          type: callback.type,
          ...(message ? { message: toWire(message.message) as unknown as Json } : {}),
        },
      },
    };
  }

  #createOriginal(
    state: InteractionState,
    payload: MessagePayload,
    files: readonly RecordedFile[],
    extraFlags: number,
  ): MessageEntry {
    const entry = this.messages.create({
      channel: state.channel,
      payload,
      files,
      source: 'interaction',
      interactionId: state.id,
      type: state.type === InteractionType.ApplicationCommand ? MessageType.ChatInputCommand : MessageType.Default,
      allowedFlags: INTERACTION_MESSAGE_FLAGS,
      extraFlags,
      interaction: { metadata: state.metadata, applicationId: this.settings.applicationId },
      allowEmpty: (extraFlags & MessageFlags.Loading) !== 0,
      attachmentSizeLimit: this.settings.attachmentSizeLimit,
    });
    state.originalMessageId = entry.message.id;
    return entry;
  }

  // ----- /webhooks/:applicationId/:token... -----

  #webhookState(applicationId: string, token: string): InteractionState {
    if (applicationId !== this.settings.applicationId) throw discordErrors.unknownWebhook();
    const id = this.#idsByToken.get(token);
    const state = id ? this.#states.get(id) : undefined;
    if (!state) throw discordErrors.invalidWebhookToken();
    // An autocomplete interaction has no messages: its token serves the one callback only.
    if (state.type === InteractionType.ApplicationCommandAutocomplete) throw discordErrors.unknownWebhook();
    if (this.clock() - state.dispatchedAt > this.settings.tokenTtlMs) throw discordErrors.invalidWebhookToken();
    return state;
  }

  #webhookMessage(state: InteractionState, messageId: string): MessageEntry {
    if (messageId === '@original') {
      const acknowledged = state.acknowledgedAt !== null || state.type === InteractionType.MessageComponent;
      const entry = acknowledged && state.originalMessageId ? this.messages.get(state.originalMessageId) : undefined;
      if (!entry) throw discordErrors.unknownMessage();
      return entry;
    }
    const belongs = messageId === state.originalMessageId || state.followupMessageIds.includes(messageId);
    const entry = belongs ? this.messages.get(messageId) : undefined;
    if (!entry) throw discordErrors.unknownMessage();
    return entry;
  }

  getMessage(applicationId: string, token: string, messageId: string): StoredMessage {
    return this.#webhookMessage(this.#webhookState(applicationId, token), messageId).message;
  }

  editMessage(
    applicationId: string,
    token: string,
    messageId: string,
    body: unknown,
    files: readonly RecordedFile[],
  ): StoredMessage {
    const entry = this.#webhookMessage(this.#webhookState(applicationId, token), messageId);
    return this.messages.edit(
      entry,
      parseWith(messagePayloadSchema, body ?? {}),
      files,
      this.settings.attachmentSizeLimit,
    ).message;
  }

  deleteMessage(applicationId: string, token: string, messageId: string): void {
    const state = this.#webhookState(applicationId, token);
    this.messages.delete(this.#webhookMessage(state, messageId));
  }

  /**
   * A followup. Discord quirk kept on purpose: the first followup after a deferral replaces the
   * "thinking..." message (and keeps the deferral's ephemerality) instead of posting a new one.
   */
  followup(applicationId: string, token: string, body: unknown, files: readonly RecordedFile[]): StoredMessage {
    const state = this.#webhookState(applicationId, token);
    if (state.acknowledgedAt === null) throw discordErrors.unknownWebhook();
    const payload = parseWith(messagePayloadSchema, body ?? {});
    const original = state.originalMessageId ? this.messages.get(state.originalMessageId) : undefined;
    if (original && ((original.message.flags ?? 0) & MessageFlags.Loading) !== 0) {
      return this.messages.edit(original, payload, files, this.settings.attachmentSizeLimit).message;
    }
    const entry = this.messages.create({
      channel: state.channel,
      payload,
      files,
      source: 'interaction',
      interactionId: state.id,
      type: MessageType.Default,
      allowedFlags: INTERACTION_MESSAGE_FLAGS,
      interaction: {
        metadata: {
          ...state.metadata,
          ...(state.originalMessageId ? { original_response_message_id: state.originalMessageId } : {}),
        },
        applicationId: this.settings.applicationId,
      },
      attachmentSizeLimit: this.settings.attachmentSizeLimit,
    });
    state.followupMessageIds.push(entry.message.id);
    return entry.message;
  }
}

const choicesSchema = z.looseObject({
  choices: z.array(
    z.looseObject({
      name: z.string(),
      value: z.union([z.string(), z.number()]),
      name_localizations: z.record(z.string(), z.string()).nullable().optional(),
    }),
  ),
});

/** The choices of a type 8 callback, checked as Discord checks them (400/50035 with the field path). */
function parseChoices(data: unknown): AutocompleteChoiceRecord[] {
  const parsed = choicesSchema.safeParse(data ?? {});
  if (!parsed.success) {
    throw discordErrors.invalidFormBody(
      fieldErrorTree(['data', 'choices'], { code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }),
    );
  }
  const { choices } = parsed.data;
  if (choices.length > AUTOCOMPLETE_MAX_CHOICES) {
    throw discordErrors.invalidFormBody(
      fieldErrorTree(['data', 'choices'], {
        code: 'BASE_TYPE_MAX_LENGTH',
        message: `Must be ${AUTOCOMPLETE_MAX_CHOICES} or fewer in length.`,
      }),
    );
  }
  choices.forEach((choice, index) => {
    const badLength = (text: string) => text.length < 1 || text.length > CHOICE_TEXT_MAX;
    const field = badLength(choice.name)
      ? 'name'
      : typeof choice.value === 'string' && badLength(choice.value)
        ? 'value'
        : null;
    if (field !== null) {
      throw discordErrors.invalidFormBody(
        fieldErrorTree(['data', 'choices', index, field], {
          code: 'BASE_TYPE_BAD_LENGTH',
          message: `Must be between 1 and ${CHOICE_TEXT_MAX} in length.`,
        }),
      );
    }
  });
  return choices.map((c) => ({
    name: c.name,
    value: c.value,
    ...(c.name_localizations !== undefined ? { name_localizations: c.name_localizations } : {}),
  }));
}

function invalidCallbackType(type: number): Error {
  return discordErrors.invalidFormBody(
    fieldErrorTree(['type'], {
      code: 'INTERACTION_CALLBACK_TYPE_INVALID',
      message: `Interaction callback type ${type} is not valid here.`,
    }),
  );
}

/** Collects the `resolved` entities referenced by user/channel options. */
class ResolvedCollector {
  readonly #channels: Record<string, Json> = {};
  readonly #users: Record<string, Json> = {};
  readonly #members: Record<string, Json> = {};

  constructor(
    private readonly world: World,
    private readonly guildId: string | null,
    private readonly memberPermissions: bigint,
  ) {}

  channel(channelId: string, allowedTypes: readonly number[] | undefined, optionName: string): string {
    const channel = this.world.channels.get(channelId);
    if (!channel || channel.deleted)
      throw new Error(`Option '${optionName}': the emulator has no channel ${channelId}`);
    if (allowedTypes && allowedTypes.length > 0 && !allowedTypes.includes(channel.type)) {
      throw new Error(
        `Option '${optionName}': Discord only offers channels of types ${allowedTypes.join(', ')}, not ${ChannelType[channel.type]}`,
      );
    }
    this.#channels[channel.id] = { ...this.world.channelJson(channel), permissions: this.memberPermissions.toString() };
    return channel.id;
  }

  user(userId: string): string {
    const user = this.world.users.get(userId);
    if (!user) throw new Error(`The emulator has no user ${userId}`);
    this.#users[user.id] = this.world.userJson(user);
    const member = this.guildId ? this.world.guild(this.guildId).members.get(user.id) : undefined;
    if (member && this.guildId) {
      const { user: _user, ...rest } = this.world.memberJson(this.world.guild(this.guildId), member);
      this.#members[user.id] = rest;
    }
    return user.id;
  }

  json(): JsonObject {
    const resolved: JsonObject = {};
    if (Object.keys(this.#channels).length > 0) resolved['channels'] = this.#channels;
    if (Object.keys(this.#users).length > 0) resolved['users'] = this.#users;
    if (Object.keys(this.#members).length > 0) resolved['members'] = this.#members;
    return Object.keys(resolved).length > 0 ? { resolved } : {};
  }
}

/**
 * Builds the option tree Discord sends. With a registered definition the option types come from
 * it and the values are checked the way Discord's client checks them before it lets a user send
 * the command; without one, types are inferred from the JavaScript values.
 */
function buildOptionTree(
  command: RegisteredCommand | undefined,
  opts: SendInteractionOptions,
  resolved: ResolvedCollector,
  autocomplete?: { focused: string; typed: string },
): Json[] {
  const values = opts.options ?? {};
  const where = `/${opts.commandName}`;
  if (opts.subcommandGroup !== undefined && opts.subcommand === undefined)
    throw new Error(`${where}: a subcommand group needs a subcommand`);
  if (opts.subcommand === undefined) {
    if (
      command?.options.some(
        (o) =>
          o.type === ApplicationCommandOptionType.Subcommand || o.type === ApplicationCommandOptionType.SubcommandGroup,
      )
    ) {
      throw new Error(
        `${where} is registered with subcommands; pass one of: ${command.options.map((o) => o.name).join(', ')}`,
      );
    }
    return leafOptions(command ? command.options : undefined, values, resolved, where, autocomplete);
  }
  let scope: readonly CommandOptionDef[] | undefined = command?.options;
  const groupDef =
    opts.subcommandGroup !== undefined
      ? findDef(scope, opts.subcommandGroup, ApplicationCommandOptionType.SubcommandGroup, where)
      : undefined;
  if (opts.subcommandGroup !== undefined) scope = groupDef ? (groupDef.options ?? []) : undefined;
  const subDef = findDef(scope, opts.subcommand, ApplicationCommandOptionType.Subcommand, where);
  const leaves = leafOptions(
    subDef ? (subDef.options ?? []) : command ? [] : undefined,
    values,
    resolved,
    `${where} ${opts.subcommand}`,
    autocomplete,
  );
  const sub: JsonObject = { type: ApplicationCommandOptionType.Subcommand, name: opts.subcommand, options: leaves };
  if (opts.subcommandGroup === undefined) return [sub];
  return [{ type: ApplicationCommandOptionType.SubcommandGroup, name: opts.subcommandGroup, options: [sub] }];
}

function findDef(
  defs: readonly CommandOptionDef[] | undefined,
  name: string,
  type: number,
  where: string,
): CommandOptionDef | undefined {
  if (defs === undefined) return undefined;
  const def = defs.find((d) => d.name === name && d.type === type);
  if (!def)
    throw new Error(
      `${where} has no ${ApplicationCommandOptionType[type]} '${name}' (registered: ${defs.map((d) => d.name).join(', ') || 'none'})`,
    );
  return def;
}

function leafOptions(
  defs: readonly CommandOptionDef[] | undefined,
  values: Readonly<Record<string, InteractionOptionValue>>,
  resolved: ResolvedCollector,
  where: string,
  autocomplete?: { focused: string; typed: string },
): Json[] {
  // While a member types, required options may still be empty: Discord checks them only on send.
  if (defs && !autocomplete) {
    for (const def of defs) {
      if (def.required && !(def.name in values)) throw new Error(`${where}: required option '${def.name}' is missing`);
    }
  }
  const filled = Object.entries(values).map(([name, value]) => {
    const def = defs?.find((d) => d.name === name);
    if (defs && !def)
      throw new Error(`${where} has no option '${name}' (registered: ${defs.map((d) => d.name).join(', ') || 'none'})`);
    const type = def?.type ?? inferType(value);
    return { type, name, value: optionValue(type, value, def, resolved, `${where} ${name}`) };
  });
  if (!autocomplete) return filled;
  const { focused, typed } = autocomplete;
  if (focused in values) throw new Error(`${where}: the focused option '${focused}' is also among the filled options`);
  const def = defs?.find((d) => d.name === focused);
  if (defs && !def)
    throw new Error(
      `${where} has no option '${focused}' (registered: ${defs.map((d) => d.name).join(', ') || 'none'})`,
    );
  if (def && !def.autocomplete)
    throw new Error(`${where} ${focused}: Discord asks for suggestions only for options registered with autocomplete`);
  // The text typed so far, unchecked (min_length and friends apply when the command is sent).
  const focusedOption: JsonObject = {
    type: def?.type ?? ApplicationCommandOptionType.String,
    name: focused,
    value: typed,
    focused: true,
  };
  return [...filled, focusedOption];
}

function inferType(value: InteractionOptionValue): number {
  if (typeof value === 'string') return ApplicationCommandOptionType.String;
  if (typeof value === 'boolean') return ApplicationCommandOptionType.Boolean;
  if (typeof value === 'number')
    return Number.isInteger(value) ? ApplicationCommandOptionType.Integer : ApplicationCommandOptionType.Number;
  return 'channel' in value ? ApplicationCommandOptionType.Channel : ApplicationCommandOptionType.User;
}

function optionValue(
  type: number,
  value: InteractionOptionValue,
  def: CommandOptionDef | undefined,
  resolved: ResolvedCollector,
  where: string,
): Json {
  const wrong = (): never => {
    throw new Error(
      `${where}: ${JSON.stringify(value)} is not a valid ${ApplicationCommandOptionType[type] ?? type} value`,
    );
  };
  const checkChoices = (v: string | number): void => {
    if (def?.choices && def.choices.length > 0 && !def.choices.some((c) => c.value === v)) {
      throw new Error(
        `${where}: ${JSON.stringify(v)} is not one of the choices ${def.choices.map((c) => JSON.stringify(c.value)).join(', ')}`,
      );
    }
  };
  switch (type) {
    case ApplicationCommandOptionType.String: {
      if (typeof value !== 'string') return wrong();
      if (def?.min_length !== undefined && value.length < def.min_length)
        throw new Error(`${where}: shorter than ${def.min_length}`);
      if (def?.max_length !== undefined && value.length > def.max_length)
        throw new Error(`${where}: longer than ${def.max_length}`);
      checkChoices(value);
      return value;
    }
    case ApplicationCommandOptionType.Integer:
    case ApplicationCommandOptionType.Number: {
      if (typeof value !== 'number' || (type === ApplicationCommandOptionType.Integer && !Number.isInteger(value)))
        return wrong();
      if (def?.min_value !== undefined && value < def.min_value) throw new Error(`${where}: below ${def.min_value}`);
      if (def?.max_value !== undefined && value > def.max_value) throw new Error(`${where}: above ${def.max_value}`);
      checkChoices(value);
      return value;
    }
    case ApplicationCommandOptionType.Boolean:
      return typeof value === 'boolean' ? value : wrong();
    case ApplicationCommandOptionType.Channel: {
      const id =
        typeof value === 'string' ? value : typeof value === 'object' && 'channel' in value ? value.channel : wrong();
      return resolved.channel(id, def?.channel_types, where);
    }
    case ApplicationCommandOptionType.User: {
      const id =
        typeof value === 'string' ? value : typeof value === 'object' && 'user' in value ? value.user : wrong();
      return resolved.user(id);
    }
    default:
      throw new Error(
        `${where}: option type ${ApplicationCommandOptionType[type] ?? type} is not supported by the emulator`,
      );
  }
}
