import type { APIEmbed } from 'discord.js';
import { describe, expect, it } from 'vitest';
import type { Change, SnapshotDiff } from '../../src/analysis/snapshot.js';
import { diffSnapshots } from '../../src/analysis/snapshot.js';
import { analyzeVideos } from '../../src/analysis/analyze.js';
import { findLimitViolations, TRUNCATION_NOTE } from '../../src/reports/discord-limits.js';
import { HOW_TO_READ, summaryLines } from '../../src/reports/summary.js';
import {
  CATALOG_RATE_ROWS,
  TIER_HEADINGS,
  TIER_RATE_ROWS,
  VIDEOS_LISTED,
  weeklyReport,
  weeklyThreadName,
  type WeeklyReportOptions,
} from '../../src/reports/weekly-report.js';
import type { CatalogSource } from '../../src/tiktok/catalog.js';
import { CATALOG_NAMES } from '../support/fixtures.js';
import { codeBlockRows, compactTolerance, fieldNamed, parseCompact, parsePercent } from './report-parsing.js';
import {
  captionsOf,
  CURRENT_AT,
  diffOf,
  fixtureVideos,
  fixtureWeeks,
  grownWeek,
  newVideos,
  PREVIOUS_AT,
  snapshotOf,
  video,
} from './weekly-data.js';

const PERCENT_SHOWN = 0.00005 + 1e-12; // two decimals of a percentage
const POINTS_SHOWN = 0.00005 + 1e-12; // two decimals of a percentage point

const SOURCE: CatalogSource = {
  kind: 'scavio',
  fetchedAt: CURRENT_AT.toISOString(),
  calls: 3,
  creditsUsed: 3,
  creditsRemaining: 480,
  fromCache: false,
};

function onlyEmbed(result: { embeds: APIEmbed[] }): APIEmbed {
  expect(result.embeds).toHaveLength(1);
  return result.embeds[0] as APIEmbed;
}

function report(diff: SnapshotDiff, options: Partial<WeeklyReportOptions> = {}): APIEmbed {
  return onlyEmbed(weeklyReport(diff, { username: 'chefmaya', week: '2026-W48', catalogSource: SOURCE, ...options }));
}

/** '+0.28 pp' / '±0.00 pp' / '-1.47 pp' -> rate difference. */
function parsePoints(text: string): number {
  const match = /^([+±-]?)(\d+\.\d+) pp$/u.exec(text.trim());
  if (match === null) throw new Error(`not a pp change: ${JSON.stringify(text)}`);
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) / 100);
}

function parseSignedCompact(text: string): number {
  return parseCompact(text.replace(/^\+/u, ''));
}

/** A rate table row read back must equal the Change it shows, to the precision shown. */
function expectRowMatches(row: string[] | undefined, change: Change, label: string): void {
  expect(row, label).toBeDefined();
  const [, before, now, delta] = row as string[];
  expect(Math.abs(parsePercent(before ?? '') - (change.previous as number)), `${label} before`).toBeLessThanOrEqual(
    PERCENT_SHOWN,
  );
  expect(Math.abs(parsePercent(now ?? '') - (change.current as number)), `${label} now`).toBeLessThanOrEqual(
    PERCENT_SHOWN,
  );
  // The change shown is the difference of the two values shown, so the row agrees with itself...
  const shownChange = parsePoints(delta ?? '');
  expect(shownChange, `${label} change = now - before, as shown`).toBeCloseTo(
    parsePercent(now ?? '') - parsePercent(before ?? ''),
    9,
  );
  // ...and so within one rounding step of each column of the real change.
  expect(Math.abs(shownChange - (change.delta as number)), `${label} change`).toBeLessThanOrEqual(2 * POINTS_SHOWN);
}

describe('weekly rate rows', () => {
  it('show a change that matches their own Before and Now columns', () => {
    // 7.1249% shows as 7.12% and 7.135% as 7.14%; their raw difference, 0.0101 pp, would show as +0.01 pp.
    const diff = diffOf('chefmaya', fixtureVideos('clean-60'), grownWeek(fixtureVideos('clean-60')));
    diff.catalog.meanEngagementRate = { previous: 0.071249, current: 0.07135, delta: 0.07135 - 0.071249 };
    diff.catalog.shareRate = { previous: 0.004, current: 0.004049, delta: 0.004049 - 0.004 };
    diff.tiers.top.avgCommentRate = { previous: 0.00515, current: 0.005149, delta: 0.005149 - 0.00515 };
    const embed = report(diff);
    const catalog = codeBlockRows(fieldNamed(embed, 'Whole catalog').value);
    const row = (rows: string[][], label: string) => rows.find((r) => r[0] === label);
    expect(row(catalog, CATALOG_RATE_ROWS.meanEngagementRate)).toEqual(['Engagement', '7.12%', '7.14%', '+0.02 pp']);
    expect(row(catalog, CATALOG_RATE_ROWS.shareRate)).toEqual(['Share rate', '0.40%', '0.40%', '±0.00 pp']);
    const tiers = codeBlockRows(fieldNamed(embed, 'Top vs bottom').value);
    expect(row(tiers, TIER_RATE_ROWS.avgCommentRate)).toEqual(['Comment rate', '0.52%', '0.51%', '-0.01 pp']);
  });
});

function expectNumbersMatchDiff(embed: APIEmbed, diff: SnapshotDiff): void {
  const week = fieldNamed(embed, 'This week').value;
  const gains = /Plays \*\*(\S+)\*\* · Likes \*\*(\S+)\*\* · Comments \*\*(\S+)\*\* · Shares \*\*(\S+)\*\*/u.exec(week);
  expect(gains, week).not.toBeNull();
  const [, plays, likes, comments, shares] = gains as RegExpExecArray;
  for (const [text, value] of [
    [plays, diff.gained.plays],
    [likes, diff.gained.likes],
    [comments, diff.gained.comments],
    [shares, diff.gained.shares],
  ] as const) {
    expect(Math.abs(parseSignedCompact(text ?? '') - value)).toBeLessThanOrEqual(compactTolerance(value));
    if (value > 0) expect(text?.startsWith('+')).toBe(true);
  }
  if (diff.videosAdded !== null) {
    const added = /\*\*([\d,]+)\*\* new videos?/u.exec(week);
    expect(Number(added?.[1]?.replace(/,/gu, ''))).toBe(diff.videosAdded.length);
  }
  expect(week).toContain(
    `(catalog ${diff.videoCount.previous?.toLocaleString('en-US')} → ${diff.videoCount.current?.toLocaleString('en-US')})`,
  );

  const catalogRows = codeBlockRows(fieldNamed(embed, 'Whole catalog').value);
  expect(catalogRows[0]).toEqual(['Before', 'Now', 'Change']);
  const row = (rows: string[][], label: string) => rows.find((r) => r[0] === label);
  expectRowMatches(
    row(catalogRows, CATALOG_RATE_ROWS.meanEngagementRate),
    diff.catalog.meanEngagementRate,
    'engagement',
  );
  expectRowMatches(
    row(catalogRows, CATALOG_RATE_ROWS.medianEngagementRate),
    diff.catalog.medianEngagementRate,
    'median',
  );
  expectRowMatches(row(catalogRows, CATALOG_RATE_ROWS.shareRate), diff.catalog.shareRate, 'share');
  expectRowMatches(row(catalogRows, CATALOG_RATE_ROWS.commentRate), diff.catalog.commentRate, 'comment');
  expectRowMatches(row(catalogRows, CATALOG_RATE_ROWS.q75), diff.thresholds.q75, 'q75');

  const tierRows = codeBlockRows(fieldNamed(embed, 'Top vs bottom').value);
  const bottomAt = tierRows.findIndex((r) => r[0] === TIER_HEADINGS.bottom);
  expect(tierRows[0]).toEqual([TIER_HEADINGS.top, 'Before', 'Now', 'Change']);
  expect(bottomAt).toBeGreaterThan(0);
  for (const [tier, rows] of [
    ['top', tierRows.slice(1, bottomAt)],
    ['bottom', tierRows.slice(bottomAt + 1)],
  ] as const) {
    expectRowMatches(
      row(rows, TIER_RATE_ROWS.avgEngagementRate),
      diff.tiers[tier].avgEngagementRate,
      `${tier} engagement`,
    );
    expectRowMatches(row(rows, TIER_RATE_ROWS.avgShareRate), diff.tiers[tier].avgShareRate, `${tier} share`);
    expectRowMatches(row(rows, TIER_RATE_ROWS.avgCommentRate), diff.tiers[tier].avgCommentRate, `${tier} comment`);
  }
}

/** Video ids linked in a field, in order. */
function linkedIds(value: string, username = 'chefmaya'): string[] {
  const pattern = new RegExp(`\\]\\(https://www\\.tiktok\\.com/@${username}/video/([^)]+)\\)`, 'gu');
  return [...value.matchAll(pattern)].map((m) => decodeURIComponent(m[1] ?? ''));
}

describe('weeklyThreadName', () => {
  it('names the week and the account exactly', () => {
    expect(weeklyThreadName('chefmaya', '2026-W48')).toBe('Week 48: @chefmaya');
    expect(weeklyThreadName('@chefmaya', '2026-W48')).toBe('Week 48: @chefmaya');
    expect(weeklyThreadName('chefmaya', '2027-W05')).toBe('Week 5: @chefmaya');
  });

  it('stays within Discord’s 100-character thread name limit', () => {
    const name = weeklyThreadName('x'.repeat(150), '2026-W48');
    expect(name.length).toBeLessThanOrEqual(100);
    expect(name.startsWith('Week 48: @xxx')).toBe(true);
    expect(name.endsWith('…')).toBe(true);
  });
});

describe('weeklyReport of a week with growth, new videos and tier moves (clean-60)', () => {
  const { before, after } = fixtureWeeks('clean-60');
  const diff = diffOf('chefmaya', before, after);
  const embed = report(diff, { trendChartFileName: 'trend.png', captions: captionsOf(before, after) });

  it('has the moves this test is about', () => {
    expect(diff.perVideoDetail).toBe(true);
    expect(diff.videosAdded).toHaveLength(3);
    expect(diff.enteredTopQuartile?.length).toBeGreaterThan(0);
    expect(diff.leftTopQuartile?.length).toBeGreaterThan(0);
  });

  it('is titled like its thread and links the profile', () => {
    expect(embed.title).toBe('Week 48: @chefmaya');
    expect(embed.title).toBe(weeklyThreadName('chefmaya', '2026-W48'));
    expect(embed.url).toBe('https://www.tiktok.com/@chefmaya');
  });

  it('shows the numbers of the diff: videos added, gains, catalog and tier rates', () => {
    expectNumbersMatchDiff(embed, diff);
    expect(fieldNamed(embed, 'This week').value).toContain('Gained per video');
  });

  it('says when the comparison starts, as a Discord timestamp', () => {
    expect(embed.description).toContain(`since the snapshot of <t:${PREVIOUS_AT.getTime() / 1000}:D> (7 days earlier)`);
    expect(embed.timestamp).toBe(CURRENT_AT.toISOString());
  });

  it('lists the videos that entered and left the top quartile, linked, with their current rate', () => {
    const entered = fieldNamed(embed, 'Entered the top quartile');
    expect(entered.name).toContain(`(${diff.enteredTopQuartile?.length})`);
    expect(new Set(linkedIds(entered.value))).toEqual(new Set(diff.enteredTopQuartile?.map((v) => v.id)));
    for (const v of diff.enteredTopQuartile ?? []) {
      const line = entered.value.split('\n').find((l) => l.includes(`/video/${v.id})`)) ?? '';
      const rate = /· (\d+\.\d+%) engagement/u.exec(line)?.[1];
      expect(Math.abs(parsePercent(rate ?? '') - (v.engagementRate as number))).toBeLessThanOrEqual(PERCENT_SHOWN);
    }
    const left = fieldNamed(embed, 'Left the top quartile');
    expect(new Set(linkedIds(left.value))).toEqual(new Set(diff.leftTopQuartile?.map((v) => v.id)));
    expect(left.value).toContain('now in the');
  });

  it('lists the fastest-growing videos in order with the plays they gained', () => {
    const value = fieldNamed(embed, 'Fastest-growing').value;
    expect(linkedIds(value)).toEqual(diff.fastestGrowing?.map((v) => v.id));
    const gained = [...value.matchAll(/\*\*\+(\S+)\*\* plays/gu)].map((m) => parseCompact(m[1] ?? ''));
    diff.fastestGrowing?.forEach((v, i) =>
      expect(Math.abs((gained[i] as number) - v.playsGained)).toBeLessThanOrEqual(compactTolerance(v.playsGained)),
    );
    expect(value).toContain('[New this week #3 🔥 #recipe]'); // caption as link text
    expect(value).toContain('· new');
  });

  it('shows the trend chart attachment only when given', () => {
    expect(embed.image).toEqual({ url: 'attachment://trend.png' });
    expect(report(diff).image).toBeUndefined();
  });

  it('says what the data is and what it cost in the footer', () => {
    expect(embed.footer?.text).toBe(
      '62 videos (62 with plays) · fetched live · 3 API calls · 3 credits used, 480 left',
    );
  });

  it('stays within every Discord limit', () => {
    expect(findLimitViolations({ embeds: [embed] })).toEqual([]);
    expect(embed.footer?.text).not.toContain(TRUNCATION_NOTE);
  });
});

describe("weeklyReport with this week's analysis", () => {
  it('opens with the summary of its findings, and says how to read them in the footer', () => {
    const { before, after } = fixtureWeeks('edge-240');
    const analysis = analyzeVideos(after, { timeZone: 'UTC' });
    const embed = report(diffOf('chefmaya', before, after), { analysis });
    const description = embed.description ?? '';
    expect(description.startsWith('**In short**\n• ')).toBe(true);
    const lines = summaryLines(analysis, { markdown: true });
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines.slice(0, 5)) expect(description).toContain(`• ${line}`);
    expect(description.indexOf('**In short**')).toBeLessThan(description.indexOf('What changed for'));
    expect(embed.footer?.text).toContain(HOW_TO_READ);
    expect(findLimitViolations({ embeds: [embed] })).toEqual([]);
  });

  it('has no summary without an analysis', () => {
    const { before, after } = fixtureWeeks('clean-60');
    const embed = report(diffOf('chefmaya', before, after));
    expect(embed.description).not.toContain('In short');
  });
});

describe('weeklyReport late runs', () => {
  const { before, after } = fixtureWeeks('clean-60');
  const diff = diffOf('chefmaya', before, after);
  const slot = new Date('2026-11-23T08:00:00.000Z');

  it('says it is late, with the slot it was due as a Discord timestamp', () => {
    const embed = report(diff, { late: { slot } });
    expect(embed.description).toContain(
      `This report is late: it was due <t:${slot.getTime() / 1000}:F> while the bot was offline`,
    );
    expect(embed.description?.indexOf('late')).toBeLessThan(embed.description?.indexOf('What changed') ?? 0);
  });

  it('says nothing about lateness when on time', () => {
    expect(report(diff).description).not.toMatch(/late|offline/u);
    expect(report(diff, { late: null }).description).not.toMatch(/late|offline/u);
  });
});

describe('weeklyReport without per-video detail (summary-only snapshot)', () => {
  const { before, after } = fixtureWeeks('edge-240');
  const previous = { ...snapshotOf('chefmaya', before, PREVIOUS_AT), videos: null };
  const diff = diffSnapshots(previous, snapshotOf('chefmaya', after, CURRENT_AT));
  const embed = report(diff);

  it('is a totals-only diff', () => {
    expect(diff.perVideoDetail).toBe(false);
    expect(diff.gained.basis).toBe('totals');
  });

  it('shows no per-video sections and says why', () => {
    const names = embed.fields?.map((f) => f.name) ?? [];
    expect(names.some((n) => /quartile|Fastest/u.test(n))).toBe(false);
    expect(embed.description).toContain('Per-video counters were not kept for the earlier snapshot');
    expect(embed.description).toContain('no new-video count, no top-quartile moves and no fastest-growing videos');
  });

  it('still shows the gains, from the totals, and the rates', () => {
    expectNumbersMatchDiff(embed, diff);
    const week = fieldNamed(embed, 'This week').value;
    expect(week).toContain('From the catalog totals');
    expect(week).toContain(`**+2** videos net (catalog 240 → 242)`);
    expect(findLimitViolations({ embeds: [embed] })).toEqual([]);
  });
});

describe('weeklyReport when nothing changed (first report right after the baseline)', () => {
  const videos = grownWeek(newVideos(12));
  const diff = diffSnapshots(
    snapshotOf('chefmaya', videos, PREVIOUS_AT),
    snapshotOf('chefmaya', videos, new Date(PREVIOUS_AT.getTime() + 5 * 60_000)),
  );
  const embed = report(diff);

  it('says plainly that nothing moved and why that is expected', () => {
    expect(embed.description).toContain('Nothing moved since then');
    expect(embed.description).toContain('baseline taken when subscribing');
    expect(embed.description).not.toContain('days earlier'); // 5 minutes apart
  });

  it('shows where the rates stand but no empty gains or video lists', () => {
    const names = embed.fields?.map((f) => f.name) ?? [];
    expect(names).toEqual(['📊 Whole catalog', '🥇 Top vs bottom quarter']);
    expect(fieldNamed(embed, 'Whole catalog').value).toContain('±0.00 pp');
    expect(findLimitViolations({ embeds: [embed] })).toEqual([]);
  });
});

describe('weeklyReport for catalogs too small for quartiles', () => {
  it('says there are no quarters to compare and shows no tier table', () => {
    const before = [video('a', 100, 5, 1, 0), video('b', 200, 9, 0, 1)];
    const after = [video('a', 150, 8, 1, 0), video('b', 260, 12, 1, 1), video('c', 90, 9, 0, 0)];
    const embed = report(diffOf('chefmaya', before, after));
    expect(fieldNamed(embed, 'Top vs bottom').value).toContain('no quarters to compare yet');
    expect(fieldNamed(embed, 'Whole catalog').value).toMatch(/Top-25% cut\s+n\/a\s+n\/a\s+n\/a/u);
    expect(fieldNamed(embed, 'Top quartile').value).toContain('No video entered or left');
    expect(findLimitViolations({ embeds: [embed] })).toEqual([]);
  });
});

describe('weeklyReport of a huge diff (500 videos in and out of the top quartile, a long username)', () => {
  // 2000 videos whose engagement order reverses over the week: the top 500 become the bottom 500 and vice versa.
  const username = `${'very.long_creator.name'.repeat(4)}x`;
  const caption = (i: number) =>
    `*Bold* [link](x) \`code\` ${'🧑‍🍳'.repeat(10)} part ${i} of a very long caption #recipe #fyp`;
  const before = Array.from({ length: 2000 }, (_, i) =>
    video(`73${String(i).padStart(17, '0')}`, 10_000, 100 + i, 10, 5, caption(i)),
  );
  const after = before.map((v, i) => ({ ...v, plays: 10_000 + i * 37, likes: 2_200 - i }));
  const diff = diffOf(username, before, after);
  const result = weeklyReport(diff, {
    username,
    week: '2026-W48',
    late: { slot: CURRENT_AT },
    trendChartFileName: 'trend.png',
    catalogSource: SOURCE,
    captions: captionsOf(after),
  });
  const embed = onlyEmbed(result);

  it('has the moves this test is about', () => {
    expect(diff.enteredTopQuartile).toHaveLength(500);
    expect(diff.leftTopQuartile).toHaveLength(500);
  });

  it('respects every Discord limit', () => {
    expect(findLimitViolations(result)).toEqual([]);
  });

  it('keeps every section and caps the lists with "and N more", whole lines only', () => {
    for (const name of [
      'This week',
      'Whole catalog',
      'Top vs bottom',
      'Entered the top quartile (500)',
      'Left the top quartile (500)',
      'Fastest-growing',
    ]) {
      expect(fieldNamed(embed, name)).toBeDefined();
    }
    for (const name of ['Entered', 'Left']) {
      const value = fieldNamed(embed, name).value;
      const shown = linkedIds(value, username).length;
      expect(shown).toBeGreaterThan(0);
      expect(shown).toBeLessThanOrEqual(VIDEOS_LISTED);
      expect(value).toContain(`…and ${500 - shown} more`);
      // Every listed line is a whole, working link.
      for (const line of value.split('\n').slice(0, shown))
        expect(line).toMatch(/^• \[.+\]\(https:\/\/www\.tiktok\.com\/@[^)]+\/video\/\d+\) · /u);
    }
    expect(embed.footer?.text).not.toContain(TRUNCATION_NOTE);
  });

  it('still shows the numbers of the diff', () => {
    expectNumbersMatchDiff(embed, diff);
  });

  it('escapes captions so they cannot break the markdown', () => {
    const value = fieldNamed(embed, 'Entered').value;
    expect(value).toContain('\\*Bold\\* \\[link\\]\\(x\\) \\`code\\`');
  });
});

describe('weeklyReport on the fixture catalogs (normalizeRecords + analyzeVideos + takeSnapshot + diffSnapshots)', () => {
  it.each(CATALOG_NAMES)('%s: the report shows the numbers of the diff, within every limit', (name) => {
    const { before, after } = fixtureWeeks(name);
    const diff = diffOf('chefmaya', before, after);
    const embed = report(diff, {
      trendChartFileName: 'trend.png',
      captions: captionsOf(before, after),
      late: { slot: CURRENT_AT },
    });
    expect(findLimitViolations({ embeds: [embed] })).toEqual([]);
    if (diff.thresholds.q75.previous !== null && diff.thresholds.q75.current !== null)
      expectNumbersMatchDiff(embed, diff);
    expect(linkedIds(fieldNamed(embed, 'Fastest-growing').value)).toEqual(diff.fastestGrowing?.map((v) => v.id));
  });
});
