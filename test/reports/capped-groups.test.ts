import type { APIEmbed } from 'discord.js';
import { describe, expect, it } from 'vitest';
import type { Analysis, GroupStats, GroupTest } from '../../src/analysis/types.js';
import { analysisReport } from '../../src/reports/analysis-embed.js';
import { renderAnalysisText } from '../../src/reports/terminal.js';
import { fieldNamed } from './report-parsing.js';
import { sampleAnalysis, sampleCatalog } from './sample-analysis.js';

const NOW = new Date('2026-11-20T14:15:30.000Z');

/**
 * Reports cap the groups they list per side. The groups cut by the cap that do
 * differ beyond chance must not be counted with the ones that found nothing.
 */

function group(key: string, rate: number, lean: 'top' | 'bottom' | 'neither'): GroupStats {
  return {
    key,
    count: 20,
    avgEngagementRate: rate,
    medianEngagementRate: rate,
    topCount: lean === 'top' ? 10 : 2,
    bottomCount: lean === 'bottom' ? 10 : 2,
  };
}

function test(dimension: GroupTest['dimension'], key: string, q: number, effect: number): GroupTest {
  return {
    dimension,
    key,
    n: 20,
    nRest: 380,
    medianGroup: 0.1,
    medianRest: 0.07,
    u: ((effect + 1) * 20 * 380) / 2,
    p: q / 10,
    q,
    effect,
    significant: q < 0.05,
  };
}

/** 10 hashtags better beyond chance, 10 worse, 3 tested without a difference; 4 hours better, 3 worse. */
function manyTags(): Analysis {
  const a = sampleAnalysis();
  const good = Array.from({ length: 10 }, (_, i) => `good${i}`);
  const plain = Array.from({ length: 10 }, (_, i) => `plain${i}`);
  const flat = ['fyp', 'foryou', 'viral'];
  a.hashtags = {
    basedOn: 400,
    minVideos: 3,
    groups: [
      ...good.map((k) => group(k, 0.15, 'top')),
      ...plain.map((k) => group(k, 0.05, 'bottom')),
      ...flat.map((k) => group(k, 0.07, 'neither')),
    ],
  };
  const hoursUp = ['17', '18', '19', '20'];
  const hoursDown = ['05', '06', '07'];
  a.postingTime = {
    ...a.postingTime,
    byWeekday: { basedOn: 400, groups: [group('Mon', 0.07, 'neither')] },
    byHour: {
      basedOn: 400,
      groups: [...hoursUp.map((k) => group(k, 0.12, 'top')), ...hoursDown.map((k) => group(k, 0.04, 'bottom'))],
    },
  };
  a.findings = {
    alpha: 0.05,
    minSideVideos: 5,
    tests: [
      ...good.map((k, i) => test('hashtag', k, 0.001 + i * 1e-4, 0.5)),
      ...plain.map((k, i) => test('hashtag', k, 0.002 + i * 1e-4, -0.5)),
      ...hoursUp.map((k, i) => test('hour', k, 0.003 + i * 1e-4, 0.4)),
      ...hoursDown.map((k, i) => test('hour', k, 0.004 + i * 1e-4, -0.4)),
      ...flat.map((k) => test('hashtag', k, 0.6, 0.02)),
      test('weekday', 'Mon', 0.7, 0.01),
    ],
  };
  return a;
}

describe('capped group lists count the significant groups they leave out', () => {
  it('terminal: the hashtags cut by the 8-per-side cap are not called "none beyond chance"', () => {
    const text = renderAnalysisText(sampleCatalog(), manyTags(), { now: NOW, width: 200 });
    const lines = text.split('\n');
    const start = lines.findIndex((l) => l.startsWith('Hashtags'));
    const end = lines.findIndex((l, i) => i > start && l === '');
    const section = lines.slice(start, end);
    expect(section.filter((l) => l.includes('▲ top'))).toHaveLength(8);
    expect(section.filter((l) => l.includes('▼ bottom'))).toHaveLength(8);
    const note = section.at(-1)?.trim();
    expect(note).toBe(
      '4 more hashtags beyond chance not shown, 3 more tested without a clear difference (see --json).',
    );
    expect(text).not.toContain('none beyond chance');
  });

  it('terminal: with only significant hashtags cut, it says so and nothing about "tested"', () => {
    const a = manyTags();
    a.hashtags.groups = a.hashtags.groups.filter((g) => !['fyp', 'foryou', 'viral'].includes(g.key));
    const text = renderAnalysisText(sampleCatalog(), a, { now: NOW, width: 200 });
    expect(text).toContain('  4 more hashtags beyond chance not shown (see --json).');
    expect(text).not.toContain('none beyond chance');
  });

  it('Discord embed: hashtags and posting-time fields say how many significant groups are not shown', () => {
    const embeds = analysisReport(sampleCatalog(), manyTags(), { now: NOW }).embeds;
    const embed = embeds[0] as APIEmbed;
    const tags = fieldNamed(embed, '#️⃣ Hashtags').value;
    expect(tags.split('\n').filter((l) => l.startsWith('▲') || l.startsWith('▼'))).toHaveLength(6);
    expect(tags).toContain('14 more hashtags beyond chance not shown (see the Hashtags detail page).');
    const time = fieldNamed(embed, '🕒 Posting time').value;
    expect(time.split('\n').filter((l) => l.startsWith('▲') || l.startsWith('▼'))).toHaveLength(4);
    expect(time).toContain('3 more beyond chance not shown (see the Posting time detail page).');
  });
});
