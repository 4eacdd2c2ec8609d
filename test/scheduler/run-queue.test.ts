import { describe, expect, it } from 'vitest';
import { RunQueue } from '../../src/scheduler/run-queue.js';

/** A promise the test settles by hand, to control when a job finishes. */
function gate<T = void>() {
  let open!: (value: T) => void;
  let fail!: (reason: unknown) => void;
  const promise = new Promise<T>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { promise, open, fail };
}

describe('RunQueue', () => {
  it('runs jobs one at a time in FIFO order', async () => {
    const queue = new RunQueue();
    const log: string[] = [];
    const first = gate();
    const a = queue.enqueue('a', async () => {
      log.push('a:start');
      await first.promise;
      log.push('a:end');
      return 'A';
    });
    const b = queue.enqueue('b', () => {
      log.push('b:start');
      return Promise.resolve('B');
    });
    await Promise.resolve();
    expect(log).toEqual(['a:start']);
    first.open();
    expect(await a).toBe('A');
    expect(await b).toBe('B');
    expect(log).toEqual(['a:start', 'a:end', 'b:start']);
  });

  it('de-duplicates a key while it is queued or running', async () => {
    const queue = new RunQueue();
    const running = gate();
    let runs = 0;
    const job = async () => {
      runs++;
      await running.promise;
      return runs;
    };
    const first = queue.enqueue('sub-1', job);
    const again = queue.enqueue('sub-1', job);
    expect(again).toBe(first);
    expect(queue.has('sub-1')).toBe(true);
    expect(queue.size).toBe(1);
    running.open();
    await first;
    expect(runs).toBe(1);
    expect(queue.has('sub-1')).toBe(false);
    // Once finished, the same key can run again (next week's slot).
    await queue.enqueue('sub-1', () => Promise.resolve(++runs));
    expect(runs).toBe(2);
  });

  it('a failing job rejects its own promise and does not stop the next', async () => {
    const queue = new RunQueue();
    const failing = queue.enqueue('bad', () => Promise.reject(new Error('channel gone')));
    const ok = queue.enqueue('good', () => Promise.resolve('posted'));
    await expect(failing).rejects.toThrow('channel gone');
    expect(await ok).toBe('posted');
  });

  it('onIdle resolves when everything queued has finished', async () => {
    const queue = new RunQueue();
    await queue.onIdle();
    const done: string[] = [];
    const slow = gate();
    void queue.enqueue('x', async () => {
      await slow.promise;
      done.push('x');
    });
    void queue.enqueue('y', () => {
      done.push('y');
      return Promise.resolve();
    });
    const idle = queue.onIdle().then(() => [...done]);
    slow.open();
    expect(await idle).toEqual(['x', 'y']);
    expect(queue.size).toBe(0);
  });
});
