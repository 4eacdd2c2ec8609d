import { describe, expect, it } from 'vitest';
import { AUTOCOMPLETE_MAX_CHOICES, usernameChoices } from '../../src/commands/autocomplete/username.js';
import type { RecentAccount } from '../../src/storage/index.js';

const recent = (username: string, uses: number, minute = 0): RecentAccount => ({
  username,
  uses,
  lastUsedAt: new Date(Date.UTC(2026, 10, 20, 10, minute)).toISOString(),
});

describe('username autocomplete choices', () => {
  it('orders by use (a subscription counts as one); ties: subscribed first, then the most recent', () => {
    const choices = usernameChoices({
      typed: '',
      subscribed: ['weekly_one', 'chefmaya'],
      recent: [recent('chefmaya', 3, 1), recent('otherchef', 4, 2), recent('rare', 1, 9), recent('rarer', 1, 3)],
    });
    expect(choices.map((c) => c.value)).toEqual(['chefmaya', 'otherchef', 'weekly_one', 'rare', 'rarer']);
    expect(choices[0]).toEqual({ name: '@chefmaya · weekly report · analysed 3×', value: 'chefmaya' });
    expect(choices[2]).toEqual({ name: '@weekly_one · weekly report', value: 'weekly_one' });
  });

  it('filters by what is typed (case, @ and profile links ignored), prefix matches first', () => {
    const sources = {
      subscribed: ['chefmaya'],
      recent: [recent('mayafan', 9), recent('chefmaya', 1), recent('bob', 5)],
    };
    expect(usernameChoices({ ...sources, typed: '@MAYA' }).map((c) => c.value)).toEqual(['mayafan', 'chefmaya']);
    expect(usernameChoices({ ...sources, typed: 'chef' }).map((c) => c.value)).toEqual(['chefmaya']);
    expect(usernameChoices({ ...sources, typed: 'https://www.tiktok.com/@bo' }).map((c) => c.value)).toEqual(['bob']);
    expect(usernameChoices({ ...sources, typed: 'zzz' })).toEqual([]);
  });

  it(`offers at most ${AUTOCOMPLETE_MAX_CHOICES} choices with names and values within 100 characters`, () => {
    const many = Array.from({ length: 60 }, (_, i) => recent(`account_${String(i).padStart(2, '0')}`, i + 1));
    const choices = usernameChoices({ typed: '', subscribed: many.map((r) => r.username), recent: many });
    expect(choices).toHaveLength(AUTOCOMPLETE_MAX_CHOICES);
    expect(choices[0]?.value).toBe('account_59');
    for (const c of choices) {
      expect(c.name.length).toBeLessThanOrEqual(100);
      expect(c.value.length).toBeLessThanOrEqual(100);
    }
  });
});
