import type { APIEmbed } from 'discord.js';
import type { Analysis } from '../analysis/types.js';
import type { Catalog } from '../tiktok/catalog.js';
import { REPORT_COLOR } from './analysis-embed.js';
import { handleForVideo } from './catalog-notes.js';
import { DISCORD_LIMITS, fitEmbeds, truncateForDiscord } from './discord-limits.js';
import { codeBlock, escapeMarkdown, maskedLink } from './discord-markdown.js';
import {
  bareHandle,
  formatCaption,
  formatCompact,
  formatDuration,
  formatPercent,
  formatUtcDateTime,
  plural,
  tiktokVideoUrl,
} from './format.js';
import { minGroupVideos } from './highlights.js';
import { describeSource } from './source.js';
import { breakdownTableText, renderSectionText } from './terminal.js';

/**
 * The detail pages a report's select menu opens: one part of the analysis in
 * full (every hashtag group with its test's verdict, the weekday and hour
 * tables, sounds, lengths, the top videos with links). Text comes from the
 * terminal report's own sections (terminal.ts), read from the Analysis.
 */

export const DETAIL_PAGE_NAMES = ['hashtags', 'time', 'sound', 'durations', 'top'] as const;
export type DetailPageName = (typeof DETAIL_PAGE_NAMES)[number];

export function isDetailPageName(value: string): value is DetailPageName {
  return DETAIL_PAGE_NAMES.some((name) => name === value);
}

/** Menu labels, in menu order. */
export const DETAIL_PAGE_LABELS: Readonly<Record<DetailPageName, { label: string; description: string }>> = {
  hashtags: { label: 'Hashtags', description: 'Every hashtag used often enough, with its test' },
  time: { label: 'Posting time', description: 'Engagement by weekday and hour' },
  sound: { label: 'Sound', description: 'Original sounds vs other sounds' },
  durations: { label: 'Video length', description: 'Engagement by length bucket' },
  top: { label: 'Top videos', description: 'The best videos by engagement, with links' },
};

/** Code blocks in an embed wrap past about 60 columns on desktop. */
const PAGE_WIDTH = 60;
const HASHTAG_LABEL_WIDTH = 20;

export interface DetailPageOptions {
  now?: Date;
  cacheAgeMs?: number;
  /** A line shown above the page, e.g. that the data is newer than the report. */
  notice?: string;
}

export function detailPage(
  catalog: Catalog,
  analysis: Analysis,
  page: DetailPageName,
  options: DetailPageOptions = {},
): { embeds: APIEmbed[] } {
  const username = bareHandle(catalog.account.username);
  const body = pageBody(catalog, analysis, page);
  const description = [options.notice !== undefined ? `⚠️ ${options.notice}` : null, body]
    .filter((part): part is string => part !== null)
    .join('\n');
  const source = describeSource(catalog.source, { now: options.now ?? new Date(), cacheAgeMs: options.cacheAgeMs });
  const embed: APIEmbed = {
    title: `${DETAIL_PAGE_LABELS[page].label}: @${username}`,
    color: REPORT_COLOR,
    description: truncateForDiscord(description, DISCORD_LIMITS.description),
    footer: { text: [`Data from ${formatUtcDateTime(catalog.source.fetchedAt)}`, ...source].join(' · ') },
  };
  return { embeds: fitEmbeds([embed]) };
}

function pageBody(catalog: Catalog, analysis: Analysis, page: DetailPageName): string {
  switch (page) {
    case 'hashtags':
      return hashtagsBody(analysis);
    case 'time':
      return section(catalog, analysis, 'postingTime') ?? 'No post times in this catalog.';
    case 'sound':
      return section(catalog, analysis, 'sound') ?? 'No video in this catalog says which sound it uses.';
    case 'durations':
      return section(catalog, analysis, 'durations') ?? 'No video in this catalog has a known length.';
    case 'top':
      return topBody(catalog, analysis);
  }
}

function section(catalog: Catalog, analysis: Analysis, name: Parameters<typeof renderSectionText>[2]): string | null {
  const text = renderSectionText(catalog, analysis, name, { width: PAGE_WIDTH });
  return text === null ? null : codeBlock(text.split('\n'));
}

function hashtagsBody(analysis: Analysis): string {
  const tags = analysis.hashtags;
  const minVideos = minGroupVideos(analysis);
  const basis = `Hashtags used by ≥ ${minVideos} videos (${plural(tags.basedOn, 'video')} with hashtags), best average first.`;
  if (tags.groups.length === 0) return `No hashtag is used by ${minVideos} or more videos.`;
  const groups = [...tags.groups].sort((a, b) => b.avgEngagementRate - a.avgEngagementRate);
  const table = breakdownTableText(analysis, 'hashtag', groups, (g) => `#${g.key}`, 'Hashtag', HASHTAG_LABEL_WIDTH);
  return `${basis}\n${codeBlock(table.split('\n'))}\n*▲/▼: beyond chance; "-": tested, no difference.*`;
}

function topBody(catalog: Catalog, analysis: Analysis): string {
  if (analysis.topPerformers.length === 0) return 'No video has any plays yet.';
  return analysis.topPerformers
    .map((video, i) => {
      const caption = formatCaption(video.caption, 80) || `video ${video.id}`;
      const link = maskedLink(caption, tiktokVideoUrl(handleForVideo(catalog, video.id), video.id));
      return (
        `**${i + 1}.** ${link}\n` +
        `**${formatPercent(video.engagementRate)}** engagement · ${formatCompact(video.plays)} plays · ` +
        `${formatDuration(video.durationSec)}\n` +
        `${formatCompact(video.likes)} likes · ${formatCompact(video.comments)} comments ` +
        `(${formatPercent(video.commentRate)}) · ${formatCompact(video.shares)} shares (${formatPercent(video.shareRate)})`
      );
    })
    .join('\n')
    .concat(
      `\n*Top ${plural(analysis.topPerformers.length, 'video')} of ${escapeMarkdown(`@${bareHandle(catalog.account.username)}`)} by engagement.*`,
    );
}
