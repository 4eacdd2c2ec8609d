import type { Catalog } from '../tiktok/catalog.js';
import { localeFormat, type LocaleFormat } from './format.js';

/**
 * What a report must say about the data under it, in one place for the
 * terminal, the Discord report, the export and the JSON: a partial catalog is
 * labelled partial, dropped records are counted, assumptions (zone-less times
 * read as UTC, dates without a time left out of the hours) are named once, and
 * an empty duration breakdown says why.
 */

/** "incomplete: 30 of 60 videos", or null for a complete catalog. */
export function incompleteLabel(catalog: Catalog, f: LocaleFormat = localeFormat()): string | null {
  const completeness = catalog.completeness;
  if (completeness === undefined || completeness.complete) return null;
  const got = f.integer(catalog.videos.length);
  return completeness.expectedVideos !== null
    ? `incomplete: ${got} of ${f.integer(completeness.expectedVideos)} videos`
    : catalog.source.kind === 'file'
      ? `incomplete: ${got} videos, the rest are not in this file`
      : `incomplete: ${got} videos, the rest could not be fetched`;
}

/** The label with the reason the fetch ended early, for the places with room for a sentence. */
export function incompleteSentence(catalog: Catalog, f: LocaleFormat = localeFormat()): string | null {
  const label = incompleteLabel(catalog, f);
  if (label === null) return null;
  const reason = catalog.completeness?.reason;
  return reason ? `${label} (${reason})` : label;
}

/** "24 records, 12 distinct videos (12 duplicates)", when some records did not become videos. */
export function recordsLine(catalog: Catalog, f: LocaleFormat = localeFormat()): string | null {
  const intake = catalog.intake;
  if (intake === undefined) return null;
  const parts: string[] = [];
  if (intake.duplicates > 0) parts.push(f.plural(intake.duplicates, 'duplicate'));
  if (intake.skippedCount > 0) parts.push(`${f.integer(intake.skippedCount)} unreadable`);
  if (intake.otherAuthors > 0) parts.push(`${f.integer(intake.otherAuthors)} of other accounts`);
  if (parts.length === 0) return null;
  return `${f.plural(intake.records, 'record')}, ${f.plural(intake.distinct, 'distinct video')} (${parts.join(', ')})`;
}

/** True when videos came in but none with a duration: the provider gave none. */
export function noDurations(catalog: Catalog): boolean {
  const intake = catalog.intake;
  return intake !== undefined && intake.distinct > 0 && intake.withDuration === 0;
}

export const NO_DURATIONS_NOTE = 'The source gave no video durations, so there is no breakdown by length.';

/** Videos whose post time is a date alone: the weekday of that date, and no hour (never an invented midnight). */
export function dateOnlyNote(count: number, f: LocaleFormat = localeFormat()): string {
  return count === 1
    ? '1 video has a post date but no time of day: it counts for the weekday, not for the hour.'
    : `${f.plural(count, 'video')} have a post date but no time of day: they count for the weekday, not for the hour.`;
}

/** Every note for the data, most important first. */
export function catalogNotes(catalog: Catalog, f: LocaleFormat = localeFormat()): string[] {
  const notes: string[] = [];
  const incomplete = incompleteSentence(catalog, f);
  if (incomplete !== null) notes.push(`${incomplete[0]!.toUpperCase()}${incomplete.slice(1)}.`);
  const records = recordsLine(catalog, f);
  if (records !== null) notes.push(`${records}.`);
  const intake = catalog.intake;
  if (intake !== undefined) {
    if (intake.authorFilter !== null) {
      notes.push(`Only @${intake.authorFilter}'s videos (--author).`);
    } else if (intake.authors.length > 1) {
      const shown = intake.authors
        .slice(0, 4)
        .map((a) => `@${a.handle} (${f.integer(a.videos)})`)
        .join(', ');
      const more = intake.authors.length > 4 ? `, and ${intake.authors.length - 4} more` : '';
      notes.push(
        `This file holds videos of ${intake.authors.length} accounts: ${shown}${more}. They are analysed together; --author NAME keeps one.`,
      );
    }
    if (intake.zonelessDates > 0) {
      notes.push(`Post times without a time zone were read as UTC (${f.plural(intake.zonelessDates, 'video')}).`);
    }
    if (intake.dateOnlyDates > 0) notes.push(dateOnlyNote(intake.dateOnlyDates, f));
  }
  if (noDurations(catalog)) notes.push(NO_DURATIONS_NOTE);
  return notes;
}

const authorMaps = new WeakMap<Catalog, Map<string, string>>();

/** The handle a video's link should name: its own author where the record said, else the catalog's account. */
export function handleForVideo(catalog: Catalog, id: string): string {
  let map = authorMaps.get(catalog);
  if (map === undefined) {
    map = new Map();
    for (const video of catalog.videos) if (video.author !== undefined) map.set(video.id, video.author);
    authorMaps.set(catalog, map);
  }
  return map.get(id) ?? catalog.account.username;
}
