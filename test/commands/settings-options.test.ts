import { describe, expect, it } from 'vitest';
import { MAX_MIN_AGE_DAYS } from '../../src/analysis/video-age.js';
import { parseSettingsOptions, type SettingsOptions } from '../../src/commands/retention/settings.js';

const none: SettingsOptions = {
  timezone: null,
  min_age_days: null,
  monthly_credit_budget: null,
  compare_confirm_above_credits: null,
  reset: null,
};

describe('/retention settings options', () => {
  it('turns given values into a change and leaves the others alone', () => {
    expect(
      parseSettingsOptions({ ...none, timezone: ' Europe/Berlin ', min_age_days: 3, monthly_credit_budget: 500 }),
    ).toEqual({ change: { timeZone: 'Europe/Berlin', minAgeDays: 3, monthlyCreditBudget: 500 }, problems: [] });
    expect(parseSettingsOptions({ ...none, compare_confirm_above_credits: 0 })).toEqual({
      change: { compareConfirmAboveCredits: 0 },
      problems: [],
    });
  });

  it('resets one setting or all of them to the bot default (null)', () => {
    expect(parseSettingsOptions({ ...none, reset: 'monthly_credit_budget' }).change).toEqual({
      monthlyCreditBudget: null,
    });
    expect(parseSettingsOptions({ ...none, reset: 'all' }).change).toEqual({
      timeZone: null,
      minAgeDays: null,
      monthlyCreditBudget: null,
      compareConfirmAboveCredits: null,
    });
  });

  it('names every bad value with what to do, and changes nothing then', () => {
    const { problems } = parseSettingsOptions({
      timezone: 'Europe/Berlni',
      min_age_days: MAX_MIN_AGE_DAYS + 1,
      monthly_credit_budget: 0,
      compare_confirm_above_credits: -1,
      reset: 'everything',
    });
    expect(problems).toHaveLength(5);
    expect(problems[0]).toMatch(
      /`timezone`: "Europe\/Berlni" is not an IANA time zone\. Did you mean .*Europe\/Berlin/,
    );
    expect(problems[1]).toContain(`\`min_age_days\` must be a whole number from 0 to ${MAX_MIN_AGE_DAYS}`);
    expect(problems[2]).toMatch(/`monthly_credit_budget` must be a whole number from 1 .*reset to remove the budget/);
    expect(problems[3]).toContain('`compare_confirm_above_credits` must be a whole number from 0');
    expect(problems[4]).toContain('"everything" is not a setting');
    expect(parseSettingsOptions({ ...none, min_age_days: 4, reset: 'min_age_days' }).problems).toEqual([
      '`min_age_days` is both set and reset: choose one.',
    ]);
  });
});
