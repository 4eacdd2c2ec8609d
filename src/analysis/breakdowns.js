import { pooledUint16, pooledUint32 } from './buffer-pool.js';
import { BOTTOM, TOP } from './columns.js';
import { bucketIndexOf, DURATION_BUCKETS } from './duration-buckets.js';
import { FixedGroupAccumulator, GroupAccumulator } from './group-accumulator.js';
import { hourOfLocal, localClock, weekdayOfLocal, WEEKDAY_NAMES } from './local-time.js';
export const HOUR_KEYS = Array.from({ length: 24 }, (_, hour) => String(hour).padStart(2, '0'));
export const SOUND_KEYS = ['original', 'other'];
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
function pack(weekday, hour, bucket, sound) {
    return weekday | (hour << 3) | (bucket << 8) | (sound << 11);
}
export const weekdayOf = (code) => code & 7;
export const hourOf = (code) => (code >>> 3) & 31;
export const bucketOf = (code) => (code >>> 8) & 7;
export const soundOf = (code) => (code >>> 11) & 3;
export const hasTime = (code) => (code & 7) !== NO_WEEKDAY;
export const hasDuration = (code) => ((code >>> 8) & 7) !== NO_BUCKET;
export const hasSound = (code) => ((code >>> 11) & 3) !== NO_SOUND;
/** Matches TikTok's "original sound - name" in the languages creators most often see. */
const ORIGINAL_SOUND = /original sound|sonido original|son original|som original|originalton|suono originale|originalgeluid|dźwięk oryginalny|оригинальный звук|orijinal ses|âm thanh gốc|suara asli|เสียงต้นฉบับ|オリジナル楽曲|原声|原聲|原创音乐|原創音樂|오리지널 사운드|الصوت الأصلي/i;
/**
 * Every per-group breakdown in one pass over the analysed videos: duration
 * buckets, hashtags, weekday and hour of posting, original vs other sound,
 * each with how many of its videos are in the top and the bottom tier.
 */
export function collectBreakdowns(videos, columns, tierBits, options) {
    const n = columns.source.length;
    const hashtags = new GroupAccumulator();
    const weekdays = new FixedGroupAccumulator(WEEKDAY_NAMES);
    const hours = new FixedGroupAccumulator(HOUR_KEYS);
    const sounds = new FixedGroupAccumulator(SOUND_KEYS);
    const buckets = new FixedGroupAccumulator(DURATION_BUCKETS.map((b) => b.label));
    const codes = {
        packed: pooledUint16('codes.packed', n),
        tagStart: pooledUint32('codes.tagStart', n + 1),
        tagIndex: pooledUint32('codes.tagIndex', Math.max(16, 2 * n)),
    };
    const clock = localClock(options.timeZone);
    const basedOn = { hashtags: 0, time: 0, duration: 0, sound: 0 };
    let tags = 0;
    for (let j = 0; j < n; j++) {
        const video = videos[columns.source[j]];
        const rate = columns.engagement[j];
        const inTop = (tierBits[j] & TOP) !== 0;
        const inBottom = (tierBits[j] & BOTTOM) !== 0;
        let weekday = NO_WEEKDAY;
        let hour = NO_HOUR;
        let bucket = bucketIndexOf(video.durationSec);
        let sound = NO_SOUND;
        if (bucket >= 0) {
            basedOn.duration++;
            buckets.add(bucket, rate, inTop, inBottom);
        }
        else
            bucket = NO_BUCKET;
        codes.tagStart[j] = tags;
        if (video.hashtags.length > 0) {
            basedOn.hashtags++;
            if (tags + video.hashtags.length > codes.tagIndex.length) {
                const grown = pooledUint32('codes.tagIndex', 2 * (tags + video.hashtags.length));
                grown.set(codes.tagIndex.subarray(0, tags));
                codes.tagIndex = grown;
            }
            for (const tag of video.hashtags)
                codes.tagIndex[tags++] = hashtags.add(tag, rate, inTop, inBottom);
        }
        if (video.createdAtSec !== null) {
            basedOn.time++;
            const local = clock.localSeconds(video.createdAtSec);
            weekday = weekdayOfLocal(local);
            hour = hourOfLocal(local);
            weekdays.add(weekday, rate, inTop, inBottom);
            hours.add(hour, rate, inTop, inBottom);
        }
        if (video.sound !== undefined || video.originalSound !== undefined) {
            basedOn.sound++;
            // The platform's own flag first; the title only where the source has no flag.
            sound = (video.originalSound ?? ORIGINAL_SOUND.test(video.sound ?? '')) ? ORIGINAL : OTHER;
            sounds.add(sound, rate, inTop, inBottom);
        }
        codes.packed[j] = pack(weekday, hour, bucket, sound);
    }
    codes.tagStart[n] = tags;
    return { codes, hashtags, weekdays, hours, sounds, buckets, basedOn };
}
/** The breakdowns as the Analysis shows them, once the rank pass knows every group's median. */
export function finishBreakdowns(pass, medians, options) {
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
//# sourceMappingURL=breakdowns.js.map