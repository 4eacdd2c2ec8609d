import { BOTTOM, TOP, type Columns } from './columns.js';
import type { Video, VideoAgeStats } from './types.js';

/** A video younger than this is still gathering plays, and its early engagement is usually higher. */
export const YOUNG_DAYS = 7;
/** The largest minAgeDays the CLI and the slash command accept: a year. */
export const MAX_MIN_AGE_DAYS = 365;
/** More young videos than this share of a tier gets a warning. */
const CROWDED_SHARE = 1 / 5;
const DAY_SECONDS = 86_400;

export interface AgeFilter {
  videos: readonly Video[];
  asOfSec: number | null;
  minAgeDays: number;
  excluded: number;
}

/**
 * The videos the analysis rests on: all of them, or (with minAgeDays > 0)
 * those at least that old at asOf. A video without a post time has no known
 * age and is kept.
 */
export function leaveOutYoung(videos: readonly Video[], options: { asOf?: string; minAgeDays?: number }): AgeFilter {
  const minAgeDays = options.minAgeDays ?? 0;
  if (!(Number.isFinite(minAgeDays) && minAgeDays >= 0))
    throw new RangeError(`minAgeDays must be 0 or more days (got ${minAgeDays})`);
  const asOfMs = options.asOf === undefined ? Number.NaN : Date.parse(options.asOf);
  const asOfSec = Number.isNaN(asOfMs) ? null : asOfMs / 1000;
  if (minAgeDays === 0) return { videos, asOfSec, minAgeDays, excluded: 0 };
  if (asOfSec === null)
    throw new RangeError('minAgeDays needs the time the catalog was fetched (asOf) to tell how old videos are');
  const oldest = asOfSec - minAgeDays * DAY_SECONDS;
  const kept = videos.filter((v) => v.createdAtSec === null || v.createdAtSec <= oldest);
  return { videos: kept, asOfSec, minAgeDays, excluded: videos.length - kept.length };
}

/** How many analysed videos, overall and per tier, are younger than YOUNG_DAYS at asOf. */
export function videoAgeStats(
  videos: readonly Video[],
  columns: Columns,
  tierBits: Uint8Array,
  filter: Omit<AgeFilter, 'videos'>,
): VideoAgeStats {
  const unknownAge = columns.withoutPostTime;
  const base = {
    asOfSec: filter.asOfSec,
    youngDays: YOUNG_DAYS,
    minAgeDays: filter.minAgeDays,
    excluded: filter.excluded,
    unknownAge,
  };
  if (filter.asOfSec === null) return { ...base, young: null, crowdedTiers: [] };
  const youngAfter = filter.asOfSec - YOUNG_DAYS * DAY_SECONDS;
  const young = { analysed: 0, top: 0, bottom: 0 };
  let top = 0;
  let bottom = 0;
  for (let j = 0; j < columns.source.length; j++) {
    const bits = tierBits[j]!;
    if ((bits & TOP) !== 0) top++;
    if ((bits & BOTTOM) !== 0) bottom++;
    const created = videos[columns.source[j]!]!.createdAtSec;
    if (created === null || created <= youngAfter) continue;
    young.analysed++;
    if ((bits & TOP) !== 0) young.top++;
    if ((bits & BOTTOM) !== 0) young.bottom++;
  }
  const crowdedTiers: ('top' | 'bottom')[] = [];
  if (top > 0 && young.top > top * CROWDED_SHARE) crowdedTiers.push('top');
  if (bottom > 0 && young.bottom > bottom * CROWDED_SHARE) crowdedTiers.push('bottom');
  return { ...base, young, crowdedTiers };
}
