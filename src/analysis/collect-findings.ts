import {
  BUCKET_SLOTS,
  HASHTAG_SLOTS,
  HOUR_KEYS,
  HOUR_SLOTS,
  ORIGINAL,
  SOUND_KEYS,
  SOUND_SLOTS,
  WEEKDAY_SLOTS,
  type BreakdownMedians,
  type BreakdownPass,
} from './breakdowns.js';
import { type Columns } from './columns.js';
import { DURATION_BUCKETS } from './duration-buckets.js';
import { groupTest, guardFindings, testable, type UnadjustedTest } from './findings.js';
import { ALL, rankGroups, WITH_DURATION, WITH_HOUR, WITH_SOUND, WITH_TIME, type TierRanks } from './group-ranks.js';
import { WEEKDAY_NAMES } from './local-time.js';
import type { SortedOrder } from './radix-sort.js';
import type { FindingDimension, Findings } from './types.js';

export interface FindingsInput {
  columns: Columns;
  pass: BreakdownPass;
  /** The engagement ranking, still valid (its sorter's buffers not yet reused). */
  engagementOrder: SortedOrder;
  minHashtagVideos: number;
}

export interface FindingsCollector {
  /** Every group's median engagement rate, for the breakdowns. */
  medians: BreakdownMedians;
  /** Adds the top-vs-bottom test on one dimension, from what its ranking found (null: no tiers). */
  addTierTest(key: 'plays' | 'duration', ranks: TierRanks | null): void;
  /** Every test, guarded against false discoveries and ranked. */
  guard(): Findings;
}

/**
 * Runs the group tests of one analysis from its breakdown pass and the
 * engagement ranking: one walk over that ranking for every group of every
 * breakdown. The tier tests come from the other columns' rankings
 * (column-rankings.ts), handed in by addTierTest.
 */
export function collectFindings(input: FindingsInput): FindingsCollector {
  const { columns, pass, engagementOrder, minHashtagVideos } = input;
  const n = columns.source.length;
  // Hashtags too rare to be listed get no slot (and no median): they are never shown.
  const tagSlots = new Int32Array(pass.hashtags.size).fill(-1);
  const listedTags: number[] = [];
  for (let t = 0; t < pass.hashtags.size; t++) {
    if (pass.hashtags.countAt(t) < minHashtagVideos) continue;
    tagSlots[t] = HASHTAG_SLOTS + listedTags.length;
    listedTags.push(t);
  }
  const slots = HASHTAG_SLOTS + listedTags.length;
  const subsetOf = new Uint8Array(slots);
  const counts = new Uint32Array(slots);
  const fixed = (first: number, keys: readonly unknown[], subset: number, countAt: (i: number) => number) => {
    keys.forEach((_, i) => {
      subsetOf[first + i] = subset;
      counts[first + i] = countAt(i);
    });
  };
  fixed(WEEKDAY_SLOTS, WEEKDAY_NAMES, WITH_TIME, (i) => pass.weekdays.countAt(i));
  // Weekdays against the other videos with a post time; hours against those with a time of day.
  fixed(HOUR_SLOTS, HOUR_KEYS, WITH_HOUR, (i) => pass.hours.countAt(i));
  fixed(BUCKET_SLOTS, DURATION_BUCKETS, WITH_DURATION, (i) => pass.buckets.countAt(i));
  fixed(SOUND_SLOTS, SOUND_KEYS, WITH_SOUND, (i) => pass.sounds.countAt(i));
  fixed(HASHTAG_SLOTS, listedTags, ALL, (i) => pass.hashtags.countAt(listedTags[i]!));
  const { basedOn } = pass;
  const ranks = rankGroups(columns.engagement, engagementOrder, pass.codes, tagSlots, {
    subsetOf,
    counts,
    subsetSizes: [n, basedOn.time, basedOn.duration, basedOn.sound, basedOn.hour],
  });

  const tests: UnadjustedTest[] = [];
  const testSlot = (dimension: FindingDimension, key: string, slot: number) => {
    const r = ranks.result(slot);
    if (!testable(r.count, r.restCount)) return;
    tests.push(
      groupTest(
        dimension,
        key,
        { n: r.count, nRest: r.restCount, rankSum: r.rankSum, tieTerm: r.tieTerm },
        { group: r.median, rest: r.restMedian },
      ),
    );
  };
  listedTags.forEach((t, i) => testSlot('hashtag', pass.hashtags.keyAt(t), HASHTAG_SLOTS + i));
  WEEKDAY_NAMES.forEach((key, i) => testSlot('weekday', key, WEEKDAY_SLOTS + i));
  HOUR_KEYS.forEach((key, i) => testSlot('hour', key, HOUR_SLOTS + i));
  testSlot('sound', SOUND_KEYS[ORIGINAL], SOUND_SLOTS + ORIGINAL);
  DURATION_BUCKETS.forEach((bucket, i) => testSlot('duration', bucket.label, BUCKET_SLOTS + i));

  return {
    medians: {
      hashtag: (t) => ranks.median(tagSlots[t]!),
      weekday: (i) => ranks.median(WEEKDAY_SLOTS + i),
      hour: (i) => ranks.median(HOUR_SLOTS + i),
      sound: (i) => ranks.median(SOUND_SLOTS + i),
      duration: (i) => ranks.median(BUCKET_SLOTS + i),
    },
    addTierTest(key, r) {
      if (r === null || !testable(r.top, r.bottom)) return;
      tests.push(
        groupTest(
          'tiers',
          key,
          { n: r.top, nRest: r.bottom, rankSum: r.topRankSum, tieTerm: r.tieTerm },
          { group: r.topMedian, rest: r.bottomMedian },
        ),
      );
    },
    guard: () => guardFindings(tests),
  };
}
