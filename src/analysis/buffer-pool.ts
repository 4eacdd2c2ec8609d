/**
 * Typed-array buffers reused from one analysis to the next.
 *
 * A million-video analysis needs ~100 MB of column and sort buffers. V8 counts
 * ArrayBuffer memory as external and, past ~64 MB of new external memory,
 * runs a full mark-compact of the heap (a million Video objects: ~0.35 s).
 * Reusing the buffers keeps repeated analyses (benchmarks, weekly runs of many
 * accounts) clear of that. Safe because analysis is synchronous and nothing it
 * returns refers to a pooled buffer.
 *
 * The buffers are SharedArrayBuffers so that a worker thread can rank columns
 * in place (parallel-rankings.ts); within one thread they behave as any other.
 */
const pool = new Map<string, SharedArrayBuffer>();

function pooled(role: string, bytes: number): SharedArrayBuffer {
  const existing = pool.get(role);
  if (existing !== undefined && existing.byteLength >= bytes) return existing;
  const buffer = new SharedArrayBuffer(bytes);
  pool.set(role, buffer);
  return buffer;
}

/** Never hands these roles' current buffers out again (the next request allocates new ones). */
export function discardPooled(roles: readonly string[]): void {
  for (const role of roles) pool.delete(role);
}

/** A Float64Array of `length` for `role`, contents undefined: callers overwrite every element they read. */
export function pooledFloat64(role: string, length: number): Float64Array {
  return new Float64Array(pooled(role, length * 8), 0, length);
}

export function pooledFloat32(role: string, length: number): Float32Array {
  return new Float32Array(pooled(role, length * 4), 0, length);
}

export function pooledUint16(role: string, length: number): Uint16Array {
  return new Uint16Array(pooled(role, length * 2), 0, length);
}

export function pooledUint32(role: string, length: number): Uint32Array {
  return new Uint32Array(pooled(role, length * 4), 0, length);
}

/** Zero-filled. */
export function pooledUint8(role: string, length: number): Uint8Array {
  return new Uint8Array(pooled(role, length), 0, length).fill(0);
}
