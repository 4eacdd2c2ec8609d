import { channelMention, time } from 'discord.js';
import { WEEKDAY_NAMES } from '../scheduler/due.js';
import { NOTICE_COLOR, REPORT_COLOR } from './analysis-embed.js';
import { DISCORD_LIMITS, embedsLength, fitEmbeds } from './discord-limits.js';
import { escapeMarkdown, inlineCode } from './discord-markdown.js';
import { formatInteger, plural, truncateText } from './format.js';
import { weekdayLabel } from './highlights.js';
/** The line that says weekly reports are held back because nothing can be saved. */
function storageFaultLine(fault) {
    return `⚠️ **The bot cannot save right now (${fault.summary})** since ${time(fault.at, 'R')}: weekly reports are held back until it can. The operator has been told.`;
}
/** Longest failure or pause reason shown per subscription: the list must stay readable. */
const REASON_SHOWN = 200;
/** Room kept free under the 6000-character total for the "and N more" field. */
const TOTAL_RESERVE = 250;
/** '`/retention subscribe username:chefmaya`', the command that creates, updates or resumes a subscription. */
function subscribeCommand(username) {
    return inlineCode(`/retention subscribe username:${username}`);
}
/** 'every Monday at 09:00 (Europe/Berlin)'. */
export function scheduleText(subscription) {
    const key = WEEKDAY_NAMES[subscription.weekday] ?? '';
    const day = weekdayLabel(key.charAt(0).toUpperCase() + key.slice(1));
    return `every ${day} at ${subscription.time} (${subscription.timeZone})`;
}
function when(date) {
    return `${time(date, 'R')} (${time(date, 'F')})`;
}
function reason(text) {
    return escapeMarkdown(truncateText(text.replace(/\s+/gu, ' ').trim(), REASON_SHOWN));
}
function lastResultText(subscription) {
    const last = subscription.lastResult;
    if (last === null)
        return 'Last result: never run yet';
    const at = new Date(last.at);
    if (last.ok)
        return `Last result: ✅ ok, ${time(at, 'R')}${last.message !== undefined ? ` (${reason(last.message)})` : ''}`;
    // A run that paused the subscription recorded the pause reason, which the line above already shows.
    const pausedBy = subscription.paused !== null && last.message === `Paused: ${subscription.paused.reason}`;
    if (pausedBy)
        return `Last result: ❌ failed, ${time(at, 'R')} (see above)`;
    return `Last result: ❌ failed, ${time(at, 'R')}: ${reason(last.message ?? 'no reason recorded')}`;
}
function subscriptionField(subscription, options) {
    const lines = [`→ ${channelMention(subscription.channelId)} · ${scheduleText(subscription)}`];
    if (subscription.paused !== null) {
        lines.push(`⏸️ **Paused** ${time(new Date(subscription.paused.at), 'R')}: ${reason(subscription.paused.reason)}`);
        lines.push(`To resume, run ${subscribeCommand(subscription.username)} again with channel ${channelMention(subscription.channelId)}.`);
    }
    else if (subscription.pending) {
        lines.push(`Report of ${time(new Date(subscription.pending.slot), 'f')}: posting (started ${time(new Date(subscription.pending.at), 'R')})`);
    }
    else {
        const next = options.nextRun(subscription);
        lines.push(next.getTime() <= options.now.getTime() ? 'Next report: due now' : `Next report: ${when(next)}`);
    }
    lines.push(lastResultText(subscription));
    const name = `@${escapeMarkdown(subscription.username)}${subscription.paused !== null ? ' (paused)' : ''}`;
    return { name, value: lines.join('\n') };
}
/** /retention subscriptions: this guild's subscriptions (the caller passes only its own guild's). */
export function subscriptionsReport(subscriptions, options) {
    if (subscriptions.length === 0) {
        // Subscribing needs a working store too.
        const fault = options.storageFault ? `${storageFaultLine(options.storageFault)}\n\n` : '';
        return {
            embeds: fitEmbeds([
                {
                    title: 'Weekly reports in this server',
                    color: REPORT_COLOR,
                    description: fault +
                        'No weekly reports yet. Subscribe a channel with ' +
                        `${inlineCode('/retention subscribe username:<tiktok handle>')}: every week it posts what changed in that ` +
                        "account's catalog, with a thread to discuss it. Optional: `channel`, `day`, `time` and `timezone` " +
                        '(default: this channel, Monday, 09:00). Needs the Manage Server permission.',
                },
            ]),
        };
    }
    // Grouped by account so a server following many accounts can find one; otherwise in creation order.
    const ordered = [...subscriptions].sort((a, b) => a.username.localeCompare(b.username));
    const paused = ordered.filter((s) => s.paused !== null).length;
    const embed = {
        title: 'Weekly reports in this server',
        color: paused > 0 ? NOTICE_COLOR : REPORT_COLOR,
        description: [
            options.storageFault ? storageFaultLine(options.storageFault) : null,
            `${plural(ordered.length, 'subscription')}${paused > 0 ? `, ${formatInteger(paused)} paused` : ''}. ` +
                `Run ${inlineCode('/retention subscribe')} again to change one, ${inlineCode('/retention unsubscribe')} to stop one.`,
        ]
            .filter((line) => line !== null)
            .join('\n\n'),
        timestamp: options.now.toISOString(),
    };
    embed.fields = fittedFields(embed, ordered.map((s) => subscriptionField(s, options)), ordered);
    return { embeds: fitEmbeds([embed]) };
}
/**
 * Every field when they all fit; otherwise as many as fit with room for a
 * last field naming the accounts left out (never a subscription cut in half).
 */
function fittedFields(embed, fields, ordered) {
    const size = (f) => f.name.length + f.value.length;
    const base = embedsLength([embed]);
    const all = fields.reduce((sum, f) => sum + size(f), base);
    if (fields.length <= DISCORD_LIMITS.fields && all <= DISCORD_LIMITS.embedsTotal)
        return [...fields];
    const kept = [];
    let total = base;
    for (const field of fields) {
        if (kept.length >= DISCORD_LIMITS.fields - 1 || total + size(field) > DISCORD_LIMITS.embedsTotal - TOTAL_RESERVE)
            break;
        kept.push(field);
        total += size(field);
    }
    const rest = ordered.slice(kept.length);
    kept.push({
        name: `…and ${formatInteger(rest.length)} more`,
        value: `${plural(rest.length, 'subscription')} not shown: ${moreAccounts(rest)}`,
    });
    return kept;
}
function moreAccounts(rest) {
    const names = [...new Set(rest.map((s) => `@${s.username}`))];
    return escapeMarkdown(truncateText(names.join(', '), 100));
}
/** The reply to /retention subscribe. */
export function subscribeConfirmation(subscription, options) {
    const handle = `@${escapeMarkdown(subscription.username)}`;
    const lines = [
        `${options.updated ? 'Updated: the' : 'The'} weekly report of ${handle} posts in ${channelMention(subscription.channelId)} ${scheduleText(subscription)}, ` +
            'with a thread to discuss it.',
        `First report: ${when(options.nextRun)}.`,
    ];
    if (options.baseline !== null && (options.baseline.incomplete ?? null) !== null) {
        lines.push(`⚠️ Baseline taken, but it is **${escapeMarkdown(options.baseline.incomplete ?? '')}**: Scavio ended the catalog early, ` +
            'so the first report compares against a partial snapshot. The weekly run itself never stores a partial catalog: it retries later.');
    }
    else if (options.baseline !== null) {
        lines.push(`Baseline taken: ${plural(options.baseline.videoCount, 'video')}, so the first report already shows what changed since today.`);
    }
    else {
        lines.push('No baseline snapshot could be taken now: the first report starts the history, and changes show from the second one.');
    }
    lines.push(`See every report of this server with ${inlineCode('/retention subscriptions')}; stop this one with ${inlineCode(`/retention unsubscribe username:${subscription.username}`)}.`);
    return {
        embeds: fitEmbeds([
            {
                title: `${options.updated ? 'Subscription updated' : 'Subscribed'}: @${subscription.username}`,
                color: REPORT_COLOR,
                description: lines.join('\n'),
            },
        ]),
    };
}
/**
 * The reply to /retention unsubscribe. `request` (what was asked for) makes
 * the "nothing matched" answer specific; it is optional.
 */
export function unsubscribeConfirmation(removed, request) {
    if (removed.length === 0) {
        const what = request === undefined
            ? 'No matching subscription in this server'
            : `No subscription to @${escapeMarkdown(request.username)}${request.channelId !== undefined ? ` in ${channelMention(request.channelId)}` : ' in this server'}`;
        return {
            embeds: fitEmbeds([
                {
                    title: 'Nothing to unsubscribe',
                    description: `${what}, so nothing changed. ${inlineCode('/retention subscriptions')} lists this server's weekly reports.`,
                },
            ]),
        };
    }
    const byAccount = new Map();
    for (const subscription of removed) {
        const channels = byAccount.get(subscription.username) ?? [];
        channels.push(channelMention(subscription.channelId));
        byAccount.set(subscription.username, channels);
    }
    const lines = [...byAccount].map(([username, channels]) => `Stopped the weekly report of @${escapeMarkdown(username)} in ${channels.join(', ')}.`);
    lines.push('The stored snapshots are kept: /retention history still shows them, and subscribing again continues the trend.');
    const accounts = [...byAccount.keys()];
    return {
        embeds: fitEmbeds([
            {
                title: `Unsubscribed: ${accounts.map((u) => `@${u}`).join(', ')}`,
                color: REPORT_COLOR,
                description: lines.join('\n'),
            },
        ]),
    };
}
//# sourceMappingURL=subscriptions-report.js.map