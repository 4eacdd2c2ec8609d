import type { Analysis, Breakdown, GroupStats, RankCorrelation } from '../analysis/types.js';
import type { Catalog } from '../tiktok/catalog.js';
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
import {
  hourLabel,
  leanOf,
  liftPhrase,
  minGroupVideos,
  separatingGroups,
  soundLabel,
  tierTableRows,
  weekdayLabel,
} from './highlights.js';
import { catalogNotes, handleForVideo, incompleteLabel } from './catalog-notes.js';
import { describeSource } from './source.js';
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
    tiersSection(analysis, width, style),
    durationSection(analysis, width, minVideos, style),
    topPerformersSection(catalog, analysis, width, style),
    hashtagSection(analysis, width, minVideos, style),
    postingTimeSection(analysis, width, minVideos, style),
    soundSection(analysis, width, minVideos, style),
    correlationSection(analysis, width, style),
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
      ...wrapText(`  skipped record ${record.position}: ${oneLine(record.reason)}`, width, '    ').map(style.dim),
    );
  }
  const skippedTotal = catalog.intake?.skippedCount ?? catalog.skipped.length;
  if (skippedTotal > SKIPPED_SHOWN) lines.push(style.dim(`  … and ${skippedTotal - SKIPPED_SHOWN} more`));
  return lines.join('\n');
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
  const cells = buckets.map((b) => [b.label, `n=${b.count}`, formatPercent(b.avgEngagementRate)]);
  const prefix = renderTable(cells, { align: ['left', 'right', 'right'], gap: 2, indent: '  ' });
  const prefixWidth = Math.max(...prefix.map(displayWidth));
  const marker = '  ← sweet spot';
  const barWidth = Math.max(8, width - prefixWidth - 2 - marker.length);
  const lines = [style.heading('Engagement by video length')];
  buckets.forEach((bucket, i) => {
    const line = (prefix[i] ?? '').padEnd(prefixWidth);
    const isSpot = spot !== null && bucket.label === spot.label;
    const drawn = bar(best > 0 ? bucket.avgEngagementRate / best : 0, barWidth);
    lines.push(`${line}  ${isSpot ? style.good(drawn) : drawn}${isSpot ? marker : ''}`);
  });
  if (spot !== null) {
    const caution = spot.count < minVideos ? ' Few videos: treat it as a hint.' : '';
    lines.push(
      ...wrapText(
        `Sweet spot: ${spot.label} (${plural(spot.count, 'video')}): ${formatPercent(spot.avgEngagementRate)} engagement, ` +
          `${liftPhrase(spot.liftOverMean)}.${caution}`,
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

function hashtagSection(analysis: Analysis, width: number, minVideos: number, style: Style): string {
  const tags = analysis.hashtags;
  const title = heading(
    'Hashtags',
    `(each used by ≥ ${minVideos} videos · ${plural(tags.basedOn, 'video')} with hashtags)`,
    width,
    style,
  );
  if (analysis.tiers === null) {
    const eligible = tags.groups.filter((g) => g.count >= minVideos);
    if (eligible.length === 0) return `${title}\n  No hashtag is used by ${minVideos} or more videos.`;
    return `${title}\n${breakdownTable(eligible, (g) => `#${g.key}`, minVideos, false, style)}`;
  }
  const picked = separatingGroups(tags.groups, { minVideos, limit: HASHTAGS_SHOWN_PER_SIDE });
  const shown = [...picked.leansTop, ...picked.leansBottom];
  if (shown.length === 0) {
    const why =
      picked.eligible === 0
        ? `No hashtag is used by ${minVideos} or more videos.`
        : 'No hashtag shows up more in one tier than the other.';
    return `${title}\n  ${why}`;
  }
  const lines = [title, breakdownTable(shown, (g) => `#${g.key}`, minVideos, true, style)];
  const rest = picked.eligible - shown.length;
  if (rest > 0)
    lines.push(
      ...wrapText(
        `  ${plural(rest, 'more hashtag')} lean neither way or less strongly (see --json)`,
        width,
        '    ',
      ).map(style.dim),
    );
  return lines.join('\n');
}

function postingTimeSection(analysis: Analysis, width: number, minVideos: number, style: Style): string {
  const time = analysis.postingTime;
  const title = heading(
    'Posting time',
    `(${time.timeZone} · ${plural(time.byWeekday.basedOn, 'video')} with a post time)`,
    width,
    style,
  );
  if (time.byWeekday.basedOn === 0) return `${title}\n  No post times in this catalog.`;
  const withTiers = analysis.tiers !== null;
  return [
    title,
    breakdownTable(time.byWeekday.groups, (g) => weekdayLabel(g.key), minVideos, withTiers, style, 'Day'),
    '',
    breakdownTable(time.byHour.groups, (g) => hourLabel(g.key), minVideos, withTiers, style, 'Hour'),
  ].join('\n');
}

function soundSection(analysis: Analysis, width: number, minVideos: number, style: Style): string | null {
  const sound: Breakdown = analysis.sound;
  if (sound.groups.length === 0) return null;
  const title = heading('Sound', `(${plural(sound.basedOn, 'video')} with a known sound)`, width, style);
  return `${title}\n${breakdownTable(sound.groups, (g) => soundLabel(g.key), minVideos, analysis.tiers !== null, style, 'Sound')}`;
}

function correlationSection(analysis: Analysis, width: number, style: Style): string {
  const c = analysis.correlations;
  const row = (label: string, r: RankCorrelation) => [label, formatCorrelation(r.rho), `n=${r.n}`];
  const rows = [
    row('Engagement rate', c.engagementRate),
    row('Like rate', c.likeRate),
    row('Comment rate', c.commentRate),
    row('Share rate', c.shareRate),
  ];
  return [
    heading('Rank correlation with plays', '(Spearman ρ: +1 = rise together, 0 = unrelated)', width, style),
    ...renderTable(rows, { align: ['left', 'right', 'right'], gap: 2, indent: '  ' }),
  ].join('\n');
}

// ---------------------------------------------------------------------------

/** A section title with a dimmed note after it, or under it when both do not fit on one line. */
function heading(title: string, note: string, width: number, style: Style): string {
  if (displayWidth(`${title}  ${note}`) <= width) return `${style.heading(title)}${style.dim(`  ${note}`)}`;
  return [style.heading(title), ...wrapText(`  ${note}`, width, '  ').map(style.dim)].join('\n');
}

/** A breakdown as a table: group, n, avg engagement and (with tiers) in top / in bottom / lean. */
function breakdownTable(
  groups: readonly GroupStats[],
  label: (g: GroupStats) => string,
  minVideos: number,
  withTiers: boolean,
  style: Style,
  firstColumn = 'Hashtag',
): string {
  if (groups.length === 0) return '';
  const head = withTiers
    ? [firstColumn, 'n', 'Avg eng.', 'In top', 'In bottom', 'Leans']
    : [firstColumn, 'n', 'Avg eng.'];
  const rows = groups.map((g) => {
    const base = [fitWidth(label(g), 32), String(g.count), formatPercent(g.avgEngagementRate)];
    return withTiers ? [...base, String(g.topCount), String(g.bottomCount), leanWord(g, minVideos)] : base;
  });
  const lines = renderTable([head, ...rows], {
    align: ['left', 'right', 'right', 'right', 'right', 'left'],
    gap: 2,
    indent: '  ',
  });
  return lines
    .map((line, i) => {
      if (i === 0) return style.dim(line);
      const group = groups[i - 1] as GroupStats;
      if (group.count < minVideos) return style.dim(line);
      if (!withTiers) return line;
      const lean = leanOf(group, minVideos);
      return lean === 'top' ? style.good(line) : lean === 'bottom' ? style.bad(line) : line;
    })
    .join('\n');
}

function leanWord(group: GroupStats, minVideos: number): string {
  if (group.count < minVideos) return 'too few';
  const lean = leanOf(group, minVideos);
  return lean === 'top' ? '▲ top' : lean === 'bottom' ? '▼ bottom' : '-';
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
