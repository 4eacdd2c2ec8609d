import { describe, expect, it } from 'vitest';
import { analyzeVideos } from '../../src/analysis/analyze.js';
import type { Video } from '../../src/analysis/types.js';
import { parseCsvRecords } from '../../src/csv-parse.js';
import { excludedTierLabel, parseVideosCsv, videosCsv } from '../../src/reports/csv.js';
import type { Catalog } from '../../src/tiktok/catalog.js';

/** The reviewer's reproduction (csvage.mjs): 12 videos, the last 3 a day old, analysed with minAgeDays 7. */
const AS_OF = '2025-06-01T00:00:00Z';
const AS_OF_SEC = Date.parse(AS_OF) / 1000;
const DAY = 86_400;

function catalogOf(videos: Video[]): Catalog {
  return {
    account: { username: 'me', followers: null, videoCountHint: null },
    videos,
    skipped: [],
    source: {
      kind: 'file',
      detail: 'x',
      fetchedAt: AS_OF,
      calls: 0,
      creditsUsed: 0,
      creditsRemaining: null,
      fromCache: false,
    },
  };
}

function ageCatalog(): Catalog {
  const videos: Video[] = [];
  for (let i = 0; i < 12; i++) {
    videos.push({
      id: String(i),
      caption: 'c',
      durationSec: 20,
      plays: 1000,
      likes: 10 + 10 * i,
      comments: 0,
      shares: 0,
      // the young ones have the best engagement: ranked, they would all be "top"
      createdAtSec: i >= 9 ? AS_OF_SEC - DAY : AS_OF_SEC - 30 * DAY,
      hashtags: [],
    });
  }
  // no post time: no known age, so the analysis keeps it (and so must the CSV)
  videos.push({ ...videos[0]!, id: 'undated', createdAtSec: null });
  return catalogOf(videos);
}

describe('videosCsv with videos left out by minAgeDays', () => {
  const catalog = ageCatalog();
  const analysis = analyzeVideos(catalog.videos, { asOf: AS_OF, minAgeDays: 7 });

  it('labels the excluded videos as excluded, never top or bottom, and ranks the rest by the analysis', () => {
    expect(analysis.videoAge.excluded).toBe(3);
    const records = parseCsvRecords(videosCsv(catalog, analysis));
    const tier = (id: string) => records.find((r) => r.id === id)?.tier;
    for (const id of ['9', '10', '11']) expect(tier(id)).toBe('excluded (younger than 7 days)');
    expect(tier('undated')).not.toMatch(/^excluded/u);
    const ranked = records.filter((r) => !(r.tier ?? '').startsWith('excluded'));
    expect(ranked).toHaveLength(analysis.analyzedCount);
    expect(ranked.filter((r) => r.tier === 'top')).toHaveLength(analysis.tiers!.top.count);
    expect(ranked.filter((r) => r.tier === 'bottom')).toHaveLength(analysis.tiers!.bottom.count);
  });

  it('reads the excluded label back', () => {
    const rows = parseVideosCsv(videosCsv(catalog, analysis));
    expect(rows.filter((r) => r.tier === 'excluded').map((r) => r.id)).toEqual(['9', '10', '11']);
    expect(excludedTierLabel(1)).toBe('excluded (younger than 1 day)');
  });

  it('excludes nothing when the analysis used no minimum age', () => {
    const all = analyzeVideos(catalog.videos, { asOf: AS_OF });
    const rows = parseVideosCsv(videosCsv(catalog, all));
    expect(rows.some((r) => r.tier === 'excluded')).toBe(false);
    expect(rows.filter((r) => r.tier === 'top').map((r) => r.id)).toContain('11');
  });
});
