import { describe, expect, it } from 'vitest';
import { analyzeVideos } from '../../src/analysis/analyze.js';
import { normalizeRecords } from '../../src/tiktok/normalize.js';
import { CATALOG_NAMES, differences, expectedAnalysis, fixtureRecords } from '../support/fixtures.js';

describe('analysis matches the reference implementation', () => {
  for (const name of CATALOG_NAMES) {
    it(`${name}: every expected figure within 1e-9`, () => {
      const { videos } = normalizeRecords(fixtureRecords(name));
      const analysis = analyzeVideos(videos);
      expect(differences(expectedAnalysis(name), analysis)).toEqual([]);
    });
  }

  it('the comparison itself catches a wrong figure', () => {
    const expected = expectedAnalysis('clean-60');
    const analysis = analyzeVideos(normalizeRecords(fixtureRecords('clean-60')).videos);
    const tampered = structuredClone(analysis);
    tampered.thresholds!.q75 *= 1 + 1e-6;
    expect(differences(expected, tampered)).toHaveLength(1);
  });
});
