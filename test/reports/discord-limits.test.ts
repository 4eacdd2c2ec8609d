import type { APIEmbed } from 'discord.js';
import { describe, expect, it } from 'vitest';
import {
  DISCORD_LIMITS,
  embedsLength,
  findLimitViolations,
  fitEmbeds,
  fitMessage,
  TRUNCATION_NOTE,
  truncateForDiscord,
} from '../../src/reports/discord-limits.js';
import { analysisReport } from '../../src/reports/analysis-embed.js';
import { sampleAnalysis, sampleCatalog } from './sample-analysis.js';

const fences = (text: string) => text.split('```').length - 1;

describe('fitEmbeds', () => {
  it('leaves an embed that fits untouched', () => {
    const embed: APIEmbed = {
      title: 'Hello',
      description: 'World',
      fields: [{ name: 'a', value: 'b', inline: true }],
      footer: { text: 'f' },
    };
    expect(fitEmbeds([embed])).toEqual([embed]);
  });

  it('cuts every text to its own limit with an ellipsis', () => {
    const long = (n: number) => 'x'.repeat(n);
    const [fitted] = fitEmbeds([
      { title: long(300), author: { name: long(300) }, fields: [{ name: long(300), value: long(2000) }] },
    ]);
    expect(fitted?.title).toHaveLength(DISCORD_LIMITS.title);
    expect(fitted?.title?.endsWith('…')).toBe(true);
    expect(fitted?.author?.name).toHaveLength(DISCORD_LIMITS.authorName);
    expect(fitted?.fields?.[0]?.name).toHaveLength(DISCORD_LIMITS.fieldName);
    expect(fitted?.fields?.[0]?.value).toHaveLength(DISCORD_LIMITS.fieldValue);
    expect(fitted?.fields?.[0]?.value.endsWith('…')).toBe(true);
    // Within the total: nothing was left out, so no note.
    expect(fitted?.footer).toBeUndefined();
  });

  it('drops the field, then shortens the description, when every text is at its limit (7936 > 6000)', () => {
    const long = (n: number) => 'x'.repeat(n);
    const [fitted] = fitEmbeds([
      {
        title: long(300),
        description: long(5000),
        author: { name: long(300) },
        footer: { text: long(3000) },
        fields: [{ name: long(300), value: long(2000) }],
      },
    ]);
    expect(fitted?.fields).toBeUndefined();
    expect(fitted?.footer?.text).toHaveLength(DISCORD_LIMITS.footerText);
    expect(fitted?.footer?.text.endsWith(TRUNCATION_NOTE)).toBe(true);
    expect(fitted?.title).toHaveLength(DISCORD_LIMITS.title);
    // What is left of the 6000 goes to the description.
    expect(embedsLength(fitted ? [fitted] : [])).toBe(DISCORD_LIMITS.embedsTotal);
    expect(fitted?.description?.endsWith('…')).toBe(true);
    expect(findLimitViolations({ embeds: fitted ? [fitted] : [] })).toEqual([]);
  });

  it('does not modify its input', () => {
    const embed: APIEmbed = {
      title: 'x'.repeat(300),
      fields: Array.from({ length: 30 }, (_, i) => ({ name: `f${i}`, value: 'v' })),
    };
    const copy = structuredClone(embed);
    fitEmbeds([embed]);
    expect(embed).toEqual(copy);
  });

  it('keeps at most 25 fields and notes that the rest were left out', () => {
    const fields = Array.from({ length: 40 }, (_, i) => ({ name: `field ${i}`, value: `value ${i}` }));
    const [fitted] = fitEmbeds([{ title: 't', fields, footer: { text: '240 videos' } }]);
    expect(fitted?.fields).toHaveLength(25);
    expect(fitted?.fields?.[24]?.name).toBe('field 24');
    expect(fitted?.footer?.text).toBe(`240 videos · ${TRUNCATION_NOTE}`);
  });

  it('drops trailing fields, not leading ones, to keep the 6000 total', () => {
    const fields = Array.from({ length: 25 }, (_, i) => ({ name: `field ${i}`, value: `${i}`.padEnd(900, '.') }));
    const fitted = fitEmbeds([{ title: 'report', description: 'summary', fields }]);
    expect(embedsLength(fitted)).toBeLessThanOrEqual(DISCORD_LIMITS.embedsTotal);
    const kept = fitted[0]?.fields ?? [];
    expect(kept.length).toBeGreaterThan(3);
    expect(kept.length).toBeLessThan(25);
    expect(kept.map((f) => f.name)).toEqual(fields.slice(0, kept.length).map((f) => f.name));
    expect(fitted[0]?.description).toBe('summary');
    expect(fitted[0]?.footer?.text).toBe(TRUNCATION_NOTE);
  });

  it('shares the 6000 total across embeds, cutting from the last embed first', () => {
    const embed = (name: string): APIEmbed => ({
      title: name,
      fields: Array.from({ length: 5 }, (_, i) => ({ name: `${name} ${i}`, value: 'v'.repeat(800) })),
    });
    const fitted = fitEmbeds([embed('A'), embed('B')]);
    expect(embedsLength(fitted)).toBeLessThanOrEqual(DISCORD_LIMITS.embedsTotal);
    expect(fitted[0]?.fields).toHaveLength(5);
    expect(fitted[1]?.fields?.length ?? 0).toBeLessThan(5);
    expect(fitted[1]?.footer?.text).toBe(TRUNCATION_NOTE);
  });

  it('keeps at most 10 embeds', () => {
    const fitted = fitEmbeds(Array.from({ length: 12 }, (_, i) => ({ title: `embed ${i}` })));
    expect(fitted).toHaveLength(10);
    expect(fitted[9]?.footer?.text).toBe(TRUNCATION_NOTE);
    expect(findLimitViolations({ embeds: fitted })).toEqual([]);
  });

  it('shortens long footers, titles and author names when there are no fields left to drop', () => {
    const embeds = Array.from({ length: 10 }, (_, i) => ({
      title: `${i}`.repeat(256),
      author: { name: 'a'.repeat(256) },
      footer: { text: 'f'.repeat(2048) },
      description: 'd'.repeat(1000),
    }));
    const fitted = fitEmbeds(embeds);
    expect(findLimitViolations({ embeds: fitted })).toEqual([]);
    expect(embedsLength(fitted)).toBeLessThanOrEqual(DISCORD_LIMITS.embedsTotal);
    expect(fitted).toHaveLength(10);
  });

  it('replaces empty field names and values, which Discord rejects', () => {
    const [fitted] = fitEmbeds([{ fields: [{ name: '', value: '' }] }]);
    expect(findLimitViolations({ embeds: fitted ? [fitted] : [] })).toEqual([]);
  });

  it('removes image URLs Discord would refuse', () => {
    const [fitted] = fitEmbeds([{ title: 't', image: { url: `https://quickchart.io/chart?c=${'x'.repeat(3000)}` } }]);
    expect(fitted?.image).toBeUndefined();
    expect(fitted?.footer?.text).toBe(TRUNCATION_NOTE);
  });

  it('counts emoji as Discord does at most (UTF-16 units) and never splits one', () => {
    const [fitted] = fitEmbeds([{ title: '🔥'.repeat(200) }]);
    expect(fitted?.title?.length).toBeLessThanOrEqual(256);
    expect(fitted?.title).toBe(`${'🔥'.repeat(127)}…`);
  });
});

describe('truncateForDiscord', () => {
  it('closes a code block it cuts, at a line boundary', () => {
    const rows = Array.from({ length: 300 }, (_, i) => `row ${String(i).padStart(3, '0')}  12.34%  56.7K`);
    const text = `Intro line.\n\`\`\`\n${rows.join('\n')}\n\`\`\``;
    const cut = truncateForDiscord(text, 1024);
    expect(cut.length).toBeLessThanOrEqual(1024);
    expect(fences(cut)).toBe(2);
    expect(cut.endsWith('\n```')).toBe(true);
    const lines = cut.split('\n');
    // Every table line kept is a whole row.
    for (const line of lines.slice(2, -2)) expect(rows).toContain(line);
  });

  it('leaves the block out when not even one row fits', () => {
    const text = `Intro.\n\`\`\`\n${'x'.repeat(500)}\n\`\`\``;
    const cut = truncateForDiscord(text, 40);
    expect(cut).toBe('Intro.…');
  });

  it('cuts plain text with an ellipsis', () => {
    expect(truncateForDiscord('abcdef', 4)).toBe('abc…');
  });
});

describe('fitMessage', () => {
  it('cuts content to 2000 and passes other keys through', () => {
    const files = [{ name: 'chart.png' }];
    const fitted = fitMessage({ content: 'c'.repeat(2500), embeds: [{ title: 'x'.repeat(300) }], files });
    expect(fitted.content).toHaveLength(2000);
    expect(fitted.files).toBe(files);
    expect(findLimitViolations(fitted)).toEqual([]);
  });
});

describe('findLimitViolations', () => {
  it('names every broken limit', () => {
    const problems = findLimitViolations({
      content: 'c'.repeat(2001),
      embeds: [
        { title: 't'.repeat(257), fields: Array.from({ length: 26 }, () => ({ name: 'n', value: 'v'.repeat(1025) })) },
      ],
    });
    expect(problems).toContain('content is 2001 > 2000');
    expect(problems).toContain('embed 0 title is 257 > 256');
    expect(problems).toContain('embed 0 has 26 fields > 25');
    expect(problems).toContain('embed 0 field 0 value is 1025 > 1024');
    expect(problems.some((p) => p.startsWith('embeds total'))).toBe(true);
  });
});

describe('the analysis report within every limit', () => {
  it('fits with 200 long hashtags, long captions, a long notice and a long username', () => {
    const analysis = sampleAnalysis();
    analysis.notice = 'Careful: '.repeat(600);
    analysis.hashtags.groups = Array.from({ length: 200 }, (_, i) => ({
      key: `${'verylonghashtag'.repeat(20)}${i}`,
      count: 3 + (i % 40),
      avgEngagementRate: 0.01 * (i % 13),
      medianEngagementRate: 0.009 * (i % 13),
      topCount: i % 2 === 0 ? 3 : 0,
      bottomCount: i % 2 === 0 ? 0 : 3,
    }));
    analysis.postingTime.timeZone = `America/${'Very_Long_Zone'.repeat(30)}`;
    analysis.durationBuckets = analysis.durationBuckets.map((b) => ({ ...b, label: b.label.repeat(60) }));
    analysis.topPerformers = analysis.topPerformers.map((p) => ({ ...p, caption: `${'🔥[x](y) '.repeat(300)}` }));
    analysis.sound.groups = Array.from({ length: 60 }, (_, i) => ({
      key: `sound ${'x'.repeat(100)} ${i}`,
      count: 5,
      avgEngagementRate: 0.05,
      medianEngagementRate: 0.045,
      topCount: 1,
      bottomCount: 1,
    }));
    // Every long hashtag significant, so the summary and the hashtag field both try to show them.
    analysis.findings.tests = analysis.hashtags.groups.map((g, i) => ({
      dimension: 'hashtag' as const,
      key: g.key,
      n: g.count,
      nRest: 236 - g.count,
      medianGroup: g.medianEngagementRate,
      medianRest: 0.05,
      u: 100,
      p: 1e-6 * (i + 1),
      q: 1e-5 * (i + 1),
      effect: i % 2 === 0 ? 0.4 : -0.4,
      significant: true,
    }));
    const catalog = sampleCatalog();
    catalog.account.username = 'u'.repeat(400);

    const { embeds } = analysisReport(catalog, analysis, { chartFileName: 'chart.png' });
    expect(findLimitViolations({ embeds })).toEqual([]);
    expect(embedsLength(embeds)).toBeLessThanOrEqual(6000);
    for (const embed of embeds) {
      for (const text of [embed.description ?? '', ...(embed.fields ?? []).map((f) => f.value)]) {
        expect(fences(text) % 2).toBe(0);
      }
    }
  });
});
