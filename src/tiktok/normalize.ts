import type { Video } from '../analysis/types.js';
import type { IntakeSummary, SkippedRecord } from './catalog.js';
import {
  RecordProblem,
  readCount,
  readDate,
  readDuration,
  readFlag,
  readId,
  type DecimalMark,
} from './intake-values.js';
import {
  detectShape,
  flatFieldOf,
  obj,
  readFields,
  readKnownFlat,
  type RawFields,
  type RecordShape,
} from './record-shapes.js';
import { UniqueById } from './unique-by-id.js';

export { detectShape, type RecordShape } from './record-shapes.js';

/**
 * The one normalizer: every record of every source (Scavio pages, files of
 * any shape, the bot and the CLI alike) becomes a `Video` here, or is dropped
 * with its 1-based position and the reason.
 *
 * Records arrive one at a time (CatalogBuilder.add), so a file read as a stream
 * never holds more than one record besides the videos kept. Each record's shape
 * is recognised from its own fields (record-shapes.ts); the values are read by
 * intake-values.ts.
 *
 * Why not one zod schema per record: parsing 1M records through zod costs
 * ~0.4 s on this machine, most of the 1 s budget for the whole analysis.
 */

export interface NormalizeResult {
  videos: Video[];
  skipped: SkippedRecord[];
  /** Records dropped because an earlier record had the same id (first wins). */
  duplicates: number;
  /**
   * Records read with a likes, comments or shares value. None among many means the file's
   * engagement columns were not understood: every engagement rate would read 0%.
   */
  withEngagement: number;
  /**
   * When no record gave likes, comments or shares: the first record's keys that look like such a
   * counter but that this tool does not read (`hearts_total`), so the file can be refused naming them.
   */
  unreadCounterKeys: string[];
  intake: IntakeSummary;
}

export interface NormalizeOptions {
  /** Decimal mark of plain-text numbers (',' in semicolon-separated spreadsheets); '.' by default. */
  decimalMark?: DecimalMark;
  /** Keep only this account's videos (a handle, with or without '@', any case). */
  author?: string;
  /** How many records are likely (sizes the id table). */
  expected?: number;
}

/** The skipped records kept with their reason; past this only the count grows (a file of junk must not fill memory). */
export const SKIPPED_DETAIL_LIMIT = 1000;
/** Distinct keys remembered for "no counter found" messages. */
const KEYS_REMEMBERED = 60;

// \p{M}: the combining marks of Devanagari, Thai, Arabic... are part of a word (#खाना, not #ख).
const CAPTION_HASHTAG = /#([\p{L}\p{M}\p{N}_]+)/gu;

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
    if (tag === '' || tag.charCodeAt(0) === 35 /* # */ || !isCleanText(tag)) return false;
    for (let j = 0; j < i; j++) if (tags[j] === tag) return false;
  }
  return true;
}

/** Lower case and trimmed. ASCII is checked by code (no new strings); other text the way cleanTags cleans it. */
function isCleanText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 127) return text === text.toLowerCase() && text === text.trim();
    if (code >= 65 && code <= 90) return false; // A-Z
    if (code <= 32 && (i === 0 || i === text.length - 1)) return false; // leading or trailing space
  }
  return true;
}

function handle(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  // Most handles are clean: return them as they are (no new string per video).
  const first = value.charCodeAt(0);
  if (first !== 64 /* @ */ && first > 32 && value.charCodeAt(value.length - 1) > 32) return value;
  const text = value.trim().replace(/^@/, '');
  return text === '' ? undefined : text;
}

interface ReadRecord {
  video: Video;
  shape: RecordShape;
  zoneless: boolean;
  /** The post time was a date without a time of day (see Video.dateOnly). */
  dateOnly: boolean;
  /** The record gave likes, comments or shares (see NormalizeResult.withEngagement). */
  engaged: boolean;
}

/** One reusable result (normalizeRecord is synchronous; the builder reads it before the next record). */
const READ: ReadRecord = {
  video: undefined as unknown as Video,
  shape: 'flat',
  zoneless: false,
  dateOnly: false,
  engaged: false,
};

/** Normalizes one record; throws RecordProblem with the reason when it cannot. */
function normalizeRecord(record: unknown, decimal: DecimalMark): ReadRecord {
  const raw = obj(record);
  if (raw === undefined)
    throw new RecordProblem(`is not an object (${Array.isArray(record) ? 'array' : typeof record})`);
  const known = readKnownFlat(raw);
  const shape = known === undefined ? detectShape(raw) : 'flat';
  const f = known ?? readFields(raw, shape);
  try {
    return readVideo(f, shape, decimal);
  } catch (error) {
    if (error instanceof RecordProblem) {
      const given = (value: unknown) => value !== undefined && value !== null && value !== '';
      error.hadCounters =
        [f.plays, f.likes, f.comments, f.shares].some(given) && !/has no counters/.test(error.message);
    }
    throw error;
  }
}

function readVideo(f: RawFields, shape: RecordShape, decimal: DecimalMark): ReadRecord {
  const { names } = f;
  const plays = readCount(f.plays, names.plays, decimal);
  const likes = readCount(f.likes, names.likes, decimal);
  const comments = readCount(f.comments, names.comments, decimal);
  const shares = readCount(f.shares, names.shares, decimal);
  if (plays === undefined && likes === undefined && comments === undefined && shares === undefined) {
    throw new RecordProblem(
      `has no counters (${names.plays}, ${names.likes}, ${names.comments}, ${names.shares} are all missing or empty)`,
    );
  }
  const id = readId(f.id);
  const caption = typeof f.caption === 'string' ? f.caption : '';
  const saves = readCount(f.saves, names.saves, decimal);
  const date = readDate(f.createdAt, names.createdAt);
  const listed = f.hashtags;
  const sound = typeof f.sound === 'string' && f.sound !== '' ? f.sound : undefined;

  // Every field in one literal, optional ones as undefined: one allocation and
  // one hidden class for all videos. A missing counter is 0 (the fixtures' rule).
  const video: Video = {
    id,
    caption,
    durationSec: readDuration(f.duration, names.duration, f.durationUnit, decimal) ?? 0,
    plays: plays ?? 0,
    likes: likes ?? 0,
    comments: comments ?? 0,
    shares: shares ?? 0,
    saves,
    createdAtSec: date.sec,
    dateOnly: date.dateOnly ? true : undefined,
    hashtags: cleanTags(listed !== undefined && listed.length > 0 ? listed : hashtagsFromCaption(caption)),
    sound,
    originalSound: readFlag(f.originalSound),
    author: handle(f.author),
  };
  READ.video = video;
  READ.shape = shape;
  READ.zoneless = date.zoneless;
  READ.dateOnly = date.dateOnly;
  READ.engaged = likes !== undefined || comments !== undefined || shares !== undefined;
  return READ;
}

/**
 * Builds one catalog's videos from records added one by one, in order.
 * Positions are 1-based and count every record offered, so a message's
 * "record 7" is the 7th record of the file (the 7th row under a CSV header).
 */
export class CatalogBuilder {
  readonly #skipped: SkippedRecord[] = [];
  /** The videos kept so far, each id once. */
  readonly #videos: UniqueById<Video>;
  readonly #decimal: DecimalMark;
  readonly #author: string | undefined;
  readonly #shapes: Partial<Record<RecordShape, number>> = {};
  readonly #authors = new Map<string, number>();
  readonly #keys = new Set<string>();
  #records = 0;
  #skippedCount = 0;
  #duplicates = 0;
  #otherAuthors = 0;
  #zoneless = 0;
  #dateOnly = 0;
  #withDuration = 0;
  #withCounters = 0;
  #withEngagement = 0;
  /** The keys of the first record (for unreadCounterKeys): a file's records nearly always share them. */
  #firstKeys: string[] | undefined;
  #inexactIds = 0;
  #lastAuthor: string | undefined;
  #lastAuthorKey = '';

  constructor(options: NormalizeOptions = {}) {
    this.#videos = new UniqueById(options.expected ?? 1024);
    this.#decimal = options.decimalMark ?? '.';
    const author = options.author === undefined ? undefined : handle(options.author);
    this.#author = author?.toLowerCase();
  }

  /** Adds the next record; `line` is where it starts in the file, for a CSV row (messages name it). */
  add(record: unknown, line?: number): void {
    const position = ++this.#records;
    if (position === 1) this.#firstKeys = Object.keys(obj(record) ?? {});
    let read: ReadRecord;
    try {
      read = normalizeRecord(record, this.#decimal);
    } catch (error) {
      if (!(error instanceof RecordProblem)) throw error;
      if (error.hadCounters) this.#withCounters++;
      if (error.inexactId) this.#inexactIds++;
      this.#skip(position, line, error.message, record);
      return;
    }
    this.#withCounters++;
    if (read.engaged) this.#withEngagement++;
    const { video } = read;
    if (video.author !== undefined) {
      // Files are usually one account: the last author's key is reused instead of lower-casing every record.
      if (video.author !== this.#lastAuthor) {
        this.#lastAuthor = video.author;
        this.#lastAuthorKey = video.author.toLowerCase();
      }
      this.#countAuthor(this.#lastAuthorKey);
    }
    if (this.#author !== undefined && (video.author === undefined || this.#lastAuthorKey !== this.#author)) {
      this.#otherAuthors++;
      return;
    }
    if (!this.#videos.add(video)) {
      this.#duplicates++;
      return;
    }
    this.#countShape(read.shape);
    if (read.zoneless) this.#zoneless++;
    if (read.dateOnly) this.#dateOnly++;
    if (video.durationSec > 0) this.#withDuration++;
  }

  // Counted in runs (a file is mostly one shape and one account): a map update per run, not per record.
  #runAuthor = '';
  #runAuthorCount = 0;
  #runShape: RecordShape | undefined;
  #runShapeCount = 0;

  #countAuthor(key: string): void {
    if (key !== this.#runAuthor) this.#flushAuthor(key);
    this.#runAuthorCount++;
  }

  #flushAuthor(next: string): void {
    if (this.#runAuthorCount > 0)
      this.#authors.set(this.#runAuthor, (this.#authors.get(this.#runAuthor) ?? 0) + this.#runAuthorCount);
    this.#runAuthor = next;
    this.#runAuthorCount = 0;
  }

  #countShape(shape: RecordShape): void {
    if (shape !== this.#runShape) this.#flushShape(shape);
    this.#runShapeCount++;
  }

  #flushShape(next: RecordShape | undefined): void {
    if (this.#runShape !== undefined && this.#runShapeCount > 0)
      this.#shapes[this.#runShape] = (this.#shapes[this.#runShape] ?? 0) + this.#runShapeCount;
    this.#runShape = next;
    this.#runShapeCount = 0;
  }

  #skip(position: number, line: number | undefined, reason: string, record: unknown): void {
    this.#skippedCount++;
    if (this.#skipped.length < SKIPPED_DETAIL_LIMIT)
      this.#skipped.push(line === undefined ? { position, reason } : { position, line, reason });
    const raw = obj(record);
    if (raw !== undefined && this.#keys.size < KEYS_REMEMBERED) for (const key in raw) this.#keys.add(key);
  }

  get records(): number {
    return this.#records;
  }

  /** Records refused for an integer id past 2^53 that arrived as a (rounded) number, not as its text. */
  get inexactIds(): number {
    return this.#inexactIds;
  }

  result(): NormalizeResult {
    this.#flushAuthor('');
    this.#flushShape(undefined);
    const authors = [...this.#authors.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([name, videos]) => ({ handle: name, videos }));
    const videos = this.#videos.items();
    return {
      videos,
      skipped: this.#skipped,
      duplicates: this.#duplicates,
      withEngagement: this.#withEngagement,
      unreadCounterKeys: this.#withEngagement === 0 ? unreadCounterKeys(this.#firstKeys ?? []) : [],
      intake: {
        records: this.#records,
        distinct: videos.length,
        duplicates: this.#duplicates,
        skippedCount: this.#skippedCount,
        withCounters: this.#withCounters,
        shapes: this.#shapes,
        zonelessDates: this.#zoneless,
        dateOnlyDates: this.#dateOnly,
        withDuration: this.#withDuration,
        authors,
        authorFilter: this.#author ?? null,
        otherAuthors: this.#otherAuthors,
        keysSeen: [...this.#keys],
      },
    };
  }
}

/** Key spellings of engagement counters ("hearts_total", "likes_cnt", "num_comments"). */
const COUNTER_LIKE = /like|digg|heart|comment|share|repost/i;

/** The keys that look like a likes, comments or shares counter but that no reader understands. */
function unreadCounterKeys(keys: readonly string[]): string[] {
  return keys.filter((key) => COUNTER_LIKE.test(key) && flatFieldOf(key) === undefined);
}

/**
 * Normalizes a list of records of any supported shape. Records that cannot be
 * understood are reported with their position and reason; the rest are kept.
 * Duplicate ids count once: the first record wins.
 */
export function normalizeRecords(records: readonly unknown[], options: NormalizeOptions = {}): NormalizeResult {
  const builder = new CatalogBuilder({ expected: records.length, ...options });
  for (const record of records) builder.add(record);
  return builder.result();
}
