import type { APIEmbed } from 'discord.js';
import { describe, expect, it } from 'vitest';
import type { Analysis } from '../../src/analysis/types.js';
import { analysisReport } from '../../src/reports/analysis-embed.js';
import { embedsLength, findLimitViolations } from '../../src/reports/discord-limits.js';
import { expectTierTableMatches } from '../e2e/support/report-assertions.js';
import { CATALOG_NAMES } from '../support/fixtures.js';
import { codeBlockRows, fieldNamed, fixtureCatalog, parsePercent } from './report-parsing.js';
import { FETCHED_AT, sampleAnalysis, sampleCatalog, smallAnalysis } from './sample-analysis.js';

const NOW = new Date('2026-11-20T14:15:30.000Z');
const PERCENT_SHOWN = 0.00005 + 1e-12; // two decimals of a percentage

function onlyEmbed(embeds: APIEmbed[]): APIEmbed {
  expect(embeds).toHaveLength(1);
  return embeds[0] as APIEmbed;
}

describe('analysisReport', () => {
  const catalog = sampleCatalog();
  const analysis = sampleAnalysis();
  const embed = onlyEmbed(analysisReport(catalog, analysis, { chartFileName: 'chart.png', now: NOW }).embeds);

  it('titles the report with the account and links its profile', () => {
    expect(embed.title).toBe('Retention report: @chefmaya');
    expect(embed.url).toBe('https://www.tiktok.com/@chefmaya');
  });

  it('shows the tiers side by side with the numbers of the analysis', () => {
    expectTierTableMatches(embed, analysis);
    const rows = codeBlockRows(embed.description ?? '');
    expect(rows.find((r) => r[0] === 'Engagement')).toEqual(['Engagement', '12.41%', '3.10%', '4.0×']);
    expect(rows.find((r) => r[0] === 'Avg plays')).toEqual(['Avg plays', '1M', '48.2K', '21×']);
  });

  it('states the quartile thresholds and how many videos they rest on', () => {
    expect(embed.description).toContain('engagement ≥ 9.88% vs ≤ 4.12%');
    expect(embed.description).toContain('out of 236 analysed videos');
    expect(embed.description).toContain('Average video: **7.12%** engagement (median 6.50%)');
  });

  it('gives the duration sweet spot and the number of videos it rests on', () => {
    const field = fieldNamed(embed, 'Duration sweet spot');
    expect(field.value).toContain('**15-30s**: 9.12% avg engagement, +28.0% vs the average video (92 videos).');
    const rows = codeBlockRows(field.value);
    expect(rows).toHaveLength(analysis.durationBuckets.length);
    analysis.durationBuckets.forEach((bucket, i) => {
      const [label, n, rate, marker] = rows[i] as string[];
      expect(label).toBe(bucket.label);
      expect(marker).toBe(bucket.label === '15-30s' ? '◀' : undefined);
      expect(n).toBe(`n=${bucket.count}`);
      expect(Math.abs(parsePercent(rate ?? '') - bucket.avgEngagementRate)).toBeLessThanOrEqual(PERCENT_SHOWN);
    });
  });

  it('lists hashtags that lean to the top or bottom tier, with their counts, and leaves out those that do not', () => {
    const value = fieldNamed(embed, 'Hashtags').value;
    const lines = value.split('\n');
    expect(lines).toEqual([
      '▲ `#recipe`: 22 in top, 3 in bottom of 40 · 10.10% avg',
      '▲ `#airfryer`: 6 in top, 1 in bottom of 12 · 9.30% avg',
      '▼ `#vlog`: 0 in top, 6 in bottom of 9 · 3.00% avg',
      '▼ `#baking`: 4 in top, 12 in bottom of 30 · 5.00% avg',
    ]);
    expect(value).not.toContain('#fyp'); // 38 top vs 37 bottom separates nothing
    expect(value).not.toContain('#even');
  });

  it('lists posting days and hours that separate the tiers, leaving out groups with too few videos', () => {
    const field = fieldNamed(embed, 'Posting time');
    expect(field.name).toContain('Europe/Berlin');
    expect(field.value).toContain('▲ **Tuesday**: 14 in top, 3 in bottom of 34 · 10.20% avg');
    expect(field.value).not.toContain('Monday'); // 5 top vs 9 bottom of 30: could well be luck
    expect(field.value).toContain('▲ **18:00-19:00**: 20 in top, 4 in bottom of 44');
    expect(field.value).toContain('▼ **07:00-08:00**');
    expect(field.value).not.toContain('Sunday'); // 2 videos
    expect(field.value).toContain('Based on 230 videos with a post time');
  });

  it('compares original sound with other sounds', () => {
    const value = fieldNamed(embed, 'Sound').value;
    expect(value).toContain('**Original sound**: 8.10% avg engagement · 45 in top, 30 in bottom (n=150)');
    expect(value).toContain('**Other sounds**: 5.40% avg engagement · 15 in top, 31 in bottom (n=86)');
  });

  it('links the top 5 performers to their videos, in order, with escaped captions', () => {
    const value = fieldNamed(embed, 'Top 5').value;
    const links = [...value.matchAll(/\]\((https:\/\/www\.tiktok\.com\/@chefmaya\/video\/(\d+))\)/gu)].map((m) => m[2]);
    expect(links).toEqual(analysis.topPerformers.map((p) => p.id));
    const rates = [...value.matchAll(/\*\*(\d+\.\d+%)\*\* engagement/gu)].map((m) => parsePercent(m[1] ?? ''));
    rates.forEach((rate, i) =>
      expect(Math.abs(rate - (analysis.topPerformers[i]?.engagementRate ?? Number.NaN))).toBeLessThanOrEqual(
        PERCENT_SHOWN,
      ),
    );
    expect(value).toContain('[Brackets \\[like\\]\\(this\\) and \\*stars\\* \\_under\\_');
    expect(value).toContain('[video 7398]'); // no caption: the id stands in
  });

  it('shows the chart attachment only when one is given', () => {
    expect(embed.image).toEqual({ url: 'attachment://chart.png' });
    const without = onlyEmbed(analysisReport(catalog, analysis, { now: NOW }).embeds);
    expect(without.image).toBeUndefined();
  });

  it('puts a second chart in an embed of its own below the report, leaving the report as it is', () => {
    const embeds = analysisReport(catalog, analysis, {
      chartFileName: 'chart.png',
      tierChartFileName: 'tiers.png',
      now: NOW,
    }).embeds;
    expect(embeds).toHaveLength(2);
    expect(embeds[0]).toEqual(embed);
    expect(embeds[1]).toEqual({ color: embed.color, image: { url: 'attachment://tiers.png' } });
    expect(findLimitViolations({ embeds })).toEqual([]);
  });

  it('says in the footer what the data is and what it cost, with the data time as timestamp', () => {
    expect(embed.footer?.text).toBe(
      '240 videos (236 with plays) · 2 records skipped · fetched live · 11 API calls · 11 credits used, 489 left',
    );
    expect(embed.timestamp).toBe(FETCHED_AT);
  });

  it('says when the data came from cache and how old it is', () => {
    const cached = sampleCatalog({ fromCache: true, calls: 0, creditsUsed: 0 });
    const fromAge = onlyEmbed(analysisReport(cached, analysis, { now: NOW, cacheAgeMs: 42 * 60_000 }).embeds);
    expect(fromAge.footer?.text).toContain('from cache (fetched 42 min ago) · 0 API calls · 0 credits used, 489 left');
    const fromClock = onlyEmbed(analysisReport(cached, analysis, { now: NOW }).embeds);
    expect(fromClock.footer?.text).toContain('from cache (fetched 12 min ago)');
  });

  it('describes file and demo sources without API costs', () => {
    const file = onlyEmbed(
      analysisReport(sampleCatalog({ kind: 'file', detail: '/home/maya/exports/catalog.json' }), analysis, { now: NOW })
        .embeds,
    );
    expect(file.footer?.text).toContain('read from catalog.json · no API calls');
    expect(file.footer?.text).not.toContain('/home/maya');
    const demo = onlyEmbed(analysisReport(sampleCatalog({ kind: 'demo' }), analysis, { now: NOW }).embeds);
    expect(demo.footer?.text).toContain('built-in demo catalog · no API calls');
  });

  it('stays within every Discord limit', () => {
    expect(findLimitViolations({ embeds: [embed] })).toEqual([]);
  });
});

describe('analysisReport for a catalog too small for quartiles', () => {
  const analysis = smallAnalysis();
  const embed = onlyEmbed(analysisReport(sampleCatalog(), analysis, { now: NOW }).embeds);

  it('says so plainly and shows what there is', () => {
    expect(embed.description).toContain(`⚠️ **${analysis.notice}`);
    expect(embed.description).not.toContain('```'); // no tier table
    expect(fieldNamed(embed, 'Duration sweet spot').value).toContain('**15-30s**');
    expect(fieldNamed(embed, 'Top 3').value).toContain('https://www.tiktok.com/@chefmaya/video/7301');
    expect(embed.fields?.some((f) => f.name.includes('Hashtags'))).toBe(false);
    expect(embed.footer?.text).toContain('3 videos (3 with plays)');
  });

  it('says so when no video has plays at all', () => {
    const empty: Analysis = {
      ...analysis,
      analyzedCount: 0,
      overall: null,
      durationBuckets: [],
      durationSweetSpot: null,
      topPerformers: [],
      sound: { basedOn: 0, groups: [] },
    };
    const e = onlyEmbed(analysisReport(sampleCatalog(), empty, { now: NOW }).embeds);
    expect(e.description).toContain('No video has any plays yet');
    expect(e.fields ?? []).toEqual([]);
    expect(findLimitViolations({ embeds: [e] })).toEqual([]);
  });
});

describe('analysisReport on the fixture catalogs (normalizeRecords + analyzeVideos)', () => {
  it.each(CATALOG_NAMES)('%s: the embed shows the numbers of the analysis, within every limit', (name) => {
    const { catalog, analysis } = fixtureCatalog(name);
    const embed = onlyEmbed(analysisReport(catalog, analysis, { chartFileName: 'chart.png', now: NOW }).embeds);
    expect(findLimitViolations({ embeds: [embed] })).toEqual([]);
    expect(embedsLength([embed])).toBeLessThanOrEqual(6000);
    if (analysis.tiers !== null) expectTierTableMatches(embed, analysis);
    expect(embed.footer?.text).toContain(`${analysis.videoCount.toLocaleString('en-US')} video`);
    if (catalog.skipped.length > 0) expect(embed.footer?.text).toContain(`${catalog.skipped.length} record`);
    const top = fieldNamed(embed, 'by engagement').value;
    for (const performer of analysis.topPerformers)
      expect(top).toContain(`https://www.tiktok.com/@chefmaya/video/${performer.id})`);
    const spot = analysis.durationSweetSpot;
    if (spot !== null) expect(fieldNamed(embed, 'Duration sweet spot').value).toContain(`**${spot.label}**`);
  });
});
