import { BOTTOM, TOP, type Columns } from './columns.js';
import { bucketIndexOf, DURATION_BUCKETS } from './duration-buckets.js';
import { FixedGroupAccumulator, GroupAccumulator } from './group-accumulator.js';
import { hourOfLocal, localClock, weekdayOfLocal, WEEKDAY_NAMES } from './local-time.js';
import type { Breakdown, DurationBucket, HashtagBreakdown, PostingTimeBreakdown, Video } from './types.js';

const HOUR_KEYS = Array.from({ length: 24 }, (_, hour) => String(hour).padStart(2, '0'));
const SOUND_KEYS = ['original', 'other'] as const;
const ORIGINAL = 0;
const OTHER = 1;

/** Matches TikTok's "original sound - name" in the languages creators most often see. */
const ORIGINAL_SOUND =
  /original sound|sonido original|son original|som original|originalton|suono originale|originalgeluid|dźwięk oryginalny|оригинальный звук|orijinal ses|âm thanh gốc|suara asli|เสียงต้นฉบับ|オリジナル楽曲|原声|原聲|原创音乐|原創音樂|오리지널 사운드|الصوت الأصلي/i;

export interface Breakdowns {
  durationBuckets: DurationBucket[];
  hashtags: HashtagBreakdown;
  postingTime: PostingTimeBreakdown;
  sound: Breakdown;
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
  options: { timeZone: string; minHashtagVideos: number },
): Breakdowns {
  const buckets = DURATION_BUCKETS.map(() => ({ count: 0, engagement: 0 }));
  const hashtags = new GroupAccumulator();
  const weekdays = new FixedGroupAccumulator(WEEKDAY_NAMES);
  const hours = new FixedGroupAccumulator(HOUR_KEYS);
  const sounds = new FixedGroupAccumulator(SOUND_KEYS);
  const clock = localClock(options.timeZone);
  let hashtagBase = 0;
  let timeBase = 0;
  let soundBase = 0;

  for (let j = 0; j < columns.source.length; j++) {
    const video = videos[columns.source[j]!]!;
    const rate = columns.engagement[j]!;
    const inTop = (tierBits[j]! & TOP) !== 0;
    const inBottom = (tierBits[j]! & BOTTOM) !== 0;

    const bucket = bucketIndexOf(video.durationSec);
    if (bucket >= 0) {
      buckets[bucket]!.count++;
      buckets[bucket]!.engagement += rate;
    }
    if (video.hashtags.length > 0) {
      hashtagBase++;
      for (const tag of video.hashtags) hashtags.add(tag, rate, inTop, inBottom);
    }
    if (video.createdAtSec !== null) {
      timeBase++;
      const local = clock.localSeconds(video.createdAtSec);
      weekdays.add(weekdayOfLocal(local), rate, inTop, inBottom);
      hours.add(hourOfLocal(local), rate, inTop, inBottom);
    }
    if (video.sound !== undefined || video.originalSound !== undefined) {
      soundBase++;
      // The platform's own flag first; the title only where the source has no flag.
      const original = video.originalSound ?? ORIGINAL_SOUND.test(video.sound ?? '');
      sounds.add(original ? ORIGINAL : OTHER, rate, inTop, inBottom);
    }
  }

  return {
    durationBuckets: DURATION_BUCKETS.flatMap((definition, i) => {
      const { count, engagement } = buckets[i]!;
      return count === 0 ? [] : [{ ...definition, count, avgEngagementRate: engagement / count }];
    }),
    hashtags: {
      basedOn: hashtagBase,
      minVideos: options.minHashtagVideos,
      groups: hashtags.groups(options.minHashtagVideos),
    },
    postingTime: {
      timeZone: options.timeZone,
      byWeekday: { basedOn: timeBase, groups: weekdays.groups() },
      byHour: { basedOn: timeBase, groups: hours.groups() },
    },
    sound: { basedOn: soundBase, groups: sounds.groups() },
  };
}
