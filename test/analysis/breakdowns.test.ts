import { describe, expect, it } from 'vitest';
import { finishBreakdowns, readGroups, tallyGroups } from '../../src/analysis/breakdowns.js';
import { BOTTOM, TOP } from '../../src/analysis/columns.js';
import { bucketIndexOf, DURATION_BUCKETS } from '../../src/analysis/duration-buckets.js';
import type { GroupStats, Video } from '../../src/analysis/types.js';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const TAGS = ['fyp', 'recipe', 'vlog', 'asmr', 'gym'];

/** A catalog where every dimension is sometimes missing (a post time is sometimes a date only), with rates that tie. */
function catalog(count: number): { videos: Video[]; rates: Float64Array; tiers: Uint8Array } {
  let state = 7;
  const random = () => (state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0) / 4_294_967_296;
  const videos: Video[] = [];
  const rates = new Float64Array(count);
  const tiers = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const tagCount = Math.floor(random() * 4);
    const hashtags = [...new Set(Array.from({ length: tagCount }, () => TAGS[Math.floor(random() * TAGS.length)]!))];
    const soundKind = Math.floor(random() * 4);
    const time = random();
    const createdAtSec = time < 0.1 ? null : 1_700_000_000 + Math.floor(random() * 30_000_000);
    // A date without a time of day: 00:00 UTC of it, marked as the normalizer marks it.
    const dateOnly = createdAtSec !== null && time > 0.85;
    videos.push({
      id: String(i),
      caption: '',
      durationSec: random() < 0.15 ? 0 : Math.floor(random() * 900),
      plays: 100,
      likes: 1,
      comments: 0,
      shares: 0,
      createdAtSec: dateOnly ? createdAtSec - (createdAtSec % 86_400) : createdAtSec,
      ...(dateOnly ? { dateOnly: true as const } : {}),
      hashtags,
      ...(soundKind === 0 ? {} : soundKind === 1 ? { originalSound: true } : { sound: `track ${soundKind}` }),
    });
    rates[i] = Math.floor(random() * 10) / 100; // ten distinct rates: many ties
    // Every tier state, "both" (q25 == q75) included.
    tiers[i] = Math.floor(random() * 4);
  }
  return { videos, rates, tiers };
}

interface Expected {
  count: number;
  sum: number;
  top: number;
  bottom: number;
}

/** Each group's totals, one video at a time, the obvious way. */
function expectedTotals(videos: Video[], rates: Float64Array, tiers: Uint8Array): Map<string, Expected> {
  const totals = new Map<string, Expected>();
  const add = (group: string, j: number) => {
    const t = totals.get(group) ?? { count: 0, sum: 0, top: 0, bottom: 0 };
    t.count++;
    t.sum += rates[j]!;
    if ((tiers[j]! & TOP) !== 0) t.top++;
    if ((tiers[j]! & BOTTOM) !== 0) t.bottom++;
    totals.set(group, t);
  };
  videos.forEach((video, j) => {
    if (video.createdAtSec !== null) {
      const date = new Date(video.createdAtSec * 1000);
      add(`weekday:${WEEKDAYS[(date.getUTCDay() + 6) % 7]}`, j);
      // A date without a time has no hour.
      if (video.dateOnly !== true) add(`hour:${String(date.getUTCHours()).padStart(2, '0')}`, j);
    }
    const bucket = bucketIndexOf(video.durationSec);
    if (bucket >= 0) add(`duration:${DURATION_BUCKETS[bucket]!.label}`, j);
    if (video.originalSound !== undefined || video.sound !== undefined)
      add(`sound:${video.originalSound === true ? 'original' : 'other'}`, j);
    for (const tag of video.hashtags) add(`hashtag:${tag}`, j);
  });
  return totals;
}

describe('readGroups and tallyGroups', () => {
  it('give every group the totals a video-by-video count gives, tier overlaps included', () => {
    const { videos, rates, tiers } = catalog(5000);
    const source = Uint32Array.from(videos.keys());
    const pass = tallyGroups(readGroups(videos, source, { timeZone: 'UTC' }), rates, tiers);
    const shown = finishBreakdowns(
      pass,
      { hashtag: () => 0, weekday: () => 0, hour: () => 0, sound: () => 0, duration: () => 0 },
      { timeZone: 'UTC', minHashtagVideos: 1 },
    );
    const found = new Map<string, GroupStats>();
    const note = (dimension: string, groups: GroupStats[]) => {
      for (const group of groups) found.set(`${dimension}:${group.key}`, group);
    };
    note('weekday', shown.postingTime.byWeekday.groups);
    note('hour', shown.postingTime.byHour.groups);
    note('sound', shown.sound.groups);
    note('hashtag', shown.hashtags.groups);
    for (const bucket of shown.durationBuckets) {
      found.set(`duration:${bucket.label}`, {
        key: bucket.label,
        count: bucket.count,
        avgEngagementRate: bucket.avgEngagementRate,
        medianEngagementRate: 0,
        topCount: Number.NaN,
        bottomCount: Number.NaN,
      });
    }

    const expected = expectedTotals(videos, rates, tiers);
    expect([...found.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [group, totals] of expected) {
      const stats = found.get(group)!;
      expect(stats.count, group).toBe(totals.count);
      expect(stats.avgEngagementRate, group).toBeCloseTo(totals.sum / totals.count, 12);
      if (!group.startsWith('duration:')) {
        expect(stats.topCount, group).toBe(totals.top);
        expect(stats.bottomCount, group).toBe(totals.bottom);
      }
    }
    for (const [dimension, total] of Object.entries(pass.basedOn)) expect(total, dimension).toBeGreaterThan(0);
    expect(pass.basedOn).toEqual({
      hashtags: videos.filter((v) => v.hashtags.length > 0).length,
      time: videos.filter((v) => v.createdAtSec !== null).length,
      hour: videos.filter((v) => v.createdAtSec !== null && v.dateOnly !== true).length,
      duration: videos.filter((v) => v.durationSec > 0).length,
      sound: videos.filter((v) => v.sound !== undefined || v.originalSound !== undefined).length,
    });
  });

  it('lists most-used hashtags first, then by name, and leaves out those under the minimum', () => {
    const video = (hashtags: string[]): Video => ({
      id: hashtags.join(),
      caption: '',
      durationSec: 0,
      plays: 10,
      likes: 1,
      comments: 0,
      shares: 0,
      createdAtSec: null,
      hashtags,
    });
    const videos = [video(['b', 'a', 'rare']), video(['b', 'a']), video(['c', 'b']), video(['c', 'a'])];
    const pass = tallyGroups(
      readGroups(videos, Uint32Array.from(videos.keys()), { timeZone: 'UTC' }),
      new Float64Array([0.1, 0.2, 0.3, 0.4]),
      new Uint8Array(4),
    );
    const medians = { hashtag: () => 0, weekday: () => 0, hour: () => 0, sound: () => 0, duration: () => 0 };
    const { hashtags } = finishBreakdowns(pass, medians, { timeZone: 'UTC', minHashtagVideos: 2 });
    expect(hashtags.groups.map((g) => [g.key, g.count])).toEqual([
      ['a', 3],
      ['b', 3],
      ['c', 2],
    ]);
  });
});
