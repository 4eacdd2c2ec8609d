import { describe, expect, it } from 'vitest';
import { matchTimeZones } from '../../src/scheduler/time-zones.js';

const every = ['UTC', ...Intl.supportedValuesOf('timeZone')];

describe('matchTimeZones (timezone autocomplete)', () => {
  it('offers names whose region or city starts with what was typed, then names containing it', () => {
    const berlin = matchTimeZones('ber');
    expect(berlin).toContain('Europe/Berlin');
    // Zones with a part starting with it (Bermuda, Berlin) come before zones that only contain it.
    const starts = (z: string) =>
      z
        .toLowerCase()
        .split('/')
        .some((p) => p.startsWith('ber'));
    const firstContaining = berlin.findIndex((z) => !starts(z));
    if (firstContaining >= 0) expect(berlin.slice(firstContaining).every((z) => !starts(z))).toBe(true);
    for (const zone of berlin) expect(zone.toLowerCase()).toContain('ber');
    expect(matchTimeZones('new york')).toContain('America/New_York');
    expect(matchTimeZones('NEW_Y')[0]).toBe('America/New_York');
    const expectedParts = every.filter((z) => z.toLowerCase().includes('york'));
    expect(matchTimeZones('york')).toEqual(expectedParts.slice(0, 25));
  });

  it('puts the server default first when it matches (and when nothing is typed), never twice', () => {
    const typedNothing = matchTimeZones('', { first: 'Asia/Tokyo' });
    expect(typedNothing[0]).toBe('Asia/Tokyo');
    expect(typedNothing.filter((z) => z === 'Asia/Tokyo')).toHaveLength(1);
    expect(typedNothing).toHaveLength(25);
    expect(matchTimeZones('europe', { first: 'Europe/Paris' })[0]).toBe('Europe/Paris');
    // A default that does not match what was typed is not offered.
    expect(matchTimeZones('berl', { first: 'Asia/Tokyo' })).not.toContain('Asia/Tokyo');
  });

  it('never offers more than 25 (Discord) and only real zone names; a typo gets the closest spellings', () => {
    const america = matchTimeZones('america');
    expect(america).toHaveLength(25);
    for (const zone of [...america, ...matchTimeZones('')]) expect(every).toContain(zone);
    expect(matchTimeZones('Europe/Berlni')).toContain('Europe/Berlin');
    expect(matchTimeZones('utc')[0]).toBe('UTC');
  });
});
