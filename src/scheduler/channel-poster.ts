import {
  DiscordAPIError,
  RESTJSONErrorCodes,
  ThreadAutoArchiveDuration,
  type Client,
  type Message,
  type MessageCreateOptions,
} from 'discord.js';

/** Where a report could not go: the subscription is paused with this reason. */
export class ChannelUnavailableError extends Error {
  constructor(
    readonly channelId: string,
    readonly reason: string,
  ) {
    super(`channel ${channelId} is unavailable: ${reason}`);
    this.name = 'ChannelUnavailableError';
  }
}

export interface PostResult {
  messageId: string;
  /** Null when the post went out but the thread could not be started (the reason says why). */
  threadId: string | null;
  threadProblem?: string;
  /** True when the post was already there (a run cut off by a restart): nothing new was sent. */
  found?: boolean;
}

/** Where a report goes: the channel, and the server it must belong to. */
export interface PostTarget {
  guildId: string;
  channelId: string;
}

export interface PostOptions {
  /** Sent with enforce_nonce: Discord returns the first message when the same create is repeated within minutes. */
  nonce: string;
  /**
   * Set when an earlier attempt of this post may have gone out (recorded as started, never confirmed):
   * the channel's recent messages are searched first for the bot's own post since `since` that carries
   * `nonce` in an embed footer (the weekly reporter puts it there), or, for a post sent before footers
   * carried it, is titled `threadName`.
   */
  lookFirst?: { since: Date };
}

/** Posts reports to channels; the weekly reporter only sees this interface. */
export interface ReportPoster {
  postWithThread(
    target: PostTarget,
    message: MessageCreateOptions,
    threadName: string,
    options: PostOptions,
  ): Promise<PostResult>;
}

/** Discord errors that mean "this channel is gone or closed to us", as a reason a person can act on. */
const UNAVAILABLE: Partial<Record<number, string>> = {
  [RESTJSONErrorCodes.UnknownChannel]: 'the channel no longer exists',
  [RESTJSONErrorCodes.MissingAccess]: 'the bot lost access to the channel',
  [RESTJSONErrorCodes.MissingPermissions]:
    'the bot is missing a permission in the channel (Send Messages, Embed Links or Attach Files)',
};

function unavailableReason(error: unknown): string | undefined {
  return error instanceof DiscordAPIError && typeof error.code === 'number' ? UNAVAILABLE[error.code] : undefined;
}

/** Why a thread could not be started on a post that went out, as a reason a person can act on. */
function threadRefusalReason(error: unknown): string | undefined {
  if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.MissingPermissions)
    return 'the bot is missing a permission in the channel (Create Public Threads or Send Messages in Threads)';
  return unavailableReason(error);
}

/** How far back a resumed run looks for its own post (Discord's page size). */
const HISTORY_LOOKBACK = 100;

/** The discord.js implementation: send the message, then start a thread on it. */
export function discordPoster(client: Client): ReportPoster {
  return {
    async postWithThread(target, message, threadName, options) {
      const { channelId } = target;
      let channel;
      try {
        // Asked from Discord, not the cache, so the server it belongs to is Discord's answer.
        channel = await client.channels.fetch(channelId, { force: true });
      } catch (error) {
        const reason = unavailableReason(error);
        if (reason) throw new ChannelUnavailableError(channelId, reason);
        throw error;
      }
      if (channel === null || !channel.isSendable() || channel.isDMBased()) {
        throw new ChannelUnavailableError(channelId, 'the channel is not a server text channel the bot can post in');
      }
      if (channel.guildId !== target.guildId) {
        throw new ChannelUnavailableError(channelId, 'the channel belongs to another server');
      }
      let posted: Message | undefined;
      if (options.lookFirst && channel.isTextBased() && 'messages' in channel) {
        const recent = await channel.messages.fetch({ limit: HISTORY_LOOKBACK }).catch((error: unknown) => {
          const reason = unavailableReason(error);
          if (reason) throw new ChannelUnavailableError(channelId, reason);
          throw error;
        });
        const since = options.lookFirst.since.getTime();
        posted = recent.find(
          (m) =>
            m.author.id === client.user?.id &&
            m.createdTimestamp >= since &&
            (m.embeds.some((embed) => embed.footer?.text.includes(options.nonce) === true) ||
              m.embeds[0]?.title === threadName),
        );
      }
      const found = posted !== undefined;
      if (posted === undefined) {
        try {
          posted = await channel.send({ ...message, nonce: options.nonce, enforceNonce: true });
        } catch (error) {
          const reason = unavailableReason(error);
          if (reason) throw new ChannelUnavailableError(channelId, reason);
          throw error;
        }
      }
      const base = { messageId: posted.id, ...(found ? { found } : {}) };
      // A found post may already carry its thread (its id is the message's).
      if (found && posted.hasThread) return { ...base, threadId: posted.id };
      try {
        const thread = await posted.startThread({
          name: threadName,
          autoArchiveDuration: ThreadAutoArchiveDuration.OneWeek,
        });
        return { ...base, threadId: thread.id };
      } catch (error) {
        if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.ThreadAlreadyCreatedForMessage) {
          return { ...base, threadId: posted.id };
        }
        const problem = threadRefusalReason(error) ?? (error instanceof Error ? error.message : String(error));
        return { ...base, threadId: null, threadProblem: `the discussion thread could not be started: ${problem}` };
      }
    },
  };
}
