import { describe, expect, it } from 'vitest';
import { UserFacingError } from '../../src/errors.js';
import { parseUsername } from '../../src/tiktok/username.js';

function rejection(input: string): UserFacingError {
  try {
    parseUsername(input);
  } catch (error) {
    if (error instanceof UserFacingError) return error;
    throw error;
  }
  throw new Error(`expected "${input}" to be rejected`);
}

describe('parseUsername', () => {
  it.each([
    ['chefmaya', 'chefmaya'],
    ['@chefmaya', 'chefmaya'],
    ['  @ChefMaya  ', 'chefmaya'],
    ['chef.maya_99', 'chef.maya_99'],
    ['ab', 'ab'],
    ['a'.repeat(24), 'a'.repeat(24)],
    ['https://www.tiktok.com/@chefmaya', 'chefmaya'],
    ['https://www.tiktok.com/@chefmaya/', 'chefmaya'],
    ['http://tiktok.com/@chef.maya?lang=en&is_from_webapp=1', 'chef.maya'],
    ['https://m.tiktok.com/@chefmaya#top', 'chefmaya'],
    ['www.tiktok.com/@chefmaya', 'chefmaya'],
    ['tiktok.com/@chefmaya', 'chefmaya'],
    ['https://www.tiktok.com/@chefmaya/video/7300000000102000000', 'chefmaya'],
  ])('accepts %j as %j', (input, expected) => {
    expect(parseUsername(input)).toBe(expected);
  });

  it.each([
    ['', /give a TikTok username/],
    ['   ', /give a TikTok username/],
    ['@', /too short/],
    ['a', /too short/],
    ['a'.repeat(25), /too long/],
    ['chef maya', /contains a space/],
    ['chef-maya', /contains "-"/],
    ['@@chefmaya', /contains "@"/],
    ['chefmaya!', /contains "!"/],
    ['https://www.youtube.com/@chefmaya', /not a TikTok link/],
    ['https://www.tiktok.com/chefmaya', /not a TikTok profile link/],
    ['https://www.tiktok.com/@chefmaya/photo/1', /not a TikTok profile link/],
    ['https://www.tiktok.com/tag/cooking', /not a TikTok profile link/],
    ['https://vm.tiktok.com/ZMabc123/', /Short share links/],
    ['ftp://www.tiktok.com/@chefmaya', /not a TikTok link/],
    ['https://www.tiktok.com/@chef%20maya', /contains a space/],
    ['https://www.tiktok.com/@chefmaya%', /contains "%"/],
    ['tiktok.com/@chef%E0%A4%A', /contains "%"/],
  ])('rejects %j with a helpful message', (input, message) => {
    const error = rejection(input);
    expect(error.code).toBe('tiktok.invalid_username');
    expect(error.message).toMatch(message);
  });

  it('keeps an echoed input short', () => {
    const error = rejection(`${'x'.repeat(200)}!`);
    expect(error.message.length).toBeLessThan(200);
  });
});
