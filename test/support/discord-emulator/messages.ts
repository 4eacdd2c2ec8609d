import { MessageFlags, MessageType, type APIEmbed, type APIMessage } from 'discord.js';
import { pngSize, sniffContentType, uploadIndex } from './attachments.js';
import { discordErrors } from './errors.js';
import { checkMessageComponents } from './components.js';
import {
  checkMessageLimits,
  isEmptyMessage,
  resolveMentions,
  type EmbedPayload,
  type MessagePayload,
} from './message-payload.js';
import type { SnowflakeGenerator } from './snowflake.js';
import type { MessageSource, RecordedFile, StoredAttachment, StoredMessage } from './types.js';
import type { ChannelRecord, JsonObject, World } from './world.js';

export interface MessageEntry {
  readonly message: StoredMessage;
  readonly source: MessageSource;
  readonly interactionId: string | null;
  deleted: boolean;
  /** The nonce it was created with (Discord echoes it in the create answer only, never in history). */
  readonly nonce?: string | number;
  /** Emulator-clock ms of creation, for enforce_nonce's window. */
  readonly createdAt: number;
}

/** How long Discord remembers a nonce for enforce_nonce ("a few minutes"). */
export const NONCE_WINDOW_MS = 5 * 60_000;

export type MessageChange = 'create' | 'update' | 'delete';

export interface CreateMessageInput {
  readonly channel: ChannelRecord;
  readonly payload: MessagePayload;
  readonly files: readonly RecordedFile[];
  readonly source: MessageSource;
  readonly interactionId?: string | null;
  readonly type?: MessageType;
  /** Flags the emulator itself sets (Loading for a deferral, Ephemeral carried from it). */
  readonly extraFlags?: number;
  /** Which flags the sender may set in `payload.flags`. */
  readonly allowedFlags: number;
  /** Present for interaction responses (webhook messages). */
  readonly interaction?: { readonly metadata: JsonObject; readonly applicationId: string };
  /** A deferral creates an empty "thinking" message. */
  readonly allowEmpty?: boolean;
  /** Without Embed Links Discord silently drops a bot's embeds. */
  readonly dropEmbeds?: boolean;
  readonly attachmentSizeLimit: number;
}

/** Flags a sender may set on a message; Ephemeral only through interactions. */
export const CHANNEL_MESSAGE_FLAGS =
  MessageFlags.SuppressEmbeds | MessageFlags.SuppressNotifications | MessageFlags.IsComponentsV2;
export const INTERACTION_MESSAGE_FLAGS = CHANNEL_MESSAGE_FLAGS | MessageFlags.Ephemeral;

/** Every message the emulator holds, with Discord's create/edit/delete semantics. */
export class MessageStore {
  readonly #entries = new Map<string, MessageEntry>();
  readonly #attachments = new Map<string, StoredAttachment>();

  constructor(
    private readonly world: World,
    private readonly ids: SnowflakeGenerator,
    private readonly baseUrl: string,
    private readonly onChange: (change: MessageChange, entry: MessageEntry, channel: ChannelRecord) => void,
  ) {}

  get(messageId: string): MessageEntry | undefined {
    const entry = this.#entries.get(messageId);
    return entry && !entry.deleted ? entry : undefined;
  }

  inChannel(channelId: string): MessageEntry[] {
    return [...this.#entries.values()].filter((e) => !e.deleted && e.message.channel_id === channelId);
  }

  /** enforce_nonce: the bot's message in `channelId` created with `nonce` within the window, if any. */
  byNonce(channelId: string, nonce: string | number, nowMs: number): MessageEntry | undefined {
    return this.inChannel(channelId).find((e) => e.nonce === nonce && nowMs - e.createdAt <= NONCE_WINDOW_MS);
  }

  #mentions(
    content: string,
    allowed: MessagePayload['allowed_mentions'],
  ): Pick<StoredMessage, 'mention_everyone' | 'mentions'> {
    const { everyone, userIds } = resolveMentions(content, allowed);
    const mentions = userIds.map((id) => ({ ...this.world.bot, id, username: `user-${id}`, bot: false }));
    return { mention_everyone: everyone, mentions };
  }

  attachment(attachmentId: string): StoredAttachment | undefined {
    return this.#attachments.get(attachmentId);
  }

  create(input: CreateMessageInput): MessageEntry {
    const { channel, payload, files } = input;
    checkUploads(files, input.attachmentSizeLimit);
    checkMessageLimits(payload, files.length);
    checkMessageComponents(payload.components, ((payload.flags ?? 0) & MessageFlags.IsComponentsV2) !== 0);
    if (!input.allowEmpty && isEmptyMessage(payload, files.length)) throw discordErrors.emptyMessage();
    const id = this.ids.next();
    const flags = ((payload.flags ?? 0) & input.allowedFlags) | (input.extraFlags ?? 0);
    const attachments = this.#buildAttachments(channel.id, payload, files, [], (flags & MessageFlags.Ephemeral) !== 0);
    const embeds = input.dropEmbeds ? [] : resolveEmbeds(payload.embeds ?? [], attachments);
    const message: StoredMessage = {
      id,
      channel_id: channel.id,
      author: this.world.bot,
      content: payload.content ?? '',
      timestamp: this.world.now(),
      edited_timestamp: null,
      tts: false,
      ...this.#mentions(payload.content ?? '', payload.allowed_mentions),
      mention_roles: [],
      attachments,
      embeds,
      pinned: false,
      type: input.type ?? MessageType.Default,
      flags,
      // Components are kept as sent (checked by components.ts, as Discord checks them).
      components: (payload.components ?? []) as APIMessage['components'],
    };
    if (input.interaction) {
      message.webhook_id = input.interaction.applicationId;
      message.application_id = input.interaction.applicationId;
      message.interaction_metadata = input.interaction.metadata as unknown as APIMessage['interaction_metadata'];
    }
    if (channel.thread) {
      message.position = channel.thread.totalMessageSent;
      channel.thread.messageCount += 1;
      channel.thread.totalMessageSent += 1;
    }
    channel.lastMessageId = id;
    const entry: MessageEntry = {
      message,
      source: input.source,
      interactionId: input.interactionId ?? null,
      deleted: false,
      createdAt: Date.parse(message.timestamp),
      ...(payload.nonce !== undefined && payload.nonce !== null ? { nonce: payload.nonce } : {}),
    };
    this.#entries.set(id, entry);
    this.onChange('create', entry, channel);
    return entry;
  }

  /**
   * Discord's PATCH semantics: fields that are absent stay; `attachments` lists the existing
   * attachments to keep (absent = keep all); new uploads are added.
   */
  edit(
    entry: MessageEntry,
    payload: MessagePayload,
    files: readonly RecordedFile[],
    attachmentSizeLimit: number,
  ): MessageEntry {
    checkUploads(files, attachmentSizeLimit);
    checkMessageLimits(payload, files.length);
    checkMessageComponents(payload.components, ((entry.message.flags ?? 0) & MessageFlags.IsComponentsV2) !== 0);
    const message = entry.message;
    const channel = this.world.channels.get(message.channel_id);
    if (!channel) throw discordErrors.unknownChannel();
    const flags = message.flags ?? 0;
    const content = payload.content === undefined ? message.content : (payload.content ?? '');
    const components =
      payload.components === undefined ? message.components : ((payload.components ?? []) as APIMessage['components']);
    const wouldKeep =
      payload.attachments === undefined
        ? message.attachments.length
        : message.attachments.filter((a) => (payload.attachments ?? []).some((r) => String(r.id) === a.id)).length;
    const embedCount = payload.embeds === undefined ? message.embeds.length : (payload.embeds ?? []).length;
    // Validate before touching the stored message, so a refused edit changes nothing.
    if (content === '' && embedCount === 0 && wouldKeep + files.length === 0 && (components ?? []).length === 0) {
      throw discordErrors.emptyMessage();
    }
    message.content = content;
    // An edit re-resolves mentions of the new content (Discord pings nobody on edits, but the fields follow it).
    if (payload.content !== undefined) Object.assign(message, this.#mentions(content, payload.allowed_mentions));
    message.components = components;
    message.attachments = this.#buildAttachments(
      channel.id,
      payload,
      files,
      message.attachments,
      (flags & MessageFlags.Ephemeral) !== 0,
    );
    message.embeds = resolveEmbeds(
      payload.embeds === undefined ? (message.embeds as EmbedPayload[]) : (payload.embeds ?? []),
      message.attachments,
    );
    let nextFlags = flags;
    if (payload.flags !== undefined && payload.flags !== null) {
      // Only SuppressEmbeds can be changed on an existing message.
      nextFlags = (nextFlags & ~MessageFlags.SuppressEmbeds) | (payload.flags & MessageFlags.SuppressEmbeds);
    }
    const completesDeferral = (flags & MessageFlags.Loading) !== 0;
    // The edit that replaces a deferral's "thinking..." is the reply itself, not an edit of it.
    message.flags = nextFlags & ~MessageFlags.Loading;
    if (!completesDeferral) message.edited_timestamp = this.world.now();
    this.onChange('update', entry, channel);
    return entry;
  }

  delete(entry: MessageEntry): void {
    entry.deleted = true;
    const channel = this.world.channels.get(entry.message.channel_id);
    if (channel) this.onChange('delete', entry, channel);
  }

  #buildAttachments(
    channelId: string,
    payload: MessagePayload,
    files: readonly RecordedFile[],
    existing: readonly StoredAttachment[],
    ephemeral: boolean,
  ): StoredAttachment[] {
    const refs = payload.attachments;
    const kept =
      refs === undefined ? [...existing] : existing.filter((a) => (refs ?? []).some((ref) => String(ref.id) === a.id));
    const uploaded = files.map((file): StoredAttachment => {
      const index = uploadIndex(file.field);
      const ref = (refs ?? []).find((r) => index !== null && String(r.id) === index);
      const filename = ref?.filename ?? file.name;
      const id = this.ids.next();
      const url = `${this.baseUrl}/attachments/${channelId}/${id}/${encodeURIComponent(filename)}`;
      const size = pngSize(file.data);
      const attachment: StoredAttachment = {
        id,
        filename,
        size: file.data.length,
        url,
        proxy_url: url,
        content_type: sniffContentType(file, filename),
        ...(size ? size : {}),
        ...(ref?.description ? { description: ref.description } : {}),
        ...(ref?.title ? { title: ref.title } : {}),
        ...(ephemeral ? { ephemeral: true } : {}),
        data: file.data,
      };
      this.#attachments.set(id, attachment);
      return attachment;
    });
    return [...kept, ...uploaded];
  }
}

/** The message as Discord sends it: attachments without the bytes the emulator keeps. */
export function toWire(message: StoredMessage): APIMessage {
  return {
    ...message,
    attachments: message.attachments.map(({ data: _data, ...attachment }) => attachment),
  };
}

function checkUploads(files: readonly RecordedFile[], limit: number): void {
  const total = files.reduce((sum, f) => sum + f.data.length, 0);
  if (total > limit) throw discordErrors.tooLarge();
}

/**
 * Discord answers with `type: 'rich'` on every embed and rewrites `attachment://name` media to the
 * CDN URL of the uploaded file (with width/height), which is how a test sees that the embed
 * really shows the chart. An unknown attachment name stays as sent (Discord shows no image).
 */
function resolveEmbeds(embeds: readonly EmbedPayload[], attachments: readonly StoredAttachment[]): APIEmbed[] {
  const byName = (url: string | undefined): StoredAttachment | undefined =>
    url?.startsWith('attachment://')
      ? attachments.find((a) => a.filename === url.slice('attachment://'.length))
      : undefined;
  return embeds.map((embed) => {
    const out: Record<string, unknown> = { type: 'rich', ...embed };
    for (const key of ['image', 'thumbnail'] as const) {
      const media = embed[key];
      const attachment = byName(media?.url);
      if (media && attachment) {
        out[key] = {
          ...media,
          url: attachment.url,
          proxy_url: attachment.proxy_url,
          ...(attachment.width ? { width: attachment.width, height: attachment.height } : {}),
          ...(attachment.content_type ? { content_type: attachment.content_type } : {}),
          flags: 0,
        };
      }
    }
    for (const key of ['footer', 'author'] as const) {
      const part = embed[key];
      const attachment = byName(part?.icon_url);
      if (part && attachment) out[key] = { ...part, icon_url: attachment.url, proxy_icon_url: attachment.proxy_url };
    }
    // Shape validated by messagePayloadSchema; Discord echoes unknown embed keys back as sent.
    return out;
  });
}
