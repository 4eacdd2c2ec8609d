import {
  DiscordAPIError,
  PermissionFlagsBits,
  RESTJSONErrorCodes,
  type InteractionEditReplyOptions,
  type MessageCreateOptions,
  type RepliableInteraction,
} from 'discord.js';
import type { Logger } from '../logger.js';

/**
 * Where a command's final answer goes. Through the interaction while its
 * token lives (Discord refuses it after 15 minutes with 401 / code 50027);
 * past that, or when the wait is known to outlast it, as a normal message in
 * the channel the command came from, mentioning the requester and only them.
 * When neither way is open, the requester cannot be answered anywhere: the
 * caller cancels the work (RequesterUnreachableError).
 */

/** Discord's interaction token life. */
export const INTERACTION_TOKEN_LIFE_MS = 15 * 60_000;
/** The answer must be sent at least this long before the token expires (analysis, charts, upload). */
export const TOKEN_SAFETY_MS = 60_000;

/** What the bot needs in the channel to post a report there itself. */
const CHANNEL_POST_PERMISSIONS = [
  PermissionFlagsBits.ViewChannel,
  PermissionFlagsBits.SendMessages,
  PermissionFlagsBits.EmbedLinks,
  PermissionFlagsBits.AttachFiles,
];

/** Neither the interaction nor the channel can take the answer: the work for this requester stops. */
export class RequesterUnreachableError extends Error {
  constructor(readonly reason: string) {
    super(`the requester cannot be answered: ${reason}`);
    this.name = 'RequesterUnreachableError';
  }
}

export function isTokenRefused(error: unknown): boolean {
  return (
    error instanceof DiscordAPIError && (error.code === RESTJSONErrorCodes.InvalidWebhookToken || error.status === 401)
  );
}

type Payload = Pick<InteractionEditReplyOptions & MessageCreateOptions, 'content' | 'embeds' | 'files' | 'components'>;

export class InteractionDelivery {
  #viaChannel = false;
  /** The channel was chosen from an estimate (which may improve), not because Discord refused the token. */
  #byEstimate = false;

  constructor(
    // A slash command's, or a button's that answers with a message (the report's "Subscribe weekly here").
    private readonly interaction: RepliableInteraction,
    private readonly nowMs: () => number,
    private readonly logger: Logger,
  ) {}

  /** True once the answer is known to go to the channel. */
  get viaChannel(): boolean {
    return this.#viaChannel;
  }

  /** Whether the token still takes edits now. */
  get tokenAlive(): boolean {
    return this.nowMs() < this.interaction.createdTimestamp + INTERACTION_TOKEN_LIFE_MS;
  }

  /** Whether work done `inMs` from now can still be answered through the interaction. */
  fitsToken(inMs: number): boolean {
    return this.nowMs() + inMs + TOKEN_SAFETY_MS < this.interaction.createdTimestamp + INTERACTION_TOKEN_LIFE_MS;
  }

  /** Whether the bot may post the report in the command's channel (from the interaction's app_permissions). */
  canPostInChannel(): boolean {
    const granted = this.interaction.appPermissions;
    return CHANNEL_POST_PERMISSIONS.every((flag) => granted.has(flag));
  }

  /** From now on the final answer goes to the channel (unless a later estimate brings it back, see fitsAgain). */
  switchToChannel(reason: string, options: { byEstimate?: boolean } = {}): void {
    if (this.#viaChannel) return;
    this.#viaChannel = true;
    this.#byEstimate = options.byEstimate ?? false;
    this.logger.info('delivery.via-channel', { interactionId: this.interaction.id, reason });
  }

  /** A later estimate fits the token after all: the answer goes through the interaction again. */
  fitsAgain(): void {
    if (!this.#viaChannel || !this.#byEstimate) return;
    this.#viaChannel = false;
    this.#byEstimate = false;
  }

  /** An edit of the interaction's own message (status lines); nothing once the token is dead or refused. */
  async edit(payload: Payload): Promise<void> {
    if (!this.tokenAlive) return;
    try {
      await this.interaction.editReply(payload);
    } catch (error) {
      if (!isTokenRefused(error)) throw error;
      this.onTokenRefused();
    }
  }

  /** Discord refused the token: the answer goes to the channel, or nowhere. */
  onTokenRefused(): void {
    if (!this.canPostInChannel())
      throw new RequesterUnreachableError('the token was refused and the bot cannot post in the channel');
    this.switchToChannel('token refused (50027)');
  }

  /** The final answer: through the interaction while it may, else in the channel, mentioning the requester. */
  async deliver(payload: Payload, channelLead: string): Promise<'interaction' | 'channel'> {
    if (!this.#viaChannel && this.tokenAlive) {
      try {
        await this.interaction.editReply(payload);
        return 'interaction';
      } catch (error) {
        if (!isTokenRefused(error)) throw error;
        this.switchToChannel('token refused (50027)');
      }
    }
    const user = this.interaction.user.id;
    const { channelId } = this.interaction;
    const channel =
      this.interaction.channel ??
      (channelId === null ? null : await this.interaction.client.channels.fetch(channelId).catch(() => null));
    if (channel === null || !channel.isSendable()) {
      throw new RequesterUnreachableError('the command channel cannot be posted in');
    }
    try {
      await channel.send({
        ...payload,
        content: `<@${user}> ${channelLead}${payload.content ? `\n${payload.content}` : ''}`,
        // Only the requester is pinged, whatever the report's text contains.
        allowedMentions: { users: [user] },
      });
    } catch (error) {
      if (error instanceof DiscordAPIError && (error.status === 403 || error.status === 404)) {
        throw new RequesterUnreachableError(`the bot cannot post in the channel (${error.message})`);
      }
      throw error;
    }
    return 'channel';
  }
}
