import type { APIEmbed } from 'discord.js';
import { describe, expect, it } from 'vitest';
import type { Analysis } from '../../src/analysis/types.js';
import { analysisReport } from '../../src/reports/analysis-embed.js';
import { embedsLength, findLimitViolations } from '../../src/reports/discord-limits.js';
import { HOW_TO_READ } from '../../src/reports/summary.js';
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

  it('opens with the strongest significant findings in words, with their figures', () => {
    const description = embed.description ?? '';
    expect(description.indexOf('**In short**')).toBeGreaterThanOrEqual(0);
    expect(description.indexOf('**In short**')).toBeLessThan(description.indexOf('```'));
    const bullets = description.split('\n').filter((line) => line.startsWith('• '));
    // Five findings at most: the group findings strongest first, then the tier finding; then the age warning.
    expect(bullets.slice(0, 5)).toEqual([
      '• Videos tagged #recipe: 10.10% median engagement vs 6.10% for the rest (40 vs 196 videos; ' +
        'counting all 12 groups checked, a difference this large would be a fluke less than 1 time in 1,000).',
      '• Videos posted 18:00-19:00 (Europe/Berlin): 11.00% median engagement vs 6.20% for the rest (44 vs 192 videos; ' +
        'counting all 12 groups checked, a difference this large would be a fluke less than 1 time in 1,000).',
      '• Videos posted on Tuesday: 10.00% median engagement vs 6.30% for the rest (34 vs 202 videos; ' +
        'counting all 12 groups checked, a difference this large would be a fluke about 1 time in 313).',
      '• Videos tagged #baking: 4.50% median engagement vs 7.00% for the rest (30 vs 206 videos; ' +
        'counting all 12 groups checked, a difference this large would be a fluke about 1 time in 125).',
      '• Videos 15-30s long: 8.50% median engagement vs 6.00% for the rest (92 vs 144 videos; ' +
        'counting all 12 groups checked, a difference this large would be a fluke about 1 time in 63).',
    ]);
    expect(bullets[5]).toContain('14 of the 60 top-quarter videos are younger than 7 days');
    expect(bullets[5]).toContain('`min_age_days:` 7 leaves them out');
    expect(description).not.toContain('#airfryer'); // p 0.04, but not beyond chance after twelve tests
  });

  it('says honestly when nothing passes, and still reports a tier finding', () => {
    const quiet = sampleAnalysis();
    quiet.findings.tests = quiet.findings.tests.map((t) =>
      t.dimension === 'tiers' ? t : { ...t, q: 0.5, significant: false },
    );
    const text = onlyEmbed(analysisReport(catalog, quiet, { now: NOW }).embeds).description ?? '';
    expect(text).toContain(
      '• With 236 videos, no hashtag, posting time, sound or length separates your best videos from the rest ' +
        'beyond chance. More videos, or a longer history, would tell.',
    );
    expect(text).toContain(
      '• Your top-quarter videos (by engagement) have a median of 48.2K plays vs 310K for the bottom quarter',
    );
    expect(text).not.toContain('Videos tagged');
  });

  it('calls the best length a sweet spot only when its test says so', () => {
    const field = fieldNamed(embed, 'Video length');
    expect(field.value).toContain(
      'Sweet spot: **15-30s**, better than the other lengths beyond chance: 9.12% avg engagement, ' +
        '+28.0% vs the average video (92 videos).',
    );
    const rows = codeBlockRows(field.value);
    expect(rows).toHaveLength(analysis.durationBuckets.length);
    analysis.durationBuckets.forEach((bucket, i) => {
      const [label, n, rate, median, marker] = rows[i] as string[];
      expect(label).toBe(bucket.label);
      expect(marker).toBe(bucket.label === '15-30s' ? '◀' : undefined);
      expect(n).toBe(`n=${bucket.count}`);
      expect(Math.abs(parsePercent(rate ?? '') - bucket.avgEngagementRate)).toBeLessThanOrEqual(PERCENT_SHOWN);
      expect(Math.abs(parsePercent(median ?? '') - bucket.medianEngagementRate)).toBeLessThanOrEqual(PERCENT_SHOWN);
    });
    const unsure = sampleAnalysis();
    unsure.durationSweetSpot = { ...unsure.durationSweetSpot!, significant: false };
    const value = fieldNamed(onlyEmbed(analysisReport(catalog, unsure, { now: NOW }).embeds), 'Video length').value;
    expect(value).toContain('Best bucket: **15-30s**, not clearly better than the rest: 9.12% avg engagement');
    expect(value).not.toContain('Sweet spot');
  });

  it('lists the hashtags whose test is significant, with mean and median, and says which were too few to test', () => {
    const value = fieldNamed(embed, 'Hashtags').value;
    expect(value.split('\n')).toEqual([
      '▲ `#recipe`: 22 in top, 3 in bottom of 40 · 10.10% avg · 9.09% median',
      '▼ `#baking`: 4 in top, 12 in bottom of 30 · 5.00% avg · 4.50% median',
      '*1 hashtag too few to test (each side needs 5 videos).*',
    ]);
    expect(value).not.toContain('#fyp'); // tested: nothing
    expect(value).not.toContain('#airfryer'); // p 0.04 on its own, not beyond chance among twelve tests
  });

  it('lists the posting days and hours whose test is significant', () => {
    const field = fieldNamed(embed, 'Posting time');
    expect(field.name).toContain('Europe/Berlin');
    expect(field.value).toContain('▲ **Tuesday**: 14 in top, 3 in bottom of 34 · 10.20% avg · 9.18% median');
    expect(field.value).toContain('▲ **18:00-19:00**: 20 in top, 4 in bottom of 44 · 11.00% avg · 9.90% median');
    expect(field.value).not.toContain('Monday'); // tested, nothing beyond chance
    expect(field.value).not.toContain('07:00');
    expect(field.value).not.toContain('Sunday'); // 2 videos
    expect(field.value).toContain('Based on 230 videos with a post time; 4 days and hours tested, 1 too few to test.');
  });

  it('says how many post times have a time of day when some are dates only', () => {
    const base = sampleAnalysis();
    const postingTime = { ...base.postingTime, byHour: { ...base.postingTime.byHour, basedOn: 200 } };
    const report = analysisReport(catalog, { ...base, postingTime }, { now: NOW });
    expect(fieldNamed(onlyEmbed(report.embeds), 'Posting time').value).toContain(
      'Based on 230 videos with a post time (200 with a time of day, for the hours); 4 days and hours tested',
    );
  });

  it('compares original sound with other sounds, with the verdict of their test', () => {
    const value = fieldNamed(embed, 'Sound').value;
    expect(value).toContain(
      '**Original sound**: 8.10% avg engagement · 7.29% median · 45 in top, 30 in bottom (n=150) · ▲ better beyond chance',
    );
    expect(value).toContain(
      '**Other sounds**: 5.40% avg engagement · 4.86% median · 15 in top, 31 in bottom (n=86) · ▼ worse beyond chance',
    );
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
      '240 videos (236 with plays) · 2 records skipped · fetched live · 11 API calls · 11 credits used, 489 left\n' +
        HOW_TO_READ,
    );
    expect(HOW_TO_READ).toMatch(/^How to read this: .*not watch-time retention.*"Beyond chance" means/u);
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
    expect(fieldNamed(embed, 'Video length').value).toContain('**15-30s**');
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
    if (spot !== null) expect(fieldNamed(embed, 'Video length').value).toContain(`**${spot.label}**`);
    expect(embed.description).toContain('**In short**');
  });
});
