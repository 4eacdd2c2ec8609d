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
 * The arrays a worker thread ranks in place (parallel-rankings.ts) are
 * SharedArrayBuffers (the shared* functions); only those, because V8 does not
 * count shared memory towards collecting garbage, and a heap let grow that way
 * held 0.3 GB more at a million videos. A process that analyses once and exits
 * wants the opposite (poolInSharedMemory).
 */
const pool = new Map<string, ArrayBufferLike>();
let allShared = false;

/**
 * From now on, every pooled buffer is shared memory: for a process that analyses one catalog
 * and exits (the command line). Its first analysis allocates ~110 MB of buffers per million
 * videos, and as counted memory that starts a full collection of a heap still holding the
 * parsed file: on two cores the collector's marking then competes with the analysis and its
 * worker, ~1 s of a million-video run. A process that exits has nothing to gain from that
 * collection. The bot and other long-lived processes keep the default, so their heap is
 * collected in time.
 */
export function poolInSharedMemory(): void {
  allShared = true;
}

function pooled(role: string, bytes: number, shared = false): ArrayBufferLike {
  const existing = pool.get(role);
  if (existing !== undefined && existing.byteLength >= bytes) return existing;
  const buffer = shared || allShared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
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

/** The same, in memory a worker thread can be given. */
export function sharedFloat64(role: string, length: number): Float64Array {
  return new Float64Array(pooled(role, length * 8, true), 0, length);
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

/** The same, in memory a worker thread can be given. */
export function sharedUint32(role: string, length: number): Uint32Array {
  return new Uint32Array(pooled(role, length * 4, true), 0, length);
}

/** Zero-filled. */
export function pooledUint8(role: string, length: number): Uint8Array {
  return new Uint8Array(pooled(role, length), 0, length).fill(0);
}

/** Zero-filled, in memory a worker thread can be given. */
export function sharedUint8(role: string, length: number): Uint8Array {
  return new Uint8Array(pooled(role, length, true), 0, length).fill(0);
}
