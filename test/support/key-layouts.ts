/**
 * Objects in many key layouts, several of each layout in a row: for the caches
 * that remember their verdict on the last layout (a file's records share
 * one), which must answer each object as they would on its own. Each layout
 * is one to three keys of `keys` (few enough that one deciding key often
 * stands alone); each key holds one of `values`. Deterministic.
 */
export function objectsInLayouts(
  keys: readonly string[],
  values: readonly unknown[],
  { layouts, perLayout, seed }: { layouts: number; perLayout: number; seed: number },
): Record<string, unknown>[] {
  let state = seed;
  const random = (n: number) => (state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0) % n;
  const objects: Record<string, unknown>[] = [];
  for (let layout = 0; layout < layouts; layout++) {
    const chosen = [...new Set(Array.from({ length: 1 + random(3) }, () => keys[random(keys.length)]!))];
    for (let i = 0; i < perLayout; i++)
      objects.push(Object.fromEntries(chosen.map((key) => [key, values[random(values.length)]])));
  }
  return objects;
}
