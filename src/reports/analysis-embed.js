import { leanOf, separatingGroups } from '../analysis/findings.js';
import { fitEmbeds } from './discord-limits.js';
import { codeBlock, escapeMarkdown, inlineCode, maskedLink } from './discord-markdown.js';
import { bareHandle, formatCaption, formatCompact, formatDuration, formatInteger, formatPercent, plural, tiktokProfileUrl, tiktokVideoUrl, truncateText, } from './format.js';
import { hourLabel, liftPhrase, minGroupVideos, soundLabel, tierTableRows, weekdayLabel } from './highlights.js';
import { renderTable } from './text-table.js';
import { catalogNotes, handleForVideo, incompleteLabel } from './catalog-notes.js';
import { describeSource } from './source.js';
import { HOW_TO_READ, summaryBlock, youngVideosLine } from './summary.js';
/** TikTok's brand red. */
export const REPORT_COLOR = 0xfe2c55;
/** Amber: a report that comes with a warning (too few videos, paused subscriptions). */
export const NOTICE_COLOR = 0xf0b232;
const TOP_PERFORMERS_SHOWN = 5;
const GROUPS_SHOWN_PER_SIDE = 3;
export function analysisReport(catalog, analysis, options = {}) {
    const username = bareHandle(catalog.account.username);
    const embed = {
        title: `Retention report: @${username}`,
        url: tiktokProfileUrl(username),
        color: analysis.notice === null ? REPORT_COLOR : NOTICE_COLOR,
        description: [...catalogNotes(catalog).map((note) => `⚠️ ${escapeMarkdown(note)}`), description(username, analysis)]
            .filter((part) => part !== '')
            .join('\n'),
        fields: fields(catalog, analysis),
        footer: { text: footer(catalog, analysis, options) },
    };
    if (!Number.isNaN(Date.parse(catalog.source.fetchedAt)))
        embed.timestamp = new Date(catalog.source.fetchedAt).toISOString();
    if (options.chartFileName !== undefined && options.chartFileName.length > 0) {
        embed.image = { url: `attachment://${options.chartFileName}` };
    }
    const embeds = fitEmbeds([embed]);
    // An embed shows one image, so the second chart gets an embed of its own. It holds no text (nothing
    // to fit) and comes after fitting, so a "(truncated)" note stays on the report, not under the picture.
    if (options.tierChartFileName !== undefined && options.tierChartFileName.length > 0) {
        embeds.push({ color: embed.color, image: { url: `attachment://${options.tierChartFileName}` } });
    }
    return { embeds };
}
function description(username, analysis) {
    const parts = [];
    if (analysis.notice !== null)
        parts.push(`⚠️ **${escapeMarkdown(analysis.notice)}** Showing what there is.`);
    const summary = summaryBlock(analysis, { markdown: true, minAgeOption: '`min_age_days:`' });
    if (summary !== null)
        parts.push(summary);
    if (analysis.thresholds !== null && analysis.tiers !== null) {
        parts.push(`How @${escapeMarkdown(username)}'s best quarter of videos differs from the weakest quarter ` +
            `(engagement ≥ ${formatPercent(analysis.thresholds.q75)} vs ≤ ${formatPercent(analysis.thresholds.q25)}, ` +
            `out of ${plural(analysis.analyzedCount, 'analysed video')}).`);
        parts.push(tierTable(analysis.tiers.top, analysis.tiers.bottom));
        const young = youngVideosLine(analysis);
        if (young !== null)
            parts.push(`*${young}*`);
    }
    else if (analysis.analyzedCount === 0) {
        parts.push('No video has any plays yet, so there are no rates to compare.');
    }
    if (analysis.overall !== null) {
        parts.push(`Average video: **${formatPercent(analysis.overall.meanEngagementRate)}** engagement ` +
            `(median ${formatPercent(analysis.overall.medianEngagementRate)}), ` +
            `${formatCompact(analysis.overall.totalPlays)} plays in all.`);
    }
    return parts.join('\n');
}
function tierTable(top, bottom) {
    return codeBlock(renderTable(tierTableRows(top, bottom, 'Ratio'), { align: ['left', 'right', 'right', 'right'], gap: 2 }));
}
function fields(catalog, analysis) {
    const result = [];
    const minVideos = minGroupVideos(analysis);
    const duration = durationField(analysis, minVideos);
    if (duration !== null)
        result.push(duration);
    if (analysis.tiers !== null) {
        result.push(hashtagField(analysis, minVideos));
        result.push(postingTimeField(analysis));
    }
    const sound = soundField(analysis);
    if (sound !== null)
        result.push(sound);
    const top = topPerformersField(catalog, analysis);
    if (top !== null)
        result.push(top);
    return result;
}
function durationField(analysis, minVideos) {
    if (analysis.durationBuckets.length === 0)
        return null;
    const lines = [];
    const spot = analysis.durationSweetSpot;
    if (spot !== null) {
        const caution = spot.count < minVideos ? ' Few videos: treat it as a hint.' : '';
        const what = spot.significant
            ? `Sweet spot: **${escapeMarkdown(spot.label)}**, better than the other lengths beyond chance`
            : `Best bucket: **${escapeMarkdown(spot.label)}**, not clearly better than the rest`;
        lines.push(`${what}: ${formatPercent(spot.avgEngagementRate)} avg engagement, ` +
            `${liftPhrase(spot.liftOverMean)} (${plural(spot.count, 'video')}).${caution}`);
    }
    const rows = [
        ...analysis.durationBuckets.map((b) => [
            b.label,
            `n=${b.count}`,
            formatPercent(b.avgEngagementRate),
            formatPercent(b.medianEngagementRate),
            spot !== null && b.label === spot.label ? '◀' : '',
        ]),
    ];
    lines.push(codeBlock(renderTable(rows, { align: ['left', 'right', 'right', 'right', 'left'], gap: 2 })));
    lines.push('*Per length: videos, average and median engagement.*');
    return { name: '⏱️ Video length', value: lines.join('\n') };
}
function hashtagField(analysis, minVideos) {
    const picked = separatingGroups(analysis.findings, 'hashtag', analysis.hashtags.groups, GROUPS_SHOWN_PER_SIDE);
    const label = (g) => inlineCode(`#${truncateText(g.key, 32)}`);
    const lines = leanLines(picked.leansTop, picked.leansBottom, label);
    const name = `#️⃣ Hashtags, top vs bottom (each used by ≥ ${minVideos} videos)`;
    const untested = picked.untested > 0
        ? ` ${plural(picked.untested, 'hashtag')} too few to test (each side needs ${analysis.findings.minSideVideos} videos).`
        : '';
    if (lines.length === 0) {
        const why = picked.tested === 0
            ? analysis.hashtags.groups.length === 0
                ? `No hashtag is used by ${minVideos} or more videos.`
                : `No hashtag has the ${analysis.findings.minSideVideos} videos a test needs.`
            : `No hashtag differs from the rest beyond chance (${plural(picked.tested, 'hashtag')} tested).`;
        return { name, value: `${why}${untested}` };
    }
    return { name, value: `${lines.join('\n')}${untested.length > 0 ? `\n*${untested.trim()}*` : ''}` };
}
function postingTimeField(analysis) {
    const time = analysis.postingTime;
    const days = separatingGroups(analysis.findings, 'weekday', time.byWeekday.groups, 2);
    const hours = separatingGroups(analysis.findings, 'hour', time.byHour.groups, 2);
    const lines = [
        ...leanLines(days.leansTop, days.leansBottom, (g) => `**${weekdayLabel(g.key)}**`),
        ...leanLines(hours.leansTop, hours.leansBottom, (g) => `**${hourLabel(g.key)}**`),
    ];
    const name = `🕒 Posting time (${time.timeZone})`;
    if (time.byWeekday.basedOn === 0)
        return { name, value: 'No post times in this catalog.' };
    const untested = days.untested + hours.untested;
    const basis = `Based on ${plural(time.byWeekday.basedOn, 'video')} with a post time; ` +
        `${plural(days.tested + hours.tested, 'day or hour', 'days and hours')} tested` +
        (untested > 0 ? `, ${formatInteger(untested)} too few to test.` : '.');
    if (lines.length === 0)
        return { name, value: `No day or hour differs from the rest beyond chance. ${basis}` };
    return { name, value: `${lines.join('\n')}\n*${basis}*` };
}
function soundField(analysis) {
    if (analysis.sound.groups.length === 0)
        return null;
    const hasTiers = analysis.tiers !== null;
    const lines = analysis.sound.groups.map((g) => {
        const tiers = hasTiers ? ` · ${g.topCount} in top, ${g.bottomCount} in bottom` : '';
        const verdict = verdictWord(leanOf(analysis.findings, 'sound', g.key));
        return (`**${escapeMarkdown(soundLabel(g.key))}**: ${formatPercent(g.avgEngagementRate)} avg engagement · ` +
            `${formatPercent(g.medianEngagementRate)} median${tiers} (n=${g.count})${verdict}`);
    });
    return { name: '🎵 Sound', value: lines.join('\n') };
}
/** ' · ▲ better beyond chance', ' · too few to test', or nothing when the test found no difference. */
function verdictWord(lean) {
    switch (lean) {
        case 'top':
            return ' · ▲ better beyond chance';
        case 'bottom':
            return ' · ▼ worse beyond chance';
        case 'untested':
            return ' · too few to test';
        case 'neither':
            return '';
    }
}
function topPerformersField(catalog, analysis) {
    const performers = analysis.topPerformers.slice(0, TOP_PERFORMERS_SHOWN);
    if (performers.length === 0)
        return null;
    const lines = performers.map((video, i) => {
        const caption = formatCaption(video.caption, 48) || `video ${video.id}`;
        const link = maskedLink(caption, tiktokVideoUrl(handleForVideo(catalog, video.id), video.id));
        return (`${i + 1}. ${link}\n` +
            `   **${formatPercent(video.engagementRate)}** engagement · ${formatCompact(video.plays)} plays · ${formatDuration(video.durationSec)}`);
    });
    return { name: `🏆 Top ${performers.length} by engagement`, value: lines.join('\n') };
}
/** '▲ label: 6 in top, 1 in bottom of 14 · 10.20% avg · 9.80% median' lines, top-leaning first. */
function leanLines(leansTop, leansBottom, label) {
    const line = (marker, g) => `${marker} ${label(g)}: ${g.topCount} in top, ${g.bottomCount} in bottom of ${g.count} · ` +
        `${formatPercent(g.avgEngagementRate)} avg · ${formatPercent(g.medianEngagementRate)} median`;
    return [...leansTop.map((g) => line('▲', g)), ...leansBottom.map((g) => line('▼', g))];
}
function footer(catalog, analysis, options) {
    const now = options.now ?? new Date();
    const parts = [`${plural(analysis.videoCount, 'video')} (${formatInteger(analysis.analyzedCount)} with plays)`];
    const incomplete = incompleteLabel(catalog);
    if (incomplete !== null)
        parts.push(incomplete);
    const skipped = catalog.intake?.skippedCount ?? catalog.skipped.length;
    if (skipped > 0)
        parts.push(`${plural(skipped, 'record')} skipped`);
    parts.push(...describeSource(catalog.source, { now, cacheAgeMs: options.cacheAgeMs }));
    // The embed timestamp shows the data time in each reader's own time zone.
    return `${parts.join(' · ')}\n${HOW_TO_READ}`;
}
//# sourceMappingURL=analysis-embed.js.map