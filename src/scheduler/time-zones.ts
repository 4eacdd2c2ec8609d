import { isValidTimeZone } from '../config.js';

/** Every IANA zone this Node.js knows, plus UTC (which supportedValuesOf leaves out). */
function knownZones(): readonly string[] {
  return ['UTC', ...Intl.supportedValuesOf('timeZone')];
}

/** Edit distance, for "did you mean" on a mistyped zone. */
function distance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]!;
      previous[j] = Math.min(above + 1, previous[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length]!;
}

/**
 * Up to `limit` real zone names close to what was typed: the city part
 * matching ("berlin" -> Europe/Berlin), then the smallest edit distance.
 */
export function suggestTimeZones(input: string, limit = 3): string[] {
  const typed = input.trim().toLowerCase().replace(/\s+/g, '_');
  if (typed === '') return [];
  const scored = knownZones().map((zone) => {
    const lower = zone.toLowerCase();
    const city = lower.slice(lower.lastIndexOf('/') + 1);
    const score =
      city === typed || lower.includes(typed) ? 0 : Math.min(distance(typed, lower), distance(typed, city) + 1);
    return { zone, score };
  });
  const threshold = Math.max(2, Math.floor(typed.length / 3));
  return scored
    .filter((s) => s.score <= threshold)
    .sort((a, b) => a.score - b.score || a.zone.localeCompare(b.zone))
    .slice(0, limit)
    .map((s) => s.zone);
}

/** The zone as given when valid, else undefined (the caller explains, with suggestions). */
export function checkTimeZone(input: string): string | undefined {
  const zone = input.trim();
  return isValidTimeZone(zone) ? zone : undefined;
}

/** Lower-case, spaces as underscores: how zone names are compared with what was typed. */
function typedForm(input: string): string {
  return input.trim().toLowerCase().replace(/\s+/g, '_');
}

/**
 * Zone names for autocomplete: `first` (the server's default) leads when it
 * matches what was typed, then names whose region or city starts with it, then
 * names that contain it; when nothing contains it, the closest spellings
 * (suggestTimeZones). At most `limit` (Discord allows 25 choices).
 */
export function matchTimeZones(input: string, options: { first?: string; limit?: number } = {}): string[] {
  const limit = options.limit ?? 25;
  const typed = typedForm(input);
  const zones = knownZones();
  const startsAPart = (zone: string) =>
    zone
      .toLowerCase()
      .split('/')
      .some((part) => part.startsWith(typed));
  const ranked =
    typed === ''
      ? zones
      : [
          ...zones.filter((zone) => startsAPart(zone)),
          ...zones.filter((zone) => !startsAPart(zone) && zone.toLowerCase().includes(typed)),
        ];
  const matches = ranked.length > 0 ? ranked : suggestTimeZones(input, limit);
  const first = options.first;
  const leading = first !== undefined && matches.includes(first) ? [first] : [];
  return [...leading, ...matches.filter((zone) => zone !== first)].slice(0, limit);
}
