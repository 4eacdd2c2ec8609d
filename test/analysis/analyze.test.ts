import { describe, expect, it } from 'vitest';
import { analyzeVideos } from '../../src/analysis/analyze.js';
import { averageRanks, pearson, spearman } from '../../src/analysis/correlation.js';
import { localClock } from '../../src/analysis/local-time.js';
import { sortNonNegative } from '../../src/analysis/radix-sort.js';
import type { Video } from '../../src/analysis/types.js';

function video(id: string, plays: number, engagements: number, extra: Partial<Video> = {}): Video {
  return {
    id,
    caption: '',
    durationSec: 30,
    plays,
    likes: engagements,
    comments: 0,
    shares: 0,
    createdAtSec: null,
    hashtags: [],
    ...extra,
  };
}

describe('analyzeVideos', () => {
  it('says plainly when there are too few analysed videos for quartiles', () => {
    const analysis = analyzeVideos([video('a', 100, 10), video('b', 200, 10), video('c', 0, 0), video('d', 50, 5)]);
    expect(analysis.videoCount).toBe(4);
    expect(analysis.analyzedCount).toBe(3);
    expect(analysis.thresholds).toBeNull();
    expect(analysis.tiers).toBeNull();
    expect(analysis.notice).toMatch(/Only 3 videos have plays.*at least 4/);
    expect(analysis.topPerformers.map((p) => p.id)).toEqual(['a', 'd', 'b']);
    expect(analysis.durationBuckets).toEqual([
      {
        label: '15-30s',
        minSec: 15,
        maxSec: 30,
        count: 3,
        avgEngagementRate: (0.1 + 0.05 + 0.1) / 3,
        medianEngagementRate: 0.1,
      },
    ]);
  });

  it('handles an empty catalog without dividing by zero', () => {
    const analysis = analyzeVideos([]);
    expect(analysis).toMatchObject({
      videoCount: 0,
      analyzedCount: 0,
      thresholds: null,
      overall: null,
      topPerformers: [],
      durationSweetSpot: null,
    });
    expect(analysis.correlations.engagementRate).toEqual({ rho: null, p: null, n: 0 });
  });

  it('lists hashtags used by at least 3 analysed videos with their tier membership', () => {
    const videos = [
      video('1', 100, 20, { hashtags: ['win', 'all'] }),
      video('2', 100, 19, { hashtags: ['win', 'all'] }),
      video('3', 100, 18, { hashtags: ['win', 'all', 'rare'] }),
      video('4', 100, 10, { hashtags: ['all'] }),
      video('5', 100, 2, { hashtags: ['lose', 'all'] }),
      video('6', 100, 1, { hashtags: ['lose', 'all', 'rare'] }),
      video('7', 100, 1, { hashtags: ['lose', 'all'] }),
      video('8', 0, 0, { hashtags: ['lose', 'rare'] }),
      video('9', 100, 5),
    ];
    const analysis = analyzeVideos(videos);
    // Sorted rates .01 .01 .02 .05 .1 .18 .19 .2: q25 at position 1.75, q75 at 5.25.
    expect(analysis.thresholds!.q25).toBeCloseTo(0.0175, 15);
    expect(analysis.thresholds!.q75).toBeCloseTo(0.1825, 15);
    expect(analysis.hashtags.basedOn).toBe(7);
    expect(analysis.hashtags.groups.map((g) => [g.key, g.count, g.topCount, g.bottomCount])).toEqual([
      ['all', 7, 2, 2],
      ['lose', 3, 0, 2],
      ['win', 3, 2, 0],
    ]);
    expect(analysis.hashtags.groups.find((g) => g.key === 'win')!.avgEngagementRate).toBeCloseTo(0.19, 12);
  });

  it('splits posting time by weekday and hour in the requested time zone, DST included', () => {
    // Europe/Berlin switches to summer time on 2026-03-29 at 01:00 UTC.
    const beforeSwitch = Date.UTC(2026, 2, 29, 0, 30) / 1000; // Sun 01:30 CET
    const afterSwitch = Date.UTC(2026, 2, 29, 1, 30) / 1000; // Sun 03:30 CEST
    const saturdayUtc = Date.UTC(2026, 2, 28, 23, 30) / 1000; // Sun 00:30 CET, Sat in UTC
    const videos = [beforeSwitch, afterSwitch, saturdayUtc].map((t, i) =>
      video(String(i), 100, 10, { createdAtSec: t }),
    );
    const berlin = analyzeVideos(videos, { timeZone: 'Europe/Berlin' }).postingTime;
    expect(berlin.byWeekday.groups.map((g) => [g.key, g.count])).toEqual([['Sun', 3]]);
    expect(berlin.byHour.groups.map((g) => [g.key, g.count])).toEqual([
      ['00', 1],
      ['01', 1],
      ['03', 1],
    ]);
    const utc = analyzeVideos(videos).postingTime;
    expect(utc.byWeekday.groups.map((g) => [g.key, g.count])).toEqual([
      ['Sat', 1],
      ['Sun', 2],
    ]);
    expect(utc.byHour.groups.map((g) => [g.key, g.count])).toEqual([
      ['00', 1],
      ['01', 1],
      ['23', 1],
    ]);
  });

  it('a date without a time keeps its weekday in every zone and is in no hour; hours count videos with a time', () => {
    const tuesday = Date.UTC(2026, 2, 3) / 1000; // 2026-03-03, a Tuesday, as the normalizer stores a date alone
    const videos = [
      video('d1', 100, 10, { createdAtSec: tuesday, dateOnly: true }),
      video('d2', 100, 12, { createdAtSec: tuesday, dateOnly: true }),
      video('t1', 100, 20, { createdAtSec: tuesday + 20 * 3600 }), // Tue 20:00 UTC, 12:00 in Los Angeles
      video('t2', 100, 30, { createdAtSec: tuesday + 21 * 3600 }), // Tue 21:00 UTC, 13:00 in Los Angeles
      video('n', 100, 40),
    ];
    for (const timeZone of ['America/Los_Angeles', 'Europe/Berlin', 'Asia/Tokyo', 'UTC']) {
      const time = analyzeVideos(videos, { timeZone }).postingTime;
      const timedDay = timeZone === 'Asia/Tokyo' ? 'Wed' : 'Tue'; // 20:00 UTC is 05:00 Wednesday in Tokyo
      const days =
        timedDay === 'Tue'
          ? [['Tue', 4]]
          : [
              ['Tue', 2],
              ['Wed', 2],
            ];
      expect(
        time.byWeekday.groups.map((g) => [g.key, g.count]),
        timeZone,
      ).toEqual(days);
      expect([time.byWeekday.basedOn, time.byHour.basedOn], timeZone).toEqual([4, 2]);
      expect(
        time.byHour.groups.map((g) => g.count),
        timeZone,
      ).toEqual([1, 1]);
    }
    const la = analyzeVideos(videos, { timeZone: 'America/Los_Angeles' }).postingTime;
    expect(la.byHour.groups.map((g) => [g.key, g.medianEngagementRate])).toEqual([
      ['12', 0.2],
      ['13', 0.3],
    ]);
    expect(la.byWeekday.groups[0]!.medianEngagementRate).toBe((0.12 + 0.2) / 2);
  });

  it('half-hour zones: Lord Howe and India', () => {
    const clock = localClock('Asia/Kolkata');
    const t = Date.UTC(2026, 0, 5, 20, 45) / 1000; // Mon 20:45 UTC = Tue 02:15 IST
    expect([clock.weekday(t), clock.hour(t)]).toEqual([1, 2]);
    const lordHowe = localClock('Australia/Lord_Howe');
    const summer = Date.UTC(2026, 0, 5, 12, 0) / 1000; // +11:00 in January
    const winter = Date.UTC(2026, 6, 6, 12, 0) / 1000; // +10:30 in July
    expect(lordHowe.hour(summer)).toBe(23);
    expect(lordHowe.hour(winter)).toBe(22);
  });

  it('splits original sounds from other sounds and says how many videos have a sound', () => {
    const analysis = analyzeVideos([
      video('1', 100, 10, { sound: 'original sound - maya' }),
      video('2', 100, 20, { sound: 'Espresso' }),
      video('3', 100, 30, { sound: 'sonido original - ana' }),
      video('4', 100, 40),
    ]);
    expect(analysis.sound.basedOn).toBe(3);
    expect(analysis.sound.groups.map((g) => [g.key, g.count])).toEqual([
      ['original', 2],
      ['other', 1],
    ]);
  });

  it('picks a duration sweet spot only from buckets with enough videos', () => {
    const videos = [
      ...Array.from({ length: 10 }, (_, i) => video(`s${i}`, 100, 10, { durationSec: 20 })),
      ...Array.from({ length: 10 }, (_, i) => video(`m${i}`, 100, 12, { durationSec: 45 })),
      video('lucky', 100, 90, { durationSec: 700 }),
    ];
    const spot = analyzeVideos(videos).durationSweetSpot!;
    expect(spot.label).toBe('30-60s');
    expect(spot.count).toBe(10);
    expect(spot.liftOverMean).toBeCloseTo(0.12 / ((10 * 0.1 + 10 * 0.12 + 0.9) / 21) - 1, 12);
  });

  it('correlates each rate with plays by rank', () => {
    const videos = [1, 2, 3, 4, 5].map((k) => video(String(k), k * 100, k * k * 10));
    // engagement = k / 10 rises with plays: rho = 1.
    expect(analyzeVideos(videos).correlations.engagementRate).toEqual({ rho: 1, p: 0, n: 5 });
  });
});

describe('rank statistics', () => {
  it('average ranks share ties like scipy rankdata', () => {
    expect([...averageRanks(Float64Array.from([10, 20, 20, 5, 20]))]).toEqual([2, 4, 4, 1, 4]);
  });

  it('average ranks tell apart rates that differ below float32 precision', () => {
    // 0.1 and 0.1 + 1e-12 share a float32 key; only the exact doubles separate them.
    expect([...averageRanks(Float64Array.from([0.1, 0.1 + 1e-12, 0.1, 0.3, 0.1 + 1e-12]))]).toEqual([
      1.5, 3.5, 1.5, 5, 3.5,
    ]);
  });

  it('spearman with ties matches a hand computation', () => {
    const x = Float64Array.from([1, 2, 2, 3]);
    const y = Float64Array.from([1, 3, 2, 4]);
    // ranks x: 1, 2.5, 2.5, 4; ranks y: 1, 3, 2, 4
    expect(spearman(x, y).rho).toBeCloseTo(
      pearson(Float64Array.from([1, 2.5, 2.5, 4]), Float64Array.from([1, 3, 2, 4]))!,
      15,
    );
    expect(spearman(x, y).rho).toBeCloseTo(0.9486832980505138, 12);
  });

  it('radix argsort orders like a numeric sort, stably, zeros and ties included, 1e-6 to 1e10 (every digit of the key)', () => {
    let state = 7;
    const random = () => (state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0) / 4_294_967_296;
    const values = Float64Array.from({ length: 5000 }, () =>
      random() < 0.1 ? 0 : random() < 0.2 ? 0.5 : random() * 10 ** (random() * 16 - 6),
    );
    const { order } = sortNonNegative(values);
    const expected = Array.from(values.keys()).sort((a, b) => values[a]! - values[b]! || a - b);
    expect([...order]).toEqual(expected);
  });

  it('orders values that round to the same float32 exactly, in short and long runs', () => {
    const base = 0.1;
    const near = (k: number) => base + k * 1e-12; // float32 steps are ~7e-9 here: all round alike
    const short = Float64Array.from([near(3), near(1), near(2), near(1), 0.2]);
    expect([...sortNonNegative(short).order]).toEqual([1, 3, 2, 0, 4]);
    const long = Float64Array.from({ length: 300 }, (_, i) => near((i * 37) % 101));
    const { order } = sortNonNegative(long);
    const expected = Array.from(long.keys()).sort((a, b) => long[a]! - long[b]! || a - b);
    expect([...order]).toEqual(expected);
  });

  it('gives overall and per-tier means equal to plain means over the analysed videos', () => {
    let state = 5;
    const random = () => (state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0) / 4_294_967_296;
    const videos = Array.from({ length: 801 }, (_, i) => {
      const plays = i % 9 === 0 ? 0 : 1 + Math.floor(random() * 10_000);
      return {
        ...video(String(i), plays, Math.floor(plays * random() * 0.1)),
        comments: Math.floor(plays * random() * 0.01),
        shares: Math.floor(plays * random() * 0.02),
        durationSec: Math.floor(random() * 200),
      };
    });
    const analysis = analyzeVideos(videos);
    const analysed = videos.filter((v) => v.plays > 0);
    const mean = (list: Video[], of: (v: Video) => number) => list.reduce((sum, v) => sum + of(v), 0) / list.length;
    const rate = (v: Video) => (v.likes + v.comments + v.shares) / v.plays;
    const overall = analysis.overall!;
    expect(overall.meanEngagementRate).toBeCloseTo(mean(analysed, rate), 14);
    expect(overall.meanShareRate).toBeCloseTo(
      mean(analysed, (v) => v.shares / v.plays),
      14,
    );
    expect(overall.meanCommentRate).toBeCloseTo(
      mean(analysed, (v) => v.comments / v.plays),
      14,
    );
    expect(overall.meanLikeRate).toBeCloseTo(
      mean(analysed, (v) => v.likes / v.plays),
      14,
    );
    expect(overall.totalPlays).toBe(videos.reduce((sum, v) => sum + v.plays, 0));

    const { q25, q75 } = analysis.thresholds!;
    for (const [tier, members] of [
      ['top', analysed.filter((v) => rate(v) >= q75)],
      ['bottom', analysed.filter((v) => rate(v) <= q25)],
    ] as const) {
      const stats = analysis.tiers![tier];
      expect(stats.count, tier).toBe(members.length);
      expect(stats.avgEngagementRate, tier).toBeCloseTo(mean(members, rate), 14);
      expect(stats.avgShareRate, tier).toBeCloseTo(
        mean(members, (v) => v.shares / v.plays),
        14,
      );
      expect(stats.avgCommentRate, tier).toBeCloseTo(
        mean(members, (v) => v.comments / v.plays),
        14,
      );
      expect(stats.avgLikeRate, tier).toBeCloseTo(
        mean(members, (v) => v.likes / v.plays),
        14,
      );
      expect(stats.avgDuration, tier).toBeCloseTo(
        mean(members, (v) => v.durationSec),
        9,
      );
      expect(stats.avgPlays, tier).toBeCloseTo(
        mean(members, (v) => v.plays),
        6,
      );
    }
  });

  it('counts a video in both tiers when the quartiles meet', () => {
    const videos = Array.from({ length: 8 }, (_, i) => video(String(i), 100, 10, { durationSec: 10 * (i + 1) }));
    const { tiers } = analyzeVideos(videos);
    expect(tiers!.top).toEqual(tiers!.bottom);
    expect(tiers!.top).toMatchObject({ count: 8, avgDuration: 45, avgPlays: 100 });
    expect(tiers!.top.avgEngagementRate).toBeCloseTo(0.1, 15);
  });
});
