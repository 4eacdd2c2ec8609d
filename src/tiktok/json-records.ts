import Tokenizer from '@streamparser/json/tokenizer.js';
import TokenType from '@streamparser/json/utils/types/tokenType.js';
import { detectShape, flatFieldOf, isCounterKey, obj, type Raw } from './record-shapes.js';

/**
 * Finds the video records in JSON read as a stream, handing each to `onRecord`
 * as soon as it is complete, so memory holds one record at a time, not the file.
 *
 * Accepted: one JSON document, JSON Lines (a video or a whole response per
 * line, LF or CRLF) and documents simply concatenated (`cat page*.json`).
 * Records are found in a bare array, in the containers saved responses use
 * (CONTAINER_KEYS, at any depth), in arrays of responses, or as a single
 * video object. Numbers that a double cannot hold exactly (int64 ids past
 * 2^53, as the Research API sends them) are kept as their text.
 */

/** Keys under which known responses and exports keep their videos (or the object that holds them). */
const CONTAINER_KEYS = new Set([
  'videos',
  'itemList',
  'item_list',
  'items',
  'aweme_list',
  'aweme_details',
  'aweme_detail',
  'itemInfo',
  'itemStruct',
  'collector',
  'search_item_list',
  'aweme_info',
  'data',
  'result',
  'results',
  'entries',
]);

export interface JsonScan {
  documents: number;
  /** Paths of the containers found (even empty ones), e.g. "data.itemList". */
  containers: string[];
  /** Keys seen where no video was found (path-qualified, a few levels deep), for messages. */
  keysSeen: string[];
  /**
   * Saved API pages (an object holding a list of videos) by what their paging flag
   * (`has_more` / `hasMore`) says: `more` said more pages remained, `last` said this was the
   * end. Pages without the flag are not counted.
   */
  pages: { more: number; last: number };
}

export class JsonSyntaxError extends Error {}

const KEYS_LIMIT = 40;

/** Keeps the raw text of each number, so a large integer id can be kept exactly. */
class RawNumberTokenizer extends Tokenizer {
  lastNumberText = '';
  protected override parseNumber(text: string): number {
    this.lastNumberText = text;
    return Number(text);
  }
}

/**
 * The verdict on the last key layout of a flat record, when it follows from the keys alone
 * (no container key among them): a file's records share one layout, and this runs for each.
 */
let judgedLayout: { keys: string[]; video: boolean } | undefined;

function hasKeys(value: Raw, keys: readonly string[]): boolean {
  let i = 0;
  for (const key in value) if (keys[i++] !== key) return false;
  return i === keys.length;
}

/** Whether an object is a video record rather than a response around one. */
export function looksLikeVideo(value: Raw): boolean {
  const judged = judgedLayout !== undefined && hasKeys(value, judgedLayout.keys) ? judgedLayout : undefined;
  // A layout judged a video is one whatever its values: any other shape than flat is a video as well.
  // So the records of a file, which share their layout, skip detectShape.
  if (judged?.video === true) return true;
  // Account totals next to a list of videos (`{"views": 9e5, "videos": [...]}`) are a wrapper, not a video.
  // A judged layout has no container key, so only the first record of a layout pays for this.
  if (judged === undefined && holdsVideoList(value)) return false;
  if (detectShape(value) !== 'flat') return true;
  if (judged !== undefined) return judged.video;
  const keys: string[] = [];
  let verdict: boolean | undefined;
  let hasId = false;
  let hasContainerKey = false;
  for (const key in value) {
    keys.push(key);
    // Every key is looked at, past the verdict too: a layout with a container key must never be remembered.
    if (verdict === undefined && isCounterKey(key)) verdict = true;
    else if (verdict === undefined && flatFieldOf(key) === 'id') hasId = true;
    if (CONTAINER_KEYS.has(key)) {
      hasContainerKey = true;
      if (verdict === undefined && typeof value[key] === 'object' && value[key] !== null) verdict = false;
    }
  }
  const video = verdict ?? hasId;
  // With a container key, the verdict depends on that key's value: judged again for each record.
  judgedLayout = hasContainerKey ? undefined : { keys, video };
  return video;
}

type Frame = {
  value: Raw | unknown[];
  isArray: boolean;
  /** The key waiting for its value (objects). */
  key: string | undefined;
  /**
   * walk: outside any record, on a path that may lead to videos: array elements
   * are handed over as they complete instead of being kept.
   * build: inside a value that is kept whole.
   */
  mode: 'walk' | 'build';
  /** On completion, hand the value to `extract` instead of attaching it to the parent. */
  deliver: boolean;
  path: string;
};

export class JsonRecordStream {
  readonly #tokenizer = new RawNumberTokenizer({ separator: '' });
  readonly #stack: Frame[] = [];
  readonly #onRecord: (record: unknown) => void;
  readonly #containers = new Set<string>();
  readonly #keys = new Set<string>();
  #documents = 0;
  #emitted = 0;
  #emittedBeforeDocument = 0;
  #error: Error | undefined;
  /**
   * Objects whose container lists were walked and handed over records (and so are empty now):
   * wrappers, even when they hold counters of their own, as the whole-file read judges them.
   */
  readonly #wrappers = new WeakSet<object>();
  #wrapperCount = 0;
  #pagesWithMore = 0;
  #lastPages = 0;

  constructor(onRecord: (record: unknown) => void) {
    this.#onRecord = (record) => {
      this.#emitted++;
      onRecord(record);
    };
    this.#tokenizer.onToken = ({ token, value }) => this.#token(token, value);
    this.#tokenizer.onError = (error) => {
      this.#error ??= error;
    };
  }

  write(chunk: string | Uint8Array): void {
    this.#tokenizer.write(chunk);
    if (this.#error) throw new JsonSyntaxError(describeTokenizerError(this.#error));
  }

  end(): JsonScan {
    if (!this.#tokenizer.isEnded) this.#tokenizer.end();
    if (this.#error) throw new JsonSyntaxError(describeTokenizerError(this.#error));
    if (this.#stack.length > 0)
      throw new JsonSyntaxError('the JSON ends in the middle of a value (is the file complete?)');
    return this.scan();
  }

  /**
   * Takes one whole document already parsed (JSON.parse of a file read whole): its records are
   * found exactly as the streamed tokens would find them, and it counts as a document of the scan.
   */
  document(value: unknown): void {
    this.#emittedBeforeDocument = this.#emitted;
    if (Array.isArray(value)) this.#containers.add('the top-level list');
    this.#finishDocument(value);
  }

  /** The scan of what document() was given (the streamed equivalent of end()). */
  scan(): JsonScan {
    return {
      documents: this.#documents,
      containers: [...this.#containers],
      keysSeen: [...this.#keys],
      pages: { more: this.#pagesWithMore, last: this.#lastPages },
    };
  }

  #token(token: TokenType, value: unknown): void {
    const top = this.#stack.at(-1);
    switch (token) {
      case TokenType.LEFT_BRACE:
        this.#open(top, {});
        return;
      case TokenType.LEFT_BRACKET:
        this.#open(top, []);
        return;
      case TokenType.RIGHT_BRACE:
      case TokenType.RIGHT_BRACKET:
        this.#close();
        return;
      case TokenType.STRING:
        if (top !== undefined && !top.isArray && top.key === undefined) {
          top.key = value as string;
          return;
        }
        this.#primitive(top, value);
        return;
      case TokenType.NUMBER: {
        const n = value as number;
        const text = this.#tokenizer.lastNumberText;
        // An integer a double cannot hold exactly stays text (ids past 2^53); others are plain numbers.
        this.#primitive(top, Number.isSafeInteger(n) || !/^-?\d+$/.test(text) ? n : text);
        return;
      }
      case TokenType.TRUE:
        this.#primitive(top, true);
        return;
      case TokenType.FALSE:
        this.#primitive(top, false);
        return;
      case TokenType.NULL:
        this.#primitive(top, null);
        return;
      default:
        // COLON, COMMA, SEPARATOR: structure the stack already tracks.
        return;
    }
  }

  #open(parent: Frame | undefined, value: Raw | unknown[]): void {
    const isArray = Array.isArray(value);
    if (parent === undefined) {
      this.#emittedBeforeDocument = this.#emitted;
      if (isArray) this.#containers.add('the top-level list');
      this.#stack.push({ value, isArray, key: undefined, mode: 'walk', deliver: false, path: '' });
      return;
    }
    if (parent.mode === 'build') {
      this.#stack.push({ value, isArray, key: undefined, mode: 'build', deliver: false, path: '' });
      return;
    }
    if (parent.isArray) {
      // An element of a walked array: a record, or a response around records. Kept whole, then handed over.
      this.#stack.push({ value, isArray, key: undefined, mode: 'build', deliver: true, path: `${parent.path}[]` });
      return;
    }
    const key = parent.key!;
    const path = parent.path === '' ? key : `${parent.path}.${key}`;
    if (CONTAINER_KEYS.has(key)) {
      if (isArray) this.#containers.add(path);
      this.#stack.push({ value, isArray, key: undefined, mode: 'walk', deliver: false, path });
      return;
    }
    this.#stack.push({ value, isArray, key: undefined, mode: 'build', deliver: false, path });
  }

  #close(): void {
    const frame = this.#stack.pop()!;
    const parent = this.#stack.at(-1);
    if (frame.deliver) {
      if (!frame.isArray) this.#noteWrapper(this.#stack.at(-2));
      this.#extract(frame.value, frame.path);
      return;
    }
    if (parent === undefined) {
      // A whole document: what is left of it (walked arrays are empty now) may still be a video or hold one.
      this.#finishDocument(frame.value);
      return;
    }
    this.#attach(parent, frame.value);
  }

  /** The object owning a walked list that just handed over an object (`owner` is the list's parent frame). */
  #noteWrapper(owner: Frame | undefined): void {
    if (owner === undefined || owner.isArray || this.#wrappers.has(owner.value)) return;
    this.#wrappers.add(owner.value);
    this.#wrapperCount++;
  }

  #finishDocument(value: unknown): void {
    this.#documents++;
    this.#extract(value, '');
    const root = obj(value);
    if (this.#emitted === this.#emittedBeforeDocument && root !== undefined) {
      // Nothing found in this document: name its keys from the top, for the message.
      this.#keys.clear();
      this.#noteKeys(root, '');
    }
  }

  #primitive(parent: Frame | undefined, value: unknown): void {
    if (parent === undefined) {
      this.#documents++;
      return;
    }
    if (parent.mode === 'walk' && parent.isArray) {
      // A bare number or string in a list of videos: the normalizer says what is wrong with it, with its position.
      this.#onRecord(value);
      return;
    }
    this.#attach(parent, value);
  }

  #attach(parent: Frame, value: unknown): void {
    if (parent.isArray) (parent.value as unknown[]).push(value);
    else {
      (parent.value as Raw)[parent.key!] = value;
      parent.key = undefined;
    }
  }

  /** Finds the videos inside a complete value held in memory (one page, one record). */
  #extract(value: unknown, path: string): void {
    if (!this.#extractKnown(value, path) && obj(value) !== undefined) {
      // No known container: look deeper for a list of videos under any key (wrappers name them freely).
      const list = findVideoList(obj(value)!, path, 0);
      if (list !== undefined) {
        this.#containers.add(list.path);
        for (const item of list.items) this.#extract(item, `${list.path}[]`);
      } else this.#noteKeys(obj(value)!, path);
    }
  }

  /** True when `value` was a record or held a known container. */
  #extractKnown(value: unknown, path: string): boolean {
    if (Array.isArray(value)) {
      const itemPath = `${path}[]`;
      for (const item of value) this.#extract(item, itemPath);
      return true;
    }
    const record = obj(value);
    if (record === undefined) {
      if (path.endsWith('[]')) this.#onRecord(value);
      return true;
    }
    // In a list, an object is a record unless it is a response holding records or a saved page (an array
    // of saved pages; the last one may hold no list at all): a broken record still gets its position and reason.
    const wrapper = this.#wrapperCount > 0 && this.#wrappers.has(record);
    if (
      !wrapper &&
      (looksLikeVideo(record) ||
        (path.endsWith('[]') &&
          !holdsContainer(record) &&
          pagingFlag(record) === undefined &&
          findVideoList(record, path, 0) === undefined))
    ) {
      this.#onRecord(record);
      return true;
    }
    // Not a record: a saved page or a response, whose paging flag counts whether or not it holds videos
    // (TikTok's last page often has `aweme_list: null`, or no itemList at all).
    this.#notePaging(record);
    let found = false;
    for (const key in record) {
      const child = record[key];
      if (!CONTAINER_KEYS.has(key) || typeof child !== 'object' || child === null) continue;
      const childPath = path === '' ? key : `${path}.${key}`;
      if (Array.isArray(child)) this.#containers.add(childPath);
      found = true;
      this.#extract(child, childPath);
    }
    return found;
  }

  /** A page's paging flag: 1 / true where more pages remained after it, 0 / false on the last one. */
  #notePaging(page: Raw): void {
    const flag = pagingFlag(page);
    if (flag === true || flag === 1 || flag === '1' || flag === 'true') this.#pagesWithMore++;
    else if (flag === false || flag === 0 || flag === '0' || flag === 'false') this.#lastPages++;
  }

  #noteKeys(record: Raw, path: string): void {
    for (const key in record) {
      if (this.#keys.size >= KEYS_LIMIT) return;
      const keyPath = path === '' ? key : `${path}.${key}`;
      this.#keys.add(keyPath);
      const child = obj(record[key]);
      if (child !== undefined && path.split('.').length < 2) this.#noteKeys(child, keyPath);
    }
  }
}

/** A list of videos anywhere under `record` (a few levels deep): an array whose first object looks like a video. */
function findVideoList(record: Raw, path: string, depth: number): { items: unknown[]; path: string } | undefined {
  if (depth > 4) return undefined;
  for (const key in record) {
    const child = record[key];
    const childPath = path === '' ? key : `${path}.${key}`;
    if (Array.isArray(child)) {
      const first: unknown = child.find((item) => obj(item) !== undefined);
      if (first !== undefined && looksLikeVideo(obj(first)!)) return { items: child, path: childPath };
    } else if (obj(child) !== undefined) {
      const found = findVideoList(obj(child)!, childPath, depth + 1);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/**
 * Whether a container key holds a non-empty list with an object in it: then the object is a
 * response around videos, whatever else it holds. The keys of the last object without any
 * container key are remembered, so the records of a file (one layout) skip the key lookups.
 */
let plainLayout: string[] | undefined;

function holdsVideoList(value: Raw): boolean {
  if (plainLayout !== undefined && hasKeys(value, plainLayout)) return false;
  const keys: string[] = [];
  let hasContainerKey = false;
  for (const key in value) {
    keys.push(key);
    if (!CONTAINER_KEYS.has(key)) continue;
    hasContainerKey = true;
    const child = value[key];
    if (Array.isArray(child) && child.some((item) => obj(item) !== undefined)) return true;
  }
  if (!hasContainerKey) plainLayout = keys;
  return false;
}

/** The paging flag of a saved API page (`has_more` in the app API, `hasMore` on the web), if it has one. */
function pagingFlag(page: Raw): unknown {
  return page.has_more ?? page.hasMore;
}

function holdsContainer(record: Raw): boolean {
  for (const key in record)
    if (CONTAINER_KEYS.has(key) && typeof record[key] === 'object' && record[key] !== null) return true;
  return false;
}

/** The tokenizer's message with its byte position, without the internal state name. */
function describeTokenizerError(error: Error): string {
  const position = /absolute position "(\d+)"/.exec(error.message)?.[1];
  const what = error.message.replace(/ at chunk position.*$/, '').replace(/ in state \w+$/, '');
  return position !== undefined ? `${what} at byte ${position}` : what;
}
