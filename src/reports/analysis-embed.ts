import type { APIEmbed, APIEmbedField } from 'discord.js';
import { leanOf, separatingGroups, type Lean } from '../analysis/findings.js';
import type { Analysis, GroupStats, TierStats } from '../analysis/types.js';
import type { Catalog } from '../tiktok/catalog.js';
import { fitEmbeds } from './discord-limits.js';
import { codeBlock, escapeMarkdown, inlineCode, maskedLink } from './discord-markdown.js';
import {
  bareHandle,
  formatCaption,
  formatDuration,
  localeFormat,
  tiktokProfileUrl,
  tiktokVideoUrl,
  truncateText,
  type LocaleFormat,
} from './format.js';
import { hourLabel, liftPhrase, minGroupVideos, soundLabel, tierTableRows, weekdayLabel } from './highlights.js';
import { renderTable } from './text-table.js';
import { catalogNotes, handleForVideo, incompleteLabel } from './catalog-notes.js';
import { describeSource } from './source.js';
import { HOW_TO_READ, summaryBlock, youngVideosLine } from './summary.js';

/**
 * The Discord report of one analysis: what separates a creator's top quarter of
 * videos from the bottom quarter, read straight from the Analysis (nothing is
 * recomputed), and always within Discord's limits (fitEmbeds).
 */

export interface AnalysisReportOptions {
  /** Name of the chart attached to the same message (e.g. 'chart.png'); shown as the embed image. */
  chartFileName?: string;
  /** Name of a second attached chart (e.g. 'tiers.png'), shown in an embed of its own below the report. */
  tierChartFileName?: string;
  /** The time "now" for ages (defaults to the current time). */
  now?: Date;
  /** How old the cached catalog is, when it came from cache (defaults to now - fetchedAt). */
  cacheAgeMs?: number;
  /** The reader's locale (Discord's interaction.locale) for numbers; default en-US. */
  locale?: string;
}

/** TikTok's brand red. */
export const REPORT_COLOR = 0xfe2c55;
/** Amber: a report that comes with a warning (too few videos, paused subscriptions). */
export const NOTICE_COLOR = 0xf0b232;

const TOP_PERFORMERS_SHOWN = 5;
const GROUPS_SHOWN_PER_SIDE = 3;

export function analysisReport(
  catalog: Catalog,
  analysis: Analysis,
  options: AnalysisReportOptions = {},
): { embeds: APIEmbed[] } {
  const username = bareHandle(catalog.account.username);
  const f = localeFormat(options.locale);
  const embed: APIEmbed = {
    title: `Retention report: @${username}`,
    url: tiktokProfileUrl(username),
    color: analysis.notice === null ? REPORT_COLOR : NOTICE_COLOR,
    description: [
      ...catalogNotes(catalog, f).map((note) => `⚠️ ${escapeMarkdown(note)}`),
      description(username, analysis, f),
    ]
      .filter((part) => part !== '')
      .join('\n'),
    fields: fields(catalog, analysis, f),
    footer: { text: footer(catalog, analysis, options, f) },
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

function description(username: string, analysis: Analysis, f: LocaleFormat): string {
  const parts: string[] = [];
  if (analysis.notice !== null) parts.push(`⚠️ **${escapeMarkdown(analysis.notice)}** Showing what there is.`);
  const summary = summaryBlock(analysis, { markdown: true, minAgeOption: '`min_age_days:`', locale: f.locale });
  if (summary !== null) parts.push(summary);
  if (analysis.thresholds !== null && analysis.tiers !== null) {
    parts.push(
      `How @${escapeMarkdown(username)}'s best quarter of videos differs from the weakest quarter ` +
        `(engagement ≥ ${f.percent(analysis.thresholds.q75)} vs ≤ ${f.percent(analysis.thresholds.q25)}, ` +
        `out of ${f.plural(analysis.analyzedCount, 'analysed video')}).`,
    );
    parts.push(tierTable(analysis.tiers.top, analysis.tiers.bottom, f));
    const young = youngVideosLine(analysis, f);
    if (young !== null) parts.push(`*${young}*`);
  } else if (analysis.analyzedCount === 0) {
    parts.push('No video has any plays yet, so there are no rates to compare.');
  }
  if (analysis.overall !== null) {
    parts.push(
      `Average video: **${f.percent(analysis.overall.meanEngagementRate)}** engagement ` +
        `(median ${f.percent(analysis.overall.medianEngagementRate)}), ` +
        `${f.compact(analysis.overall.totalPlays)} plays in all.`,
    );
  }
  return parts.join('\n');
}

function tierTable(top: TierStats, bottom: TierStats, f: LocaleFormat): string {
  return codeBlock(
    renderTable(tierTableRows(top, bottom, 'Ratio', f), { align: ['left', 'right', 'right', 'right'], gap: 2 }),
  );
}

function fields(catalog: Catalog, analysis: Analysis, f: LocaleFormat): APIEmbedField[] {
  const result: APIEmbedField[] = [];
  const minVideos = minGroupVideos(analysis);
  const duration = durationField(analysis, minVideos, f);
  if (duration !== null) result.push(duration);
  if (analysis.tiers !== null) {
    result.push(hashtagField(analysis, minVideos, f));
    result.push(postingTimeField(analysis, f));
  }
  const sound = soundField(analysis, f);
  if (sound !== null) result.push(sound);
  const top = topPerformersField(catalog, analysis, f);
  if (top !== null) result.push(top);
  return result;
}

function durationField(analysis: Analysis, minVideos: number, f: LocaleFormat): APIEmbedField | null {
  if (analysis.durationBuckets.length === 0) return null;
  const lines: string[] = [];
  const spot = analysis.durationSweetSpot;
  if (spot !== null) {
    const caution = spot.count < minVideos ? ' Few videos: treat it as a hint.' : '';
    const what = spot.significant
      ? `Sweet spot: **${escapeMarkdown(spot.label)}**, better than the other lengths beyond chance`
      : `Best bucket: **${escapeMarkdown(spot.label)}**, not clearly better than the rest`;
    lines.push(
      `${what}: ${f.percent(spot.avgEngagementRate)} avg engagement, ` +
        `${liftPhrase(spot.liftOverMean, f)} (${f.plural(spot.count, 'video')}).${caution}`,
    );
  }
  const rows = [
    ...analysis.durationBuckets.map((b) => [
      b.label,
      `n=${b.count}`,
      f.percent(b.avgEngagementRate),
      f.percent(b.medianEngagementRate),
      spot !== null && b.label === spot.label ? '◀' : '',
    ]),
  ];
  lines.push(codeBlock(renderTable(rows, { align: ['left', 'right', 'right', 'right', 'left'], gap: 2 })));
  lines.push('*Per length: videos, average and median engagement.*');
  return { name: '⏱️ Video length', value: lines.join('\n') };
}

function hashtagField(analysis: Analysis, minVideos: number, f: LocaleFormat): APIEmbedField {
  const picked = separatingGroups(analysis.findings, 'hashtag', analysis.hashtags.groups, GROUPS_SHOWN_PER_SIDE);
  const label = (g: GroupStats) => inlineCode(`#${truncateText(g.key, 32)}`);
  const lines = leanLines(picked.leansTop, picked.leansBottom, label, f);
  const name = `#️⃣ Hashtags, top vs bottom (each used by ≥ ${minVideos} videos)`;
  const untested =
    picked.untested > 0
      ? ` ${f.plural(picked.untested, 'hashtag')} too few to test (each side needs ${analysis.findings.minSideVideos} videos).`
      : '';
  if (lines.length === 0) {
    const why =
      picked.tested === 0
        ? analysis.hashtags.groups.length === 0
          ? `No hashtag is used by ${minVideos} or more videos.`
          : `No hashtag has the ${analysis.findings.minSideVideos} videos a test needs.`
        : `No hashtag differs from the rest beyond chance (${f.plural(picked.tested, 'hashtag')} tested).`;
    return { name, value: `${why}${untested}` };
  }
  const cut =
    picked.cut > 0
      ? `${f.plural(picked.cut, 'more hashtag')} beyond chance not shown (see the Hashtags detail page).`
      : '';
  const note = `${cut}${untested}`.trim();
  return { name, value: `${lines.join('\n')}${note.length > 0 ? `\n*${note}*` : ''}` };
}

function postingTimeField(analysis: Analysis, f: LocaleFormat): APIEmbedField {
  const time = analysis.postingTime;
  const days = separatingGroups(analysis.findings, 'weekday', time.byWeekday.groups, 2);
  const hours = separatingGroups(analysis.findings, 'hour', time.byHour.groups, 2);
  const lines = [
    ...leanLines(days.leansTop, days.leansBottom, (g) => `**${weekdayLabel(g.key)}**`, f),
    ...leanLines(hours.leansTop, hours.leansBottom, (g) => `**${hourLabel(g.key)}**`, f),
  ];
  const name = `🕒 Posting time (${time.timeZone})`;
  if (time.byWeekday.basedOn === 0) return { name, value: 'No post times in this catalog.' };
  const untested = days.untested + hours.untested;
  const hidden = days.cut + hours.cut;
  // Date-only post times count for the weekday, not for the hour (see catalogNotes).
  const hourBasis =
    time.byHour.basedOn < time.byWeekday.basedOn
      ? ` (${f.integer(time.byHour.basedOn)} with a time of day, for the hours)`
      : '';
  const basis =
    `Based on ${f.plural(time.byWeekday.basedOn, 'video')} with a post time${hourBasis}; ` +
    `${f.plural(days.tested + hours.tested, 'day or hour', 'days and hours')} tested` +
    (untested > 0 ? `, ${f.integer(untested)} too few to test` : '') +
    (hidden > 0 ? `; ${f.integer(hidden)} more beyond chance not shown (see the Posting time detail page).` : '.');
  if (lines.length === 0) return { name, value: `No day or hour differs from the rest beyond chance. ${basis}` };
  return { name, value: `${lines.join('\n')}\n*${basis}*` };
}

function soundField(analysis: Analysis, f: LocaleFormat): APIEmbedField | null {
  if (analysis.sound.groups.length === 0) return null;
  const hasTiers = analysis.tiers !== null;
  const lines = analysis.sound.groups.map((g) => {
    const tiers = hasTiers ? ` · ${g.topCount} in top, ${g.bottomCount} in bottom` : '';
    const verdict = verdictWord(leanOf(analysis.findings, 'sound', g.key));
    return (
      `**${escapeMarkdown(soundLabel(g.key))}**: ${f.percent(g.avgEngagementRate)} avg engagement · ` +
      `${f.percent(g.medianEngagementRate)} median${tiers} (n=${g.count})${verdict}`
    );
  });
  return { name: '🎵 Sound', value: lines.join('\n') };
}

/** ' · ▲ better beyond chance', ' · too few to test', or nothing when the test found no difference. */
function verdictWord(lean: Lean): string {
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

function topPerformersField(catalog: Catalog, analysis: Analysis, f: LocaleFormat): APIEmbedField | null {
  const performers = analysis.topPerformers.slice(0, TOP_PERFORMERS_SHOWN);
  if (performers.length === 0) return null;
  const lines = performers.map((video, i) => {
    const caption = formatCaption(video.caption, 48) || `video ${video.id}`;
    const link = maskedLink(caption, tiktokVideoUrl(handleForVideo(catalog, video.id), video.id));
    return (
      `${i + 1}. ${link}\n` +
      `   **${f.percent(video.engagementRate)}** engagement · ${f.compact(video.plays)} plays · ${formatDuration(video.durationSec)}`
    );
  });
  return { name: `🏆 Top ${performers.length} by engagement`, value: lines.join('\n') };
}

/** '▲ label: 6 in top, 1 in bottom of 14 · 10.20% avg · 9.80% median' lines, top-leaning first. */
function leanLines(
  leansTop: readonly GroupStats[],
  leansBottom: readonly GroupStats[],
  label: (g: GroupStats) => string,
  f: LocaleFormat,
): string[] {
  const line = (marker: string, g: GroupStats) =>
    `${marker} ${label(g)}: ${g.topCount} in top, ${g.bottomCount} in bottom of ${g.count} · ` +
    `${f.percent(g.avgEngagementRate)} avg · ${f.percent(g.medianEngagementRate)} median`;
  return [...leansTop.map((g) => line('▲', g)), ...leansBottom.map((g) => line('▼', g))];
}

function footer(catalog: Catalog, analysis: Analysis, options: AnalysisReportOptions, f: LocaleFormat): string {
  const now = options.now ?? new Date();
  const parts = [`${f.plural(analysis.videoCount, 'video')} (${f.integer(analysis.analyzedCount)} with plays)`];
  const incomplete = incompleteLabel(catalog, f);
  if (incomplete !== null) parts.push(incomplete);
  const skipped = catalog.intake?.skippedCount ?? catalog.skipped.length;
  if (skipped > 0) parts.push(`${f.plural(skipped, 'record')} skipped`);
  parts.push(...describeSource(catalog.source, { now, cacheAgeMs: options.cacheAgeMs, locale: f.locale }));
  // The embed timestamp shows the data time in each reader's own time zone.
  return `${parts.join(' · ')}\n${HOW_TO_READ}`;
}
