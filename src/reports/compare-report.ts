import type { APIEmbed, APIEmbedField } from 'discord.js';
import type { AccountFigures, AccountTest, Comparison } from '../analysis/compare.js';
import type { Catalog } from '../tiktok/catalog.js';
import { REPORT_COLOR, NOTICE_COLOR } from './analysis-embed.js';
import { incompleteLabel } from './catalog-notes.js';
import { escapeMarkdown } from './discord-markdown.js';
import { fitEmbeds } from './discord-limits.js';
import { bareHandle, formatCompact, formatInteger, formatPercent, localeFormat, type LocaleFormat } from './format.js';
import { describeSource } from './source.js';
import { renderTable } from './text-table.js';

/**
 * A comparison of accounts, for Discord (one embed: a verdict line per
 * account compared with the first, then a field per account) and for the
 * terminal (a table, accounts as columns). Reads the Comparison only: which
 * difference is beyond chance is the test's verdict, never decided here.
 */

export interface CompareReportInput {
  comparison: Comparison;
  /** The catalogs behind the comparison, in the same order (where each came from, whether it is partial). */
  catalogs: readonly Catalog[];
}

export interface CompareReportOptions {
  chartFileName?: string;
  now: Date;
  /** Age of each cached catalog by the cache's clock, by position; absent: computed from `now`. */
  cacheAgesMs?: readonly (number | undefined)[];
  /** The requester's locale for numbers (Discord's interaction.locale); en-US by default. */
  locale?: string;
}

const at = (handle: string) => `@${bareHandle(handle)}`;

/**
 * The verdict in words: "@b engages more than @you: median 11.2% vs 8.4%, beyond chance", or "no clear
 * difference". The direction is the test's (rank-biserial effect); when the medians point the other way, the
 * sentence says the rates rank higher or lower instead, so it never contradicts the numbers it shows.
 */
export function verdictLine(test: AccountTest, f: LocaleFormat = localeFormat()): string {
  const who = at(test.username);
  const other = at(test.against);
  if (!test.tested)
    return `${who} vs ${other}: not tested, too few analysed videos (${f.integer(test.n)} vs ${f.integer(test.nAgainst)}; at least 5 each).`;
  const medians = `median ${f.percent(test.median, 1)} vs ${f.percent(test.medianAgainst, 1)}`;
  if (!test.significant || test.effect === 0) return `${who} vs ${other}: no clear difference (${medians}).`;
  const higher = test.effect > 0;
  const mediansAgree = higher ? test.median >= test.medianAgainst : test.median <= test.medianAgainst;
  const claim = mediansAgree
    ? `${who} engages ${higher ? 'more' : 'less'} than ${other}`
    : `${who}'s rates rank ${higher ? 'higher' : 'lower'} than ${other}'s`;
  return `${claim}: ${medians}, beyond chance.`;
}

function cadenceText(figures: AccountFigures, f: LocaleFormat): string {
  const cadence = figures.cadence;
  if (cadence === null) return 'n/a (no post times)';
  const perWeek = f.decimal(cadence.perWeek, 1);
  const window =
    cadence.endsAt === 'fetch' ? `last ${cadence.weeks} weeks` : `${cadence.weeks} weeks to its newest video`;
  return `${cadence.atLeast ? '≥ ' : ''}${perWeek}/week (${window})`;
}

function bestDurationText(figures: AccountFigures): string {
  const best = figures.bestDuration;
  if (best === null) return 'n/a (too few videos with a length)';
  return best.significant ? `${best.label} (beats its other lengths)` : `${best.label} (not clearly better)`;
}

function hashtagsText(figures: AccountFigures, markdown: boolean, f: LocaleFormat): string {
  if (figures.topHashtags.length === 0) return 'none used by 3+ videos';
  return figures.topHashtags
    .map((h) => `#${markdown ? escapeMarkdown(h.tag) : h.tag} ${f.percent(h.share, 0)}`)
    .join(', ');
}

function engagementText(figures: AccountFigures, f: LocaleFormat): string {
  if (figures.medianEngagementRate === null) return 'n/a (no plays)';
  const median = f.percent(figures.medianEngagementRate);
  return figures.quartiles === null
    ? `${median} median (too few videos for quartiles)`
    : `${median} median (${f.percent(figures.quartiles.q25)} – ${f.percent(figures.quartiles.q75)})`;
}

function rate(value: number | null, f: LocaleFormat): string {
  return value === null ? 'n/a' : f.percent(value);
}

function sourceText(catalog: Catalog, options: CompareReportOptions, index: number, parts: number): string {
  const age = options.cacheAgesMs?.[index];
  return describeSource(catalog.source, { now: options.now, ...(age !== undefined ? { cacheAgeMs: age } : {}) })
    .slice(0, parts)
    .join(', ');
}

function accountField(
  figures: AccountFigures,
  catalog: Catalog,
  index: number,
  options: CompareReportOptions,
): APIEmbedField {
  const f = localeFormat(options.locale);
  const incomplete = incompleteLabel(catalog);
  const lines = [
    `Videos: **${f.integer(figures.analyzedCount)}** analysed of ${f.integer(figures.videoCount)}`,
    `Engagement: **${engagementText(figures, f)}**`,
    `Share ${rate(figures.meanShareRate, f)} · comment ${rate(figures.meanCommentRate, f)} (mean rates)`,
    `Posting: ${cadenceText(figures, f)}`,
    `Best length: ${bestDurationText(figures)}`,
    `Hashtags: ${hashtagsText(figures, true, f)}`,
    `Followers: ${figures.followers === null ? 'unknown' : f.compact(figures.followers)}`,
    `-# ${sourceText(catalog, options, index, 2)}`,
  ];
  if (incomplete !== null) lines.unshift(`⚠️ ${incomplete}`);
  return {
    name: `${index === 0 ? '① ' : ''}${at(figures.username)}${index === 0 ? ' (compared with)' : ''}`,
    value: lines.join('\n'),
    inline: true,
  };
}

export function compareReport(input: CompareReportInput, options: CompareReportOptions): { embeds: APIEmbed[] } {
  const { comparison, catalogs } = input;
  const [first, ...others] = comparison.accounts;
  const partial = catalogs.some((catalog) => incompleteLabel(catalog) !== null);
  const tested = comparison.tests.filter((t) => t.tested).length;
  const f = localeFormat(options.locale);
  const embed: APIEmbed = {
    title: `Compare: ${at(first!.username)} vs ${others.map((a) => at(a.username)).join(', ')}`,
    color: partial ? NOTICE_COLOR : REPORT_COLOR,
    description: [
      ...comparison.tests.map((test) => `• ${escapeMarkdown(verdictLine(test, f))}`),
      `-# Engagement = (likes + comments + shares) / plays per video. Each account's rates against ${escapeMarkdown(at(first!.username))}'s: two-sided Mann–Whitney test, ` +
        `false-discovery guard over the ${f.plural(tested, 'comparison')} at ${f.percent(comparison.alpha, 0)}.`,
    ].join('\n'),
    fields: comparison.accounts.map((figures, i) => accountField(figures, catalogs[i]!, i, options)),
  };
  if (options.chartFileName !== undefined) embed.image = { url: `attachment://${options.chartFileName}` };
  return { embeds: fitEmbeds([embed]) };
}

/** The comparison as text for the terminal: verdicts, then a table with a column per account. */
export function renderComparisonText(input: CompareReportInput, options: CompareReportOptions): string {
  const { comparison, catalogs } = input;
  const accounts = comparison.accounts;
  // The terminal is en-US, like the rest of the CLI's output.
  const f = localeFormat();
  const rows: string[][] = [
    ['', ...accounts.map((a, i) => `${at(a.username)}${i === 0 ? ' (1)' : ''}`)],
    ['videos analysed', ...accounts.map((a) => `${formatInteger(a.analyzedCount)} of ${formatInteger(a.videoCount)}`)],
    ['median engagement', ...accounts.map((a) => rate(a.medianEngagementRate, f))],
    ['quartile 1', ...accounts.map((a) => (a.quartiles ? formatPercent(a.quartiles.q25) : 'n/a'))],
    ['quartile 3', ...accounts.map((a) => (a.quartiles ? formatPercent(a.quartiles.q75) : 'n/a'))],
    ['share rate (mean)', ...accounts.map((a) => rate(a.meanShareRate, f))],
    ['comment rate (mean)', ...accounts.map((a) => rate(a.meanCommentRate, f))],
    [
      'videos per week (8 wk)',
      ...accounts.map((a) => (a.cadence ? `${a.cadence.atLeast ? '≥ ' : ''}${a.cadence.perWeek.toFixed(1)}` : 'n/a')),
    ],
    ['best length', ...accounts.map((a) => (a.bestDuration ? a.bestDuration.label : 'n/a'))],
    ['followers', ...accounts.map((a) => (a.followers === null ? 'unknown' : formatCompact(a.followers)))],
    ['source', ...catalogs.map((c, i) => sourceText(c, options, i, 1))],
  ];
  const lines = [
    `Compare: ${accounts.map((a) => at(a.username)).join(' vs ')}`,
    '',
    ...comparison.tests.map((test) => `- ${verdictLine(test)}`),
    '',
    ...renderTable(rows, { align: ['left', ...accounts.map(() => 'right' as const)] }),
    '',
    ...(accounts.some((a) => a.cadence?.endsAt === 'newest-video')
      ? ['Videos per week of a file: the 8 weeks up to its newest video (a file does not say what came after).', '']
      : []),
    'Hashtags each leans on (share of its analysed videos):',
    ...accounts.map((a) => `  ${at(a.username)}: ${hashtagsText(a, false, f)}`),
  ];
  for (const [i, catalog] of catalogs.entries()) {
    const incomplete = incompleteLabel(catalog);
    if (incomplete !== null) lines.push(`note: ${at(accounts[i]!.username)} ${incomplete}`);
  }
  lines.push(
    '',
    `Engagement = (likes + comments + shares) / plays. Each account's rates against the first's: two-sided ` +
      `Mann-Whitney test, false-discovery guard (Benjamini-Hochberg) over the comparisons at ${formatPercent(comparison.alpha, 0)}.`,
  );
  return lines.join('\n');
}
