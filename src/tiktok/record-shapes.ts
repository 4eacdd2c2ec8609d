/**
 * The record shapes of the tools creators and analysts export TikTok data with,
 * recognised from a record's fields as a whole (never from one key), and one
 * reader per shape that picks out the raw values the normalizer coerces.
 *
 * - app:        TikTok app API items (Scavio, aweme_list, aweme_details): `statistics.play_count`, durations in ms
 * - web:        TikTok web items (TikTok-Api, itemList, itemStruct): `stats` / `statsV2` (exact, preferred), `video.duration` s
 * - apify:      Apify actors and tiktok-scraper's collector: top-level `playCount`, `authorMeta`, `videoMeta`, `musicMeta`
 * - tikwm:      tikwm.com: top-level `play_count`/`digg_count`, `video_id`, `music_info`, durations in seconds
 * - yt-dlp:     yt-dlp info JSON: `view_count`, `repost_count`, `timestamp`, `uploader`, `track`
 * - tiktok-api: TikTok's Display API and Research API: `view_count`, `video_description`, `video_duration`, `username`
 * - flat:       flat CSV/JSON with the common header spellings (`video_id`, `Video ID`, `views`, `video_view_count`, ...)
 */

export type RecordShape = 'app' | 'web' | 'apify' | 'tikwm' | 'yt-dlp' | 'tiktok-api' | 'flat';

export type Raw = Record<string, unknown>;

/** The raw values of one record, before coercion. */
export interface RawFields {
  id: unknown;
  caption: unknown;
  duration: unknown;
  /** The unit a plain-number duration of this shape is in. */
  durationUnit: 'sec' | 'ms';
  plays: unknown;
  likes: unknown;
  comments: unknown;
  shares: unknown;
  saves: unknown;
  createdAt: unknown;
  hashtags: readonly string[] | undefined;
  sound: unknown;
  /** The platform's own "original sound" flag, where the shape has one. */
  originalSound: unknown;
  author: unknown;
  /** Field names as the shape spells them, for messages. */
  names: FieldNames;
}

export interface FieldNames {
  plays: string;
  likes: string;
  comments: string;
  shares: string;
  saves: string;
  duration: string;
  createdAt: string;
}

export function obj(value: unknown): Raw | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Raw) : undefined;
}

function namesFrom(list: unknown, key: string): readonly string[] | undefined {
  if (!Array.isArray(list)) return undefined;
  // A plain list of strings is passed on as is: the normalizer keeps a clean list and rebuilds only one that needs cleaning.
  if (allStrings(list)) return list as string[];
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

function allStrings(list: readonly unknown[]): boolean {
  for (let i = 0; i < list.length; i++) if (typeof list[i] !== 'string') return false;
  return true;
}

/** A hashtag list given as text ("#a #b", "a,b", "['a', 'b']") in CSV files, or as a list. */
function tagsFrom(value: unknown): readonly string[] | undefined {
  // namesFrom gives [] (not undefined) for a list without `name`s: then try `title` (`[{"title": "food"}]`).
  if (Array.isArray(value)) {
    const names = namesFrom(value, 'name');
    return names !== undefined && names.length > 0 ? names : namesFrom(value, 'title');
  }
  if (typeof value !== 'string') return undefined;
  return value
    .split(/[\s,;|[\]'"]+/)
    .map((t) => t.replace(/^#/, ''))
    .filter((t) => t !== '');
}

/** The handle inside a TikTok URL (https://www.tiktok.com/@name/video/123). */
function handleFromUrl(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  return /tiktok\.com\/@([\w.-]+)/.exec(value)?.[1];
}

/**
 * A handle value, or undefined when it is an empty text: an empty author cell of a CSV row says
 * nothing, and must not stop the fallbacks after it (the handle in the video's URL).
 */
function present(value: unknown): unknown {
  return value === '' || (typeof value === 'string' && value.trim() === '') ? undefined : value;
}

/** A handle field that may be a string or an author object. */
function handleOf(value: unknown): unknown {
  const author = obj(value);
  if (author === undefined) return present(value);
  return present(author.uniqueId) ?? present(author.unique_id) ?? present(author.username) ?? present(author.name);
}

const APP_NAMES: FieldNames = {
  plays: 'statistics.play_count',
  likes: 'statistics.digg_count',
  comments: 'statistics.comment_count',
  shares: 'statistics.share_count',
  saves: 'statistics.collect_count',
  duration: 'video.duration',
  createdAt: 'create_time',
};
const WEB_NAMES: FieldNames = {
  plays: 'statsV2.playCount',
  likes: 'statsV2.diggCount',
  comments: 'statsV2.commentCount',
  shares: 'statsV2.shareCount',
  saves: 'statsV2.collectCount',
  duration: 'video.duration',
  createdAt: 'createTime',
};
const APIFY_NAMES: FieldNames = {
  plays: 'playCount',
  likes: 'diggCount',
  comments: 'commentCount',
  shares: 'shareCount',
  saves: 'collectCount',
  duration: 'videoMeta.duration',
  createdAt: 'createTime',
};
const TIKWM_NAMES: FieldNames = {
  plays: 'play_count',
  likes: 'digg_count',
  comments: 'comment_count',
  shares: 'share_count',
  saves: 'collect_count',
  duration: 'duration',
  createdAt: 'create_time',
};
const YTDLP_NAMES: FieldNames = {
  plays: 'view_count',
  likes: 'like_count',
  comments: 'comment_count',
  shares: 'repost_count',
  saves: 'save_count',
  duration: 'duration',
  createdAt: 'timestamp',
};
const TIKTOK_API_NAMES: FieldNames = {
  plays: 'view_count',
  likes: 'like_count',
  comments: 'comment_count',
  shares: 'share_count',
  saves: 'favorites_count',
  duration: 'video_duration',
  createdAt: 'create_time',
};

function readApp(r: Raw, out: RawFields): RawFields {
  const stats = obj(r.statistics);
  const music = obj(r.music);
  out.id = r.aweme_id ?? r.id;
  out.caption = r.desc;
  out.duration = obj(r.video)?.duration ?? r.duration;
  out.durationUnit = 'ms';
  out.plays = stats?.play_count;
  out.likes = stats?.digg_count;
  out.comments = stats?.comment_count;
  out.shares = stats?.share_count;
  out.saves = stats?.collect_count;
  out.createdAt = r.create_time;
  out.hashtags = namesFrom(r.text_extra, 'hashtag_name') ?? namesFrom(r.cha_list, 'cha_name');
  out.sound = music?.title;
  out.originalSound = music?.is_original_sound ?? music?.is_original;
  out.author = handleOf(r.author) ?? handleFromUrl(r.share_url);
  out.names = APP_NAMES;
  return out;
}

function readWeb(r: Raw, out: RawFields): RawFields {
  // statsV2 carries exact counts as strings; stats may be rounded ("1.2M" shown as 1200000): prefer statsV2.
  const v2 = obj(r.statsV2);
  const v1 = obj(r.stats);
  const music = obj(r.music);
  out.id = r.id;
  out.caption = r.desc;
  out.duration = obj(r.video)?.duration;
  out.durationUnit = 'sec';
  out.plays = v2?.playCount ?? v1?.playCount;
  out.likes = v2?.diggCount ?? v1?.diggCount;
  out.comments = v2?.commentCount ?? v1?.commentCount;
  out.shares = v2?.shareCount ?? v1?.shareCount;
  out.saves = v2?.collectCount ?? v1?.collectCount;
  out.createdAt = r.createTime;
  out.hashtags = namesFrom(r.challenges, 'title') ?? namesFrom(r.textExtra, 'hashtagName');
  out.sound = music?.title;
  out.originalSound = music?.original;
  out.author = handleOf(r.author);
  out.names = v2 !== undefined ? WEB_NAMES : { ...WEB_NAMES, ...statsNames('stats') };
  return out;
}

function statsNames(prefix: string): Partial<FieldNames> {
  return {
    plays: `${prefix}.playCount`,
    likes: `${prefix}.diggCount`,
    comments: `${prefix}.commentCount`,
    shares: `${prefix}.shareCount`,
    saves: `${prefix}.collectCount`,
  };
}

function readApify(r: Raw, out: RawFields): RawFields {
  const musicMeta = obj(r.musicMeta);
  const authorMeta = obj(r.authorMeta);
  out.id = r.id;
  out.caption = r.text ?? r.desc;
  out.duration = obj(r.videoMeta)?.duration ?? r.duration;
  out.durationUnit = 'sec';
  out.plays = r.playCount;
  out.likes = r.diggCount;
  out.comments = r.commentCount;
  out.shares = r.shareCount;
  out.saves = r.collectCount;
  out.createdAt = r.createTime ?? r.createTimeISO;
  out.hashtags = namesFrom(r.hashtags, 'name');
  out.sound = musicMeta?.musicName ?? obj(r.music)?.title;
  out.originalSound = musicMeta?.musicOriginal;
  out.author = present(authorMeta?.name) ?? present(authorMeta?.uniqueId) ?? handleFromUrl(r.webVideoUrl);
  out.names = APIFY_NAMES;
  return out;
}

function readTikwm(r: Raw, out: RawFields): RawFields {
  const music = obj(r.music_info);
  // tikwm names the video's id `video_id` (its `aweme_id` is not always the same value).
  out.id = r.video_id ?? r.id ?? r.aweme_id;
  out.caption = r.title ?? r.desc;
  out.duration = r.duration;
  out.durationUnit = 'sec';
  out.plays = r.play_count;
  out.likes = r.digg_count;
  out.comments = r.comment_count;
  out.shares = r.share_count;
  out.saves = r.collect_count;
  out.createdAt = r.create_time;
  out.hashtags = undefined;
  out.sound = music?.title;
  out.originalSound = music?.original;
  out.author = handleOf(r.author);
  out.names = TIKWM_NAMES;
  return out;
}

function readYtDlp(r: Raw, out: RawFields): RawFields {
  out.id = r.id;
  out.caption = r.description ?? r.title;
  out.duration = r.duration;
  out.durationUnit = 'sec';
  out.plays = r.view_count;
  out.likes = r.like_count;
  out.comments = r.comment_count;
  out.shares = r.repost_count;
  out.saves = r.save_count;
  out.createdAt = r.timestamp ?? r.upload_date;
  out.hashtags = Array.isArray(r.tags) && r.tags.length > 0 ? tagsFrom(r.tags) : undefined;
  out.sound = r.track;
  out.originalSound = undefined;
  // `uploader` is the handle; `channel` the display name, which makes no link.
  out.author = present(r.uploader) ?? handleFromUrl(r.webpage_url) ?? handleFromUrl(r.uploader_url);
  out.names = YTDLP_NAMES;
  return out;
}

function readTiktokApi(r: Raw, out: RawFields): RawFields {
  out.id = r.id ?? r.video_id;
  out.caption = r.video_description ?? r.title;
  out.duration = r.video_duration ?? r.duration;
  out.durationUnit = 'sec';
  out.plays = r.view_count;
  out.likes = r.like_count;
  out.comments = r.comment_count;
  out.shares = r.share_count;
  out.saves = r.favorites_count ?? r.favourites_count;
  out.createdAt = r.create_time;
  out.hashtags = tagsFrom(r.hashtag_names);
  out.sound = undefined;
  out.originalSound = undefined;
  out.author = present(r.username) ?? handleFromUrl(r.share_url) ?? handleFromUrl(r.embed_link);
  out.names = TIKTOK_API_NAMES;
  return out;
}

// ---------------------------------------------------------------------------
// Flat records: any header spelling, matched after lower-casing and dropping
// everything but letters and digits ("Video ID", "video_id", "videoId" -> videoid).

type FlatField =
  | 'id'
  | 'caption'
  | 'duration'
  | 'durationMs'
  | 'plays'
  | 'likes'
  | 'comments'
  | 'shares'
  | 'saves'
  | 'createdAt'
  | 'hashtags'
  | 'sound'
  | 'originalSound'
  | 'author'
  | 'url';

const FLAT_ALIASES: Record<FlatField, readonly string[]> = {
  id: ['id', 'videoid', 'awemeid', 'itemid', 'postid', 'tiktokid', 'videoidstr'],
  caption: [
    'desc',
    'caption',
    'description',
    'text',
    'title',
    'videodescription',
    'videocaption',
    'videotranscriptiontext',
  ],
  duration: [
    'duration',
    'durationsec',
    'durationseconds',
    'durations',
    'videoduration',
    'videodurationsec',
    'videodurationseconds',
    'length',
    'videolength',
  ],
  durationMs: ['durationms', 'videodurationms'],
  plays: [
    'playcount',
    'plays',
    'views',
    'viewcount',
    'videoviewcount',
    'videoplaycount',
    'videoviews',
    'totalviews',
    'playcounts',
    // Plural spellings ("views_count", "plays_count") of spreadsheets and scrapers.
    'viewscount',
    'playscount',
    'videoviewscount',
    'totalplays',
  ],
  likes: [
    'diggcount',
    'likes',
    'likecount',
    'videolikecount',
    'hearts',
    'heartcount',
    'diggs',
    'likescount',
    'diggscount',
    'heartscount',
    'videolikescount',
    'totallikes',
  ],
  comments: ['commentcount', 'comments', 'videocommentcount', 'commentscount', 'videocommentscount', 'totalcomments'],
  shares: [
    'sharecount',
    'shares',
    'videosharecount',
    'repostcount',
    'reposts',
    'sharescount',
    'repostscount',
    'videosharescount',
    'totalshares',
  ],
  saves: [
    'collectcount',
    'saves',
    'savecount',
    'favorites',
    'favoritescount',
    'favouritescount',
    'bookmarks',
    'bookmarkcount',
    'videosavecount',
    'savescount',
    'collectscount',
    'bookmarkscount',
  ],
  createdAt: [
    'createtime',
    'createdat',
    'created',
    'createtimeiso',
    'createdatsec',
    'date',
    'postedat',
    'posttime',
    'postdate',
    'publishedat',
    'publishdate',
    'uploaddate',
    'timestamp',
    'datetime',
  ],
  hashtags: ['hashtags', 'tags', 'hashtagnames', 'challenges', 'hashtag'],
  sound: ['music', 'sound', 'musictitle', 'soundtitle', 'musicname', 'track', 'song'],
  originalSound: ['musicoriginal', 'isoriginalsound', 'originalsound', 'soundoriginal', 'musicisoriginal'],
  author: [
    'author',
    'username',
    'uniqueid',
    'authorname',
    'authorusername',
    'authoruniqueid',
    'authorhandle',
    'handle',
    'uploader',
    'creator',
    'account',
  ],
  url: ['url', 'videourl', 'webvideourl', 'webpageurl', 'shareurl', 'link'],
};

const FLAT_LOOKUP = new Map<string, FlatField>(
  (Object.entries(FLAT_ALIASES) as [FlatField, readonly string[]][]).flatMap(([field, aliases]) =>
    aliases.map((alias) => [alias, field] as const),
  ),
);

/** Counter spellings in any shape: a record without one of these has no data this tool reads. */
const COUNTER_FIELDS = new Set<FlatField>(['plays', 'likes', 'comments', 'shares']);

/** Key -> canonical key, cached (a file repeats the same few dozen keys millions of times). */
const canonCache = new Map<string, FlatField | null>();

export function flatFieldOf(key: string): FlatField | undefined {
  let field = canonCache.get(key);
  if (field === undefined) {
    field = FLAT_LOOKUP.get(key.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '')) ?? null;
    if (canonCache.size < 10_000) canonCache.set(key, field);
  }
  return field ?? undefined;
}

/** Whether a flat key names a counter (for "which columns are understood" messages). */
export function isCounterKey(key: string): boolean {
  const field = flatFieldOf(key);
  return field !== undefined && COUNTER_FIELDS.has(field);
}

/** The field names the flat reader understands, one spelling each, for messages. */
export const UNDERSTOOD_COLUMNS =
  'id/video_id, plays/views/play_count/views_count/video_view_count, likes/digg_count/likes_count, comments/comment_count/comments_count, shares/share_count/shares_count, duration/video_duration_sec, create_time/created_at, hashtags, sound/music, author/username';

/**
 * Which key of a flat record feeds which field, worked out once per key layout: a file's
 * records nearly always share one (JSON.parse and CSV rows give the same keys in the same
 * order), so the next record only has to show its keys are the same ones to reuse it.
 */
interface FlatPlan {
  keys: string[];
  /** Per key position: the field it feeds, or -1 (unknown key, or a later spelling of a field already fed). */
  fieldAt: Int8Array;
  /** The first key of the record that maps to each field. */
  key: Partial<Record<FlatField, string>>;
  /** Field names for messages, with durations in seconds or in milliseconds. */
  namesSec: FieldNames;
  namesMs: FieldNames;
  /** Whether every record with these keys is flat, whatever its values (see flatByKeys). */
  alwaysFlat: boolean;
  /** Field names of special-shape records of this layout whose gaps the flat reader filled (see gapNames). */
  gapNames?: Map<number, FieldNames>;
  /** Per special shape: whether the flat reader may fill its gaps (see foreignFields). */
  foreign?: boolean[];
}

/**
 * Whether a record with these keys is flat whatever their values: detectShape
 * only ever asks whether a field (or a field of a nested object) is there, so
 * a record whose every key holds an object with every field is the most any
 * record with these keys can show it. When even that reads as flat, the
 * records of this layout need no detectShape of their own.
 */
function flatByKeys(keys: readonly string[]): boolean {
  const everyField: Raw = new Proxy({}, { get: () => 0 });
  return detectShape(Object.fromEntries(keys.map((key) => [key, everyField]))) === 'flat';
}

const FLAT_FIELDS = Object.keys(FLAT_ALIASES) as FlatField[];
const FIELD_INDEX = Object.fromEntries(FLAT_FIELDS.map((field, i) => [field, i])) as Record<FlatField, number>;

function flatPlanOf(r: Raw): FlatPlan {
  const keys: string[] = [];
  const key: Partial<Record<FlatField, string>> = {};
  const fields: number[] = [];
  for (const name in r) {
    keys.push(name);
    const field = flatFieldOf(name);
    if (field !== undefined && key[field] === undefined) {
      key[field] = name;
      fields.push(FIELD_INDEX[field]);
    } else fields.push(-1);
  }
  const names = (duration: string | undefined): FieldNames => ({
    plays: key.plays ?? 'plays',
    likes: key.likes ?? 'likes',
    comments: key.comments ?? 'comments',
    shares: key.shares ?? 'shares',
    saves: key.saves ?? 'saves',
    duration: duration ?? 'duration',
    createdAt: key.createdAt ?? 'created_at',
  });
  return {
    keys,
    fieldAt: Int8Array.from(fields),
    key,
    namesSec: names(key.duration),
    namesMs: names(key.durationMs),
    alwaysFlat: flatByKeys(keys),
  };
}

let flatPlan: FlatPlan = flatPlanOf({});
/** The values of the plan's fields, by FIELD_INDEX; fields the plan has no key for stay undefined. */
const flatValues: unknown[] = FLAT_FIELDS.map(() => undefined);

/**
 * Copies the record's values into flatValues, by key position. Reading `r[name]` inside a
 * for-in over `r` lets V8 load each value by its slot (the enum cache) rather than look the
 * key up by name, which a million records with a dozen fields each would pay for.
 */
function gatherFlat(r: Raw): boolean {
  const { keys, fieldAt } = flatPlan;
  let i = 0;
  for (const name in r) {
    if (keys[i] !== name) return false;
    const field = fieldAt[i]!;
    if (field >= 0) flatValues[field] = r[name];
    i++;
  }
  return i === keys.length;
}

/** gatherFlat, with the plan of this record's key layout worked out first when it is a new one. */
function gatherWithPlan(r: Raw): void {
  if (gatherFlat(r)) return;
  flatPlan = flatPlanOf(r);
  flatValues.fill(undefined);
  gatherFlat(r);
}

function readFlat(r: Raw, out: RawFields): RawFields {
  gatherWithPlan(r);
  return fillFlat(out);
}

/**
 * The fields of a record with the keys of the last flat record, which are
 * flat whatever their values (FlatPlan.alwaysFlat): a file's records share one
 * layout, so most records of a flat file skip detectShape. Undefined for any
 * other record (then detectShape and readFields, as ever).
 */
export function readKnownFlat(r: Raw): RawFields | undefined {
  return flatPlan.alwaysFlat && gatherFlat(r) ? fillFlat(SCRATCH) : undefined;
}

/** The flat reader's fields, from the values gatherFlat collected. */
function fillFlat(out: RawFields): RawFields {
  const v = flatValues;
  const seconds = v[FIELD_INDEX.duration];
  const milliseconds = v[FIELD_INDEX.durationMs];
  const ms = seconds === undefined && milliseconds !== undefined;
  const sound = v[FIELD_INDEX.sound];
  out.id = v[FIELD_INDEX.id];
  out.caption = v[FIELD_INDEX.caption];
  out.duration = ms ? milliseconds : seconds;
  out.durationUnit = ms ? 'ms' : 'sec';
  out.plays = v[FIELD_INDEX.plays];
  out.likes = v[FIELD_INDEX.likes];
  out.comments = v[FIELD_INDEX.comments];
  out.shares = v[FIELD_INDEX.shares];
  out.saves = v[FIELD_INDEX.saves];
  out.createdAt = v[FIELD_INDEX.createdAt];
  out.hashtags = tagsFrom(v[FIELD_INDEX.hashtags]);
  out.sound = typeof sound === 'string' ? sound : (obj(sound)?.title ?? obj(sound)?.musicName);
  out.originalSound = v[FIELD_INDEX.originalSound] ?? obj(sound)?.original;
  out.author = handleOf(v[FIELD_INDEX.author]) ?? handleFromUrl(v[FIELD_INDEX.url]);
  out.names = ms ? flatPlan.namesMs : flatPlan.namesSec;
  return out;
}

/**
 * The shape of one record, from its fields as a whole. Literal property reads: this runs once per
 * record (1M-video files). It asks only whether fields are there, never what they hold (flatByKeys
 * relies on that).
 */
export function detectShape(r: Raw): RecordShape {
  const stats = obj(r.statistics);
  if (
    stats !== undefined &&
    (stats.play_count !== undefined || stats.digg_count !== undefined || stats.comment_count !== undefined)
  )
    return 'app';
  if (obj(r.stats) !== undefined || obj(r.statsV2) !== undefined) return 'web';
  if (
    obj(r.authorMeta) !== undefined ||
    obj(r.videoMeta) !== undefined ||
    obj(r.musicMeta) !== undefined ||
    r.playCount !== undefined ||
    r.diggCount !== undefined
  )
    return 'apify';
  if (r.view_count !== undefined || r.like_count !== undefined) {
    if (
      r.webpage_url !== undefined ||
      r.extractor !== undefined ||
      r.extractor_key !== undefined ||
      r.repost_count !== undefined ||
      r.uploader !== undefined ||
      r.timestamp !== undefined ||
      r.display_id !== undefined
    )
      return 'yt-dlp';
    if (
      r.video_description !== undefined ||
      r.embed_link !== undefined ||
      r.embed_html !== undefined ||
      r.share_url !== undefined ||
      r.cover_image_url !== undefined ||
      r.hashtag_names !== undefined ||
      r.region_code !== undefined ||
      r.video_duration !== undefined ||
      r.username !== undefined ||
      r.music_id !== undefined ||
      r.voice_to_text !== undefined
    )
      return 'tiktok-api';
  }
  if (
    (r.play_count !== undefined || r.digg_count !== undefined) &&
    (r.music_info !== undefined ||
      r.wmplay !== undefined ||
      r.play !== undefined ||
      r.origin_cover !== undefined ||
      r.video_id !== undefined ||
      r.aweme_id !== undefined)
  )
    return 'tikwm';
  return 'flat';
}

/**
 * The readers fill one scratch object instead of allocating one per record: a
 * million-record file would otherwise make a million short-lived objects for
 * the garbage collector. The normalizer reads it before the next record.
 */
const SCRATCH: RawFields = {
  id: undefined,
  caption: undefined,
  duration: undefined,
  durationUnit: 'sec',
  plays: undefined,
  likes: undefined,
  comments: undefined,
  shares: undefined,
  saves: undefined,
  createdAt: undefined,
  hashtags: undefined,
  sound: undefined,
  originalSound: undefined,
  author: undefined,
  names: APP_NAMES,
};

/**
 * The top-level shapes (Apify, tikwm, yt-dlp, TikTok API) are told apart by keys that flat files
 * use as well (`playCount`, `video_id`, `timestamp`, `username`), so a flat file can be read as one
 * of them. Their readers know only the tool's own spellings: what they leave undefined is taken
 * from the flat reader, so no column the flat reader understands is ever ignored. (The nested
 * shapes, app and web, are never mistaken for a flat file; and their durations are in other units.)
 */
function withFlatGaps(reader: (r: Raw, out: RawFields) => RawFields, shape: SpecialShape) {
  return (r: Raw, out: RawFields): RawFields => fillGaps(reader(r, out), r, shape);
}

type SpecialShape = 'apify' | 'tikwm' | 'yt-dlp' | 'tiktok-api';
const SPECIAL_INDEX: Record<SpecialShape, number> = { apify: 0, tikwm: 1, 'yt-dlp': 2, 'tiktok-api': 3 };

/** The top-level keys each special reader reads: a flat field fed only by these has no gap to fill. */
const OWN_KEYS: Record<SpecialShape, ReadonlySet<string>> = {
  apify: new Set([
    'id',
    'text',
    'desc',
    'duration',
    'playCount',
    'diggCount',
    'commentCount',
    'shareCount',
    'collectCount',
    'createTime',
    'createTimeISO',
    'hashtags',
    'webVideoUrl',
  ]),
  tikwm: new Set([
    'video_id',
    'id',
    'aweme_id',
    'title',
    'desc',
    'duration',
    'play_count',
    'digg_count',
    'comment_count',
    'share_count',
    'collect_count',
    'create_time',
    'author',
  ]),
  'yt-dlp': new Set([
    'id',
    'description',
    'title',
    'duration',
    'view_count',
    'like_count',
    'comment_count',
    'repost_count',
    'save_count',
    'timestamp',
    'upload_date',
    'tags',
    'track',
    'uploader',
    'webpage_url',
    'uploader_url',
  ]),
  'tiktok-api': new Set([
    'id',
    'video_id',
    'video_description',
    'title',
    'video_duration',
    'duration',
    'view_count',
    'like_count',
    'comment_count',
    'share_count',
    'favorites_count',
    'favourites_count',
    'create_time',
    'hashtag_names',
    'username',
    'share_url',
    'embed_link',
  ]),
};

/** Per special shape (SPECIAL_INDEX): whether a key of this layout feeds a flat field its reader does not read. */
function foreignFields(plan: FlatPlan): boolean[] {
  const fed = Object.values(plan.key);
  return (Object.keys(SPECIAL_INDEX) as SpecialShape[]).map((shape) => fed.some((key) => !OWN_KEYS[shape].has(key)));
}

/** The fields FieldNames names, in the order of the bits of a gap mask. */
const NAMED_FIELDS = ['plays', 'likes', 'comments', 'shares', 'saves', 'duration', 'createdAt'] as const;

const DURATION_INDEX = NAMED_FIELDS.indexOf('duration');

/** The flat reader's reading of a special-shape record, apart from SCRATCH (which holds the special reader's). */
const FLAT_READING: RawFields = { ...SCRATCH };

/**
 * Fills what the special reader left undefined from the flat reader's reading of the record
 * (fillFlat, so both read a column the same way). Layouts without a column foreign to the
 * special reader (the real tools' files) stop after the key-by-key gather.
 */
function fillGaps(out: RawFields, r: Raw, shape: SpecialShape): RawFields {
  gatherWithPlan(r);
  // Decided once per key layout: the real tools' files have no column besides their own.
  if (!(flatPlan.foreign ??= foreignFields(flatPlan))[SPECIAL_INDEX[shape]]) return out;
  const flat = fillFlat(FLAT_READING);
  // Literal property reads and writes (no out[field] by a variable name): this runs per record.
  let mask = 0;
  if (out.plays === undefined && (out.plays = flat.plays) !== undefined) mask |= 1 << 0;
  if (out.likes === undefined && (out.likes = flat.likes) !== undefined) mask |= 1 << 1;
  if (out.comments === undefined && (out.comments = flat.comments) !== undefined) mask |= 1 << 2;
  if (out.shares === undefined && (out.shares = flat.shares) !== undefined) mask |= 1 << 3;
  if (out.saves === undefined && (out.saves = flat.saves) !== undefined) mask |= 1 << 4;
  if (out.duration === undefined && (out.duration = flat.duration) !== undefined) {
    mask |= 1 << DURATION_INDEX;
    out.durationUnit = flat.durationUnit;
  }
  if (out.createdAt === undefined && (out.createdAt = flat.createdAt) !== undefined) mask |= 1 << 6;
  out.id ??= flat.id;
  out.caption ??= flat.caption;
  out.hashtags ??= flat.hashtags;
  // tikwm's own `music` is the sound's audio URL, not its title (a tikwm record without music_info has no title).
  if (out.sound === undefined && !isUrl(flat.sound)) out.sound = flat.sound;
  out.originalSound ??= flat.originalSound;
  out.author ??= flat.author;
  if (mask !== 0) out.names = gapNames(out.names, flat.names, shape, mask);
  return out;
}

function isUrl(value: unknown): boolean {
  return typeof value === 'string' && /^https?:\/\//i.test(value);
}

/**
 * The field names of a record whose gaps were filled, as the file spells them: messages name the
 * column that was read. Built once per key layout, shape and set of gaps (cached on the plan).
 */
function gapNames(own: FieldNames, flat: FieldNames, shape: SpecialShape, mask: number): FieldNames {
  const cache = (flatPlan.gapNames ??= new Map<number, FieldNames>());
  const key = (SPECIAL_INDEX[shape] << 8) | (flat === flatPlan.namesMs ? 1 << 7 : 0) | mask;
  let names = cache.get(key);
  if (names === undefined) {
    names = { ...own };
    for (let i = 0; i < NAMED_FIELDS.length; i++)
      if ((mask & (1 << i)) !== 0) names[NAMED_FIELDS[i]!] = flat[NAMED_FIELDS[i]!];
    cache.set(key, names);
  }
  return names;
}

const READERS: Record<RecordShape, (r: Raw, out: RawFields) => RawFields> = {
  app: readApp,
  web: readWeb,
  apify: withFlatGaps(readApify, 'apify'),
  tikwm: withFlatGaps(readTikwm, 'tikwm'),
  'yt-dlp': withFlatGaps(readYtDlp, 'yt-dlp'),
  'tiktok-api': withFlatGaps(readTiktokApi, 'tiktok-api'),
  flat: readFlat,
};

/** The raw fields of `r`; valid until the next call (see SCRATCH). */
export function readFields(r: Raw, shape: RecordShape): RawFields {
  return READERS[shape](r, SCRATCH);
}
