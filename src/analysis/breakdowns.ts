import { pooledUint16, pooledUint32 } from './buffer-pool.js';
import { BOTTOM, TOP } from './columns.js';
import { bucketIndexOf, DURATION_BUCKETS } from './duration-buckets.js';
import { byCount, emptyTally, GroupTotals, type MedianOf, type Tally } from './group-totals.js';
import { hourOfLocal, localClock, weekdayOfLocal, WEEKDAY_NAMES } from './local-time.js';
import type { Breakdown, DurationBucket, HashtagBreakdown, PostingTimeBreakdown, Video } from './types.js';

export const HOUR_KEYS = Array.from({ length: 24 }, (_, hour) => String(hour).padStart(2, '0'));
export const SOUND_KEYS = ['original', 'other'] as const;
const DURATION_LABELS = DURATION_BUCKETS.map((bucket) => bucket.label);
export const ORIGINAL = 0;
const OTHER = 1;

/**
 * A video's groups in the fixed breakdowns, packed in 13 bits so the rank
 * walk reads one number per video: weekday (3 bits), hour (5), duration
 * bucket (3), sound (2); all ones in a field means "none" (no post time, no
 * duration, no known sound). A date-only post time (Video.dateOnly) has a
 * weekday and no hour.
 */
const NO_WEEKDAY = 7;
const NO_HOUR = 31;
const NO_BUCKET = 7;
const NO_SOUND = 3;

function pack(weekday: number, hour: number, bucket: number, sound: number): number {
  return weekday | (hour << 3) | (bucket << 8) | (sound << 11);
}
export const weekdayOf = (code: number): number => code & 7;
export const hourOf = (code: number): number => (code >>> 3) & 31;
export const bucketOf = (code: number): number => (code >>> 8) & 7;
export const soundOf = (code: number): number => (code >>> 11) & 3;
/** The video has a post time: a weekday (date-only ones too). */
export const hasTime = (code: number): boolean => (code & 7) !== NO_WEEKDAY;
/** The video's post time has a time of day: an hour. */
export const hasHour = (code: number): boolean => ((code >>> 3) & 31) !== NO_HOUR;
export const hasDuration = (code: number): boolean => ((code >>> 8) & 7) !== NO_BUCKET;
export const hasSound = (code: number): boolean => ((code >>> 11) & 3) !== NO_SOUND;

/** Matches TikTok's "original sound - name" in the languages creators most often see. */
const ORIGINAL_SOUND =
  /original sound|sonido original|son original|som original|originalton|suono originale|originalgeluid|dźwięk oryginalny|оригинальный звук|orijinal ses|âm thanh gốc|suara asli|เสียงต้นฉบับ|オリジナル楽曲|原声|原聲|原创音乐|原創音樂|오리지널 사운드|الصوت الأصلي/i;

/**
 * ORIGINAL_SOUND.test with its answers remembered: a catalog repeats a few
 * sound titles (the creator's own "original sound - name" above all), and a
 * lookup costs a fraction of the test. Bounded, for a catalog of all-different titles.
 */
function originalSoundCache(): (title: string) => boolean {
  const known = new Map<string, boolean>();
  return (title) => {
    let original = known.get(title);
    if (original === undefined) {
      original = ORIGINAL_SOUND.test(title);
      if (known.size < 4096) known.set(title, original);
    }
    return original;
  };
}

export interface Breakdowns {
  durationBuckets: DurationBucket[];
  hashtags: HashtagBreakdown;
  postingTime: PostingTimeBreakdown;
  sound: Breakdown;
}

/**
 * Where each breakdown's groups sit, in the tally (group-totals.ts) and in the
 * rank walk (group-ranks.ts): the fixed groups, then the hashtags. The walk
 * numbers only the hashtags it lists; the tally numbers every one.
 */
export const WEEKDAY_SLOTS = 0;
export const HOUR_SLOTS = WEEKDAY_SLOTS + WEEKDAY_NAMES.length;
export const BUCKET_SLOTS = HOUR_SLOTS + HOUR_KEYS.length;
export const SOUND_SLOTS = BUCKET_SLOTS + DURATION_BUCKETS.length;
export const HASHTAG_SLOTS = SOUND_SLOTS + SOUND_KEYS.length;

/**
 * Which group of each breakdown every analysed video (by column index) is in,
 * recorded by the one pass so the rank pass of the findings needs no time
 * zone lookup, bucket search or hashtag map per video.
 */
export interface GroupCodes {
  /**
   * Per video: its fixed-breakdown groups, packed (read with weekdayOf,
   * hasTime, ...). Two bytes a video, so the rank walk's gather in ranking
   * order mostly hits the cache.
   */
  packed: Uint16Array;
  /** Hashtags of video j: tagIndex[tagStart[j]] .. tagIndex[tagStart[j + 1] - 1]. */
  tagStart: Uint32Array;
  /** Hashtags of the videos, as indices into VideoGroups.hashtags. */
  tagIndex: Uint32Array;
}

/** Analysed videos that have each dimension. */
export interface BasedOn {
  hashtags: number;
  /** With a post time (the weekday breakdown), date-only ones included. */
  time: number;
  /** With a time of day (the hour breakdown): `time` less the date-only post times. */
  hour: number;
  duration: number;
  sound: number;
}

/** What the pass over the video objects found: every video's groups. */
export interface VideoGroups {
  codes: GroupCodes;
  /** Every hashtag of the analysed videos, first seen first. */
  hashtags: string[];
  basedOn: BasedOn;
}

/** The groups with their totals: what the breakdowns and the findings are made from. */
export interface BreakdownPass {
  codes: GroupCodes;
  hashtags: GroupTotals;
  weekdays: GroupTotals;
  hours: GroupTotals;
  sounds: GroupTotals;
  buckets: GroupTotals;
  basedOn: BasedOn;
}

/** Group medians of each breakdown, by group index (filled in by the rank pass, group-ranks.ts). */
export interface BreakdownMedians {
  hashtag: MedianOf;
  weekday: MedianOf;
  hour: MedianOf;
  sound: MedianOf;
  duration: MedianOf;
}

/**
 * The one pass over the analysed videos' objects: each video's duration
 * bucket, hashtags, weekday and hour of posting, and original or other sound.
 * Only what needs the objects is done here (a million of them are scattered
 * over the heap); the totals follow from the codes (tallyGroups).
 */
export function readGroups(videos: readonly Video[], source: Uint32Array, options: { timeZone: string }): VideoGroups {
  const n = source.length;
  const codes: GroupCodes = {
    packed: pooledUint16('codes.packed', n),
    tagStart: pooledUint32('codes.tagStart', n + 1),
    tagIndex: pooledUint32('codes.tagIndex', Math.max(16, 2 * n)),
  };
  const clock = localClock(options.timeZone);
  const isOriginal = originalSoundCache();
  const hashtagIndex = new Map<string, number>();
  const hashtags: string[] = [];
  let withTags = 0;
  let withTime = 0;
  let withHour = 0;
  let withDuration = 0;
  let withSound = 0;
  let tags = 0;

  for (let j = 0; j < n; j++) {
    const video = videos[source[j]!]!;
    let weekday = NO_WEEKDAY;
    let hour = NO_HOUR;
    let bucket = bucketIndexOf(video.durationSec);
    let sound = NO_SOUND;
    if (bucket >= 0) withDuration++;
    else bucket = NO_BUCKET;
    codes.tagStart[j] = tags;
    const videoTags = video.hashtags;
    const tagCount = videoTags.length;
    if (tagCount > 0) {
      withTags++;
      if (tags + tagCount > codes.tagIndex.length) {
        const grown = pooledUint32('codes.tagIndex', 2 * (tags + tagCount));
        grown.set(codes.tagIndex.subarray(0, tags));
        codes.tagIndex = grown;
      }
      for (let t = 0; t < tagCount; t++) {
        const tag = videoTags[t]!;
        let index = hashtagIndex.get(tag);
        if (index === undefined) {
          index = hashtags.length;
          hashtagIndex.set(tag, index);
          hashtags.push(tag);
        }
        codes.tagIndex[tags++] = index;
      }
    }
    if (video.createdAtSec !== null) {
      withTime++;
      if (video.dateOnly === true) {
        // A date without a time (00:00 UTC of it): the weekday of the date as written, in any
        // zone (converting it would give the day before west of UTC), and no hour.
        weekday = weekdayOfLocal(video.createdAtSec);
      } else {
        withHour++;
        const local = clock.localSeconds(video.createdAtSec);
        weekday = weekdayOfLocal(local);
        hour = hourOfLocal(local);
      }
    }
    if (video.sound !== undefined || video.originalSound !== undefined) {
      withSound++;
      // The platform's own flag first; the title only where the source has no flag.
      sound = (video.originalSound ?? isOriginal(video.sound ?? '')) ? ORIGINAL : OTHER;
    }
    codes.packed[j] = pack(weekday, hour, bucket, sound);
  }
  codes.tagStart[n] = tags;
  return {
    codes,
    hashtags,
    basedOn: { hashtags: withTags, time: withTime, hour: withHour, duration: withDuration, sound: withSound },
  };
}

/** Packed codes take 13 bits (see pack). */
const CODES = 1 << 13;
/** Tier flags take 2 bits: TOP, BOTTOM, both (q25 == q75) or neither. */
const TIER_STATES = 4;

/** Adds `videos` videos (`tierCounts`: how many had each tier state) with `rate` summed to a slot. */
function addToSlot(tally: Tally, slot: number, tierCounts: Uint32Array, at: number, rate: number): void {
  const neither = tierCounts[at]!;
  const top = tierCounts[at + TOP]!;
  const bottom = tierCounts[at + BOTTOM]!;
  const both = tierCounts[at + (TOP | BOTTOM)]!;
  tally.count[slot]! += neither + top + bottom + both;
  tally.engagement[slot]! += rate;
  tally.top[slot]! += top + both;
  tally.bottom[slot]! += bottom + both;
}

/**
 * Every group's totals, from the codes alone. The loop over the videos only
 * counts each packed code (and each hashtag) by tier state and sums its
 * rates; the groups' totals are then folded from those 8192 codes. One count
 * and one sum a video instead of four of each: the fixed breakdowns' totals
 * take ~8 ms of a million videos, not ~70.
 */
export function tallyGroups(groups: VideoGroups, engagement: Float64Array, tierBits: Uint8Array): BreakdownPass {
  const { codes, hashtags, basedOn } = groups;
  const { packed, tagStart, tagIndex } = codes;
  const perCode = new Uint32Array(CODES * TIER_STATES);
  const ratePerCode = new Float64Array(CODES);
  const perTag = new Uint32Array(hashtags.length * TIER_STATES);
  const ratePerTag = new Float64Array(hashtags.length);
  for (let j = 0; j < packed.length; j++) {
    const code = packed[j]!;
    const rate = engagement[j]!;
    const tier = tierBits[j]!;
    perCode[code * TIER_STATES + tier]!++;
    ratePerCode[code]! += rate;
    const tagsEnd = tagStart[j + 1]!;
    for (let t = tagStart[j]!; t < tagsEnd; t++) {
      const tag = tagIndex[t]!;
      perTag[tag * TIER_STATES + tier]!++;
      ratePerTag[tag]! += rate;
    }
  }
  const tally = emptyTally(HASHTAG_SLOTS + hashtags.length);
  for (let code = 0; code < CODES; code++) {
    const at = code * TIER_STATES;
    if (perCode[at]! + perCode[at + 1]! + perCode[at + 2]! + perCode[at + 3]! === 0) continue;
    const rate = ratePerCode[code]!;
    if (hasTime(code)) addToSlot(tally, WEEKDAY_SLOTS + weekdayOf(code), perCode, at, rate);
    if (hasHour(code)) addToSlot(tally, HOUR_SLOTS + hourOf(code), perCode, at, rate);
    if (hasDuration(code)) addToSlot(tally, BUCKET_SLOTS + bucketOf(code), perCode, at, rate);
    if (hasSound(code)) addToSlot(tally, SOUND_SLOTS + soundOf(code), perCode, at, rate);
  }
  for (let tag = 0; tag < hashtags.length; tag++)
    addToSlot(tally, HASHTAG_SLOTS + tag, perTag, tag * TIER_STATES, ratePerTag[tag]!);
  return {
    codes,
    hashtags: new GroupTotals(hashtags, tally, HASHTAG_SLOTS),
    weekdays: new GroupTotals(WEEKDAY_NAMES, tally, WEEKDAY_SLOTS),
    hours: new GroupTotals(HOUR_KEYS, tally, HOUR_SLOTS),
    sounds: new GroupTotals(SOUND_KEYS, tally, SOUND_SLOTS),
    buckets: new GroupTotals(DURATION_LABELS, tally, BUCKET_SLOTS),
    basedOn,
  };
}

/** The breakdowns as the Analysis shows them, once the rank pass knows every group's median. */
export function finishBreakdowns(
  pass: BreakdownPass,
  medians: BreakdownMedians,
  options: { timeZone: string; minHashtagVideos: number },
): Breakdowns {
  return {
    durationBuckets: DURATION_BUCKETS.flatMap((definition, i) => {
      const count = pass.buckets.countAt(i);
      return count === 0
        ? []
        : [
            {
              ...definition,
              count,
              avgEngagementRate: pass.buckets.meanAt(i),
              medianEngagementRate: medians.duration(i),
            },
          ];
    }),
    hashtags: {
      basedOn: pass.basedOn.hashtags,
      minVideos: options.minHashtagVideos,
      groups: byCount(pass.hashtags.groups(medians.hashtag, options.minHashtagVideos)),
    },
    postingTime: {
      timeZone: options.timeZone,
      byWeekday: { basedOn: pass.basedOn.time, groups: pass.weekdays.groups(medians.weekday) },
      byHour: { basedOn: pass.basedOn.hour, groups: pass.hours.groups(medians.hour) },
    },
    sound: { basedOn: pass.basedOn.sound, groups: pass.sounds.groups(medians.sound) },
  };
}
