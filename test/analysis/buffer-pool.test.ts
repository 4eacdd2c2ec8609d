import { describe, expect, it } from 'vitest';
import { pooledFloat64, pooledUint8, poolInSharedMemory, sharedFloat64 } from '../../src/analysis/buffer-pool.js';

describe('buffer pool', () => {
  it('hands a role its buffer again while it is large enough, and a larger one when not', () => {
    const first = pooledFloat64('test.role', 100);
    expect(pooledFloat64('test.role', 50).buffer).toBe(first.buffer);
    expect(pooledFloat64('test.role', 50)).toHaveLength(50);
    expect(pooledFloat64('test.role', 200).buffer).not.toBe(first.buffer);
  });

  it('zero-fills the bytes it hands out again', () => {
    pooledUint8('test.bytes', 8).fill(7);
    expect([...pooledUint8('test.bytes', 8)]).toEqual(new Array(8).fill(0));
  });

  // Last: the switch holds for the rest of the process.
  it('keeps only the worker arrays in shared memory, until told to pool everything there', () => {
    expect(pooledFloat64('test.counted', 4).buffer).toBeInstanceOf(ArrayBuffer);
    expect(sharedFloat64('test.shared', 4).buffer).toBeInstanceOf(SharedArrayBuffer);
    poolInSharedMemory();
    expect(pooledFloat64('test.after', 4).buffer).toBeInstanceOf(SharedArrayBuffer);
    // A buffer pooled before the switch is still handed out while it is large enough.
    expect(pooledFloat64('test.counted', 4).buffer).toBeInstanceOf(ArrayBuffer);
  });
});
