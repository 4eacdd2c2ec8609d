/** Generated catalogs for the benches: deterministic, in the fixtures' flat shape, realistic value spreads. */

const TAGS = [
  'fyp',
  'cooking',
  'foodtok',
  'recipe',
  'vlog',
  'asmr',
  'tutorial',
  'comedy',
  'gym',
  'booktok',
  'mealprep',
  'dinner',
];

/**
 * Raw records in the fixtures' flat shape, as a file or API delivers them:
 * parsed from JSON text (so strings are flat, as JSON.parse makes them).
 */
export function generateRecords(count: number): unknown[] {
  return JSON.parse(JSON.stringify(buildRecords(count))) as unknown[];
}

export function buildRecords(count: number): Record<string, unknown>[] {
  let state = 42;
  const random = () => (state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0) / 4_294_967_296;
  return Array.from({ length: count }, (_, i) => {
    const plays = random() < 0.01 ? 0 : Math.floor(random() * random() * 500_000);
    return {
      id: `73${String(i).padStart(17, '0')}`,
      desc: `clip ${i}`,
      duration: 1 + Math.floor(random() * random() * 400),
      play_count: plays,
      digg_count: Math.floor(plays * random() * 0.12),
      comment_count: Math.floor(plays * random() * 0.01),
      share_count: Math.floor(plays * random() * 0.02),
      create_time: 1_700_000_000 + Math.floor(random() * 60_000_000),
      hashtags: [TAGS[i % TAGS.length]!, TAGS[(i * 7 + 3) % TAGS.length]!],
      music: random() < 0.4 ? 'original sound - creator' : `track ${i % 50}`,
    };
  });
}
