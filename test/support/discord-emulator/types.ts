import type { APIAttachment, APIMessage } from 'discord.js';
import type { Clock } from './clock.js';
import type { PermissionInput } from './permissions.js';

/**
 * How REST answers for a channel that still appears in the gateway cache: the states a bot meets
 * when a channel was deleted or its access was taken away after it subscribed.
 * - 'missing': 404 Unknown Channel (10003)
 * - 'missing-access': 403 Missing Access (50001)
 * - 'missing-permissions': 403 Missing Permissions (50013) on writes
 */
export type ChannelFailure = 'missing' | 'missing-access' | 'missing-permissions';

export type ChannelKind = 'text' | 'announcement' | 'voice' | 'category' | 'forum';

export interface ChannelConfig {
  readonly id?: string;
  /** Default: 'general' for the first channel, 'channel-N' after. */
  readonly name?: string;
  /** Default 'text'. */
  readonly kind?: ChannelKind;
  readonly topic?: string;
  /** Permissions taken from the bot in this channel (a member overwrite, visible to discord.js too). */
  readonly botDeny?: PermissionInput;
  /** Permissions granted to the bot in this channel (a member overwrite). */
  readonly botAllow?: PermissionInput;
  /** REST failure mode; the channel still appears in GUILD_CREATE. */
  readonly failure?: ChannelFailure;
}

export interface GuildConfig {
  readonly id?: string;
  readonly name?: string;
  /** Default: one text channel named 'general'. */
  readonly channels?: readonly ChannelConfig[];
  /** Permissions of the bot's managed role; default: the emulator-wide botPermissions. */
  readonly botPermissions?: PermissionInput;
  /**
   * Permissions of @everyone. Default none, so botPermissions alone decides what the bot may do
   * (on real servers @everyone usually grants more, which would mask a missing bot permission).
   */
  readonly everyonePermissions?: PermissionInput;
  /** Default 'en-US'. */
  readonly preferredLocale?: string;
}

export interface DiscordEmulatorOptions {
  /** Default: one guild 'Emulated Guild' with a text channel 'general'. */
  readonly guilds?: readonly GuildConfig[];
  /** Default: DEFAULT_BOT_PERMISSIONS (view, history, send, embed, attach, create threads, send in threads). */
  readonly botPermissions?: PermissionInput;
  /** Default: a fake token shaped like a real one. */
  readonly token?: string;
  readonly botUsername?: string;
  /**
   * Privileged intents enabled for the app in the developer portal (GuildMembers, GuildPresences,
   * MessageContent bits). Identifying with any other privileged intent closes with 4014. Default 0.
   */
  readonly privilegedIntents?: number;
  /** Gateway HELLO heartbeat_interval. Default 41250 ms (Discord's value). */
  readonly heartbeatIntervalMs?: number;
  /** An interaction must be acknowledged within this many ms or it is 404 Unknown interaction. Default 3000; null disables. */
  readonly interactionAckDeadlineMs?: number | null;
  /** The interaction token works this long for webhook edits/followups. Default 15 min. */
  readonly interactionTokenTtlMs?: number;
  /**
   * Time source (epoch ms) for deadlines, token expiry and timestamps. Default: the real clock,
   * captured at import so vitest fake timers don't freeze it. Pass your own to test deadlines.
   */
  readonly clock?: Clock;
  /** Called for every request no route matches (answered 404 code 0). Default: console.warn. */
  readonly onUnknownRoute?: (line: string) => void;
  /** Per-upload total size limit in bytes (Discord: 10 MiB without boosts). */
  readonly attachmentSizeLimit?: number;
}

/** A file from a multipart upload. */
export interface RecordedFile {
  /** The form field, e.g. 'files[0]'. */
  readonly field: string;
  readonly name: string;
  readonly contentType: string;
  readonly data: Buffer;
}

/** One REST request as the emulator received and answered it. */
export interface RecordedRequest {
  /** Arrival order, from 1. */
  readonly seq: number;
  readonly method: string;
  /** Path below /api/v10, without the query, e.g. '/channels/123/messages'. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** Matched route pattern, e.g. '/channels/:channelId/messages'; null for an unknown route. */
  readonly route: string | null;
  readonly params: Readonly<Record<string, string>>;
  /** Lower-case header names; `authorization` is replaced by '[redacted]'. */
  readonly headers: Readonly<Record<string, string>>;
  /** Whether the request carried the bot token (`Authorization: Bot <token>`). */
  readonly authorized: boolean;
  /** Parsed JSON body, or the parsed `payload_json` of a multipart body; undefined if none. */
  readonly body: unknown;
  readonly multipart: boolean;
  readonly files: readonly RecordedFile[];
  /** The interaction this request answers (callback or webhook route with its token), if any. */
  readonly interactionId: string | null;
  /** Epoch ms (emulator clock) when the request arrived. */
  readonly receivedAt: number;
  /** Status the emulator answered. */
  readonly status: number;
  /** JSON the emulator answered (undefined for 204). */
  readonly response: unknown;
  /** True if this request was answered by an injected 429 (see rateLimitNext). */
  readonly rateLimited: boolean;
}

/** An attachment as stored by the emulator: Discord's attachment object plus the uploaded bytes. */
export interface StoredAttachment extends APIAttachment {
  readonly data: Buffer;
}

/** A message as the emulator holds it: Discord's message shape, attachments with their bytes. */
export interface StoredMessage extends Omit<APIMessage, 'attachments'> {
  attachments: StoredAttachment[];
}

export type MessageSource = 'channel' | 'interaction';

/** What the emulator knows about a dispatched interaction and the answers to it. */
export interface InteractionRecord {
  readonly id: string;
  readonly token: string;
  readonly applicationId: string;
  /** 2 = application command, 3 = message component, 4 = autocomplete. */
  readonly type: 2 | 3 | 4;
  readonly commandName: string | null;
  readonly customId: string | null;
  readonly guildId: string | null;
  readonly channelId: string;
  readonly userId: string;
  readonly dispatchedAt: number;
  readonly acknowledgedAt: number | null;
  /** Type of the (first, accepted) callback: 4, 5, 6, 7 or 9. */
  readonly callbackType: number | null;
  /** The @original message: the reply (4/5) or, for components, the message the component is on. */
  readonly original: StoredMessage | null;
  readonly followups: readonly StoredMessage[];
  /** The modal sent with callback type 9, if any. */
  readonly modal: unknown;
  /** The choices of an autocomplete answer (callback type 8), null before it. */
  readonly choices: readonly Readonly<Record<string, unknown>>[] | null;
}

/** Option values for sendInteraction; a `{ channel }` / `{ user }` object resolves to that entity. */
export type InteractionOptionValue =
  string | number | boolean | { readonly channel: string } | { readonly user: string };

export interface InteractionUser {
  readonly id?: string;
  readonly username?: string;
  readonly globalName?: string;
}

export interface SendInteractionOptions {
  readonly commandName: string;
  readonly subcommandGroup?: string;
  readonly subcommand?: string;
  readonly options?: Readonly<Record<string, InteractionOptionValue>>;
  /** Default: the first guild. null dispatches a DM interaction (context 1, no member). */
  readonly guildId?: string | null;
  /** Default: the guild's first text channel. */
  readonly channelId?: string;
  /** Default: a member 'tester'. The same username always gets the same id. */
  readonly user?: InteractionUser;
  /** The invoking member's permissions. Default DEFAULT_MEMBER_PERMISSIONS (includes ManageGuild). */
  readonly memberPermissions?: PermissionInput;
  readonly locale?: string;
}

export interface SendComponentInteractionOptions {
  readonly customId: string;
  /** The message carrying the component (must be one the emulator stored). */
  readonly messageId: string;
  /** Default 2 (button). */
  readonly componentType?: number;
  readonly values?: readonly string[];
  readonly user?: InteractionUser;
  readonly memberPermissions?: PermissionInput;
  readonly locale?: string;
}

/** A member typing into an option with autocomplete: Discord asks the bot for choices (type 4). */
export interface SendAutocompleteOptions {
  readonly commandName: string;
  readonly subcommand?: string;
  /** The option being typed in (it must be registered with autocomplete: true). */
  readonly focused: string;
  /** What the member has typed so far. */
  readonly typed: string;
  /** The other options filled in already. */
  readonly options?: Readonly<Record<string, InteractionOptionValue>>;
  readonly guildId?: string | null;
  readonly channelId?: string;
  readonly user?: InteractionUser;
  readonly memberPermissions?: PermissionInput;
  readonly locale?: string;
}

export interface DispatchedInteraction {
  readonly id: string;
  readonly token: string;
  readonly applicationId: string;
  /** The INTERACTION_CREATE `d` exactly as sent over the gateway. */
  readonly payload: Readonly<Record<string, unknown>>;
}

/** Selects requests: every given field must match (strings exactly, RegExps by test). */
export interface RequestMatcherFields {
  readonly method?: string;
  readonly route?: string | RegExp;
  readonly path?: string | RegExp;
}

export type RequestMatcher = RequestMatcherFields | ((request: RequestLike) => boolean);

/** What a rate-limit matcher sees (the request is not answered yet). */
export interface RequestLike {
  readonly method: string;
  readonly path: string;
  readonly route: string | null;
  readonly params: Readonly<Record<string, string>>;
  readonly body: unknown;
}

export interface RateLimitOptions {
  /** Seconds, as Discord sends it (float). Default 0.05 so tests stay quick. */
  readonly retryAfter?: number;
  /** Send X-RateLimit-Global (all requests of the bot are blocked). Default false. */
  readonly global?: boolean;
  /** X-RateLimit-Scope. Default 'user'. */
  readonly scope?: 'user' | 'global' | 'shared';
  /** How many matching requests get a 429. Default 1. */
  readonly times?: number;
}

/** One frame on the gateway, either direction; tokens redacted. */
export interface GatewayFrame {
  readonly direction: 'in' | 'out';
  readonly sessionId: string | null;
  readonly connectionId: number;
  readonly op: number;
  readonly t: string | null;
  readonly s: number | null;
  readonly d: unknown;
  readonly at: number;
}

export interface WaitOptions {
  /** Default 5000 ms (real time, unaffected by fake timers). */
  readonly timeoutMs?: number;
}
