import { describe, expect, it } from 'vitest';
import { MAX_MIN_AGE_DAYS } from '../../src/analysis/video-age.js';
import { MAX_VIDEOS_CEILING } from '../../src/config.js';
import {
  COMPONENT_GRACE_MS,
  CUSTOM_ID_MAX_LENGTH,
  REPORT_ACTIONS,
  componentExpired,
  decodeComponentId,
  encodeComponentId,
  type ComponentId,
} from '../../src/reports/component-ids.js';

const base: ComponentId = {
  action: 'csv',
  username: 'chefmaya',
  maxVideos: 300,
  minAgeDays: 0,
  issuedAtMs: Date.UTC(2026, 11, 1, 12, 0, 0),
};

/** The longest IANA name this runtime knows (the codec must fit it too). */
const longestZone = Intl.supportedValuesOf('timeZone').reduce((a, b) => (b.length > a.length ? b : a));

describe('report component custom_id', () => {
  it.each(REPORT_ACTIONS)('round-trips the %s action', (action) => {
    const id: ComponentId = { ...base, action, timeZone: 'Europe/Berlin', minAgeDays: 7 };
    expect(decodeComponentId(encodeComponentId(id))).toEqual({ ok: true, id });
  });

  it('round-trips without a time zone (the bot default) and keeps issued-at to the second', () => {
    const id = { ...base, issuedAtMs: base.issuedAtMs + 999 };
    const decoded = decodeComponentId(encodeComponentId(id));
    expect(decoded).toEqual({ ok: true, id: { ...base, issuedAtMs: base.issuedAtMs } });
  });

  it('stays within Discord’s 100 characters with the longest handle, limits, zone and a far issued-at', () => {
    const id: ComponentId = {
      action: 'subscribe',
      username: 'a._'.repeat(8),
      maxVideos: MAX_VIDEOS_CEILING,
      minAgeDays: MAX_MIN_AGE_DAYS,
      timeZone: longestZone,
      issuedAtMs: Date.UTC(2199, 11, 31),
    };
    expect(id.username).toHaveLength(24);
    const text = encodeComponentId(id);
    expect(text.length).toBeLessThanOrEqual(CUSTOM_ID_MAX_LENGTH);
    expect(decodeComponentId(text)).toEqual({ ok: true, id });
  });

  it('refuses to encode what it could not decode', () => {
    expect(() => encodeComponentId({ ...base, username: 'Chef' })).toThrow(RangeError);
    expect(() => encodeComponentId({ ...base, username: 'a'.repeat(25) })).toThrow(RangeError);
    expect(() => encodeComponentId({ ...base, maxVideos: 0 })).toThrow(RangeError);
    expect(() => encodeComponentId({ ...base, minAgeDays: MAX_MIN_AGE_DAYS + 1 })).toThrow(RangeError);
    expect(() => encodeComponentId({ ...base, timeZone: 'Mars/Olympus' })).toThrow(RangeError);
  });

  it('calls ids of another layout or feature unknown', () => {
    for (const text of ['', 'refresh', 'rt2:c:chefmaya:300:0::abc', 'rt1:x:chefmaya:300:0::abc'])
      expect(decodeComponentId(text)).toEqual({ ok: false, reason: 'unknown' });
  });

  it('calls tampered ids malformed', () => {
    const good = encodeComponentId(base);
    const [v, a, u, m, d, z, t] = good.split(':');
    const variants = [
      [v, a, 'UPPER', m, d, z, t],
      [v, a, 'x', m, d, z, t],
      [v, a, u, '0', d, z, t],
      [v, a, u, String(MAX_VIDEOS_CEILING + 1), d, z, t],
      [v, a, u, '0300', d, z, t],
      [v, a, u, '1e3', d, z, t],
      [v, a, u, m, '-1', z, t],
      [v, a, u, m, String(MAX_MIN_AGE_DAYS + 1), z, t],
      [v, a, u, m, d, 'Mars/Olympus', t],
      [v, a, u, m, d, z, 'ZZ'],
      [v, a, u, m, d, z, ''],
      [v, a, u, m, d, z],
      [v, a, u, m, d, z, t, 'extra'],
    ];
    for (const parts of variants)
      expect(decodeComponentId(parts.join(':')), parts.join(':')).toEqual({ ok: false, reason: 'malformed' });
    expect(decodeComponentId(`${good}${'0'.repeat(CUSTOM_ID_MAX_LENGTH)}`)).toEqual({
      ok: false,
      reason: 'malformed',
    });
  });

  it('expires a report the cache TTL plus the grace period after it was made, and distrusts future ids', () => {
    const ttl = 60 * 60_000;
    const at = base.issuedAtMs;
    expect(componentExpired(base, at, ttl)).toBe(false);
    expect(componentExpired(base, at + ttl + COMPONENT_GRACE_MS, ttl)).toBe(false);
    expect(componentExpired(base, at + ttl + COMPONENT_GRACE_MS + 1, ttl)).toBe(true);
    expect(componentExpired(base, at - 60_000, ttl)).toBe(false);
    expect(componentExpired(base, at - 24 * 60 * 60_000, ttl)).toBe(true);
  });
});
