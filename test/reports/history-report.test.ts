import type { APIEmbed } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { trendPointsFromSnapshots, type TrendPoint } from '../../src/analysis/snapshot.js';
import { findLimitViolations } from '../../src/reports/discord-limits.js';
import { weeksBetween } from '../../src/analysis/iso-week.js';
import { HISTORY_COLUMNS, HISTORY_WEEKS_SHOWN, historyReport } from '../../src/reports/history-report.js';
import { codeBlockRows, parsePercent } from './report-parsing.js';
import { fixtureVideos, grownWeek, newVideos, snapshotOf } from './weekly-data.js';

const PERCENT_SHOWN = 0.00005 + 1e-12;
const WEEK_MS = 7 * 86_400_000;

function onlyEmbed(result: { embeds: APIEmbed[] }): APIEmbed {
  expect(result.embeds).toHaveLength(1);
  return result.embeds[0] as APIEmbed;
}

/** `weeks` weekly snapshots of a growing catalog (real analysis and snapshots), as trend points. */
function weeklyPoints(weeks: number): TrendPoint[] {
  let videos = fixtureVideos('clean-60');
  const snapshots = [];
  for (let week = 0; week < weeks; week++) {
    snapshots.push(snapshotOf('chefmaya', videos, new Date(Date.parse('2026-03-02T09:00:00Z') + week * WEEK_MS)));
    videos = [...newVideos(2, `w${week}-`), ...grownWeek(videos)];
  }
  return trendPointsFromSnapshots(snapshots);
}

function expectRowMatches(row: string[] | undefined, point: TrendPoint): void {
  expect(row?.[0]).toBe(point.label);
  const [, videos, median, q75, share] = row as string[];
  expect(Number(videos?.replace(/,/gu, ''))).toBe(point.videoCount);
  for (const [text, value] of [
    [median, point.medianEngagementRate],
    [q75, point.q75EngagementRate],
    [share, point.shareRate],
  ] as const) {
    if (value === null) expect(text).toBe('n/a');
    else expect(Math.abs(parsePercent(text ?? '') - value)).toBeLessThanOrEqual(PERCENT_SHOWN);
  }
}

describe('historyReport', () => {
  const points = weeklyPoints(20);
  const embed = onlyEmbed(historyReport('chefmaya', points, { chartFileName: 'history.png' }));

  it('tables the last 12 weeks with the numbers of the trend points', () => {
    const rows = codeBlockRows(embed.description ?? '');
    expect(rows[0]).toEqual([...HISTORY_COLUMNS]);
    const shown = points.slice(-HISTORY_WEEKS_SHOWN);
    expect(rows).toHaveLength(shown.length + 1);
    shown.forEach((point, i) => expectRowMatches(rows[i + 1], point));
  });

  it('says how many weeks are stored and that the chart shows them all', () => {
    expect(embed.title).toBe('Weekly history: @chefmaya');
    expect(embed.description).toContain(
      `20 weekly snapshots of @chefmaya stored (${points[0]?.label} to ${points[19]?.label}); the table shows the last 12, the chart all of them.`,
    );
    expect(embed.description).toContain('Over 11 weeks (12 snapshots): median engagement');
    expect(embed.footer?.text).toContain('20 weekly snapshots stored');
  });

  it('shows the chart only when given', () => {
    expect(embed.image).toEqual({ url: 'attachment://history.png' });
    expect(onlyEmbed(historyReport('chefmaya', points)).image).toBeUndefined();
  });

  it('stays within Discord’s limits, even for a year of weeks and a long name', () => {
    expect(findLimitViolations({ embeds: [embed] })).toEqual([]);
    const long = onlyEmbed(
      historyReport('x'.repeat(200), weeklyPoints(60), { chartFileName: 'history.png', weeksShown: 60 }),
    );
    expect(findLimitViolations({ embeds: [long] })).toEqual([]);
    expect(codeBlockRows(long.description ?? '').length).toBeGreaterThan(12);
  });

  it('shows n/a for a week too small for quartiles', () => {
    const small: TrendPoint = {
      label: '2026-W10',
      medianEngagementRate: 0.05,
      q75EngagementRate: null,
      shareRate: 0.004,
      videoCount: 3,
    };
    const rows = codeBlockRows(onlyEmbed(historyReport('chefmaya', [small, ...points.slice(0, 2)])).description ?? '');
    expectRowMatches(rows[1], small);
  });
});

describe('historyReport span', () => {
  /** The reviewer's reproduction (hist.mjs): two snapshots 21 weeks apart, 2026-W02 and 2026-W23. */
  const snap = (takenAt: string, median: number) => ({
    takenAt,
    summary: { medianEngagementRate: median, thresholds: { q25: 0.03, q75: 0.09 }, shareRate: 0.01, videoCount: 100 },
  });

  it('counts the weeks from the first snapshot to the last, not the number of snapshots', () => {
    const points = trendPointsFromSnapshots([
      snap('2026-01-05T09:00:00Z', 0.05),
      snap('2026-06-01T09:00:00Z', 0.08),
    ] as unknown as Parameters<typeof trendPointsFromSnapshots>[0]);
    expect(points.map((p) => p.label)).toEqual(['2026-W02', '2026-W23']);
    const embed = onlyEmbed(historyReport('me', points));
    expect(embed.description).toContain('Over 21 weeks (2 snapshots): median engagement 5.00% → 8.00%');
    expect(embed.description).toContain('2 weekly snapshots of @me stored (2026-W02 to 2026-W23).');
    expect(embed.description).not.toContain('2 weeks');
  });

  it('shows a change that matches the two rates it shows', () => {
    const points = trendPointsFromSnapshots([
      snap('2026-01-05T09:00:00Z', 0.071249),
      snap('2026-01-12T09:00:00Z', 0.07135),
    ] as unknown as Parameters<typeof trendPointsFromSnapshots>[0]);
    const embed = onlyEmbed(historyReport('me', points));
    expect(embed.description).toContain('Over 1 week (2 snapshots): median engagement 7.12% → 7.14% (+0.02 pp)');
  });

  it('counts weeks across a year end (ISO years of 52 and 53 weeks)', () => {
    expect(weeksBetween('2025-W52', '2026-W01')).toBe(1);
    expect(weeksBetween('2026-W53', '2027-W01')).toBe(1);
    expect(weeksBetween('2020-W53', '2021-W01')).toBe(1);
    expect(weeksBetween('2026-W02', '2026-W23')).toBe(21);
    expect(weeksBetween('2026-W02', 'not a week')).toBeNull();
  });
});

describe('historyReport with fewer than 2 points', () => {
  it('shows the one week and says the first weekly report will add a second point', () => {
    const [point] = weeklyPoints(1);
    const embed = onlyEmbed(historyReport('chefmaya', [point as TrendPoint]));
    expect(embed.description).toContain('the first weekly report will add a second point');
    expectRowMatches(codeBlockRows(embed.description ?? '')[1], point as TrendPoint);
    expect(embed.description).not.toMatch(/Over \d| snapshots\):/u);
  });

  it('explains how to start a history when there is none', () => {
    const embed = onlyEmbed(historyReport('@chefmaya', []));
    expect(embed.description).toContain('No snapshots of @chefmaya are stored yet');
    expect(embed.description).toContain('`/retention subscribe username:chefmaya`');
    expect(embed.description).not.toContain('```');
    expect(findLimitViolations({ embeds: [embed] })).toEqual([]);
  });
});
