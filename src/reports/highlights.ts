import type { Analysis, TierStats } from '../analysis/types.js';
import { formatDuration, localeFormat, type LocaleFormat } from './format.js';

/**
 * Labels and table rows every report shares. Which groups lean to the top or
 * the bottom is the Analysis' word (src/analysis/findings.ts: leanOf,
 * separatingGroups); nothing here weighs evidence.
 */

/** Used when an Analysis does not say how many videos make a group worth reading. */
const DEFAULT_MIN_GROUP_VIDEOS = 3;

/** The smallest group a report shows: the analysis' own hashtag rule, applied to every breakdown. */
export function minGroupVideos(analysis: Analysis): number {
  const fromAnalysis = analysis.hashtags.minVideos;
  return Number.isFinite(fromAnalysis) && fromAnalysis > 0 ? fromAnalysis : DEFAULT_MIN_GROUP_VIDEOS;
}

/** A sweet spot's lift over the average video in words: '+28.0% vs the average video'. */
export function liftPhrase(lift: number, f: LocaleFormat = localeFormat()): string {
  if (Math.abs(lift) < 0.0005) return 'the same as the average video';
  return `${f.deltaPercent(lift)} vs the average video`;
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
  format: (tier: TierStats, f: LocaleFormat) => string;
  value: (tier: TierStats) => number;
}[] = [
  { label: 'Videos', format: (t, f) => f.integer(t.count), value: (t) => t.count },
  { label: 'Avg length', format: (t) => formatDuration(t.avgDuration), value: (t) => t.avgDuration },
  { label: 'Engagement', format: (t, f) => f.percent(t.avgEngagementRate), value: (t) => t.avgEngagementRate },
  { label: 'Like rate', format: (t, f) => f.percent(t.avgLikeRate), value: (t) => t.avgLikeRate },
  { label: 'Comment rate', format: (t, f) => f.percent(t.avgCommentRate), value: (t) => t.avgCommentRate },
  { label: 'Share rate', format: (t, f) => f.percent(t.avgShareRate), value: (t) => t.avgShareRate },
  { label: 'Avg plays', format: (t, f) => f.compact(t.avgPlays), value: (t) => t.avgPlays },
];

/**
 * The top-vs-bottom table as cells, heading row first: one row per TIER_ROWS
 * entry with top, bottom and top ÷ bottom (no ratio for the video counts,
 * which are equal by construction). `ratioHeading` names the last column.
 */
export function tierTableRows(
  top: TierStats,
  bottom: TierStats,
  ratioHeading: string,
  f: LocaleFormat = localeFormat(),
): string[][] {
  return [
    ['', 'Top 25%', 'Bottom 25%', ratioHeading],
    ...TIER_ROWS.map((row) => [
      row.label,
      row.format(top, f),
      row.format(bottom, f),
      row.label === 'Videos' ? '' : f.ratio(row.value(top), row.value(bottom)),
    ]),
  ];
}
