import type { APIEmbed } from 'discord.js';
import { weeksBetween } from '../analysis/iso-week.js';
import type { TrendPoint } from '../analysis/snapshot.js';
import { REPORT_COLOR } from './analysis-embed.js';
import { fitEmbeds } from './discord-limits.js';
import { codeBlock, escapeMarkdown, inlineCode } from './discord-markdown.js';
import {
  bareHandle,
  formatInteger,
  formatPercent,
  formatShownDeltaPoints,
  plural,
  tiktokProfileUrl,
} from './format.js';
import { renderTable } from './text-table.js';

/**
 * /retention history: an account's stored weekly snapshots as a short table
 * (the latest weeks) beside the trend chart, which shows them all. Reads the
 * trend points (trendPointsFromSnapshots) and computes nothing new.
 */

export interface HistoryReportOptions {
  /** Name of the trend chart attached to the same message (e.g. 'history.png'); shown as the embed image. */
  chartFileName?: string;
  /** Weeks in the table, newest last (default 12). */
  weeksShown?: number;
}

export const HISTORY_WEEKS_SHOWN = 12;

/** Column headings of the table (tests parse these back). */
export const HISTORY_COLUMNS = ['Week', 'Videos', 'Median', 'Top 25%', 'Share'] as const;

export function historyReport(
  username: string,
  points: readonly TrendPoint[],
  options: HistoryReportOptions = {},
): { embeds: APIEmbed[] } {
  const handle = bareHandle(username);
  const embed: APIEmbed = {
    title: `Weekly history: @${handle}`,
    url: tiktokProfileUrl(handle),
    color: REPORT_COLOR,
    description: description(handle, points, options.weeksShown ?? HISTORY_WEEKS_SHOWN),
  };
  if (points.length > 0)
    embed.footer = {
      text: `${plural(points.length, 'weekly snapshot')} stored · one per ISO week (the latest of the week)`,
    };
  if (options.chartFileName !== undefined && options.chartFileName.length > 0) {
    embed.image = { url: `attachment://${options.chartFileName}` };
  }
  return { embeds: fitEmbeds([embed]) };
}

function description(handle: string, points: readonly TrendPoint[], weeksShown: number): string {
  const escaped = `@${escapeMarkdown(handle)}`;
  if (points.length === 0) {
    return (
      `No snapshots of ${escaped} are stored yet. Subscribe a channel with ${inlineCode(`/retention subscribe username:${handle}`)}: ` +
      'it takes a first snapshot right away, and every weekly report adds one.'
    );
  }
  const shown = points.slice(-Math.max(1, weeksShown));
  const first = points[0] as TrendPoint;
  const last = points[points.length - 1] as TrendPoint;
  const lines: string[] = [];
  if (points.length === 1) {
    lines.push(
      `Only one week so far (${first.label}): the first weekly report will add a second point, and the trend starts there.`,
    );
  } else {
    const range = `${first.label} to ${last.label}`;
    lines.push(
      shown.length < points.length
        ? `${plural(points.length, 'weekly snapshot')} of ${escaped} stored (${range}); the table shows the last ${shown.length}, the chart all of them.`
        : `${plural(points.length, 'weekly snapshot')} of ${escaped} stored (${range}).`,
    );
  }
  lines.push(
    codeBlock(
      renderTable([[...HISTORY_COLUMNS], ...shown.map(row)], { align: ['left', 'right', 'right', 'right', 'right'] }),
    ),
  );
  lines.push(
    '*Median: median engagement rate · Top 25%: the engagement a video needs to be in the top quarter (q75) · Share: average share rate.*',
  );
  if (shown.length >= 2)
    lines.push(changeLine(shown[0] as TrendPoint, shown[shown.length - 1] as TrendPoint, shown.length));
  return lines.join('\n');
}

function row(point: TrendPoint): string[] {
  const pct = (rate: number | null) => formatPercent(rate ?? Number.NaN);
  return [
    point.label,
    formatInteger(point.videoCount),
    pct(point.medianEngagementRate),
    pct(point.q75EngagementRate),
    pct(point.shareRate),
  ];
}

/** 'Over 11 weeks (12 snapshots): median engagement 6.50% → 7.12% (+0.62 pp), ...'. */
function changeLine(from: TrendPoint, to: TrendPoint, snapshots: number): string {
  const rate = (name: string, a: number | null, b: number | null) =>
    a === null || b === null
      ? null
      : `${name} ${formatPercent(a)} → ${formatPercent(b)} (${formatShownDeltaPoints(a, b, 2)})`;
  const parts = [
    rate('median engagement', from.medianEngagementRate, to.medianEngagementRate),
    rate('top-25% cut', from.q75EngagementRate, to.q75EngagementRate),
    rate('share rate', from.shareRate, to.shareRate),
    `videos ${formatInteger(from.videoCount)} → ${formatInteger(to.videoCount)}`,
  ].filter((part): part is string => part !== null);
  const weeks = weeksBetween(from.label, to.label);
  const span =
    weeks === null || weeks <= 0
      ? `Over these ${plural(snapshots, 'snapshot')}`
      : `Over ${plural(weeks, 'week')} (${plural(snapshots, 'snapshot')})`;
  return `${span}: ${parts.join(', ')}.`;
}
