import type { Analysis, GroupStats, TierStats } from '../analysis/types.js';
import {
  formatCompact,
  formatDeltaPercent,
  formatDuration,
  formatInteger,
  formatPercent,
  formatRatio,
} from './format.js';

/**
 * Which of the groups the analysis computed are worth showing, and in what
 * order. This only ranks numbers the Analysis already holds (it computes no
 * statistics), so the embed and the terminal pick the same groups.
 */

/** Used when an Analysis does not say how many videos make a group worth reading. */
const DEFAULT_MIN_GROUP_VIDEOS = 3;

/** The smallest group a report shows: the analysis' own hashtag rule, applied to every breakdown. */
export function minGroupVideos(analysis: Analysis): number {
  const fromAnalysis = analysis.hashtags.minVideos;
  return Number.isFinite(fromAnalysis) && fromAnalysis > 0 ? fromAnalysis : DEFAULT_MIN_GROUP_VIDEOS;
}

/**
 * How far a group leans to the top tier: (videos in top - videos in bottom) /
 * videos in the group, from -1 (all bottom) to +1 (all top).
 */
function tierLean(group: GroupStats): number {
  return group.count > 0 ? (group.topCount - group.bottomCount) / group.count : 0;
}

/**
 * A group counts as leaning one way only when both hold:
 * - the difference is at least this share of its videos (38 top vs 37 bottom
 *   out of 150 separates nothing), and
 * - it is unlikely to be luck: |top - bottom| / sqrt(n) >= MIN_EVIDENCE. With
 *   about a quarter of videos in each tier, top - bottom has a standard
 *   deviation near sqrt(n / 2) by chance alone, so 1 is about 1.4 of them:
 *   3 of 9 in the top and 2 in the bottom does not count; 13 vs 2 of 21 does.
 */
const MIN_TIER_LEAN = 0.1;
const MIN_EVIDENCE = 1;

function evidence(group: GroupStats): number {
  return group.count > 0 ? Math.abs(group.topCount - group.bottomCount) / Math.sqrt(group.count) : 0;
}

/** Which tier a group leans to, or null when it does not clearly lean (or has fewer than minVideos videos). */
export function leanOf(group: GroupStats, minVideos: number): 'top' | 'bottom' | null {
  if (group.count < minVideos || evidence(group) < MIN_EVIDENCE) return null;
  const lean = tierLean(group);
  if (lean >= MIN_TIER_LEAN) return 'top';
  if (lean <= -MIN_TIER_LEAN) return 'bottom';
  return null;
}

export interface SeparatingGroups {
  /** Groups found more often in the top tier than in the bottom, strongest first. */
  leansTop: GroupStats[];
  /** Groups found more often in the bottom tier, strongest first. */
  leansBottom: GroupStats[];
  /** Groups large enough to be read at all. */
  eligible: number;
}

/**
 * The groups that separate top from bottom (see leanOf), strongest evidence
 * first, so 22 of 40 in the top outranks 3 of 3, which happens by luck far
 * more often.
 */
export function separatingGroups(
  groups: readonly GroupStats[],
  options: { minVideos: number; limit: number },
): SeparatingGroups {
  const eligible = groups.filter((group) => group.count >= options.minVideos);
  const byStrength = (a: GroupStats, b: GroupStats) =>
    evidence(b) - evidence(a) || b.count - a.count || b.avgEngagementRate - a.avgEngagementRate;
  return {
    leansTop: eligible
      .filter((g) => leanOf(g, options.minVideos) === 'top')
      .sort(byStrength)
      .slice(0, options.limit),
    leansBottom: eligible
      .filter((g) => leanOf(g, options.minVideos) === 'bottom')
      .sort(byStrength)
      .slice(0, options.limit),
    eligible: eligible.length,
  };
}

/** A sweet spot's lift over the average video in words: '+28.0% vs the average video'. */
export function liftPhrase(lift: number): string {
  if (Math.abs(lift) < 0.0005) return 'the same as the average video';
  return `${formatDeltaPercent(lift)} vs the average video`;
}

const WEEKDAY_NAMES: Record<string, string> = {
  Mon: 'Monday',
  Tue: 'Tuesday',
  Wed: 'Wednesday',
  Thu: 'Thursday',
  Fri: 'Friday',
  Sat: 'Saturday',
  Sun: 'Sunday',
};

/** 'Tue' -> 'Tuesday' (unknown keys are shown as they are). */
export function weekdayLabel(key: string): string {
  return WEEKDAY_NAMES[key] ?? key;
}

/** '18' -> '18:00-19:00', the hour a video was posted in. */
export function hourLabel(key: string): string {
  const hour = Number(key);
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) return key;
  const pad = (h: number) => `${String(h).padStart(2, '0')}:00`;
  return `${pad(hour)}-${pad((hour + 1) % 24)}`;
}

/** A sound group key ('original', 'other', ...) as words. */
export function soundLabel(key: string): string {
  const lower = key.toLowerCase();
  if (lower.includes('original')) return 'Original sound';
  if (lower.includes('other')) return 'Other sounds';
  if (lower.includes('unknown') || lower === 'none') return 'Sound unknown';
  return key.length > 0 ? key[0]?.toUpperCase() + key.slice(1) : key;
}

/** Rows of the top-vs-bottom table every report shows, in order (tests parse these labels back). */
export const TIER_ROWS: readonly {
  label: string;
  format: (tier: TierStats) => string;
  value: (tier: TierStats) => number;
}[] = [
  { label: 'Videos', format: (t) => formatInteger(t.count), value: (t) => t.count },
  { label: 'Avg length', format: (t) => formatDuration(t.avgDuration), value: (t) => t.avgDuration },
  { label: 'Engagement', format: (t) => formatPercent(t.avgEngagementRate), value: (t) => t.avgEngagementRate },
  { label: 'Like rate', format: (t) => formatPercent(t.avgLikeRate), value: (t) => t.avgLikeRate },
  { label: 'Comment rate', format: (t) => formatPercent(t.avgCommentRate), value: (t) => t.avgCommentRate },
  { label: 'Share rate', format: (t) => formatPercent(t.avgShareRate), value: (t) => t.avgShareRate },
  { label: 'Avg plays', format: (t) => formatCompact(t.avgPlays), value: (t) => t.avgPlays },
];

/**
 * The top-vs-bottom table as cells, heading row first: one row per TIER_ROWS
 * entry with top, bottom and top ÷ bottom (no ratio for the video counts,
 * which are equal by construction). `ratioHeading` names the last column.
 */
export function tierTableRows(top: TierStats, bottom: TierStats, ratioHeading: string): string[][] {
  return [
    ['', 'Top 25%', 'Bottom 25%', ratioHeading],
    ...TIER_ROWS.map((row) => [
      row.label,
      row.format(top),
      row.format(bottom),
      row.label === 'Videos' ? '' : formatRatio(row.value(top), row.value(bottom)),
    ]),
  ];
}
