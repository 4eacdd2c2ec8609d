import type { Video } from '../analysis/types.js';
import type { SkippedRecord } from './catalog.js';
import { IdSet } from './id-set.js';

/**
 * The one normalizer: maps every record shape a source returns to `Video`.
 *
 * Shapes understood (detected per record, so a mixed file still works):
 * - aweme:    Scavio / TikTok app items (`aweme_id`, `statistics.*`, durations in ms,
 *             `text_extra[].hashtag_name`, `music.title`)
 * - web:      TikTok web JSON (`stats.playCount`, `createTime`, `challenges[].title`)
 * - official: TikTok's official API (`view_count`, `like_count`, `video_description`)
 * - apify:    Apify-style flat camelCase (`playCount`, `videoMeta.duration`, `hashtags[].name`)
 * - flat:     the original script's fields (`play_count`, `digg_count`, ...), also our own
 *             export's column names (`plays`, `likes`, ...) so an export can be re-imported
 *
 * Why no zod here: parsing 1M records through zod costs ~0.4 s on this machine,
 * most of the 1 s budget for the whole analysis, and importing it at all is a
 * third of the file CLI's start-up. Records are read through small per-shape
 * accessors, and the few values that are not clean numbers are checked by hand.
 */

export interface NormalizeResult {
  videos: Video[];
  skipped: SkippedRecord[];
  /** Records dropped because an earlier record had the same id (first wins). */
  duplicates: number;
}

export type RecordShape = 'aweme' | 'web' | 'official' | 'apify' | 'flat';

type Raw = Record<string, unknown>;

/** Reads one shape's fields; values are raw and coerced by the shared code below. */
interface ShapeReader {
  id(r: Raw): unknown;
  caption(r: Raw): unknown;
  /** Duration and the unit the shape uses for it. */
  duration(r: Raw): unknown;
  durationUnit: 'sec' | 'ms';
  plays(r: Raw): unknown;
  likes(r: Raw): unknown;
  comments(r: Raw): unknown;
  shares(r: Raw): unknown;
  saves(r: Raw): unknown;
  createdAt(r: Raw): unknown;
  hashtags(r: Raw): readonly string[] | undefined;
  sound(r: Raw): unknown;
  /** Field names for error messages. */
  names: { plays: string; likes: string; comments: string; shares: string; saves: string; duration: string };
}

const obj = (value: unknown): Raw | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Raw) : undefined;

function namesFrom(list: unknown, key: string): readonly string[] | undefined {
  if (!Array.isArray(list)) return undefined;
  // A plain list of strings is passed on as is: cleanTags keeps a clean list and rebuilds only one that needs cleaning.
  if (list.every((item) => typeof item === 'string')) return list;
  const names: string[] = [];
  for (const item of list) {
    if (typeof item === 'string') names.push(item);
    else {
      const name = obj(item)?.[key];
      if (typeof name === 'string' && name !== '') names.push(name);
    }
  }
  return names;
}

/** A hashtag list given as text ("#a #b", "a,b") in CSV files. */
function tagsFromText(value: unknown): readonly string[] | undefined {
  if (Array.isArray(value)) return namesFrom(value, 'name');
  if (typeof value !== 'string') return undefined;
  return value
    .split(/[\s,;|]+/)
    .map((t) => t.replace(/^#/, ''))
    .filter((t) => t !== '');
}

const READERS: Record<RecordShape, ShapeReader> = {
  aweme: {
    id: (r) => r.aweme_id,
    caption: (r) => r.desc,
    duration: (r) => obj(r.video)?.duration ?? r.duration,
    durationUnit: 'ms',
    plays: (r) => obj(r.statistics)?.play_count,
    likes: (r) => obj(r.statistics)?.digg_count,
    comments: (r) => obj(r.statistics)?.comment_count,
    shares: (r) => obj(r.statistics)?.share_count,
    saves: (r) => obj(r.statistics)?.collect_count,
    createdAt: (r) => r.create_time,
    hashtags: (r) => namesFrom(r.text_extra, 'hashtag_name'),
    sound: (r) => obj(r.music)?.title,
    names: {
      plays: 'statistics.play_count',
      likes: 'statistics.digg_count',
      comments: 'statistics.comment_count',
      shares: 'statistics.share_count',
      saves: 'statistics.collect_count',
      duration: 'duration',
    },
  },
  web: {
    id: (r) => r.id,
    caption: (r) => r.desc,
    duration: (r) => obj(r.video)?.duration,
    durationUnit: 'sec',
    plays: (r) => obj(r.stats)?.playCount ?? obj(r.statsV2)?.playCount,
    likes: (r) => obj(r.stats)?.diggCount ?? obj(r.statsV2)?.diggCount,
    comments: (r) => obj(r.stats)?.commentCount ?? obj(r.statsV2)?.commentCount,
    shares: (r) => obj(r.stats)?.shareCount ?? obj(r.statsV2)?.shareCount,
    saves: (r) => obj(r.stats)?.collectCount ?? obj(r.statsV2)?.collectCount,
    createdAt: (r) => r.createTime,
    hashtags: (r) => namesFrom(r.challenges, 'title'),
    sound: (r) => obj(r.music)?.title,
    names: {
      plays: 'stats.playCount',
      likes: 'stats.diggCount',
      comments: 'stats.commentCount',
      shares: 'stats.shareCount',
      saves: 'stats.collectCount',
      duration: 'video.duration',
    },
  },
  official: {
    id: (r) => r.id,
    caption: (r) => r.video_description ?? r.title,
    duration: (r) => r.duration,
    durationUnit: 'sec',
    plays: (r) => r.view_count,
    likes: (r) => r.like_count,
    comments: (r) => r.comment_count,
    shares: (r) => r.share_count,
    saves: () => undefined,
    createdAt: (r) => r.create_time,
    hashtags: () => undefined,
    sound: () => undefined,
    names: {
      plays: 'view_count',
      likes: 'like_count',
      comments: 'comment_count',
      shares: 'share_count',
      saves: 'saves',
      duration: 'duration',
    },
  },
  apify: {
    id: (r) => r.id,
    caption: (r) => r.text ?? r.desc,
    duration: (r) => obj(r.videoMeta)?.duration ?? r.duration,
    durationUnit: 'sec',
    plays: (r) => r.playCount,
    likes: (r) => r.diggCount,
    comments: (r) => r.commentCount,
    shares: (r) => r.shareCount,
    saves: (r) => r.collectCount,
    createdAt: (r) => r.createTime ?? r.createTimeISO,
    hashtags: (r) => namesFrom(r.hashtags, 'name'),
    sound: (r) => obj(r.musicMeta)?.musicName ?? obj(r.music)?.title,
    names: {
      plays: 'playCount',
      likes: 'diggCount',
      comments: 'commentCount',
      shares: 'shareCount',
      saves: 'collectCount',
      duration: 'videoMeta.duration',
    },
  },
  flat: {
    id: (r) => r.id ?? r.video_id,
    caption: (r) => r.desc ?? r.caption ?? r.text ?? r.title,
    duration: (r) => r.duration ?? r.durationSec ?? r.duration_sec,
    durationUnit: 'sec',
    plays: (r) => r.play_count ?? r.plays ?? r.views,
    likes: (r) => r.digg_count ?? r.likes,
    comments: (r) => r.comment_count ?? r.comments,
    shares: (r) => r.share_count ?? r.shares,
    saves: (r) => r.collect_count ?? r.saves,
    createdAt: (r) => r.create_time ?? r.createdAtSec ?? r.created_at ?? r.createdAt,
    hashtags: (r) => tagsFromText(r.hashtags),
    sound: (r) => {
      const music = r.music ?? r.sound;
      return typeof music === 'string' ? music : obj(music)?.title;
    },
    names: {
      plays: 'play_count',
      likes: 'digg_count',
      comments: 'comment_count',
      shares: 'share_count',
      saves: 'collect_count',
      duration: 'duration',
    },
  },
};

export function detectShape(record: Raw): RecordShape {
  if ('aweme_id' in record || 'statistics' in record) return 'aweme';
  if (obj(record.stats) !== undefined || obj(record.statsV2) !== undefined) return 'web';
  if ('view_count' in record || 'like_count' in record || 'video_description' in record) return 'official';
  if ('playCount' in record || 'diggCount' in record || 'videoMeta' in record) return 'apify';
  return 'flat';
}

/** A counter written as text: digits, an optional fraction, an optional minus (refused below). */
const COUNT_TEXT = /^-?\d+(\.\d+)?$/;

class RecordProblem extends Error {}

function count(value: unknown, field: string): number {
  if (typeof value === 'number') {
    if (value >= 0 && Number.isFinite(value)) return value;
    throw new RecordProblem(`${field} is ${value < 0 ? 'negative' : 'not a finite number'} (${value})`);
  }
  if (value === undefined || value === null || value === '') return 0;
  const text = typeof value === 'string' ? value.trim() : undefined;
  if (text !== undefined && COUNT_TEXT.test(text)) {
    const parsed = Number(text);
    if (parsed >= 0) return parsed;
  }
  const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : typeof value;
  const problem = text !== undefined && COUNT_TEXT.test(text) ? 'is negative' : 'is not a number';
  throw new RecordProblem(`${field} ${problem} (${shown})`);
}

/** Unix seconds from seconds, milliseconds or an ISO date; null when absent or unreadable. */
function unixSeconds(value: unknown): number | null {
  let seconds: number;
  if (typeof value === 'number') seconds = value;
  else if (typeof value === 'string' && value.trim() !== '') {
    seconds = /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : Date.parse(value) / 1000;
  } else return null;
  if (!Number.isFinite(seconds) || seconds <= 0) return null;
  // Values past year 33658 in seconds are milliseconds.
  return seconds > 1e12 ? Math.floor(seconds / 1000) : Math.floor(seconds);
}

const CAPTION_HASHTAG = /#([\p{L}\p{N}_]+)/gu;

function hashtagsFromCaption(caption: string): string[] {
  const tags: string[] = [];
  for (const match of caption.matchAll(CAPTION_HASHTAG)) tags.push(match[1]!);
  return tags;
}

const NO_TAGS: readonly string[] = Object.freeze([]);

/** Lower-cased, without '#', unique, in order. */
function cleanTags(tags: readonly string[]): readonly string[] {
  if (tags.length === 0) return NO_TAGS;
  // Clean lists (the common case) are shared, not copied: a million copies cost GC time.
  if (areCleanTags(tags)) return tags;
  const seen = new Set<string>();
  for (const tag of tags) {
    const clean = tag.replace(/^#/, '').trim().toLowerCase();
    if (clean !== '') seen.add(clean);
  }
  return [...seen];
}

/** Most sources already send clean tags; checking is much cheaper than rebuilding (1M videos). */
function areCleanTags(tags: readonly string[]): boolean {
  for (let i = 0; i < tags.length; i++) {
    const tag = tags[i]!;
    if (tag === '' || tag.charCodeAt(0) === 35 /* # */ || tag !== tag.toLowerCase() || tag !== tag.trim()) return false;
    for (let j = 0; j < i; j++) if (tags[j] === tag) return false;
  }
  return true;
}

function readId(value: unknown): string {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new RecordProblem('has no id');
}

/** Normalizes one record; throws RecordProblem with the reason when it cannot. */
function normalizeRecord(record: unknown): Video {
  const raw = obj(record);
  if (raw === undefined)
    throw new RecordProblem(`is not an object (${Array.isArray(record) ? 'array' : typeof record})`);
  const reader = READERS[detectShape(raw)];
  const id = readId(reader.id(raw));
  const captionValue = reader.caption(raw);
  const caption = typeof captionValue === 'string' ? captionValue : '';
  const rawDuration = count(reader.duration(raw), reader.names.duration);
  const durationSec = reader.durationUnit === 'ms' ? rawDuration / 1000 : rawDuration;
  const listed = reader.hashtags(raw);
  const sound = reader.sound(raw);
  const savesValue = reader.saves(raw);

  // Every field in one literal, optional ones as undefined: one allocation and
  // one hidden class for all videos (adding `sound` later would give each
  // video a second object for its extra properties).
  return {
    id,
    caption,
    durationSec,
    plays: count(reader.plays(raw), reader.names.plays),
    likes: count(reader.likes(raw), reader.names.likes),
    comments: count(reader.comments(raw), reader.names.comments),
    shares: count(reader.shares(raw), reader.names.shares),
    saves: savesValue === undefined || savesValue === null ? undefined : count(savesValue, reader.names.saves),
    createdAtSec: unixSeconds(reader.createdAt(raw)),
    hashtags: cleanTags(listed !== undefined && listed.length > 0 ? listed : hashtagsFromCaption(caption)),
    sound: typeof sound === 'string' && sound !== '' ? sound : undefined,
  };
}

/**
 * Normalizes a list of records of any supported shape. Records that cannot be
 * understood are reported with their position and reason; the rest are kept.
 * Duplicate ids count once: the first record wins.
 */
export function normalizeRecords(records: readonly unknown[]): NormalizeResult {
  const videos: Video[] = [];
  const skipped: SkippedRecord[] = [];
  const seen = new IdSet(records.length);
  let duplicates = 0;
  for (let index = 0; index < records.length; index++) {
    let video: Video;
    try {
      video = normalizeRecord(records[index]);
    } catch (error) {
      if (!(error instanceof RecordProblem)) throw error;
      skipped.push({ index, reason: `record ${index + 1} ${error.message}` });
      continue;
    }
    if (!seen.add(video.id)) {
      duplicates++;
      continue;
    }
    videos.push(video);
  }
  return { videos, skipped, duplicates };
}
