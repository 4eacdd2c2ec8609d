import { describe, expect, it } from 'vitest';
import { analyzeVideos } from '../../src/analysis/analyze.js';
import { encodeComponentId } from '../../src/reports/component-ids.js';
import { DETAIL_PAGE_NAMES, detailPage } from '../../src/reports/detail-pages.js';
import { findLimitViolations } from '../../src/reports/discord-limits.js';
import { reportComponents } from '../../src/reports/report-components.js';
import { readCatalogFile } from '../../src/tiktok/file-source.js';
import { checkMessageComponents } from '../support/discord-emulator/components.js';
import { catalogPath, type CatalogName } from '../support/fixtures.js';

const CATALOGS: CatalogName[] = ['ties-12', 'clean-60', 'edge-240', 'edge-5000'];

describe('detail pages', () => {
  it.each(CATALOGS)('every page of %s fits Discord’s limits with its code blocks closed', async (name) => {
    const catalog = await readCatalogFile(catalogPath(name));
    const analysis = analyzeVideos(catalog.videos);
    for (const page of DETAIL_PAGE_NAMES) {
      const { embeds } = detailPage(catalog, analysis, page, { notice: 'Data newer than the report.' });
      expect(findLimitViolations({ embeds }), `${name} ${page}`).toEqual([]);
      const description = embeds[0]?.description ?? '';
      expect(description.length).toBeGreaterThan(0);
      expect((description.match(/```/gu) ?? []).length % 2, `${name} ${page} fences`).toBe(0);
      expect(description.startsWith('⚠️ Data newer than the report.')).toBe(true);
    }
  });

  it('lists every hashtag group of the analysis with its verdict column', async () => {
    const catalog = await readCatalogFile(catalogPath('clean-60'));
    const analysis = analyzeVideos(catalog.videos);
    const text = detailPage(catalog, analysis, 'hashtags').embeds[0]?.description ?? '';
    expect(analysis.hashtags.groups.length).toBeGreaterThan(0);
    for (const group of analysis.hashtags.groups) {
      const row = text.split('\n').find((line) => line.trimStart().startsWith(`#${group.key} `));
      expect(row, `#${group.key}`).toBeDefined();
      // Count, then mean and median as the analysis has them (two decimals).
      expect(row).toContain(` ${group.count} `);
      expect(row).toContain(`${(group.avgEngagementRate * 100).toFixed(2)}%`);
      expect(row).toContain(`${(group.medianEngagementRate * 100).toFixed(2)}%`);
    }
  });
});

describe('report components', () => {
  it('are components Discord accepts, with distinct ids that fit 100 characters', () => {
    const ref = {
      username: 'a'.repeat(24),
      maxVideos: 10_000,
      minAgeDays: 365,
      timeZone: 'America/Argentina/ComodRivadavia',
      issuedAtMs: Date.UTC(2199, 0, 1),
    };
    const rows = reportComponents(ref);
    expect(() => checkMessageComponents(rows, false)).not.toThrow();
    const ids = rows.flatMap((row) => row.components.map((c) => ('custom_id' in c ? c.custom_id : '')));
    expect(new Set(ids).size).toBe(4);
    expect(ids).toContain(encodeComponentId({ ...ref, action: 'csv' }));
    expect(reportComponents(ref, { refresh: false, subscribe: false })[0]?.components).toHaveLength(1);
  });
});
