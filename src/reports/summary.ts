import { significantFindings } from '../analysis/findings.js';
import type { Analysis, GroupTest } from '../analysis/types.js';
import { escapeMarkdown } from './discord-markdown.js';
import { formatDuration, localeFormat, type LocaleFormat } from './format.js';
import { hourLabel, weekdayLabel } from './highlights.js';

/**
 * The plain-language summary every report opens with: the strongest findings
 * the Analysis calls significant, in words with their figures, or an honest
 * sentence that nothing passed. It decides nothing: which findings count and
 * in what order comes from analysis.findings.
 */

/** Findings put in words at most. */
export const SUMMARY_FINDINGS = 5;

export interface SummaryOptions {
  /** Discord markdown (text from TikTok escaped) instead of plain text. */
  markdown?: boolean;
  /** How the reader leaves young videos out here: '--min-age-days' (CLI) or 'min_age_days' (Discord). */
  minAgeOption?: string;
  /** The reader's locale for numbers (default en-US). */
  locale?: string;
}

/**
 * One line per finding (strongest first), then warnings about young videos.
 * Empty when no video has plays (the report says so elsewhere).
 */
export function summaryLines(analysis: Analysis, options: SummaryOptions = {}): string[] {
  if (analysis.analyzedCount === 0) return [];
  const text = options.markdown === true ? escapeMarkdown : (s: string) => s;
  const f = localeFormat(options.locale);
  const significant = significantFindings(analysis.findings);
  const groups = significant.filter((t) => t.dimension !== 'tiers');
  const tiers = significant.filter((t) => t.dimension === 'tiers');
  const lines: string[] = [];
  if (groups.length === 0) lines.push(nothingBeyondChance(analysis, f));
  const checked = analysis.findings.tests.length;
  for (const test of [...groups, ...tiers].slice(0, SUMMARY_FINDINGS)) {
    lines.push(findingSentence(test, checked, analysis.postingTime.timeZone, text, f));
  }
  lines.push(...ageLines(analysis, options.minAgeOption ?? '--min-age-days', f));
  return lines;
}

/** The summary as one block of text: a heading and one bullet per line. */
export function summaryBlock(analysis: Analysis, options: SummaryOptions = {}): string | null {
  const lines = summaryLines(analysis, options);
  if (lines.length === 0) return null;
  const heading = options.markdown === true ? '**In short**' : 'In short';
  return [heading, ...lines.map((line) => `• ${line}`)].join('\n');
}

function nothingBeyondChance(analysis: Analysis, f: LocaleFormat): string {
  const videos = f.plural(analysis.analyzedCount, 'video');
  const groupTests = analysis.findings.tests.filter((t) => t.dimension !== 'tiers').length;
  if (groupTests === 0)
    return (
      `With ${videos}, no hashtag, posting time, sound or length has the ${analysis.findings.minSideVideos} videos ` +
      'on each side a test needs, so nothing can be told apart from chance yet. More videos would tell.'
    );
  return (
    `With ${videos}, no hashtag, posting time, sound or length separates your best videos from the rest ` +
    'beyond chance. More videos, or a longer history, would tell.'
  );
}

/**
 * "less than 1 time in 1,000": 1 / the given probability, in words. The
 * summary passes a finding's Benjamini-Hochberg q (significance is decided by
 * it), never its uncorrected p.
 */
export function chancePhrase(p: number, f: LocaleFormat = localeFormat()): string {
  if (p < 1e-6) return 'less than 1 time in a million';
  if (p < 1e-3) return `less than 1 time in ${f.integer(1000)}`;
  return `about 1 time in ${f.integer(Math.max(1, Math.round(1 / p)))}`;
}

function findingSentence(
  test: GroupTest,
  checked: number,
  timeZone: string,
  text: (s: string) => string,
  f: LocaleFormat,
): string {
  const counts = `${f.integer(test.n)} vs ${f.integer(test.nRest)} videos`;
  // q, not p: the chance of a fluke among every test of the family, the figure significance is decided by.
  const family = checked === 1 ? 'with this one group checked' : `counting all ${f.integer(checked)} groups checked`;
  const chance = `${family}, a difference this large would be a fluke ${chancePhrase(test.q, f)}`;
  if (test.dimension === 'tiers') {
    const figure =
      test.key === 'plays'
        ? `a median of ${f.compact(test.medianGroup)} plays vs ${f.compact(test.medianRest)}`
        : `a median length of ${formatDuration(test.medianGroup)} vs ${formatDuration(test.medianRest)}`;
    return `Your top-quarter videos (by engagement) have ${figure} for the bottom quarter (${counts}; ${chance}).`;
  }
  return (
    `${subject(test, timeZone, text)}: ${f.percent(test.medianGroup)} median engagement vs ` +
    `${f.percent(test.medianRest)} for the rest (${counts}; ${chance}).`
  );
}

function subject(test: GroupTest, timeZone: string, text: (s: string) => string): string {
  switch (test.dimension) {
    case 'hashtag':
      return `Videos tagged #${text(test.key)}`;
    case 'weekday':
      return `Videos posted on ${weekdayLabel(test.key)}`;
    case 'hour':
      return `Videos posted ${hourLabel(test.key)} (${text(timeZone)})`;
    case 'sound':
      return test.key === 'original' ? 'Videos with an original sound' : `Videos with ${text(test.key)} sounds`;
    case 'duration':
      return `Videos ${test.key} long`;
    case 'tiers':
      return 'Top-quarter videos';
  }
}

/** Young videos crowding a tier, and videos left out for being young. */
function ageLines(analysis: Analysis, minAgeOption: string, f: LocaleFormat): string[] {
  const age = analysis.videoAge;
  const lines: string[] = [];
  if (age.excluded > 0) {
    lines.push(
      `${f.plural(age.excluded, 'video')} younger than ${f.plural(age.minAgeDays, 'day')} ` +
        `${age.excluded === 1 ? 'was' : 'were'} left out of this analysis.`,
    );
  }
  if (age.young !== null && analysis.tiers !== null) {
    for (const tier of age.crowdedTiers) {
      const young = age.young[tier];
      const count = analysis.tiers[tier].count;
      lines.push(
        `${f.integer(young)} of the ${f.integer(count)} ${tier}-quarter videos are younger than ` +
          `${age.youngDays} days: a new video's engagement is usually higher while it gathers plays. ` +
          `${minAgeOption} ${age.youngDays} leaves them out.`,
      );
    }
  }
  return lines;
}

/** 'Younger than 7 days when fetched: 3 of 80 top-quarter videos, 1 of 80 bottom-quarter.' (null without ages or tiers) */
export function youngVideosLine(analysis: Analysis, f: LocaleFormat = localeFormat()): string | null {
  const { young, youngDays } = analysis.videoAge;
  if (young === null || analysis.tiers === null) return null;
  const { top, bottom } = analysis.tiers;
  return (
    `Younger than ${youngDays} days when fetched: ${f.integer(young.top)} of ${f.integer(top.count)} ` +
    `top-quarter videos, ${f.integer(young.bottom)} of ${f.integer(bottom.count)} bottom-quarter.`
  );
}

/** What the figures are and what "beyond chance" means: in --help, the terminal report and the Discord footer. */
export const HOW_TO_READ =
  'How to read this: engagement, like, comment and share rates are proxies built from public counters ' +
  '(per play); they are not watch-time retention, which the API does not expose second by second. ' +
  '"Beyond chance" means a rank test of a group against the rest, corrected for how many groups were ' +
  'checked (5% false discoveries), finds a difference that large unlikely to be luck.';
