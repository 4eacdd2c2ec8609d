/**
 * The same fixed work on every bench run, timed: one loop of arithmetic and
 * one of random reads and writes over 64 MB. On a shared machine both vary
 * by up to 2x from minute to minute, and every figure of the bench moves
 * with them: compare two runs' figures only alongside these two.
 */
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function compute(): number {
  const values = new Float64Array(1 << 16).fill(1);
  let sum = 0;
  for (let round = 0; round < 1500; round++) for (let i = 0; i < values.length; i++) sum += values[i]! * 1.0000001 + i;
  return sum;
}

function memory(): number {
  const table = new Uint32Array(1 << 24);
  let x = 1;
  for (let i = 0; i < 10_000_000; i++) {
    x = (Math.imul(x, 1_664_525) + 1_013_904_223) >>> 0;
    table[x & 0xffffff]!++;
  }
  return table[x & 0xffffff]!;
}

function timed(work: () => number): number {
  return median(
    Array.from({ length: 3 }, () => {
      const started = performance.now();
      work();
      return performance.now() - started;
    }),
  );
}

export function machineCheck(): string {
  return `machine check (fixed work, median of 3): compute ${timed(compute).toFixed(0)} ms, memory ${timed(memory).toFixed(0)} ms`;
}
