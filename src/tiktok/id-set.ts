/**
 * A set of video ids for de-duplication, sized up front.
 *
 * Why not `Set<string>`: with a million ids on a large heap, the Set's
 * growth and the garbage collector cost ~0.5 s, half the budget of a 1M-video
 * analysis. This is an open-addressing table in one Int32Array (FNV-1a hash,
 * linear probing) that refers to the ids by position, so it allocates nothing
 * per id and the GC never walks it.
 *
 * Most catalogs arrive in id order (API pages newest first, exports oldest
 * first; TikTok ids grow with time), and a strictly ascending or descending
 * run of ids cannot hold a duplicate. So while the ids keep one direction, the
 * table is not built at all: a comparison with the last id answers, where a
 * table probe is a cache miss per id (~0.2 s of 1M). The first id out of order
 * builds the table from the ids so far, and from then on every id is looked up.
 */
const UNKNOWN = 0;
const ASCENDING = 1;
const DESCENDING = 2;
const UNORDERED = 3;

export class IdSet {
  #slots: Int32Array | undefined;
  #mask = 0;
  readonly #ids: string[] = [];
  readonly #expected: number;
  #order = UNKNOWN;

  /**
   * `expected`: how many ids are likely (sizes the table up front). A stream of
   * unknown length (a file read as it arrives) may add more: the table then
   * doubles, which costs one rehash each time rather than a wrong answer.
   */
  constructor(expected: number) {
    this.#expected = expected;
  }

  /** Adds `id`; false when it was already there. */
  add(id: string): boolean {
    if (this.#order !== UNORDERED && this.#stillOrdered(id)) {
      this.#ids.push(id);
      return true;
    }
    return this.#addHashed(id);
  }

  /** Whether `id` continues the strict run of ids so far (then it is new); once false, always false. */
  #stillOrdered(id: string): boolean {
    const ids = this.#ids;
    if (ids.length === 0) return true;
    const last = ids[ids.length - 1]!;
    if (this.#order === UNKNOWN) {
      if (id > last) this.#order = ASCENDING;
      else if (id < last) this.#order = DESCENDING;
    }
    if ((this.#order === ASCENDING && id > last) || (this.#order === DESCENDING && id < last)) return true;
    this.#order = UNORDERED;
    this.#build(Math.max(this.#expected, ids.length + 1));
    return false;
  }

  /** Fills a table of at least twice `expected` slots with the ids so far. */
  #build(expected: number): void {
    let capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    const slots = new Int32Array(capacity).fill(-1);
    const mask = capacity - 1;
    for (let at = 0; at < this.#ids.length; at++) {
      let slot = hash(this.#ids[at]!) & mask;
      while (slots[slot] !== -1) slot = (slot + 1) & mask;
      slots[slot] = at;
    }
    this.#slots = slots;
    this.#mask = mask;
  }

  #addHashed(id: string): boolean {
    const slots = this.#slots!;
    let slot = hash(id) & this.#mask;
    for (;;) {
      const at = slots[slot]!;
      if (at === -1) {
        // Keep the table at most half full: probes stay short and never loop forever.
        if ((this.#ids.length + 1) * 2 > slots.length) {
          this.#build(slots.length);
          return this.#addHashed(id);
        }
        slots[slot] = this.#ids.length;
        this.#ids.push(id);
        return true;
      }
      if (this.#ids[at] === id) return false;
      slot = (slot + 1) & this.#mask;
    }
  }

  get size(): number {
    return this.#ids.length;
  }
}

/** 32-bit FNV-1a over UTF-16 code units. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
