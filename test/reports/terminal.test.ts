import { describe, expect, it } from 'vitest';
import { renderAnalysisText } from '../../src/reports/terminal.js';
import { displayWidth } from '../../src/reports/text-table.js';
import { formatPercent } from '../../src/reports/format.js';
import { CATALOG_NAMES } from '../support/fixtures.js';
import { fixtureCatalog } from './report-parsing.js';
import { sampleAnalysis, sampleCatalog, smallAnalysis } from './sample-analysis.js';

const NOW = new Date('2026-11-20T14:15:30.000Z');
// eslint-disable-next-line no-control-regex -- finding the ESC (\u001b) that starts an ANSI colour code is the point
const ANSI = /\u001b\[/u;

/** The lines under a section heading, up to the next blank line. */
function section(text: string, heading: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.startsWith(heading));
  if (start === -1) throw new Error(`no section ${heading}`);
  const end = lines.findIndex((line, i) => i > start && line === '');
  return lines.slice(start, end === -1 ? undefined : end);
}

const cells = (line: string) => line.trim().split(/\s{2,}/u);
/** Wrapped lines read back as one: the words, single-spaced. */
const flat = (lines: readonly string[]) => lines.map((line) => line.trim()).join(' ');

describe('renderAnalysisText', () => {
  const text = renderAnalysisText(sampleCatalog(), sampleAnalysis(), { now: NOW });

  it('has a header with account, source, counts, skipped records and cost', () => {
    const header = section(text, 'TikTok retention analysis');
    expect(header[0]).toBe('TikTok retention analysis: @chefmaya · 120.4K followers');
    expect(header).toContain('Source     Scavio API · fetched live · 11 API calls · 11 credits used, 489 left');
    expect(header).toContain('Data from  2026-11-20 14:03 UTC');
    expect(header).toContain('Videos     240 in catalog · 236 analysed (plays > 0) · 2 records skipped');
    // One numbering everywhere: the 1-based position the normalizer gave.
    expect(header).toContain('  skipped record 13: play_count is negative (-3)');
  });

  it('shows the tiers side by side', () => {
    const tiers = section(text, 'Top vs bottom quartile');
    expect(tiers[0]).toContain('engagement ≥ 9.88% vs ≤ 4.12%');
    expect(cells(tiers[1] ?? '')).toEqual(['Top 25%', 'Bottom 25%', 'Top ÷ bottom']);
    const row = (label: string) => cells(tiers.find((line) => line.trim().startsWith(label)) ?? '');
    expect(row('Videos')).toEqual(['Videos', '60', '61']);
    expect(row('Avg length')).toEqual(['Avg length', '0:24', '1:13', '0.3×']);
    expect(row('Engagement')).toEqual(['Engagement', '12.41%', '3.10%', '4.0×']);
    expect(row('Like rate')).toEqual(['Like rate', '11.08%', '2.79%', '4.0×']);
    expect(row('Comment rate')).toEqual(['Comment rate', '0.51%', '0.20%', '2.6×']);
    expect(row('Share rate')).toEqual(['Share rate', '0.82%', '0.11%', '7.3×']);
    expect(row('Avg plays')).toEqual(['Avg plays', '1M', '48.2K', '21×']);
  });

  it('opens with the summary of the significant findings, before any table', () => {
    const summary = section(text, 'In short');
    expect(text.indexOf('In short')).toBeLessThan(text.indexOf('Top vs bottom quartile'));
    expect(summary[1]).toBe('  • Videos tagged #recipe: 10.10% median engagement vs 6.10% for the rest (40 vs');
    expect(flat(summary)).toContain('--min-age-days 7 leaves them out');
  });

  it('draws a bar per duration bucket, longest for the best, with mean and median, and names the sweet spot', () => {
    const lines = section(text, 'Engagement by video length');
    expect(cells(lines[1] ?? '')).toEqual(['Avg', 'Median']);
    const bars = lines.slice(2, 7).map((line) => displayWidth(line.replace(/[^█▏▎▍▌▋▊▉]/gu, '')));
    expect(bars).toHaveLength(5);
    expect(Math.max(...bars)).toBe(bars[1]); // 15-30s has the best engagement
    expect(bars.every((b) => b > 0)).toBe(true);
    expect(lines[3]).toMatch(/^ {2}15-30s {2}n=92 {2}9\.12% {3}8\.21% {2}█+ {2}← sweet spot$/u);
    expect(flat(lines)).toContain(
      'Sweet spot: 15-30s (92 videos), better than the other lengths beyond chance: 9.12% avg engagement, +28.0% vs',
    );
    const unsure = sampleAnalysis();
    unsure.durationSweetSpot = { ...unsure.durationSweetSpot!, significant: false };
    const plain = section(renderAnalysisText(sampleCatalog(), unsure, { now: NOW, width: 200 }), 'Engagement by');
    expect(plain[3]).toMatch(/← best$/u);
    expect(flat(plain)).toContain('Best bucket: 15-30s (92 videos), not clearly better than the rest');
    expect(flat(plain)).not.toContain('sweet spot');
  });

  it('lists the top performers with links', () => {
    const lines = section(text, 'Top 5 by engagement');
    expect(lines[2]).toMatch(/1\s+21\.43%\s+310K\s+0:24\s+Crispy chickpeas in 15 min #recipe #airfryer 🔥$/u);
    expect(lines[3]?.trim()).toBe('https://www.tiktok.com/@chefmaya/video/7301');
    expect(lines.filter((line) => line.includes('https://www.tiktok.com/@chefmaya/video/'))).toHaveLength(5);
  });

  it('shows hashtag, posting-time and sound breakdowns with their n, mean, median and test verdict', () => {
    const hashtags = section(text, 'Hashtags');
    expect(hashtags[0]).toContain('each used by ≥ 3 videos · 180 videos with hashtags');
    expect(cells(hashtags[1] ?? '')).toEqual(['Hashtag', 'n', 'Mean', 'Median', 'Top', 'Bottom', 'Leans']);
    expect(cells(hashtags[2] ?? '')).toEqual(['#recipe', '40', '10.10%', '9.09%', '22', '3', '▲ top']);
    expect(cells(hashtags[3] ?? '')).toEqual(['#baking', '30', '5.00%', '4.50%', '4', '12', '▼ bottom']);
    expect(hashtags).toHaveLength(6); // only the significant ones, then the note
    expect(flat(hashtags.slice(4))).toBe(
      '3 more hashtags tested, none beyond chance (see --json). 1 hashtag too few to test (each side needs 5 videos).',
    );
    const time = section(text, 'Posting time');
    expect(time[0]).toContain('Europe/Berlin · 230 videos with a post time');
    expect(cells(time.find((l) => l.includes('Sunday')) ?? '')).toEqual([
      'Sunday',
      '2',
      '30.00%',
      '27.00%',
      '2',
      '0',
      'too few to test',
    ]);
    expect(cells(time.find((l) => l.includes('Monday')) ?? '')).toEqual([
      'Monday',
      '30',
      '6.00%',
      '5.40%',
      '5',
      '9',
      '-',
    ]);
    expect(text).toMatch(/18:00-19:00\s+44\s+11\.00%\s+9\.90%\s+20\s+4\s+▲ top/u);
    expect(text).toMatch(/07:00-08:00\s+20\s+4\.00%\s+3\.60%\s+1\s+9\s+-/u); // 1 vs 9, yet its test found nothing
    const sound = section(text, 'Sound');
    expect(cells(sound.find((l) => l.includes('Original')) ?? '')).toEqual([
      'Original sound',
      '150',
      '8.10%',
      '7.29%',
      '45',
      '30',
      '▲ top',
    ]);
    expect(cells(sound.find((l) => l.includes('Other')) ?? '')).toEqual([
      'Other sounds',
      '86',
      '5.40%',
      '4.86%',
      '15',
      '31',
      '▼ bottom',
    ]);
  });

  it('says how many post times have a time of day when some are dates only, and when none has', () => {
    const withDates = (withHour: number) => {
      const base = sampleAnalysis();
      const byHour = { basedOn: withHour, groups: withHour === 0 ? [] : base.postingTime.byHour.groups };
      return { ...base, postingTime: { ...base.postingTime, byHour } };
    };
    const some = renderAnalysisText(sampleCatalog(), withDates(200), { now: NOW, width: 120 });
    expect(section(some, 'Posting time')[0]).toContain(
      'Europe/Berlin · 230 videos with a post time, 200 with a time of day',
    );
    expect(some.slice(some.indexOf('Posting time'))).toMatch(/^\s+18:00-19:00\s+44\s/mu);
    const none = renderAnalysisText(sampleCatalog(), withDates(0), { now: NOW, width: 120 });
    const time = none.slice(none.indexOf('Posting time'));
    expect(time.split('\n')[0]).toContain('230 videos with a post time, 0 with a time of day');
    expect(time).toContain('  No post time has a time of day, so there is no breakdown by hour.');
    // Every post time with a time of day: the heading as before.
    expect(section(text, 'Posting time')[0]).not.toContain('time of day');
  });

  it('shows rank correlations with plays, their n and p', () => {
    const lines = section(text, 'Rank correlation with plays');
    expect(cells(lines[1] ?? '')).toEqual(['Engagement rate', '+0.42', 'n=236', 'p < 0.001']);
    expect(cells(lines[3] ?? '')).toEqual(['Comment rate', 'n/a', 'n=2']);
  });

  it('ends with how to read it', () => {
    expect(text.trimEnd().split('\n').slice(-5).join(' ')).toContain('How to read this:');
    expect(text).toContain('not watch-time retention');
  });

  it('has no colour codes unless asked, and colours when asked', () => {
    expect(text).not.toMatch(ANSI);
    const coloured = renderAnalysisText(sampleCatalog(), sampleAnalysis(), { now: NOW, color: true });
    expect(coloured).toMatch(ANSI);
    // eslint-disable-next-line no-control-regex -- strips ANSI colour codes, which start with ESC (\u001b)
    expect(coloured.replace(/\u001b\[[0-9;]*m/gu, '')).toBe(text);
  });

  it('fits captions and bars to the width asked for', () => {
    for (const width of [60, 100]) {
      const narrow = renderAnalysisText(sampleCatalog(), sampleAnalysis(), { now: NOW, width });
      const tooWide = narrow.split('\n').filter((line) => displayWidth(line) > width && !line.includes('https://'));
      expect(tooWide).toEqual([]);
    }
  });

  it('says plainly when there are too few videos for quartiles, and shows what there is', () => {
    const analysis = smallAnalysis();
    const small = renderAnalysisText(sampleCatalog({ kind: 'demo' }), analysis, { now: NOW, width: 200 });
    expect(small).toContain(`! ${analysis.notice}`);
    expect(small).not.toContain('Top vs bottom quartile');
    expect(small).toContain('Source     built-in demo catalog · no API calls');
    expect(small).toContain('Top 3 by engagement');
    expect(small).toContain('No hashtag is used by 3 or more videos.');
    expect(small).toContain('In short');
    expect(small).toContain('No post times in this catalog.');
  });
});

describe('renderAnalysisText on the fixture catalogs', () => {
  it.each(CATALOG_NAMES)('%s: contains the key figures of the analysis', (name) => {
    const { catalog, analysis } = fixtureCatalog(name);
    const text = renderAnalysisText(catalog, analysis, { now: NOW });
    expect(text).toContain(`${analysis.videoCount.toLocaleString('en-US')} in catalog`);
    expect(text).toContain(`${analysis.analyzedCount.toLocaleString('en-US')} analysed`);
    if (analysis.thresholds !== null && analysis.tiers !== null) {
      expect(text).toContain(
        `engagement ≥ ${formatPercent(analysis.thresholds.q75)} vs ≤ ${formatPercent(analysis.thresholds.q25)}`,
      );
      expect(text).toContain(formatPercent(analysis.tiers.top.avgEngagementRate));
      expect(text).toContain(formatPercent(analysis.tiers.bottom.avgEngagementRate));
    }
    for (const bucket of analysis.durationBuckets)
      expect(text).toMatch(new RegExp(`${bucket.label.replace(/[+]/gu, '\\+')}\\s+n=${bucket.count}\\s`, 'u'));
    for (const performer of analysis.topPerformers) expect(text).toContain(`/video/${performer.id}`);
  });
});
