import type { APIEmbed } from 'discord.js';
import { expect } from 'vitest';
import { analyzeVideos } from '../../../src/analysis/analyze.js';
import type { Analysis, GroupStats } from '../../../src/analysis/types.js';
import { hourLabel, soundLabel, TIER_ROWS, weekdayLabel } from '../../../src/reports/highlights.js';
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
  const field = fieldNamed(embed, 'Duration sweet spot');
  const rows = codeBlockRows(field.value);
  expect(rows.map((r) => r[0])).toEqual(analysis.durationBuckets.map((b) => b.label));
  analysis.durationBuckets.forEach((bucket, i) => {
    const [, n, rate, marker] = rows[i] as string[];
    expect(n).toBe(`n=${bucket.count}`);
    expectPercent(rate, bucket.avgEngagementRate, `bucket ${bucket.label}`);
    expect(marker === '◀', `sweet spot marker on ${bucket.label}`).toBe(
      bucket.label === analysis.durationSweetSpot?.label,
    );
  });
  const spot = analysis.durationSweetSpot;
  if (spot !== null) expect(field.value).toContain(`**${spot.label}**`);
  if (spot !== null) expect(field.value).toContain(`(${spot.count} video${spot.count === 1 ? '' : 's'})`);
}

/**
 * The lines '▲ label: 3 in top, 0 in bottom of 5 · 11.02% avg' of a field,
 * each matched to the group of that label and compared with its numbers.
 */
function expectGroupLinesMatch(
  value: string,
  groups: readonly GroupStats[],
  labelOf: (group: GroupStats) => string,
): number {
  const pattern = /^[▲▼] (.+): (\d+) in top, (\d+) in bottom of (\d+) · ([\d.]+%) avg$/u;
  let checked = 0;
  for (const line of value.split('\n')) {
    const match = pattern.exec(line);
    if (match === null) continue;
    const [, label = '', top, bottom, count, rate] = match;
    const group = groups.find((g) => labelOf(g) === label);
    expect(group, `group ${label}`).toBeDefined();
    expect(Number(top), `${label} in top`).toBe(group?.topCount);
    expect(Number(bottom), `${label} in bottom`).toBe(group?.bottomCount);
    expect(Number(count), `${label} count`).toBe(group?.count);
    expectPercent(rate, group?.avgEngagementRate ?? Number.NaN, `${label} avg`);
    expect(line.startsWith('▲'), `${label} leans to the tier it is shown in`).toBe(
      (group?.topCount ?? 0) > (group?.bottomCount ?? 0),
    );
    checked += 1;
  }
  return checked;
}

function expectBreakdownsMatch(embed: APIEmbed, analysis: Analysis): void {
  const hashtags = fieldNamed(embed, 'Hashtags').value;
  expectGroupLinesMatch(hashtags, analysis.hashtags.groups, (g) => `\`#${g.key}\``);
  const posting = fieldNamed(embed, 'Posting time');
  expect(posting.name).toContain(analysis.postingTime.timeZone);
  const dayLines = posting.value.split('\n').filter((line) => /^[▲▼] \*\*[A-Z][a-z]+day\*\*/u.test(line));
  const hourLines = posting.value.split('\n').filter((line) => /^[▲▼] \*\*\d\d:00/u.test(line));
  expectGroupLinesMatch(
    dayLines.join('\n'),
    analysis.postingTime.byWeekday.groups,
    (g) => `**${weekdayLabel(g.key)}**`,
  );
  expectGroupLinesMatch(hourLines.join('\n'), analysis.postingTime.byHour.groups, (g) => `**${hourLabel(g.key)}**`);
  const sound = fieldNamed(embed, 'Sound').value;
  for (const group of analysis.sound.groups) {
    const line = sound.split('\n').find((l) => l.startsWith(`**${soundLabel(group.key)}**`));
    const match = /: ([\d.]+%) avg engagement · (\d+) in top, (\d+) in bottom \(n=(\d+)\)$/u.exec(line ?? '');
    expect(match, `sound line for ${group.key}`).not.toBeNull();
    const [, rate, top, bottom, count] = match as RegExpExecArray;
    expectPercent(rate, group.avgEngagementRate, `sound ${group.key}`);
    expect([Number(top), Number(bottom), Number(count)]).toEqual([group.topCount, group.bottomCount, group.count]);
  }
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
  expectThresholdsMatch(embed, analysis);
  expectTierTableMatches(embed, analysis);
  expectDurationBucketsMatch(embed, analysis);
  expectBreakdownsMatch(embed, analysis);
  expectTopPerformersMatch(embed, analysis, options.username);
  expectFooterCounts(embed, analysis, options.skipped);
}
