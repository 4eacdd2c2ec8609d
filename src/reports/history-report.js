import { REPORT_COLOR } from './analysis-embed.js';
import { fitEmbeds } from './discord-limits.js';
import { codeBlock, escapeMarkdown, inlineCode } from './discord-markdown.js';
import { bareHandle, formatDeltaPoints, formatInteger, formatPercent, plural, tiktokProfileUrl } from './format.js';
import { renderTable } from './text-table.js';
export const HISTORY_WEEKS_SHOWN = 12;
/** Column headings of the table (tests parse these back). */
export const HISTORY_COLUMNS = ['Week', 'Videos', 'Median', 'Top 25%', 'Share'];
export function historyReport(username, points, options = {}) {
    const handle = bareHandle(username);
    const embed = {
        title: `Weekly history: @${handle}`,
        url: tiktokProfileUrl(handle),
        color: REPORT_COLOR,
        description: description(handle, points, options.weeksShown ?? HISTORY_WEEKS_SHOWN),
    };
    if (points.length > 0)
        embed.footer = {
            text: `${plural(points.length, 'week')} stored · one snapshot per ISO week (the latest of the week)`,
        };
    if (options.chartFileName !== undefined && options.chartFileName.length > 0) {
        embed.image = { url: `attachment://${options.chartFileName}` };
    }
    return { embeds: fitEmbeds([embed]) };
}
function description(handle, points, weeksShown) {
    const escaped = `@${escapeMarkdown(handle)}`;
    if (points.length === 0) {
        return (`No snapshots of ${escaped} are stored yet. Subscribe a channel with ${inlineCode(`/retention subscribe username:${handle}`)}: ` +
            'it takes a first snapshot right away, and every weekly report adds one.');
    }
    const shown = points.slice(-Math.max(1, weeksShown));
    const first = points[0];
    const last = points[points.length - 1];
    const lines = [];
    if (points.length === 1) {
        lines.push(`Only one week so far (${first.label}): the first weekly report will add a second point, and the trend starts there.`);
    }
    else {
        const range = `${first.label} to ${last.label}`;
        lines.push(shown.length < points.length
            ? `${plural(points.length, 'week')} of ${escaped} stored (${range}); the table shows the last ${shown.length}, the chart all of them.`
            : `${plural(points.length, 'week')} of ${escaped} stored (${range}).`);
    }
    lines.push(codeBlock(renderTable([[...HISTORY_COLUMNS], ...shown.map(row)], { align: ['left', 'right', 'right', 'right', 'right'] })));
    lines.push('*Median: median engagement rate · Top 25%: the engagement a video needs to be in the top quarter (q75) · Share: average share rate.*');
    if (shown.length >= 2)
        lines.push(changeLine(shown[0], shown[shown.length - 1], shown.length));
    return lines.join('\n');
}
function row(point) {
    const pct = (rate) => formatPercent(rate ?? Number.NaN);
    return [
        point.label,
        formatInteger(point.videoCount),
        pct(point.medianEngagementRate),
        pct(point.q75EngagementRate),
        pct(point.shareRate),
    ];
}
/** 'Over these 12 weeks: median engagement 6.50% → 7.12% (+0.62 pp), ...'. */
function changeLine(from, to, weeks) {
    const rate = (name, a, b) => a === null || b === null
        ? null
        : `${name} ${formatPercent(a)} → ${formatPercent(b)} (${formatDeltaPoints(b - a, 2)})`;
    const parts = [
        rate('median engagement', from.medianEngagementRate, to.medianEngagementRate),
        rate('top-25% cut', from.q75EngagementRate, to.q75EngagementRate),
        rate('share rate', from.shareRate, to.shareRate),
        `videos ${formatInteger(from.videoCount)} → ${formatInteger(to.videoCount)}`,
    ].filter((part) => part !== null);
    return `Over these ${weeks} weeks: ${parts.join(', ')}.`;
}
//# sourceMappingURL=history-report.js.map