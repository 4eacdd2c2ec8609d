/**
 * The domain types every part of the product shares.
 *
 * `Video` is what the normalizer (src/tiktok/normalize.ts) produces from any
 * source; `Analysis` is what the pure functions in this folder compute from a
 * list of videos. Everything downstream (Discord embeds, terminal tables,
 * charts, snapshots) reads an `Analysis` and never recomputes statistics.
 * Both are plain, JSON-serializable data.
 */
export {};
//# sourceMappingURL=types.js.map