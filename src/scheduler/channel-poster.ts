import {
  DiscordAPIError,
  RESTJSONErrorCodes,
  ThreadAutoArchiveDuration,
  type Client,
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
}

/** Posts reports to channels; the weekly reporter only sees this interface. */
export interface ReportPoster {
  postWithThread(channelId: string, message: MessageCreateOptions, threadName: string): Promise<PostResult>;
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

/** The discord.js implementation: send the message, then start a thread on it. */
export function discordPoster(client: Client): ReportPoster {
  return {
    async postWithThread(channelId, message, threadName) {
      let channel;
      try {
        channel = await client.channels.fetch(channelId);
      } catch (error) {
        const reason = unavailableReason(error);
        if (reason) throw new ChannelUnavailableError(channelId, reason);
        throw error;
      }
      if (channel === null || !channel.isSendable() || channel.isDMBased()) {
        throw new ChannelUnavailableError(channelId, 'the channel is not a server text channel the bot can post in');
      }
      let posted;
      try {
        posted = await channel.send(message);
      } catch (error) {
        const reason = unavailableReason(error);
        if (reason) throw new ChannelUnavailableError(channelId, reason);
        throw error;
      }
      try {
        const thread = await posted.startThread({
          name: threadName,
          autoArchiveDuration: ThreadAutoArchiveDuration.OneWeek,
        });
        return { messageId: posted.id, threadId: thread.id };
      } catch (error) {
        const problem = unavailableReason(error) ?? (error instanceof Error ? error.message : String(error));
        return {
          messageId: posted.id,
          threadId: null,
          threadProblem: `the discussion thread could not be started: ${problem}`,
        };
      }
    },
  };
}
