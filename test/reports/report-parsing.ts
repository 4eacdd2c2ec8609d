import type { APIEmbed } from 'discord.js';
import { analyzeVideos } from '../../src/analysis/analyze.js';
import type { Analysis } from '../../src/analysis/types.js';
import type { Catalog } from '../../src/tiktok/catalog.js';
import { normalizeRecords } from '../../src/tiktok/normalize.js';
import { type CatalogName, fixtureRecords } from '../support/fixtures.js';

/**
 * Reading numbers back out of rendered reports, so tests can check that what
 * people see equals the Analysis (to the precision shown).
 */

export function parsePercent(text: string): number {
  const match = /^(-?\d+(?:\.\d+)?)%$/u.exec(text.trim());
  if (match === null) throw new Error(`not a percentage: ${JSON.stringify(text)}`);
  return Number(match[1]) / 100;
}

export function parseDuration(text: string): number {
  const parts = text.trim().split(':').map(Number);
  if (parts.length < 2 || parts.some((p) => !Number.isInteger(p)))
    throw new Error(`not a duration: ${JSON.stringify(text)}`);
  return parts.reduce((total, part) => total * 60 + part, 0);
}

export function parseCompact(text: string): number {
  const match = /^(-?\d+(?:\.\d+)?)([KMBT]?)$/u.exec(text.trim().replace(/,/gu, ''));
  if (match === null) throw new Error(`not a compact number: ${JSON.stringify(text)}`);
  const scale = { '': 1, K: 1e3, M: 1e6, B: 1e9, T: 1e12 }[match[2] as '' | 'K' | 'M' | 'B' | 'T'];
  return Number(match[1]) * scale;
}

/** The largest error a compact number can show: half a step of its last digit. */
export function compactTolerance(value: number): number {
  if (Math.abs(value) < 999.5) return 0.5;
  return Math.abs(value) < 999_950 ? 50 : Math.abs(value) < 999_950_000 ? 50_000 : 50_000_000;
}

/** Rows of the first code block in a text, each split into cells on runs of 2+ spaces. */
export function codeBlockRows(text: string): string[][] {
  const match = /```\n([\s\S]*?)\n```/u.exec(text);
  if (match === null) throw new Error('no code block');
  return (match[1] ?? '').split('\n').map((line) => line.trim().split(/\s{2,}/u));
}

export function fieldNamed(embed: APIEmbed, start: string): { name: string; value: string } {
  const field = embed.fields?.find((f) => f.name.includes(start));
  if (field === undefined)
    throw new Error(
      `no field containing ${JSON.stringify(start)}; fields: ${embed.fields?.map((f) => f.name).join(', ')}`,
    );
  return field;
}

/** A fixture catalog through the real normalizer and analysis. */
export function fixtureCatalog(name: CatalogName): { catalog: Catalog; analysis: Analysis } {
  const { videos, skipped } = normalizeRecords(fixtureRecords(name));
  const catalog: Catalog = {
    account: { username: 'chefmaya', followers: null, videoCountHint: null },
    videos,
    skipped,
    source: {
      kind: 'file',
      detail: `test/fixtures/catalogs/${name}.json`,
      fetchedAt: '2026-11-20T14:03:00.000Z',
      calls: 0,
      creditsUsed: 0,
      creditsRemaining: null,
      fromCache: false,
    },
  };
  return { catalog, analysis: analyzeVideos(videos) };
}
