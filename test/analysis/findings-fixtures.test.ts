import { describe, expect, it } from 'vitest';
import { analyzeVideos } from '../../src/analysis/analyze.js';
import { normalizeRecords } from '../../src/tiktok/normalize.js';
import { CATALOG_NAMES, differences, expectedFindings, fixtureRecords } from '../support/fixtures.js';

/** The findings of a fixture catalog, analysed in UTC as the reference was. */
function findingsOf(name: (typeof CATALOG_NAMES)[number]) {
  return analyzeVideos(normalizeRecords(fixtureRecords(name)).videos, { timeZone: 'UTC' });
}

describe('findings match the scipy reference', () => {
  for (const name of CATALOG_NAMES) {
    it(`${name}: the same tests, every figure (u, p, q, effect, medians) within 1e-9`, () => {
      const expected = expectedFindings(name);
      const analysis = findingsOf(name);
      expect(analysis.findings.alpha).toBe(expected.findings.alpha);
      const id = (t: { dimension: string; key: string }) => `${t.dimension}:${t.key}`;
      expect(analysis.findings.tests.map(id).sort()).toEqual(expected.findings.tests.map(id).sort());
      for (const reference of expected.findings.tests) {
        const actual = analysis.findings.tests.find((t) => id(t) === id(reference));
        expect(differences(reference, actual, 1e-9, id(reference))).toEqual([]);
        expect(actual?.significant, `${id(reference)} significant`).toBe(reference.q < expected.findings.alpha);
      }
      expect(differences(expected.correlations, analysis.correlations)).toEqual([]);
    });
  }

  it('the comparison itself catches a p that is off by a little', () => {
    const expected = expectedFindings('planted-1000');
    const analysis = findingsOf('planted-1000');
    const test = analysis.findings.tests.find((t) => t.dimension === 'hashtag' && t.key === 'recipe')!;
    const reference = expected.findings.tests.find((t) => t.dimension === 'hashtag' && t.key === 'recipe')!;
    expect(differences(reference, { ...test, p: test.p * (1 + 1e-8) })).toHaveLength(1);
  });
});
