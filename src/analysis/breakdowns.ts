import { pooledUint16, pooledUint32 } from './buffer-pool.js';
import { BOTTOM, TOP, type Columns } from './columns.js';
import { bucketIndexOf, DURATION_BUCKETS } from './duration-buckets.js';
import { FixedGroupAccumulator, GroupAccumulator, type MedianOf } from './group-accumulator.js';
import { hourOfLocal, localClock, weekdayOfLocal, WEEKDAY_NAMES } from './local-time.js';
import type { Breakdown, DurationBucket, HashtagBreakdown, PostingTimeBreakdown, Video } from './types.js';

export const HOUR_KEYS = Array.from({ length: 24 }, (_, hour) => String(hour).padStart(2, '0'));
export const SOUND_KEYS = ['original', 'other'] as const;
export const ORIGINAL = 0;
const OTHER = 1;

/**
 * A video's groups in the fixed breakdowns, packed in 13 bits so the rank
 * walk reads one number per video: weekday (3 bits), hour (5), duration
 * bucket (3), sound (2); all ones in a field means "none" (no post time, no
 * duration, no known sound).
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
export const hasTime = (code: number): boolean => (code & 7) !== NO_WEEKDAY;
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
  /** Hashtags of the videos, as GroupAccumulator indices. */
  tagIndex: Uint32Array;
}

/** What the breakdown pass collected: the groups' totals and every video's groups. */
export interface BreakdownPass {
  codes: GroupCodes;
  hashtags: GroupAccumulator;
  weekdays: FixedGroupAccumulator;
  hours: FixedGroupAccumulator;
  sounds: FixedGroupAccumulator;
  buckets: FixedGroupAccumulator;
  /** Analysed videos that have each dimension. */
  basedOn: { hashtags: number; time: number; duration: number; sound: number };
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
 * Every per-group breakdown in one pass over the analysed videos: duration
 * buckets, hashtags, weekday and hour of posting, original vs other sound,
 * each with how many of its videos are in the top and the bottom tier.
 */
export function collectBreakdowns(
  videos: readonly Video[],
  columns: Columns,
  tierBits: Uint8Array,
  options: { timeZone: string },
): BreakdownPass {
  const n = columns.source.length;
  const hashtags = new GroupAccumulator();
  const weekdays = new FixedGroupAccumulator(WEEKDAY_NAMES);
  const hours = new FixedGroupAccumulator(HOUR_KEYS);
  const sounds = new FixedGroupAccumulator(SOUND_KEYS);
  const buckets = new FixedGroupAccumulator(DURATION_BUCKETS.map((b) => b.label));
  const codes: GroupCodes = {
    packed: pooledUint16('codes.packed', n),
    tagStart: pooledUint32('codes.tagStart', n + 1),
    tagIndex: pooledUint32('codes.tagIndex', Math.max(16, 2 * n)),
  };
  const clock = localClock(options.timeZone);
  const isOriginal = originalSoundCache();
  let withTags = 0;
  let withTime = 0;
  let withDuration = 0;
  let withSound = 0;
  let tags = 0;

  for (let j = 0; j < n; j++) {
    const video = videos[columns.source[j]!]!;
    const rate = columns.engagement[j]!;
    const inTop = (tierBits[j]! & TOP) !== 0;
    const inBottom = (tierBits[j]! & BOTTOM) !== 0;

    let weekday = NO_WEEKDAY;
    let hour = NO_HOUR;
    let bucket = bucketIndexOf(video.durationSec);
    let sound = NO_SOUND;
    if (bucket >= 0) {
      withDuration++;
      buckets.add(bucket, rate, inTop, inBottom);
    } else bucket = NO_BUCKET;
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
      for (let t = 0; t < tagCount; t++) codes.tagIndex[tags++] = hashtags.add(videoTags[t]!, rate, inTop, inBottom);
    }
    if (video.createdAtSec !== null) {
      withTime++;
      const local = clock.localSeconds(video.createdAtSec);
      weekday = weekdayOfLocal(local);
      hour = hourOfLocal(local);
      weekdays.add(weekday, rate, inTop, inBottom);
      hours.add(hour, rate, inTop, inBottom);
    }
    if (video.sound !== undefined || video.originalSound !== undefined) {
      withSound++;
      // The platform's own flag first; the title only where the source has no flag.
      sound = (video.originalSound ?? isOriginal(video.sound ?? '')) ? ORIGINAL : OTHER;
      sounds.add(sound, rate, inTop, inBottom);
    }
    codes.packed[j] = pack(weekday, hour, bucket, sound);
  }
  const basedOn = { hashtags: withTags, time: withTime, duration: withDuration, sound: withSound };
  codes.tagStart[n] = tags;
  return { codes, hashtags, weekdays, hours, sounds, buckets, basedOn };
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
      groups: pass.hashtags.groups(options.minHashtagVideos, medians.hashtag),
    },
    postingTime: {
      timeZone: options.timeZone,
      byWeekday: { basedOn: pass.basedOn.time, groups: pass.weekdays.groups(medians.weekday) },
      byHour: { basedOn: pass.basedOn.time, groups: pass.hours.groups(medians.hour) },
    },
    sound: { basedOn: pass.basedOn.sound, groups: pass.sounds.groups(medians.sound) },
  };
}
