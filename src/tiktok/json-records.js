import Tokenizer from '@streamparser/json/tokenizer.js';
import TokenType from '@streamparser/json/utils/types/tokenType.js';
import { detectShape, flatFieldOf, isCounterKey, obj } from './record-shapes.js';
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
export class JsonSyntaxError extends Error {
}
const KEYS_LIMIT = 40;
/** Keeps the raw text of each number, so a large integer id can be kept exactly. */
class RawNumberTokenizer extends Tokenizer {
    lastNumberText = '';
    parseNumber(text) {
        this.lastNumberText = text;
        return Number(text);
    }
}
/** Whether an object is a video record rather than a response around one. */
export function looksLikeVideo(value) {
    if (detectShape(value) !== 'flat')
        return true;
    let hasId = false;
    for (const key in value) {
        if (isCounterKey(key))
            return true;
        if (flatFieldOf(key) === 'id')
            hasId = true;
        if (CONTAINER_KEYS.has(key) && typeof value[key] === 'object' && value[key] !== null)
            return false;
    }
    return hasId;
}
export class JsonRecordStream {
    #tokenizer = new RawNumberTokenizer({ separator: '' });
    #stack = [];
    #onRecord;
    #containers = new Set();
    #keys = new Set();
    #documents = 0;
    #emitted = 0;
    #emittedBeforeDocument = 0;
    #error;
    constructor(onRecord) {
        this.#onRecord = (record) => {
            this.#emitted++;
            onRecord(record);
        };
        this.#tokenizer.onToken = ({ token, value }) => this.#token(token, value);
        this.#tokenizer.onError = (error) => {
            this.#error ??= error;
        };
    }
    write(chunk) {
        this.#tokenizer.write(chunk);
        if (this.#error)
            throw new JsonSyntaxError(describeTokenizerError(this.#error));
    }
    end() {
        if (!this.#tokenizer.isEnded)
            this.#tokenizer.end();
        if (this.#error)
            throw new JsonSyntaxError(describeTokenizerError(this.#error));
        if (this.#stack.length > 0)
            throw new JsonSyntaxError('the JSON ends in the middle of a value (is the file complete?)');
        return { documents: this.#documents, containers: [...this.#containers], keysSeen: [...this.#keys] };
    }
    /**
     * Takes one whole document already parsed (JSON.parse of a file read whole): its records are
     * found exactly as the streamed tokens would find them, and it counts as a document of the scan.
     */
    document(value) {
        this.#emittedBeforeDocument = this.#emitted;
        if (Array.isArray(value))
            this.#containers.add('the top-level list');
        this.#finishDocument(value);
    }
    /** The scan of what document() was given (the streamed equivalent of end()). */
    scan() {
        return { documents: this.#documents, containers: [...this.#containers], keysSeen: [...this.#keys] };
    }
    #token(token, value) {
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
                    top.key = value;
                    return;
                }
                this.#primitive(top, value);
                return;
            case TokenType.NUMBER: {
                const n = value;
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
    #open(parent, value) {
        const isArray = Array.isArray(value);
        if (parent === undefined) {
            this.#emittedBeforeDocument = this.#emitted;
            if (isArray)
                this.#containers.add('the top-level list');
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
        const key = parent.key;
        const path = parent.path === '' ? key : `${parent.path}.${key}`;
        if (CONTAINER_KEYS.has(key)) {
            if (isArray)
                this.#containers.add(path);
            this.#stack.push({ value, isArray, key: undefined, mode: 'walk', deliver: false, path });
            return;
        }
        this.#stack.push({ value, isArray, key: undefined, mode: 'build', deliver: false, path });
    }
    #close() {
        const frame = this.#stack.pop();
        const parent = this.#stack.at(-1);
        if (frame.deliver) {
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
    #finishDocument(value) {
        this.#documents++;
        this.#extract(value, '');
        const root = obj(value);
        if (this.#emitted === this.#emittedBeforeDocument && root !== undefined) {
            // Nothing found in this document: name its keys from the top, for the message.
            this.#keys.clear();
            this.#noteKeys(root, '');
        }
    }
    #primitive(parent, value) {
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
    #attach(parent, value) {
        if (parent.isArray)
            parent.value.push(value);
        else {
            parent.value[parent.key] = value;
            parent.key = undefined;
        }
    }
    /** Finds the videos inside a complete value held in memory (one page, one record). */
    #extract(value, path) {
        if (!this.#extractKnown(value, path) && obj(value) !== undefined) {
            // No known container: look deeper for a list of videos under any key (wrappers name them freely).
            const list = findVideoList(obj(value), path, 0);
            if (list !== undefined) {
                this.#containers.add(list.path);
                for (const item of list.items)
                    this.#extract(item, `${list.path}[]`);
            }
            else
                this.#noteKeys(obj(value), path);
        }
    }
    /** True when `value` was a record or held a known container. */
    #extractKnown(value, path) {
        if (Array.isArray(value)) {
            for (const item of value)
                this.#extract(item, `${path}[]`);
            return true;
        }
        const record = obj(value);
        if (record === undefined) {
            if (path.endsWith('[]'))
                this.#onRecord(value);
            return true;
        }
        // In a list, an object is a record unless it is a response holding records (an array of saved pages):
        // a broken record still gets its position and reason.
        if (looksLikeVideo(record) ||
            (path.endsWith('[]') && !holdsContainer(record) && findVideoList(record, path, 0) === undefined)) {
            this.#onRecord(record);
            return true;
        }
        let found = false;
        for (const key in record) {
            const child = record[key];
            if (!CONTAINER_KEYS.has(key) || typeof child !== 'object' || child === null)
                continue;
            const childPath = path === '' ? key : `${path}.${key}`;
            if (Array.isArray(child))
                this.#containers.add(childPath);
            found = true;
            this.#extract(child, childPath);
        }
        return found;
    }
    #noteKeys(record, path) {
        for (const key in record) {
            if (this.#keys.size >= KEYS_LIMIT)
                return;
            const keyPath = path === '' ? key : `${path}.${key}`;
            this.#keys.add(keyPath);
            const child = obj(record[key]);
            if (child !== undefined && path.split('.').length < 2)
                this.#noteKeys(child, keyPath);
        }
    }
}
/** A list of videos anywhere under `record` (a few levels deep): an array whose first object looks like a video. */
function findVideoList(record, path, depth) {
    if (depth > 4)
        return undefined;
    for (const key in record) {
        const child = record[key];
        const childPath = path === '' ? key : `${path}.${key}`;
        if (Array.isArray(child)) {
            const first = child.find((item) => obj(item) !== undefined);
            if (first !== undefined && looksLikeVideo(obj(first)))
                return { items: child, path: childPath };
        }
        else if (obj(child) !== undefined) {
            const found = findVideoList(obj(child), childPath, depth + 1);
            if (found !== undefined)
                return found;
        }
    }
    return undefined;
}
function holdsContainer(record) {
    for (const key in record)
        if (CONTAINER_KEYS.has(key) && typeof record[key] === 'object' && record[key] !== null)
            return true;
    return false;
}
/** The tokenizer's message with its byte position, without the internal state name. */
function describeTokenizerError(error) {
    const position = /absolute position "(\d+)"/.exec(error.message)?.[1];
    const what = error.message.replace(/ at chunk position.*$/, '').replace(/ in state \w+$/, '');
    return position !== undefined ? `${what} at byte ${position}` : what;
}
//# sourceMappingURL=json-records.js.map