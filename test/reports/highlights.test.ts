import { describe, expect, it } from 'vitest';
import type { GroupStats } from '../../src/analysis/types.js';
import { hourLabel, leanOf, separatingGroups, soundLabel, weekdayLabel } from '../../src/reports/highlights.js';

const group = (key: string, count: number, topCount: number, bottomCount: number): GroupStats => ({
  key,
  count,
  topCount,
  bottomCount,
  avgEngagementRate: 0.05,
});

describe('leanOf', () => {
  it('calls a clear, well-supported split a lean', () => {
    expect(leanOf(group('a', 21, 13, 2), 3)).toBe('top');
    expect(leanOf(group('b', 9, 0, 6), 3)).toBe('bottom');
  });
  it('does not read a pattern into few videos or a near-even split', () => {
    expect(leanOf(group('few', 2, 2, 0), 3)).toBeNull(); // below minVideos
    expect(leanOf(group('luck', 9, 3, 2), 3)).toBeNull(); // could be chance
    expect(leanOf(group('even', 150, 38, 37), 3)).toBeNull();
    expect(leanOf(group('tiny share', 10_000, 2_600, 2_450), 3)).toBeNull(); // 1.5% lean: not meaningful
  });
});

describe('separatingGroups', () => {
  it('ranks by evidence, so a big consistent group beats a lucky small one, and limits each side', () => {
    const groups = [
      group('lucky', 3, 3, 0),
      group('solid', 40, 22, 3),
      group('mid', 12, 6, 1),
      group('down', 30, 2, 14),
      group('noise', 50, 13, 12),
    ];
    const picked = separatingGroups(groups, { minVideos: 3, limit: 2 });
    expect(picked.leansTop.map((g) => g.key)).toEqual(['solid', 'lucky']);
    expect(picked.leansBottom.map((g) => g.key)).toEqual(['down']);
    expect(picked.eligible).toBe(5);
  });
});

describe('labels', () => {
  it('names weekdays, hours and sounds', () => {
    expect(weekdayLabel('Tue')).toBe('Tuesday');
    expect(hourLabel('07')).toBe('07:00-08:00');
    expect(hourLabel('23')).toBe('23:00-00:00');
    expect(soundLabel('original')).toBe('Original sound');
    expect(soundLabel('other')).toBe('Other sounds');
  });
});
