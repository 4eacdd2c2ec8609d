import { leanOf, separatingGroups } from '../analysis/findings.js';
import type { Analysis, Breakdown, FindingDimension, GroupStats, RankCorrelation } from '../analysis/types.js';
import { skippedPlace, type Catalog } from '../tiktok/catalog.js';
import {
  bareHandle,
  formatCompact,
  formatCorrelation,
  formatDuration,
  formatInteger,
  formatPercent,
  formatUtcDateTime,
  oneLine,
  plural,
  tiktokVideoUrl,
} from './format.js';
import { hourLabel, liftPhrase, minGroupVideos, soundLabel, tierTableRows, weekdayLabel } from './highlights.js';
import { catalogNotes, handleForVideo, incompleteLabel } from './catalog-notes.js';
import { describeSource } from './source.js';
import { HOW_TO_READ, summaryBlock, youngVideosLine } from './summary.js';
import { bar, displayWidth, fitWidth, renderTable, wrapText } from './text-table.js';

/**
 * The analysis as plain-text tables for the CLI. Reads the Analysis only;
 * colour (ANSI) only when asked for, so piping to a file gives clean text.
 */

export interface TerminalOptions {
  /** ANSI colours and bold headings; off by default. */
  color?: boolean;
  /** Line width to fit (captions and bars shrink to it); 80 by default. */
  width?: number;
  /** "Now", for the age of cached data; defaults to the current time. */
  now?: Date;
}

const HASHTAGS_SHOWN_PER_SIDE = 8;
const SKIPPED_SHOWN = 5;

export function renderAnalysisText(catalog: Catalog, analysis: Analysis, options: TerminalOptions = {}): string {
  const style = styler(options.color ?? false);
  const width = Math.max(50, options.width ?? 80);
  const minVideos = minGroupVideos(analysis);
  const sections = [
    header(catalog, analysis, options.now ?? new Date(), width, style),
    analysis.notice !== null ? wrapText(`! ${analysis.notice}`, width, '  ').map(style.warn).join('\n') : null,
    summarySection(analysis, width, style),
    tiersSection(analysis, width, style),
    durationSection(analysis, width, minVideos, style),
    topPerformersSection(catalog, analysis, width, style),
    hashtagSection(analysis, width, style),
    postingTimeSection(analysis, width, style),
    soundSection(analysis, width, style),
    correlationSection(analysis, width, style),
    wrapText(HOW_TO_READ, width).map(style.dim).join('\n'),
  ];
  return `${sections.filter((s): s is string => s !== null).join('\n\n')}\n`;
}

// ---------------------------------------------------------------------------
// Sections

function header(catalog: Catalog, analysis: Analysis, now: Date, width: number, style: Style): string {
  const username = bareHandle(catalog.account.username);
  const followers =
    catalog.account.followers !== null ? ` · ${formatCompact(catalog.account.followers)} followers` : '';
  const described = describeSource(catalog.source, { now });
  const source = (catalog.source.kind === 'scavio' ? ['Scavio API', ...described] : described).join(' · ');
  const incomplete = incompleteLabel(catalog);
  const videos = [
    `${formatInteger(analysis.videoCount)} in catalog`,
    ...(incomplete !== null ? [incomplete] : []),
    `${formatInteger(analysis.analyzedCount)} analysed (plays > 0)`,
    `${plural(catalog.intake?.skippedCount ?? catalog.skipped.length, 'record')} skipped`,
  ].join(' · ');
  const rows: [string, string][] = [
    ['Source', source],
    ['Data from', formatUtcDateTime(catalog.source.fetchedAt)],
    ['Videos', videos],
  ];
  const labelWidth = Math.max(...rows.map(([label]) => label.length)) + 2;
  const lines = [style.heading(`TikTok retention analysis: @${username}`) + followers];
  for (const [label, value] of rows) {
    const wrapped = wrapText(value, width - labelWidth);
    lines.push(...wrapped.map((line, i) => (i === 0 ? label.padEnd(labelWidth) : ' '.repeat(labelWidth)) + line));
  }
  for (const note of catalogNotes(catalog)) lines.push(...wrapText(`! ${note}`, width, '  ').map(style.warn));
  for (const record of catalog.skipped.slice(0, SKIPPED_SHOWN)) {
    lines.push(
      ...wrapText(`  skipped ${skippedPlace(record)}: ${oneLine(record.reason)}`, width, '    ').map(style.dim),
    );
  }
  const skippedTotal = catalog.intake?.skippedCount ?? catalog.skipped.length;
  if (skippedTotal > SKIPPED_SHOWN) lines.push(style.dim(`  … and ${skippedTotal - SKIPPED_SHOWN} more`));
  return lines.join('\n');
}

function summarySection(analysis: Analysis, width: number, style: Style): string | null {
  const block = summaryBlock(analysis, { minAgeOption: '--min-age-days' });
  if (block === null) return null;
  const [title = '', ...bullets] = block.split('\n');
  return [style.heading(title), ...bullets.flatMap((line) => wrapText(`  ${line}`, width, '    '))].join('\n');
}

function tiersSection(analysis: Analysis, width: number, style: Style): string | null {
  const lines: string[] = [];
  if (analysis.thresholds !== null && analysis.tiers !== null) {
    const { top, bottom } = analysis.tiers;
    lines.push(
      heading(
        'Top vs bottom quartile',
        `(engagement ≥ ${formatPercent(analysis.thresholds.q75)} vs ≤ ${formatPercent(analysis.thresholds.q25)})`,
        width,
        style,
      ),
    );
    const rows = tierTableRows(top, bottom, 'Top ÷ bottom');
    lines.push(...renderTable(rows, { align: ['left', 'right', 'right', 'right'], gap: 3, indent: '  ' }));
    const young = youngVideosLine(analysis);
    if (young !== null) lines.push(...wrapText(`  ${young}`, width, '    '));
  }
  const overall = analysis.overall;
  if (overall !== null) {
    lines.push(
      ...wrapText(
        `Average video: ${formatPercent(overall.meanEngagementRate)} engagement (median ${formatPercent(overall.medianEngagementRate)}), ` +
          `${formatCompact(overall.totalPlays)} plays in all`,
        width,
        '  ',
      ),
    );
  }
  return lines.length > 0 ? lines.join('\n') : null;
}

function durationSection(analysis: Analysis, width: number, minVideos: number, style: Style): string | null {
  const buckets = analysis.durationBuckets;
  if (buckets.length === 0) return null;
  const spot = analysis.durationSweetSpot;
  const best = Math.max(...buckets.map((b) => b.avgEngagementRate));
  const cells = [
    ['', '', 'Avg', 'Median'],
    ...buckets.map((b) => [
      b.label,
      `n=${b.count}`,
      formatPercent(b.avgEngagementRate),
      formatPercent(b.medianEngagementRate),
    ]),
  ];
  const [head = '', ...prefix] = renderTable(cells, {
    align: ['left', 'right', 'right', 'right'],
    gap: 2,
    indent: '  ',
  });
  const prefixWidth = Math.max(...prefix.map(displayWidth));
  const marker = spot?.significant === true ? '  ← sweet spot' : '  ← best';
  const barWidth = Math.max(8, width - prefixWidth - 2 - marker.length);
  const lines = [style.heading('Engagement by video length'), style.dim(head)];
  buckets.forEach((bucket, i) => {
    const line = (prefix[i] ?? '').padEnd(prefixWidth);
    const isSpot = spot !== null && bucket.label === spot.label;
    const drawn = bar(best > 0 ? bucket.avgEngagementRate / best : 0, barWidth);
    lines.push(`${line}  ${isSpot && spot.significant ? style.good(drawn) : drawn}${isSpot ? marker : ''}`);
  });
  if (spot !== null) {
    const caution = spot.count < minVideos ? ' Few videos: treat it as a hint.' : '';
    const what = spot.significant
      ? `Sweet spot: ${spot.label} (${plural(spot.count, 'video')}), better than the other lengths beyond chance`
      : `Best bucket: ${spot.label} (${plural(spot.count, 'video')}), not clearly better than the rest`;
    lines.push(
      ...wrapText(
        `${what}: ${formatPercent(spot.avgEngagementRate)} avg engagement, ${liftPhrase(spot.liftOverMean)}.${caution}`,
        width,
        '  ',
      ),
    );
  }
  return lines.join('\n');
}

function topPerformersSection(catalog: Catalog, analysis: Analysis, width: number, style: Style): string | null {
  const performers = analysis.topPerformers;
  if (performers.length === 0) return null;
  const head = ['#', 'Engagement', 'Plays', 'Length', 'Caption'];
  const rows = performers.map((v, i) => [
    String(i + 1),
    formatPercent(v.engagementRate),
    formatCompact(v.plays),
    formatDuration(v.durationSec),
    '',
  ]);
  const numbers = renderTable([head, ...rows], {
    align: ['right', 'right', 'right', 'right', 'left'],
    gap: 2,
    indent: '  ',
  });
  const captionColumn = Math.max(...numbers.slice(1).map(displayWidth)) + 2;
  const captionWidth = Math.max(10, width - captionColumn);
  const lines = [style.heading(`Top ${performers.length} by engagement`), numbers[0] ?? ''];
  performers.forEach((video, i) => {
    const caption = fitWidth(oneLine(video.caption), captionWidth) || style.dim('(no caption)');
    lines.push(`${(numbers[i + 1] ?? '').padEnd(captionColumn)}${caption}`);
    lines.push(style.dim(`${' '.repeat(captionColumn)}${tiktokVideoUrl(handleForVideo(catalog, video.id), video.id)}`));
  });
  return lines.join('\n');
}

function hashtagSection(analysis: Analysis, width: number, style: Style): string {
  const tags = analysis.hashtags;
  const minVideos = minGroupVideos(analysis);
  const title = heading(
    'Hashtags',
    `(each used by ≥ ${minVideos} videos · ${plural(tags.basedOn, 'video')} with hashtags)`,
    width,
    style,
  );
  if (tags.groups.length === 0) return `${title}\n  No hashtag is used by ${minVideos} or more videos.`;
  const picked = separatingGroups(analysis.findings, 'hashtag', tags.groups, HASHTAGS_SHOWN_PER_SIDE);
  const shown = [...picked.leansTop, ...picked.leansBottom];
  const untested =
    picked.untested > 0
      ? ` ${plural(picked.untested, 'hashtag')} too few to test (each side needs ${analysis.findings.minSideVideos} videos).`
      : '';
  if (shown.length === 0) {
    const why =
      picked.tested === 0
        ? `No hashtag has the ${analysis.findings.minSideVideos} videos a test needs.`
        : `No hashtag differs from the rest beyond chance (${plural(picked.tested, 'hashtag')} tested).`;
    return [title, ...wrapText(`  ${why}${untested}`, width, '    ')].join('\n');
  }
  const lines = [title, breakdownTable(analysis, 'hashtag', shown, (g) => `#${g.key}`, style)];
  // Significant hashtags past the cap are counted apart: the rest of the tested ones found nothing.
  const hidden = picked.cut;
  const rest = picked.tested - shown.length - hidden;
  const cut = hidden > 0 ? `${plural(hidden, 'more hashtag')} beyond chance not shown` : '';
  const more =
    hidden > 0
      ? `${cut}${rest > 0 ? `, ${formatInteger(rest)} more tested without a clear difference` : ''} (see --json).`
      : rest > 0
        ? `${plural(rest, 'more hashtag')} tested, none beyond chance (see --json).`
        : '';
  const note = `${more}${untested}`;
  if (note.length > 0) lines.push(...wrapText(`  ${note.trim()}`, width, '    ').map(style.dim));
  return lines.join('\n');
}

function postingTimeSection(analysis: Analysis, width: number, style: Style): string {
  const time = analysis.postingTime;
  // Date-only post times count for the weekday, not for the hour (see catalogNotes).
  const withHour = time.byHour.basedOn;
  const hours = withHour < time.byWeekday.basedOn ? `, ${formatInteger(withHour)} with a time of day` : '';
  const title = heading(
    'Posting time',
    `(${time.timeZone} · ${plural(time.byWeekday.basedOn, 'video')} with a post time${hours})`,
    width,
    style,
  );
  if (time.byWeekday.basedOn === 0) return `${title}\n  No post times in this catalog.`;
  return [
    title,
    breakdownTable(analysis, 'weekday', time.byWeekday.groups, (g) => weekdayLabel(g.key), style, 'Day'),
    '',
    withHour === 0
      ? '  No post time has a time of day, so there is no breakdown by hour.'
      : breakdownTable(analysis, 'hour', time.byHour.groups, (g) => hourLabel(g.key), style, 'Hour'),
  ].join('\n');
}

function soundSection(analysis: Analysis, width: number, style: Style): string | null {
  const sound: Breakdown = analysis.sound;
  if (sound.groups.length === 0) return null;
  const title = heading('Sound', `(${plural(sound.basedOn, 'video')} with a known sound)`, width, style);
  return `${title}\n${breakdownTable(analysis, 'sound', sound.groups, (g) => soundLabel(g.key), style, 'Sound')}`;
}

function correlationSection(analysis: Analysis, width: number, style: Style): string {
  const c = analysis.correlations;
  const row = (label: string, r: RankCorrelation) => [label, formatCorrelation(r.rho), `n=${r.n}`, formatP(r.p)];
  const rows = [
    row('Engagement rate', c.engagementRate),
    row('Like rate', c.likeRate),
    row('Comment rate', c.commentRate),
    row('Share rate', c.shareRate),
  ];
  return [
    heading('Rank correlation with plays', '(Spearman ρ: +1 = rise together, 0 = unrelated)', width, style),
    ...renderTable(rows, { align: ['left', 'right', 'right', 'left'], gap: 2, indent: '  ' }),
  ].join('\n');
}

/** A p value for a table: 'p < 0.001', 'p = 0.042', '' when there is none. */
function formatP(p: number | null): string {
  if (p === null || !Number.isFinite(p)) return '';
  return p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`;
}

// ---------------------------------------------------------------------------
// Sections on their own, plain text (Discord's detail pages show them in code blocks).

export type SectionName = 'durations' | 'topPerformers' | 'postingTime' | 'sound';

/** One section of the terminal report as plain text, or null when the analysis has nothing for it. */
export function renderSectionText(
  catalog: Catalog,
  analysis: Analysis,
  section: SectionName,
  options: { width?: number } = {},
): string | null {
  const style = styler(false);
  const width = Math.max(40, options.width ?? 80);
  switch (section) {
    case 'durations':
      return durationSection(analysis, width, minGroupVideos(analysis), style);
    case 'topPerformers':
      return topPerformersSection(catalog, analysis, width, style);
    case 'postingTime':
      return postingTimeSection(analysis, width, style);
    case 'sound':
      return soundSection(analysis, width, style);
  }
}

/**
 * A breakdown table in plain text (every group given, with the test's verdict in the last column),
 * labels cut to `labelWidth` columns.
 */
export function breakdownTableText(
  analysis: Analysis,
  dimension: FindingDimension,
  groups: readonly GroupStats[],
  label: (g: GroupStats) => string,
  firstColumn: string,
  labelWidth = 32,
): string {
  return breakdownTable(analysis, dimension, groups, label, styler(false), firstColumn, labelWidth);
}

// ---------------------------------------------------------------------------

/** A section title with a dimmed note after it, or under it when both do not fit on one line. */
function heading(title: string, note: string, width: number, style: Style): string {
  if (displayWidth(`${title}  ${note}`) <= width) return `${style.heading(title)}${style.dim(`  ${note}`)}`;
  return [style.heading(title), ...wrapText(`  ${note}`, width, '  ').map(style.dim)].join('\n');
}

/**
 * A breakdown as a table: group, n, mean and median engagement, (with tiers)
 * how many of its videos are in the top and the bottom quarter, and what its
 * test found.
 */
function breakdownTable(
  analysis: Analysis,
  dimension: FindingDimension,
  groups: readonly GroupStats[],
  label: (g: GroupStats) => string,
  style: Style,
  firstColumn = 'Hashtag',
  labelWidth = 32,
): string {
  if (groups.length === 0) return '';
  const withTiers = analysis.tiers !== null;
  const head = [firstColumn, 'n', 'Mean', 'Median', ...(withTiers ? ['Top', 'Bottom'] : []), 'Leans'];
  const rows = groups.map((g) => [
    fitWidth(label(g), labelWidth),
    String(g.count),
    formatPercent(g.avgEngagementRate),
    formatPercent(g.medianEngagementRate),
    ...(withTiers ? [String(g.topCount), String(g.bottomCount)] : []),
    leanWord(analysis, dimension, g),
  ]);
  const align: ('left' | 'right')[] = head.map((_, i) => (i === 0 || i === head.length - 1 ? 'left' : 'right'));
  const lines = renderTable([head, ...rows], { align, gap: 2, indent: '  ' });
  return lines
    .map((line, i) => {
      if (i === 0) return style.dim(line);
      const group = groups[i - 1] as GroupStats;
      const lean = leanOf(analysis.findings, dimension, group.key);
      return lean === 'top'
        ? style.good(line)
        : lean === 'bottom'
          ? style.bad(line)
          : lean === 'untested'
            ? style.dim(line)
            : line;
    })
    .join('\n');
}

/** What a group's test found, in the table's last column. */
function leanWord(analysis: Analysis, dimension: FindingDimension, group: GroupStats): string {
  switch (leanOf(analysis.findings, dimension, group.key)) {
    case 'top':
      return '▲ top';
    case 'bottom':
      return '▼ bottom';
    case 'neither':
      return '-';
    case 'untested':
      return 'too few to test';
  }
}

interface Style {
  heading: (text: string) => string;
  dim: (text: string) => string;
  good: (text: string) => string;
  bad: (text: string) => string;
  warn: (text: string) => string;
}

function styler(color: boolean): Style {
  const wrap = (open: string, close: string) => (text: string) =>
    color ? `\u001b[${open}m${text}\u001b[${close}m` : text;
  return {
    heading: wrap('1', '22'),
    dim: wrap('2', '22'),
    good: wrap('32', '39'),
    bad: wrap('31', '39'),
    warn: wrap('33', '39'),
  };
}
