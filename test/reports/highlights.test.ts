import { describe, expect, it } from 'vitest';
import { hourLabel, soundLabel, weekdayLabel } from '../../src/reports/highlights.js';

describe('labels', () => {
  it('names weekdays, hours and sounds', () => {
    expect(weekdayLabel('Tue')).toBe('Tuesday');
    expect(hourLabel('07')).toBe('07:00-08:00');
    expect(hourLabel('23')).toBe('23:00-00:00');
    expect(soundLabel('original')).toBe('Original sound');
    expect(soundLabel('other')).toBe('Other sounds');
  });
});
