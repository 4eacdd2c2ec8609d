/**
 * A set of video ids for de-duplication, sized up front.
 *
 * Why not `Set<string>`: with a million ids on a large heap, the Set's
 * growth and the garbage collector cost ~0.5 s, half the budget of a 1M-video
 * analysis. This is an open-addressing table in one Int32Array (FNV-1a hash,
 * linear probing) that refers to the ids by position, so it allocates nothing
 * per id and the GC never walks it.
 */
export class IdSet {
    #slots;
    #mask;
    #ids = [];
    /**
     * `expected`: how many ids are likely (sizes the table up front). A stream of
     * unknown length (a file read as it arrives) may add more: the table then
     * doubles, which costs one rehash each time rather than a wrong answer.
     */
    constructor(expected) {
        let capacity = 16;
        while (capacity < expected * 2)
            capacity *= 2;
        this.#slots = new Int32Array(capacity).fill(-1);
        this.#mask = capacity - 1;
    }
    /** Adds `id`; false when it was already there. */
    add(id) {
        let slot = hash(id) & this.#mask;
        for (;;) {
            const at = this.#slots[slot];
            if (at === -1) {
                // Keep the table at most half full: probes stay short and never loop forever.
                if ((this.#ids.length + 1) * 2 > this.#slots.length) {
                    this.#grow();
                    return this.add(id);
                }
                this.#slots[slot] = this.#ids.length;
                this.#ids.push(id);
                return true;
            }
            if (this.#ids[at] === id)
                return false;
            slot = (slot + 1) & this.#mask;
        }
    }
    #grow() {
        const capacity = this.#slots.length * 2;
        this.#slots = new Int32Array(capacity).fill(-1);
        this.#mask = capacity - 1;
        for (let at = 0; at < this.#ids.length; at++) {
            let slot = hash(this.#ids[at]) & this.#mask;
            while (this.#slots[slot] !== -1)
                slot = (slot + 1) & this.#mask;
            this.#slots[slot] = at;
        }
    }
    get size() {
        return this.#ids.length;
    }
}
/** 32-bit FNV-1a over UTF-16 code units. */
function hash(text) {
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) {
        h ^= text.charCodeAt(i);
        h = Math.imul(h, 0x01000193);
    }
    return h >>> 0;
}
//# sourceMappingURL=id-set.js.map