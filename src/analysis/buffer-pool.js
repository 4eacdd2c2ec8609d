/**
 * Typed-array buffers reused from one analysis to the next.
 *
 * A million-video analysis needs ~100 MB of column and sort buffers. V8 counts
 * ArrayBuffer memory as external and, past ~64 MB of new external memory,
 * runs a full mark-compact of the heap (a million Video objects: ~0.35 s).
 * Reusing the buffers keeps repeated analyses (benchmarks, weekly runs of many
 * accounts) clear of that. Safe because analysis is synchronous and nothing it
 * returns refers to a pooled buffer.
 */
const pool = new Map();
function pooled(role, bytes) {
    const existing = pool.get(role);
    if (existing !== undefined && existing.byteLength >= bytes)
        return existing;
    const buffer = new ArrayBuffer(bytes);
    pool.set(role, buffer);
    return buffer;
}
/** A Float64Array of `length` for `role`, contents undefined: callers overwrite every element they read. */
export function pooledFloat64(role, length) {
    return new Float64Array(pooled(role, length * 8), 0, length);
}
export function pooledFloat32(role, length) {
    return new Float32Array(pooled(role, length * 4), 0, length);
}
export function pooledUint16(role, length) {
    return new Uint16Array(pooled(role, length * 2), 0, length);
}
export function pooledUint32(role, length) {
    return new Uint32Array(pooled(role, length * 4), 0, length);
}
/** Zero-filled. */
export function pooledUint8(role, length) {
    return new Uint8Array(pooled(role, length), 0, length).fill(0);
}
//# sourceMappingURL=buffer-pool.js.map