import { describe, expect, it } from 'vitest';
import {
  CANCEL_PREFIX,
  CONFIRM_PREFIX,
  confirmationButtons,
  parseUsernameList,
  requestFromButtons,
} from '../../src/commands/retention/compare-confirmation.js';
import { isUserFacingError } from '../../src/errors.js';

/** The compare confirmation's custom_ids: within Discord's 100 characters, and read back to the same request. */

const ids = (request: Parameters<typeof confirmationButtons>[0]) =>
  confirmationButtons(request).components.map((button) => ('custom_id' in button ? button.custom_id : ''));

describe('compare confirmation buttons', () => {
  it('carry five 24-character handles and the largest limit in two custom_ids of at most 100 characters', () => {
    const usernames = ['a', 'b', 'c', 'd', 'e'].map((c) => c.repeat(24));
    const request = { usernames, maxVideos: 10_000 };
    const [confirm, cancel] = ids(request);
    expect(confirm!.startsWith(CONFIRM_PREFIX) && cancel!.startsWith(CANCEL_PREFIX)).toBe(true);
    expect(confirm!.length).toBeLessThanOrEqual(100);
    expect(cancel!.length).toBeLessThanOrEqual(100);
    expect(requestFromButtons(confirm!, [confirm!, cancel!])).toEqual(request);
  });

  it('read back short handles and the default limit from Confirm alone (Cancel carries none)', () => {
    const request = { usernames: ['you', 'rival.one', 'rival_two'], maxVideos: undefined };
    const [confirm, cancel] = ids(request);
    expect(cancel).toBe(CANCEL_PREFIX);
    expect(requestFromButtons(confirm!, [confirm!, cancel!])).toEqual(request);
  });

  it('refuse what the bot would not have written', () => {
    expect(requestFromButtons(`${CONFIRM_PREFIX}300:you`, [`${CANCEL_PREFIX}`])).toBeNull(); // one handle
    expect(requestFromButtons(`${CONFIRM_PREFIX}300:you,YOU`, [`${CANCEL_PREFIX}`])).toBeNull(); // not as written
    expect(requestFromButtons(`${CONFIRM_PREFIX}300:you,rival`, [])).toBeNull(); // no Cancel button on the message
    expect(requestFromButtons(`${CONFIRM_PREFIX}x:you,rival`, [`${CANCEL_PREFIX}`])).toBeNull();
  });
});

describe('parseUsernameList', () => {
  it('splits on spaces and commas, reads @names and profile links, lower-cases', () => {
    expect(parseUsernameList(' @You,rival  https://www.tiktok.com/@Third ,, ')).toEqual(['you', 'rival', 'third']);
  });

  it.each([
    ['one', 'you', /2 to 5 usernames.*\(got 1\)/u],
    ['six', 'a1 a2 a3 a4 a5 a6', /\(got 6\)/u],
    ['a repeat', 'you rival @YOU', /@you is named twice/u],
    ['a bad handle', 'you ri$al', /./u],
  ])('refuses %s with a message saying what to fix', (_, text, message) => {
    let caught: unknown;
    try {
      parseUsernameList(text);
    } catch (error) {
      caught = error;
    }
    expect(isUserFacingError(caught)).toBe(true);
    expect((caught as Error).message).toMatch(message);
  });
});
