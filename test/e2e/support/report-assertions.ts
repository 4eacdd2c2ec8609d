import type { APIEmbed } from 'discord.js';
import { expect } from 'vitest';
import { analyzeVideos } from '../../../src/analysis/analyze.js';
import { leanOf } from '../../../src/analysis/findings.js';
import type { Analysis, FindingDimension, GroupStats, GroupTest } from '../../../src/analysis/types.js';
import { hourLabel, soundLabel, TIER_ROWS, weekdayLabel } from '../../../src/reports/highlights.js';
import { escapeMarkdown } from '../../../src/reports/discord-markdown.js';
import { readCatalogFile } from '../../../src/tiktok/file-source.js';
import { catalogPath, type CatalogName } from '../../support/fixtures.js';
import {
  codeBlockRows,
  compactTolerance,
  fieldNamed,
  parseCompact,
  parseDuration,
  parsePercent,
} from '../../reports/report-parsing.js';

/**
 * Reads every number a report embed shows back and compares it with an
 * Analysis, to the precision shown (two decimals of a percentage, a compact
 * number's last digit, whole seconds). Nothing is compared as formatted text,
 * so a change of wording does not break these checks but a wrong number does.
 */

/** The catalog a fake account serves, read from its fixture file by the product's file reader, and its analysis. */
export async function fixtureAnalysis(name: CatalogName) {
  const catalog = await readCatalogFile(catalogPath(name));
  return { catalog, analysis: analyzeVideos(catalog.videos) };
}

/** Half a unit of the last shown digit of a percentage with two decimals. */
const PERCENT_SHOWN = 0.00005 + 1e-12;

function expectPercent(text: string | undefined, expected: number, what: string): void {
  expect(Math.abs(parsePercent(text ?? '') - expected), `${what}: ${text} vs ${expected}`).toBeLessThanOrEqual(
    PERCENT_SHOWN,
  );
}

export function expectTierTableMatches(embed: APIEmbed, analysis: Analysis): void {
  const tiers = analysis.tiers;
  if (tiers === null) throw new Error('the analysis has no tiers');
  const rows = codeBlockRows(embed.description ?? '');
  expect(rows[0]).toEqual(['Top 25%', 'Bottom 25%', 'Ratio']);
  for (const spec of TIER_ROWS) {
    const row = rows.find((r) => r[0] === spec.label);
    expect(row, `tier table row ${spec.label}`).toBeDefined();
    const [, topText = '', bottomText = ''] = row as string[];
    for (const [text, tier, side] of [
      [topText, tiers.top, 'top'],
      [bottomText, tiers.bottom, 'bottom'],
    ] as const) {
      const expected = spec.value(tier);
      const what = `${spec.label} (${side})`;
      if (spec.label === 'Videos') expect(Number(text.replace(/,/gu, '')), what).toBe(expected);
      else if (spec.label === 'Avg length')
        expect(Math.abs(parseDuration(text) - expected), what).toBeLessThanOrEqual(0.5);
      else if (spec.label === 'Avg plays')
        expect(Math.abs(parseCompact(text) - expected), what).toBeLessThanOrEqual(compactTolerance(expected));
      else expectPercent(text, expected, what);
    }
  }
}

function expectThresholdsMatch(embed: APIEmbed, analysis: Analysis): void {
  const match = /engagement ≥ ([\d.]+%) vs ≤ ([\d.]+%), out of ([\d,]+) analysed videos/u.exec(embed.description ?? '');
  expect(match, 'the description states the quartile thresholds').not.toBeNull();
  const [, q75, q25, analysed] = match as RegExpExecArray;
  expectPercent(q75, analysis.thresholds?.q75 ?? Number.NaN, 'q75');
  expectPercent(q25, analysis.thresholds?.q25 ?? Number.NaN, 'q25');
  expect(Number(analysed?.replace(/,/gu, ''))).toBe(analysis.analyzedCount);
}

function expectDurationBucketsMatch(embed: APIEmbed, analysis: Analysis): void {
  const field = fieldNamed(embed, 'Video length');
  const rows = codeBlockRows(field.value);
  expect(rows.map((r) => r[0])).toEqual(analysis.durationBuckets.map((b) => b.label));
  analysis.durationBuckets.forEach((bucket, i) => {
    const [, n, rate, median, marker] = rows[i] as string[];
    expect(n).toBe(`n=${bucket.count}`);
    expectPercent(rate, bucket.avgEngagementRate, `bucket ${bucket.label}`);
    expectPercent(median, bucket.medianEngagementRate, `bucket ${bucket.label} median`);
    expect(marker === '◀', `best-bucket marker on ${bucket.label}`).toBe(
      bucket.label === analysis.durationSweetSpot?.label,
    );
  });
  const spot = analysis.durationSweetSpot;
  if (spot !== null) {
    expect(field.value).toContain(`**${spot.label}**`);
    expect(field.value).toContain(`(${spot.count} video${spot.count === 1 ? '' : 's'})`);
    // Called a sweet spot only when its bucket's test says it beats the other lengths.
    expect(field.value.includes('Sweet spot:'), `sweet spot wording for ${spot.label}`).toBe(spot.significant);
  }
}

/**
 * The lines '▲ label: 3 in top, 0 in bottom of 5 · 11.02% avg · 10.50% median'
 * of a field, each matched to the group of that label and compared with its
 * numbers and with the verdict of its test.
 */
function expectGroupLinesMatch(
  value: string,
  analysis: Analysis,
  dimension: FindingDimension,
  groups: readonly GroupStats[],
  labelOf: (group: GroupStats) => string,
): number {
  const pattern = /^([▲▼]) (.+): (\d+) in top, (\d+) in bottom of (\d+) · ([\d.]+%) avg · ([\d.]+%) median$/u;
  let checked = 0;
  for (const line of value.split('\n')) {
    const match = pattern.exec(line);
    if (match === null) continue;
    const [, marker, label = '', top, bottom, count, rate, median] = match;
    const group = groups.find((g) => labelOf(g) === label);
    expect(group, `group ${label}`).toBeDefined();
    expect(Number(top), `${label} in top`).toBe(group?.topCount);
    expect(Number(bottom), `${label} in bottom`).toBe(group?.bottomCount);
    expect(Number(count), `${label} count`).toBe(group?.count);
    expectPercent(rate, group?.avgEngagementRate ?? Number.NaN, `${label} avg`);
    expectPercent(median, group?.medianEngagementRate ?? Number.NaN, `${label} median`);
    expect(marker, `${label} is shown leaning the way its test found`).toBe(
      leanOf(analysis.findings, dimension, group?.key ?? '') === 'top' ? '▲' : '▼',
    );
    checked += 1;
  }
  // Every group whose test is significant is shown (up to the field's limit), and no other.
  const significant = groups.filter((g) => ['top', 'bottom'].includes(leanOf(analysis.findings, dimension, g.key)));
  expect(checked, `${dimension} lines`).toBeLessThanOrEqual(significant.length);
  if (significant.length > 0) expect(checked, `${dimension} lines`).toBeGreaterThan(0);
  return checked;
}

function expectBreakdownsMatch(embed: APIEmbed, analysis: Analysis): void {
  const hashtags = fieldNamed(embed, 'Hashtags').value;
  expectGroupLinesMatch(hashtags, analysis, 'hashtag', analysis.hashtags.groups, (g) => `\`#${g.key}\``);
  const posting = fieldNamed(embed, 'Posting time');
  expect(posting.name).toContain(analysis.postingTime.timeZone);
  const dayLines = posting.value.split('\n').filter((line) => /^[▲▼] \*\*[A-Z][a-z]+day\*\*/u.test(line));
  const hourLines = posting.value.split('\n').filter((line) => /^[▲▼] \*\*\d\d:00/u.test(line));
  expectGroupLinesMatch(
    dayLines.join('\n'),
    analysis,
    'weekday',
    analysis.postingTime.byWeekday.groups,
    (g) => `**${weekdayLabel(g.key)}**`,
  );
  expectGroupLinesMatch(
    hourLines.join('\n'),
    analysis,
    'hour',
    analysis.postingTime.byHour.groups,
    (g) => `**${hourLabel(g.key)}**`,
  );
  const sound = fieldNamed(embed, 'Sound').value;
  for (const group of analysis.sound.groups) {
    const line = sound.split('\n').find((l) => l.startsWith(`**${soundLabel(group.key)}**`));
    const match =
      /: ([\d.]+%) avg engagement · ([\d.]+%) median · (\d+) in top, (\d+) in bottom \(n=(\d+)\)(?: · (.+))?$/u.exec(
        line ?? '',
      );
    expect(match, `sound line for ${group.key}`).not.toBeNull();
    const [, rate, median, top, bottom, count, verdict] = match as RegExpExecArray;
    expectPercent(rate, group.avgEngagementRate, `sound ${group.key}`);
    expectPercent(median, group.medianEngagementRate, `sound ${group.key} median`);
    expect([Number(top), Number(bottom), Number(count)]).toEqual([group.topCount, group.bottomCount, group.count]);
    const lean = leanOf(analysis.findings, 'sound', group.key);
    const expected = { top: '▲ better beyond chance', bottom: '▼ worse beyond chance', untested: 'too few to test' };
    expect(verdict, `sound ${group.key} verdict`).toBe(lean === 'neither' ? undefined : expected[lean]);
  }
}

/** How a summary names the group of a test (the words of src/reports/summary.ts). */
function summarySubject(test: GroupTest, timeZone: string): string {
  switch (test.dimension) {
    case 'hashtag':
      return `Videos tagged #${escapeMarkdown(test.key)}`;
    case 'weekday':
      return `Videos posted on ${weekdayLabel(test.key)}`;
    case 'hour':
      return `Videos posted ${hourLabel(test.key)} (${escapeMarkdown(timeZone)})`;
    case 'sound':
      return 'Videos with an original sound';
    case 'duration':
      return `Videos ${test.key} long`;
    case 'tiers':
      return 'Your top-quarter videos';
  }
}

/**
 * The summary at the top of a description: the strongest significant group
 * findings (at most 5, strongest first) with their medians and counts read
 * back, or the honest sentence when none passed.
 */
export function expectSummaryMatches(description: string, analysis: Analysis): void {
  const lines = description.split('\n');
  const start = lines.indexOf('**In short**');
  expect(start, 'the description has a summary').toBeGreaterThanOrEqual(0);
  const bullets: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith('• ')) break;
    bullets.push(line);
  }
  const pattern =
    /^• (.+): ([\d.]+%) median engagement vs ([\d.]+%) for the rest \(([\d,]+) vs ([\d,]+) videos; (?:counting all [\d,]+ groups checked|with this one group checked), a difference this large would be a fluke (less than 1 time in (?:a million|1,000)|about 1 time in [\d,]+)\)\.$/u;
  const groupTests = analysis.findings.tests.filter((t) => t.significant && t.dimension !== 'tiers').slice(0, 5);
  const groupLines = bullets.filter((line) => pattern.test(line));
  expect(groupLines).toHaveLength(groupTests.length);
  groupTests.forEach((test, i) => {
    const [, subject, group, rest, n, nRest] = pattern.exec(groupLines[i] ?? '') as RegExpExecArray;
    expect(subject).toBe(summarySubject(test, analysis.postingTime.timeZone));
    expectPercent(group, test.medianGroup, `${subject} median`);
    expectPercent(rest, test.medianRest, `${subject} rest median`);
    expect([Number(n?.replace(/,/gu, '')), Number(nRest?.replace(/,/gu, ''))]).toEqual([test.n, test.nRest]);
  });
  if (groupTests.length === 0)
    expect(bullets[0]).toMatch(/^• With [\d,]+ videos?, no hashtag, posting time, sound or length /u);
}

function expectTopPerformersMatch(embed: APIEmbed, analysis: Analysis, username: string): void {
  const value = fieldNamed(embed, 'Top 5').value;
  const escaped = username.replace(/[.]/gu, '\\.');
  const links = [
    ...value.matchAll(new RegExp(`\\]\\((https://www\\.tiktok\\.com/@${escaped}/video/(\\d+))\\)`, 'gu')),
  ].map((m) => m[2]);
  expect(links).toEqual(analysis.topPerformers.slice(0, 5).map((p) => p.id));
  const stats = [...value.matchAll(/\*\*([\d.]+%)\*\* engagement · ([\d.]+[KMBT]?) plays · ([\d:]+)/gu)];
  expect(stats).toHaveLength(links.length);
  stats.forEach(([, rate, plays, duration], i) => {
    const performer = analysis.topPerformers[i];
    if (performer === undefined) throw new Error(`no top performer ${i}`);
    expectPercent(rate, performer.engagementRate, `top performer ${i + 1}`);
    expect(Math.abs(parseCompact(plays ?? '') - performer.plays)).toBeLessThanOrEqual(
      compactTolerance(performer.plays),
    );
    expect(Math.abs(parseDuration(duration ?? '') - performer.durationSec)).toBeLessThanOrEqual(0.5);
  });
}

/** Footer: '240 videos (236 with plays) · 2 records skipped · fetched live · 10 API calls · ...'. */
function expectFooterCounts(embed: APIEmbed, analysis: Analysis, skipped: number): void {
  const footer = embed.footer?.text ?? '';
  const match = /^([\d,]+) videos? \(([\d,]+) with plays\)/u.exec(footer);
  expect(match, `footer ${footer}`).not.toBeNull();
  const [, videos, withPlays] = match as RegExpExecArray;
  expect(Number(videos?.replace(/,/gu, ''))).toBe(analysis.videoCount);
  expect(Number(withPlays?.replace(/,/gu, ''))).toBe(analysis.analyzedCount);
  if (skipped > 0) expect(footer).toContain(`${skipped} record${skipped === 1 ? '' : 's'} skipped`);
  else expect(footer).not.toContain('skipped');
}

/** Every number of the report embed against the analysis it must show. */
export function expectReportMatchesAnalysis(
  embed: APIEmbed,
  analysis: Analysis,
  options: { username: string; skipped: number },
): void {
  expect(embed.title).toBe(`Retention report: @${options.username}`);
  expectSummaryMatches(embed.description ?? '', analysis);
  expectThresholdsMatch(embed, analysis);
  expectTierTableMatches(embed, analysis);
  expectDurationBucketsMatch(embed, analysis);
  expectBreakdownsMatch(embed, analysis);
  expectTopPerformersMatch(embed, analysis, options.username);
  expectFooterCounts(embed, analysis, options.skipped);
}
