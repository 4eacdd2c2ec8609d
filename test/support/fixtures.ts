import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { GroupTest, RankCorrelation } from '../../src/analysis/types.js';

/** test/fixtures: the reference fixtures (kept in step with the team's copy by scripts/sync-fixtures.sh). */
export const FIXTURES_DIR = fileURLToPath(new URL('../fixtures/', import.meta.url));

export const CATALOG_NAMES = ['ties-12', 'clean-60', 'edge-240', 'edge-5000', 'planted-1000'] as const;
export type CatalogName = (typeof CATALOG_NAMES)[number];

export function catalogPath(name: CatalogName): string {
  return `${FIXTURES_DIR}catalogs/${name}.json`;
}

/** The raw records of a fixture catalog, as the reference script read them. */
export function fixtureRecords(name: CatalogName): unknown[] {
  return (JSON.parse(readFileSync(catalogPath(name), 'utf8')) as { videos: unknown[] }).videos;
}

export function expectedAnalysis(name: CatalogName): Record<string, unknown> {
  return JSON.parse(readFileSync(`${FIXTURES_DIR}expected/${name}.analysis.json`, 'utf8')) as Record<string, unknown>;
}

/** The reference statistics of the findings (scipy): `{findings: {alpha, tests}, correlations}`. */
export interface ExpectedFindings {
  findings: { alpha: number; tests: Omit<GroupTest, 'significant'>[] };
  correlations: Record<string, RankCorrelation>;
}

export function expectedFindings(name: CatalogName): ExpectedFindings {
  return JSON.parse(readFileSync(`${FIXTURES_DIR}expected/${name}.findings.json`, 'utf8')) as ExpectedFindings;
}

export function scavioFixture(name: 'profile' | 'posts-page-1' | 'posts-page-2' | 'errors'): unknown {
  return JSON.parse(readFileSync(`${FIXTURES_DIR}scavio/${name}.json`, 'utf8'));
}

/**
 * Every difference between `expected` and the same paths of `actual`: numbers
 * within a relative tolerance, everything else equal. Keys only in `actual`
 * are ignored (the Analysis carries more than the reference computed).
 */
export function differences(expected: unknown, actual: unknown, tolerance = 1e-9, path = '$'): string[] {
  if (typeof expected === 'number') {
    if (typeof actual !== 'number') return [`${path}: expected ${expected}, got ${JSON.stringify(actual)}`];
    const scale = Math.max(Math.abs(expected), Math.abs(actual));
    return Math.abs(expected - actual) <= tolerance * scale ? [] : [`${path}: expected ${expected}, got ${actual}`];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${path}: expected an array, got ${JSON.stringify(actual)}`];
    if (actual.length !== expected.length) return [`${path}: expected ${expected.length} items, got ${actual.length}`];
    return expected.flatMap((item, i) => differences(item, actual[i], tolerance, `${path}[${i}]`));
  }
  if (typeof expected === 'object' && expected !== null) {
    if (typeof actual !== 'object' || actual === null)
      return [`${path}: expected an object, got ${JSON.stringify(actual)}`];
    return Object.entries(expected).flatMap(([key, value]) =>
      differences(value, (actual as Record<string, unknown>)[key], tolerance, `${path}.${key}`),
    );
  }
  return Object.is(expected, actual)
    ? []
    : [`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}
