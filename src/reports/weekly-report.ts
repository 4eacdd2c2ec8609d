import { time, type APIEmbed, type APIEmbedField } from 'discord.js';
import type { Change, SnapshotDiff, TierChange } from '../analysis/snapshot.js';
import { parseIsoWeek } from '../analysis/iso-week.js';
import type { Analysis, Tier } from '../analysis/types.js';
import type { CatalogSource } from '../tiktok/catalog.js';
import { REPORT_COLOR } from './analysis-embed.js';
import { DISCORD_LIMITS, embedsLength, fitEmbeds } from './discord-limits.js';
import { codeBlock, escapeMarkdown, maskedLink } from './discord-markdown.js';
import {
  bareHandle,
  formatCaption,
  formatCompact,
  formatDeltaPoints,
  formatInteger,
  formatPercent,
  formatShownDeltaPoints,
  plural,
  tiktokProfileUrl,
  tiktokVideoUrl,
  truncateText,
} from './format.js';
import { describeSource } from './source.js';
import { HOW_TO_READ, summaryBlock } from './summary.js';
import { renderTable } from './text-table.js';

/**
 * The weekly post of a subscription: what changed in an account's catalog
 * between two snapshots (a SnapshotDiff), read straight from the diff (nothing
 * is recomputed) and always within Discord's limits (fitEmbeds).
 */

export interface WeeklyReportOptions {
  username: string;
  /** ISO week label of the report, e.g. '2026-W48' (isoWeek in the subscription's time zone). */
  week: string;
  /** Set when the run started well after its slot (the bot was offline): the slot it was due. */
  late?: { slot: Date } | null;
  /** Name of the trend chart attached to the same message (e.g. 'trend.png'); shown as the embed image. */
  trendChartFileName?: string;
  /** Where this week's catalog came from and what it cost, for the footer. */
  catalogSource?: CatalogSource;
  /**
   * Caption per video id (from the fetched catalog), used as link text in the
   * video lists; a video without one is shown as "video <id>".
   */
  captions?: ReadonlyMap<string, string>;
  /** "Now" for the age of a cached catalog; defaults to the time of the current snapshot. */
  now?: Date;
  /** This week's analysis: its findings open the report as a plain-language summary. */
  analysis?: Analysis;
}

/** Most videos listed per section (entered / left the top quartile), before "and N more". */
export const VIDEOS_LISTED = 10;

const CAPTION_IN_LINK = 48;
/** Room kept free under the 6000-character total for fitEmbeds' "(truncated)" note and rounding. */
const TOTAL_RESERVE = 40;

/** The line a late report opens with (the bot was down at the scheduled time). */
export function lateNotice(slot: Date): string {
  return `⏰ **This report is late: it was due ${time(slot, 'F')} while the bot was offline.**`;
}

/**
 * "Week 48: @chefmaya": the report's title and the name of its discussion
 * thread. A label that is not an ISO week is used as it is; the result is cut
 * to Discord's 100-character thread-name limit.
 */
export function weeklyThreadName(username: string, week: string): string {
  const handle = bareHandle(username);
  const parsed = parseIsoWeek(week);
  const weekText = parsed ? `Week ${parsed.week}` : `Week ${week.trim()}`;
  return truncateText(`${weekText}: @${handle}`, DISCORD_LIMITS.threadName, { unit: 'utf16' });
}

export function weeklyReport(diff: SnapshotDiff, options: WeeklyReportOptions): { embeds: APIEmbed[] } {
  const username = bareHandle(options.username);
  const unchanged = isUnchanged(diff);
  const embed: APIEmbed = {
    title: weeklyThreadName(username, options.week),
    url: tiktokProfileUrl(username),
    color: REPORT_COLOR,
    description: description(diff, username, options, unchanged),
  };
  const footerText = footer(diff, options);
  if (footerText.length > 0) embed.footer = { text: footerText };
  if (!Number.isNaN(Date.parse(diff.currentTakenAt))) embed.timestamp = new Date(diff.currentTakenAt).toISOString();
  if (options.trendChartFileName !== undefined && options.trendChartFileName.length > 0) {
    embed.image = { url: `attachment://${options.trendChartFileName}` };
  }

  const fields: APIEmbedField[] = [];
  if (!unchanged) fields.push(weekField(diff));
  fields.push(catalogRatesField(diff), tierRatesField(diff));
  embed.fields = fields;
  // The video lists share what is left of the 6000-character total, so none is dropped whole.
  const lists = videoListSections(diff, unchanged);
  if (lists.length > 0) {
    const left = DISCORD_LIMITS.embedsTotal - TOTAL_RESERVE - embedsLength([embed]);
    const share = Math.floor(left / lists.length);
    for (const section of lists) {
      const budget = Math.min(DISCORD_LIMITS.fieldValue, share - section.name.length);
      fields.push({ name: section.name, value: section.render(username, options.captions, budget) });
    }
  }
  return { embeds: fitEmbeds([embed]) };
}

// ---------------------------------------------------------------------------
// Description and footer

function description(diff: SnapshotDiff, username: string, options: WeeklyReportOptions, unchanged: boolean): string {
  const lines: string[] = [];
  const slot = options.late?.slot;
  if (slot !== undefined && !Number.isNaN(slot.getTime())) {
    lines.push(lateNotice(slot));
  }
  const summary =
    options.analysis === undefined
      ? null
      : summaryBlock(options.analysis, { markdown: true, minAgeOption: '`/retention analyze min_age_days:`' });
  if (summary !== null) lines.push(summary);
  const handle = `@${escapeMarkdown(username)}`;
  const since = Date.parse(diff.previousTakenAt);
  const span = spanPhrase(Date.parse(diff.currentTakenAt) - since);
  const sinceText = Number.isNaN(since)
    ? 'the previous snapshot'
    : `the snapshot of ${time(new Date(since), 'D')}${span}`;
  lines.push(`What changed for ${handle} since ${sinceText}.`);
  if (unchanged) {
    lines.push(
      'Nothing moved since then: no new videos and no new plays, likes, comments or shares. ' +
        'That is expected when the previous snapshot is very recent (such as the baseline taken when subscribing); ' +
        "next week's report will show the change.",
    );
  }
  if (!diff.perVideoDetail) {
    lines.push(
      '*Per-video counters were not kept for the earlier snapshot, so this week shows the catalog totals and rates only: ' +
        'no new-video count, no top-quartile moves and no fastest-growing videos. They return with next week’s report.*',
    );
  }
  return lines.join('\n');
}

/** ' (7 days earlier)' for a comparison spanning at least a day; '' otherwise. */
function spanPhrase(ms: number): string {
  if (!Number.isFinite(ms) || ms < 86_400_000) return '';
  const days = Math.round(ms / 86_400_000);
  return ` (${plural(days, 'day')} earlier)`;
}

function footer(diff: SnapshotDiff, options: WeeklyReportOptions): string {
  const parts: string[] = [];
  const videos = diff.videoCount.current;
  if (videos !== null) {
    const analysed = diff.analyzedCount.current;
    parts.push(
      analysed === null
        ? plural(videos, 'video')
        : `${plural(videos, 'video')} (${formatInteger(analysed)} with plays)`,
    );
  }
  if (options.catalogSource !== undefined) {
    const now = options.now ?? new Date(diff.currentTakenAt);
    parts.push(...describeSource(options.catalogSource, { now: Number.isNaN(now.getTime()) ? new Date() : now }));
  }
  const text = parts.join(' · ');
  return options.analysis === undefined ? text : `${text}${text.length > 0 ? '\n' : ''}${HOW_TO_READ}`;
}

/** True when the diff shows no movement at all (e.g. a baseline taken minutes before the first run). */
function isUnchanged(diff: SnapshotDiff): boolean {
  const { plays, likes, comments, shares } = diff.gained;
  if (plays !== 0 || likes !== 0 || comments !== 0 || shares !== 0) return false;
  if (
    (diff.videoCount.delta ?? 0) !== 0 ||
    (diff.videosAdded?.length ?? 0) > 0 ||
    (diff.videosRemoved?.length ?? 0) > 0
  )
    return false;
  if ((diff.enteredTopQuartile?.length ?? 0) > 0 || (diff.leftTopQuartile?.length ?? 0) > 0) return false;
  const rates = [...Object.values(diff.catalog), diff.thresholds.q25, diff.thresholds.q75];
  return rates.every((c) => (c.delta ?? 0) === 0 && (c.previous === null) === (c.current === null));
}

// ---------------------------------------------------------------------------
// This week: videos and counters gained

function weekField(diff: SnapshotDiff): APIEmbedField {
  const lines: string[] = [];
  const count = diff.videoCount;
  const catalogSize =
    count.previous !== null && count.current !== null
      ? ` (catalog ${formatInteger(count.previous)} → ${formatInteger(count.current)})`
      : '';
  if (diff.videosAdded !== null) {
    lines.push(
      `**${formatInteger(diff.videosAdded.length)}** new ${diff.videosAdded.length === 1 ? 'video' : 'videos'}${catalogSize}`,
    );
  } else if (count.delta !== null) {
    lines.push(`**${signedInteger(count.delta)}** videos net${catalogSize}`);
  }
  const g = diff.gained;
  lines.push(
    `Plays **${signedCompact(g.plays)}** · Likes **${signedCompact(g.likes)}** · ` +
      `Comments **${signedCompact(g.comments)}** · Shares **${signedCompact(g.shares)}**`,
  );
  if (g.basis === 'per-video') {
    lines.push('*Gained per video: growth of the videos in both snapshots, plus everything on new videos.*');
    const removed = diff.videosRemoved?.length ?? 0;
    if (removed > 0) {
      lines.push(
        `*${plural(removed, 'video')} from last time ${removed === 1 ? 'is' : 'are'} no longer in the fetched catalog ` +
          '(deleted, or past the fetch limit) and left out of these gains.*',
      );
    }
  } else {
    lines.push('*From the catalog totals: videos that left the catalog count here too.*');
  }
  return { name: '📈 This week', value: lines.join('\n') };
}

function signedCompact(value: number): string {
  return value > 0 ? `+${formatCompact(value)}` : formatCompact(value);
}

function signedInteger(value: number): string {
  return value > 0 ? `+${formatInteger(value)}` : formatInteger(value);
}

// ---------------------------------------------------------------------------
// Rates: whole catalog and per tier

const RATE_HEADER = ['', 'Before', 'Now', 'Change'];
const RATE_ALIGN = ['left', 'right', 'right', 'right'] as const;

/** Row labels of the rate tables (tests parse these back). */
export const CATALOG_RATE_ROWS = {
  meanEngagementRate: 'Engagement',
  medianEngagementRate: 'Median eng.',
  shareRate: 'Share rate',
  commentRate: 'Comment rate',
  q75: 'Top-25% cut',
} as const;

export const TIER_RATE_ROWS = {
  avgEngagementRate: 'Engagement',
  avgShareRate: 'Share rate',
  avgCommentRate: 'Comment rate',
} as const;

export const TIER_HEADINGS = { top: 'Top 25%', bottom: 'Bottom 25%' } as const;

function rateRow(label: string, change: Change): string[] {
  const pct = (value: number | null) => formatPercent(value ?? Number.NaN);
  // The change of the shown (rounded) values, so the row agrees with its own Before and Now columns.
  const delta =
    change.previous !== null && change.current !== null
      ? formatShownDeltaPoints(change.previous, change.current, 2)
      : formatDeltaPoints(change.delta ?? Number.NaN, 2);
  return [label, pct(change.previous), pct(change.current), delta];
}

function catalogRatesField(diff: SnapshotDiff): APIEmbedField {
  const c = diff.catalog;
  const rows = [
    RATE_HEADER,
    rateRow(CATALOG_RATE_ROWS.meanEngagementRate, c.meanEngagementRate),
    rateRow(CATALOG_RATE_ROWS.medianEngagementRate, c.medianEngagementRate),
    rateRow(CATALOG_RATE_ROWS.shareRate, c.shareRate),
    rateRow(CATALOG_RATE_ROWS.commentRate, c.commentRate),
    rateRow(CATALOG_RATE_ROWS.q75, diff.thresholds.q75),
  ];
  const note =
    '*Averages over the videos with plays. Top-25% cut: the engagement a video needs to be in the top quarter.*';
  return { name: '📊 Whole catalog', value: `${codeBlock(renderTable(rows, { align: RATE_ALIGN }))}\n${note}` };
}

function tierRatesField(diff: SnapshotDiff): APIEmbedField {
  const name = '🥇 Top vs bottom quarter';
  const hasTiers = (t: TierChange) => t.avgEngagementRate.previous !== null || t.avgEngagementRate.current !== null;
  if (!hasTiers(diff.tiers.top) && !hasTiers(diff.tiers.bottom)) {
    return {
      name,
      value: 'Fewer than 4 videos with plays in either snapshot, so there are no quarters to compare yet.',
    };
  }
  const rows: string[][] = [];
  for (const tier of ['top', 'bottom'] as const) {
    const change = diff.tiers[tier];
    rows.push(tier === 'top' ? [TIER_HEADINGS.top, ...RATE_HEADER.slice(1)] : [TIER_HEADINGS.bottom]);
    for (const [key, label] of Object.entries(TIER_RATE_ROWS) as [keyof typeof TIER_RATE_ROWS, string][]) {
      rows.push(rateRow(`  ${label}`, change[key]));
    }
  }
  const lines = [codeBlock(renderTable(rows, { align: RATE_ALIGN }))];
  const { previous, current } = diff.tiers.top.count;
  if (previous === null || current === null)
    lines.push('*One snapshot had too few videos for quarters: its column reads n/a.*');
  return { name, value: lines.join('\n') };
}

// ---------------------------------------------------------------------------
// Video lists: top-quartile moves and fastest growing

interface ListSection {
  name: string;
  render(username: string, captions: ReadonlyMap<string, string> | undefined, budget: number): string;
}

function videoListSections(diff: SnapshotDiff, unchanged: boolean): ListSection[] {
  const growing = diff.fastestGrowing;
  if (diff.enteredTopQuartile === null || diff.leftTopQuartile === null || growing === null || unchanged) return [];
  // When a list is capped, the strongest entries and the steepest falls are the ones worth seeing.
  const byRate = (sign: 1 | -1) => (a: { engagementRate: number | null }, b: { engagementRate: number | null }) =>
    sign * ((b.engagementRate ?? -1) - (a.engagementRate ?? -1));
  const entered = [...diff.enteredTopQuartile].sort(byRate(1));
  const left = [...diff.leftTopQuartile].sort(byRate(-1));
  const sections: ListSection[] = [];
  if (entered.length === 0 && left.length === 0) {
    sections.push({ name: '🔁 Top quartile', render: () => 'No video entered or left the top quartile this time.' });
  } else {
    sections.push({
      name: `⬆️ Entered the top quartile (${formatInteger(entered.length)})`,
      render: (username, captions, budget) =>
        entered.length === 0
          ? 'None this time.'
          : cappedList(
              entered.map(
                (v) =>
                  `• ${videoLink(username, v.id, captions)} · ${rateText(v.engagementRate)} · ${enteredFrom(v.previousTier)}`,
              ),
              budget,
            ),
    });
    sections.push({
      name: `⬇️ Left the top quartile (${formatInteger(left.length)})`,
      render: (username, captions, budget) =>
        left.length === 0
          ? 'None this time.'
          : cappedList(
              left.map(
                (v) =>
                  `• ${videoLink(username, v.id, captions)} · ${rateText(v.engagementRate)} · ${leftTo(v.currentTier)}`,
              ),
              budget,
            ),
    });
  }
  sections.push({
    name: '🚀 Fastest-growing videos (plays gained)',
    render: (username, captions, budget) =>
      growing.length === 0
        ? 'No video gained plays this time.'
        : cappedList(
            growing.map(
              (v, i) =>
                `${i + 1}. ${videoLink(username, v.id, captions)} · **+${formatCompact(v.playsGained)}** plays ` +
                `(${formatCompact(v.plays)} in all)${v.isNew ? ' · new' : ''}`,
            ),
            budget,
          ),
  });
  return sections;
}

function videoLink(username: string, id: string, captions: ReadonlyMap<string, string> | undefined): string {
  const caption = formatCaption(captions?.get(id) ?? '', CAPTION_IN_LINK);
  return maskedLink(caption.length > 0 ? caption : `video ${id}`, tiktokVideoUrl(username, id));
}

function rateText(rate: number | null): string {
  return rate === null ? 'no plays' : `${formatPercent(rate)} engagement`;
}

function enteredFrom(previousTier: Tier | null): string {
  switch (previousTier) {
    case null:
      return 'new';
    case 'bottom':
      return 'up from the bottom 25%';
    case 'middle':
      return 'up from the middle';
    case 'unranked':
      return 'had no plays before';
    case 'top':
      return 'top';
  }
}

function leftTo(currentTier: Tier): string {
  switch (currentTier) {
    case 'middle':
      return 'now in the middle';
    case 'bottom':
      return 'now in the bottom 25%';
    case 'unranked':
      return 'now without plays';
    case 'top':
      return 'top';
  }
}

/**
 * As many whole lines as fit in `budget` characters (at most VIDEOS_LISTED),
 * then "…and N more" for the rest: a list is shortened by entries, never cut
 * inside a link.
 */
function cappedList(lines: readonly string[], budget: number): string {
  const more = (n: number) => `…and ${formatInteger(n)} more`;
  let kept = 0;
  let length = 0;
  for (const line of lines.slice(0, VIDEOS_LISTED)) {
    const rest = lines.length - (kept + 1);
    const next = length + (kept > 0 ? 1 : 0) + line.length;
    if (next + (rest > 0 ? 1 + more(rest).length : 0) > budget) break;
    length = next;
    kept++;
  }
  const shown = lines.slice(0, kept);
  if (kept < lines.length) shown.push(more(lines.length - kept));
  return shown.join('\n');
}
