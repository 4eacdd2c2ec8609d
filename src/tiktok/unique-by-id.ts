/**
 * The videos of a catalog, each id once (the first record wins), in the order
 * they were added, in a list sized up front.
 *
 * Why one structure for both the list and the de-duplication: the ids are
 * the items' own, so a separate set of ids would be a second million-entry
 * array growing in step with the first (each growth a copy; together ~60 ms
 * of a 1M-video intake). The list is allocated at the expected size and
 * trimmed once at the end.
 *
 * Why not `Set<string>`: with a million ids on a large heap, the Set's
 * growth and the garbage collector cost ~0.5 s, half the budget of a 1M-video
 * analysis. This is an open-addressing table in one Int32Array (FNV-1a hash,
 * linear probing) that refers to the items by position, so it allocates
 * nothing per item and the GC never walks it.
 *
 * Most catalogs arrive in id order (API pages newest first, exports oldest
 * first; TikTok ids grow with time), and a strictly ascending or descending
 * run of ids cannot hold a duplicate. So while the ids keep one direction, the
 * table is not built at all: a comparison with the last id answers, where a
 * table probe is a cache miss per id (~0.2 s of 1M). The first id out of order
 * builds the table from the items so far, and from then on every id is looked up.
 */
const UNKNOWN = 0;
const ASCENDING = 1;
const DESCENDING = 2;
const UNORDERED = 3;

/**
 * At most this many places are set aside up front (8 MB); past them the list grows as it fills.
 * `expected` may be an estimate from a file's size, several times too high for large records.
 */
const PRESIZE_LIMIT = 1 << 20;

export class UniqueById<T extends { readonly id: string }> {
  #slots: Int32Array | undefined;
  #mask = 0;
  #items: T[];
  #size = 0;
  readonly #expected: number;
  #order = UNKNOWN;

  /**
   * `expected`: how many items are likely (sizes the list and the table up
   * front). A stream of unknown length (a file read as it arrives) may add
   * more: the list then grows and the table doubles, which costs one rehash
   * each time rather than a wrong answer.
   */
  constructor(expected: number) {
    this.#expected = expected;
    this.#items = new Array<T>(Math.max(0, Math.min(expected, PRESIZE_LIMIT)));
  }

  /** Adds `item` unless an item with its id is there already; false for such a duplicate. */
  add(item: T): boolean {
    const { id } = item;
    if (this.#order !== UNORDERED && this.#stillOrdered(id)) {
      this.#append(item);
      return true;
    }
    return this.#addHashed(item);
  }

  /** The items added, in order. The list is handed over, not copied: add nothing after this. */
  items(): T[] {
    this.#items.length = this.#size;
    return this.#items;
  }

  get size(): number {
    return this.#size;
  }

  #append(item: T): void {
    this.#items[this.#size++] = item;
  }

  /** Whether `id` continues the strict run of ids so far (then it is new); once false, always false. */
  #stillOrdered(id: string): boolean {
    if (this.#size === 0) return true;
    const last = this.#items[this.#size - 1]!.id;
    if (this.#order === UNKNOWN) {
      if (id > last) this.#order = ASCENDING;
      else if (id < last) this.#order = DESCENDING;
    }
    if ((this.#order === ASCENDING && id > last) || (this.#order === DESCENDING && id < last)) return true;
    this.#order = UNORDERED;
    this.#build(Math.max(this.#expected, this.#size + 1));
    return false;
  }

  /** Fills a table of at least twice `expected` slots with the items so far. */
  #build(expected: number): void {
    let capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    const slots = new Int32Array(capacity).fill(-1);
    const mask = capacity - 1;
    for (let at = 0; at < this.#size; at++) {
      let slot = hash(this.#items[at]!.id) & mask;
      while (slots[slot] !== -1) slot = (slot + 1) & mask;
      slots[slot] = at;
    }
    this.#slots = slots;
    this.#mask = mask;
  }

  #addHashed(item: T): boolean {
    const slots = this.#slots!;
    const { id } = item;
    let slot = hash(id) & this.#mask;
    for (;;) {
      const at = slots[slot]!;
      if (at === -1) {
        // Keep the table at most half full: probes stay short and never loop forever.
        if ((this.#size + 1) * 2 > slots.length) {
          this.#build(slots.length);
          return this.#addHashed(item);
        }
        slots[slot] = this.#size;
        this.#append(item);
        return true;
      }
      if (this.#items[at]!.id === id) return false;
      slot = (slot + 1) & this.#mask;
    }
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
