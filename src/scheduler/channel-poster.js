import { DiscordAPIError, RESTJSONErrorCodes, ThreadAutoArchiveDuration, } from 'discord.js';
/** Where a report could not go: the subscription is paused with this reason. */
export class ChannelUnavailableError extends Error {
    channelId;
    reason;
    constructor(channelId, reason) {
        super(`channel ${channelId} is unavailable: ${reason}`);
        this.channelId = channelId;
        this.reason = reason;
        this.name = 'ChannelUnavailableError';
    }
}
/** Discord errors that mean "this channel is gone or closed to us", as a reason a person can act on. */
const UNAVAILABLE = {
    [RESTJSONErrorCodes.UnknownChannel]: 'the channel no longer exists',
    [RESTJSONErrorCodes.MissingAccess]: 'the bot lost access to the channel',
    [RESTJSONErrorCodes.MissingPermissions]: 'the bot is missing a permission in the channel (Send Messages, Embed Links or Attach Files)',
};
function unavailableReason(error) {
    return error instanceof DiscordAPIError && typeof error.code === 'number' ? UNAVAILABLE[error.code] : undefined;
}
/** How far back a resumed run looks for its own post (Discord's page size). */
const HISTORY_LOOKBACK = 100;
/** The discord.js implementation: send the message, then start a thread on it. */
export function discordPoster(client) {
    return {
        async postWithThread(target, message, threadName, options) {
            const { channelId } = target;
            let channel;
            try {
                // Asked from Discord, not the cache, so the server it belongs to is Discord's answer.
                channel = await client.channels.fetch(channelId, { force: true });
            }
            catch (error) {
                const reason = unavailableReason(error);
                if (reason)
                    throw new ChannelUnavailableError(channelId, reason);
                throw error;
            }
            if (channel === null || !channel.isSendable() || channel.isDMBased()) {
                throw new ChannelUnavailableError(channelId, 'the channel is not a server text channel the bot can post in');
            }
            if (channel.guildId !== target.guildId) {
                throw new ChannelUnavailableError(channelId, 'the channel belongs to another server');
            }
            let posted;
            if (options.lookFirst && channel.isTextBased() && 'messages' in channel) {
                const recent = await channel.messages.fetch({ limit: HISTORY_LOOKBACK }).catch((error) => {
                    const reason = unavailableReason(error);
                    if (reason)
                        throw new ChannelUnavailableError(channelId, reason);
                    throw error;
                });
                const since = options.lookFirst.since.getTime();
                posted = recent.find((m) => m.author.id === client.user?.id && m.createdTimestamp >= since && m.embeds[0]?.title === threadName);
            }
            const found = posted !== undefined;
            if (posted === undefined) {
                try {
                    posted = await channel.send({ ...message, nonce: options.nonce, enforceNonce: true });
                }
                catch (error) {
                    const reason = unavailableReason(error);
                    if (reason)
                        throw new ChannelUnavailableError(channelId, reason);
                    throw error;
                }
            }
            const base = { messageId: posted.id, ...(found ? { found } : {}) };
            // A found post may already carry its thread (its id is the message's).
            if (found && posted.hasThread)
                return { ...base, threadId: posted.id };
            try {
                const thread = await posted.startThread({
                    name: threadName,
                    autoArchiveDuration: ThreadAutoArchiveDuration.OneWeek,
                });
                return { ...base, threadId: thread.id };
            }
            catch (error) {
                if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.ThreadAlreadyCreatedForMessage) {
                    return { ...base, threadId: posted.id };
                }
                const problem = unavailableReason(error) ?? (error instanceof Error ? error.message : String(error));
                return { ...base, threadId: null, threadProblem: `the discussion thread could not be started: ${problem}` };
            }
        },
    };
}
//# sourceMappingURL=channel-poster.js.map