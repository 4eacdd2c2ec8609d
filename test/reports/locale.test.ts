import { describe, expect, it } from 'vitest';
import { callsFor } from '../../src/tiktok/scavio-client.js';
import { findLimitViolations, fitAutocompleteChoices } from '../../src/reports/discord-limits.js';
import {
  formatCompact,
  formatDateTime,
  formatDeltaPoints,
  formatInteger,
  formatPercent,
  formatRatio,
  formatUtcDate,
  plural,
  resolveLocale,
} from '../../src/reports/format.js';
import { helpEmbeds } from '../../src/reports/help.js';
import { HOW_TO_READ } from '../../src/reports/summary.js';
import { usageLines } from '../../src/reports/usage-report.js';

// Intl writes French groups and the space before % with a narrow or plain no-break space.
const NBSP = /[\u00a0\u202f]/u;

describe('numbers and dates in the requester\u2019s locale', () => {
  it('keeps en-US output exactly as before when no locale is given', () => {
    expect(formatPercent(0.07123)).toBe('7.12%');
    expect(formatPercent(0.12415)).toBe('12.42%');
    expect(formatPercent(-0.00001)).toBe('0.00%');
    expect(formatInteger(1234567)).toBe('1,234,567');
    expect(formatInteger(-0.4)).toBe('0');
    expect(formatCompact(48210)).toBe('48.2K');
    expect(formatDeltaPoints(0.012)).toBe('+1.2 pp');
    expect(formatRatio(3.4, 1)).toBe('3.4×');
    expect(formatPercent(0.07123, 2, 'en-US')).toBe(formatPercent(0.07123));
  });

  it('writes German with a decimal comma and dot groups, rounding as in English', () => {
    expect(formatPercent(0.07123, 2, 'de')).toMatch(/^7,12\s?%$/u);
    expect(formatPercent(0.12415, 2, 'de')).toMatch(/^12,42/u);
    expect(formatInteger(1234567, 'de')).toBe('1.234.567');
    expect(formatCompact(48210, 'de')).toBe('48,2K');
    expect(formatDeltaPoints(-0.012, 1, 'de')).toBe('-1,2 pp');
    expect(formatRatio(3.4, 1, 'de')).toBe('3,4×');
    expect(plural(1500, 'credit', 'credits', 'de')).toBe('1.500 credits');
  });

  it('writes French with a decimal comma, space groups and a space before %', () => {
    expect(formatPercent(0.07123, 2, 'fr')).toMatch(new RegExp(`^7,12${NBSP.source}%$`, 'u'));
    expect(formatInteger(1234567, 'fr')).toMatch(new RegExp(`^1${NBSP.source}234${NBSP.source}567$`, 'u'));
  });

  it('writes dates in the locale\u2019s order and times in the given zone, naming it', () => {
    const at = '2026-12-01T13:05:00Z';
    expect(formatDateTime(at, { locale: 'en-US', timeZone: 'UTC' })).toBe('Dec 1, 2026, 1:05 PM (UTC)');
    expect(formatDateTime(at, { locale: 'de', timeZone: 'Europe/Berlin' })).toBe('01.12.2026, 14:05 (Europe/Berlin)');
    expect(formatDateTime(at, { locale: 'fr', timeZone: 'Europe/Paris' })).toMatch(
      /^1 déc\. 2026,? 14:05 \(Europe\/Paris\)$/u,
    );
    expect(formatUtcDate(new Date('2027-01-01T00:00:00Z'), 'de')).toBe('1. Januar 2027');
    expect(formatUtcDate(new Date('2027-01-01T00:00:00Z'), 'en-US')).toBe('January 1, 2027');
    expect(formatDateTime('not a date')).toBe('not a date');
  });

  it('falls back to en-US for a tag Intl does not take', () => {
    expect(resolveLocale('not a locale!')).toBe('en-US');
    expect(resolveLocale(undefined)).toBe('en-US');
    expect(resolveLocale('pt-BR')).toBe('pt-BR');
    expect(formatInteger(1000, 'not a locale!')).toBe('1,000');
  });
});

describe('/retention usage text', () => {
  const base = {
    usage: { fetches: 3, calls: 1234, credits: 1200 },
    held: 0,
    keyCredits: { remaining: 98765, at: '2026-12-10T08:30:00Z' },
    monthStart: new Date('2026-12-01T00:00:00Z'),
    resetsAt: new Date('2027-01-01T00:00:00Z'),
    timeZone: 'Europe/Berlin',
  };

  it('shows usage, what is left of the budget, when it resets, and the key balance, in the locale', () => {
    const de = usageLines({ ...base, budget: 5000, locale: 'de' }).join('\n');
    expect(de).toContain('Dezember 2026');
    expect(de).toContain('3 new fetches: 1.234 API calls, 1.200 credits');
    expect(de).toContain('**3.800 left**; resets on 1. Januar 2027, 00:00 UTC');
    expect(de).toContain('**98.765**, as of 10.12.2026, 09:30 (Europe/Berlin)');
    const en = usageLines({ ...base, budget: undefined, held: 11, locale: 'en-US' }).join('\n');
    expect(en).toContain('Budget: none set');
    expect(en).toContain('(up to 11 more held by fetches in progress)');
    expect(usageLines({ ...base, budget: 1, keyCredits: null, locale: 'en-US' }).join('\n')).toContain('**0 left**');
  });
});

describe('/retention help', () => {
  const facts = { defaultMaxVideos: 300, callsFor, cacheMinutes: 60, cooldownSeconds: 30, locale: 'en-US' };

  it('states each command\u2019s cost from the same rule the client uses, and fits Discord without truncation', () => {
    const embeds = helpEmbeds(facts);
    expect(findLimitViolations({ embeds })).toEqual([]);
    const text = JSON.stringify(embeds);
    expect(text).not.toContain('(truncated)');
    expect(text).toContain(`300 videos (the default) = ${callsFor(300)} calls`);
    expect(text).toContain(`100 videos = ${callsFor(100)} calls`);
    for (const command of ['analyze', 'export', 'compare', 'subscribe', 'settings', 'usage', 'history'])
      expect(text).toContain(`/retention ${command}`);
    expect(text).toContain('Mann\u2013Whitney');
    expect(text).toContain('Benjamini\u2013Hochberg');
  });

  it('carries the one "How to read this" text the reports carry', () => {
    const limits = helpEmbeds(facts)[0]!.fields!.find((f) => f.name === 'Limits')!;
    expect(limits.value.startsWith(HOW_TO_READ)).toBe(true);
  });
});

describe('autocomplete choices within Discord limits', () => {
  it('keeps at most 25, cuts long names, drops values a cut would change', () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ name: `n${i}`, value: `v${i}` }));
    expect(fitAutocompleteChoices(many)).toEqual(many.slice(0, 25));
    const fitted = fitAutocompleteChoices([
      { name: 'x'.repeat(150), value: 'ok' },
      { name: 'long value', value: 'v'.repeat(101) },
      { name: ' ', value: 'blank name' },
    ]);
    expect(fitted).toHaveLength(1);
    expect(fitted[0]!.name).toHaveLength(100);
    expect(fitted[0]!.value).toBe('ok');
  });
});

describe('the analysis report in the reader\u2019s locale', () => {
  it('writes every figure in German and changes nothing else; en-US is the default', async () => {
    const { analysisReport } = await import('../../src/reports/analysis-embed.js');
    const { sampleAnalysis, sampleCatalog } = await import('./sample-analysis.js');
    const now = new Date('2026-11-21T10:00:00Z');
    const catalog = sampleCatalog({ calls: 1234, creditsUsed: 1234, creditsRemaining: 98765 });
    const analysis = sampleAnalysis();
    const en = analysisReport(catalog, analysis, { now }).embeds;
    expect(analysisReport(catalog, analysis, { now, locale: 'en-US' }).embeds).toEqual(en);
    const de = analysisReport(catalog, analysis, { now, locale: 'de' }).embeds;
    const enText = JSON.stringify(en);
    const deText = JSON.stringify(de);
    expect(enText).toContain('1,234 API calls');
    expect(deText).toContain('1.234 API calls');
    expect(deText).toContain('98.765 left');
    // Every English percentage has its German twin: same digits, decimal comma.
    const percents = [...new Set(enText.match(/\d+\.\d{2}%/gu) ?? [])];
    expect(percents.length).toBeGreaterThan(3);
    for (const p of percents) expect(deText).toContain(p.replace('.', ',').replace('%', '\u00a0%'));
    // Without the numbers (and the table padding that follows their width), the two reports say the same.
    const words = (t: string) => t.replace(/[\d.,\u00a0]+/gu, '#').replace(/ +/gu, ' ');
    expect(words(deText)).toBe(words(enText));
  });
});
