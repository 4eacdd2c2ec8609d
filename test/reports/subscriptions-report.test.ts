import type { APIEmbed } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { findLimitViolations } from '../../src/reports/discord-limits.js';
import {
  scheduleText,
  subscribeConfirmation,
  subscriptionsReport,
  unsubscribeConfirmation,
} from '../../src/reports/subscriptions-report.js';
import { nextRunAfter } from '../../src/scheduler/due.js';
import type { Subscription } from '../../src/storage/index.js';

const NOW = new Date('2026-11-20T14:15:00.000Z');
const unix = (date: Date | string) => Math.floor(new Date(date).getTime() / 1000);

function subscription(overrides: Partial<Subscription> = {}): Subscription {
  return {
    id: 'sub-1',
    guildId: 'g1',
    channelId: '111',
    username: 'chefmaya',
    weekday: 1,
    time: '09:00',
    timeZone: 'Europe/Berlin',
    createdBy: 'u1',
    createdAt: '2026-11-01T10:00:00.000Z',
    scheduledSince: '2026-11-01T10:00:00.000Z',
    lastRunAt: null,
    lastResult: null,
    paused: null,
    ...overrides,
  };
}

function onlyEmbed(payload: { embeds?: APIEmbed[] }): APIEmbed {
  expect(payload.embeds).toHaveLength(1);
  return payload.embeds?.[0] as APIEmbed;
}

const nextRun = (sub: Subscription) => nextRunAfter(sub, NOW);

describe('scheduleText', () => {
  it('names the day, time and time zone', () => {
    expect(scheduleText({ weekday: 1, time: '09:00', timeZone: 'Europe/Berlin' })).toBe(
      'every Monday at 09:00 (Europe/Berlin)',
    );
    expect(scheduleText({ weekday: 0, time: '18:30', timeZone: 'UTC' })).toBe('every Sunday at 18:30 (UTC)');
  });
});

describe('subscriptionsReport', () => {
  const ok = subscription({
    lastRunAt: '2026-11-16T08:00:00.000Z',
    lastResult: { ok: true, at: '2026-11-16T08:01:10.000Z' },
  });
  const failed = subscription({
    id: 'sub-2',
    channelId: '222',
    username: 'bakerbob',
    weekday: 5,
    time: '17:30',
    timeZone: 'America/New_York',
    lastResult: {
      ok: false,
      at: '2026-11-14T22:31:00.000Z',
      message: 'Not posted: the Scavio account is out of credits',
    },
  });
  const paused = subscription({
    id: 'sub-3',
    channelId: '333',
    username: 'zed_cooks',
    paused: { reason: 'the channel was deleted', at: '2026-11-17T08:00:05.000Z' },
    lastResult: { ok: false, at: '2026-11-17T08:00:05.000Z', message: 'Paused: the channel was deleted' },
  });
  const fresh = subscription({ id: 'sub-4', channelId: '444', username: 'newbie' });
  const embed = onlyEmbed(subscriptionsReport([ok, failed, paused, fresh], { now: NOW, nextRun }));
  const field = (username: string) => {
    const found = embed.fields?.find((f) => f.name.replace(/\\/gu, '').startsWith(`@${username}`));
    if (found === undefined) throw new Error(`no field for @${username}`);
    return found;
  };

  it('lists every subscription, grouped by account, with its channel and schedule', () => {
    expect(embed.fields?.map((f) => f.name)).toEqual(['@bakerbob', '@chefmaya', '@newbie', '@zed\\_cooks (paused)']);
    expect(field('chefmaya').value).toContain('→ <#111> · every Monday at 09:00 (Europe/Berlin)');
    expect(field('bakerbob').value).toContain('→ <#222> · every Friday at 17:30 (America/New_York)');
    expect(embed.description).toContain('4 subscriptions, 1 paused.');
  });

  it('shows the next run as Discord timestamps (relative and full)', () => {
    const next = nextRunAfter(ok, NOW);
    expect(next.toISOString()).toBe('2026-11-23T08:00:00.000Z'); // Monday 09:00 in Berlin
    expect(field('chefmaya').value).toContain(`Next report: <t:${unix(next)}:R> (<t:${unix(next)}:F>)`);
  });

  it('shows the last result: ok, failed with the message, or never run', () => {
    expect(field('chefmaya').value).toContain(`Last result: ✅ ok, <t:${unix('2026-11-16T08:01:10.000Z')}:R>`);
    expect(field('bakerbob').value).toContain(
      `Last result: ❌ failed, <t:${unix('2026-11-14T22:31:00.000Z')}:R>: Not posted: the Scavio account is out of credits`,
    );
    expect(field('newbie').value).toContain('Last result: never run yet');
  });

  it('shows a paused subscription with its reason and how to resume, and no next run', () => {
    const value = field('zed_cooks').value;
    expect(value).toContain(`⏸️ **Paused** <t:${unix('2026-11-17T08:00:05.000Z')}:R>: the channel was deleted`);
    expect(value).toContain('To resume, run `/retention subscribe username:zed_cooks` again with channel <#333>.');
    expect(value).not.toContain('Next report');
    // The run that paused it recorded the same reason: it is said once.
    expect(value.match(/the channel was deleted/gu)).toHaveLength(1);
    expect(value).toContain(`Last result: ❌ failed, <t:${unix('2026-11-17T08:00:05.000Z')}:R> (see above)`);
  });

  it('says "due now" for a run the scheduler is about to catch up on', () => {
    const e = onlyEmbed(subscriptionsReport([ok], { now: NOW, nextRun: () => new Date(NOW.getTime() - 60_000) }));
    expect(e.fields?.[0]?.value).toContain('Next report: due now');
  });

  it('stays within Discord’s limits', () => {
    expect(findLimitViolations({ embeds: [embed] })).toEqual([]);
  });

  it('explains how to subscribe when there is nothing yet', () => {
    const empty = onlyEmbed(subscriptionsReport([], { now: NOW, nextRun }));
    expect(empty.description).toContain('No weekly reports yet');
    expect(empty.description).toContain('`/retention subscribe username:<tiktok handle>`');
    expect(empty.fields ?? []).toEqual([]);
  });

  it('shows as many subscriptions as fit and says how many more there are', () => {
    const many = Array.from({ length: 80 }, (_, i) =>
      subscription({
        id: `s${i}`,
        channelId: String(10_000 + i),
        username: `account_${String(i).padStart(2, '0')}_${'x'.repeat(10)}`,
        lastResult: { ok: false, at: NOW.toISOString(), message: `Not posted: ${'a very long reason '.repeat(30)}` },
      }),
    );
    const e = onlyEmbed(subscriptionsReport(many, { now: NOW, nextRun }));
    expect(findLimitViolations({ embeds: [e] })).toEqual([]);
    const fields = e.fields ?? [];
    const more = fields[fields.length - 1];
    const shown = fields.length - 1;
    expect(shown).toBeGreaterThan(5);
    expect(more?.name).toBe(`…and ${80 - shown} more`);
    expect(more?.value).toContain(`${80 - shown} subscriptions not shown`);
    expect(e.description).toContain('80 subscriptions');
  });
});

describe('subscribeConfirmation', () => {
  const sub = subscription();
  const next = new Date('2026-11-23T08:00:00.000Z');

  it('confirms the channel, schedule, first run and baseline', () => {
    const embed = onlyEmbed(
      subscribeConfirmation(sub, { nextRun: next, baseline: { videoCount: 243 }, updated: false }),
    );
    expect(embed.title).toBe('Subscribed: @chefmaya');
    expect(embed.description).toContain('posts in <#111> every Monday at 09:00 (Europe/Berlin)');
    expect(embed.description).toContain(`First report: <t:${unix(next)}:R> (<t:${unix(next)}:F>).`);
    expect(embed.description).toContain('Baseline taken: 243 videos');
    expect(findLimitViolations({ embeds: [embed] })).toEqual([]);
  });

  it('says when it updated an existing subscription, and when no baseline could be taken', () => {
    const embed = onlyEmbed(subscribeConfirmation(sub, { nextRun: next, baseline: null, updated: true }));
    expect(embed.title).toBe('Subscription updated: @chefmaya');
    expect(embed.description).toContain('Updated: the weekly report');
    expect(embed.description).toContain('No baseline snapshot could be taken now');
  });
});

describe('unsubscribeConfirmation', () => {
  it('names the account and every channel it stopped', () => {
    const embed = onlyEmbed(unsubscribeConfirmation([subscription(), subscription({ id: 'sub-2', channelId: '222' })]));
    expect(embed.title).toBe('Unsubscribed: @chefmaya');
    expect(embed.description).toContain('Stopped the weekly report of @chefmaya in <#111>, <#222>.');
    expect(embed.description).toContain('The stored snapshots are kept');
  });

  it('says nothing changed when nothing matched, naming what was asked for when given', () => {
    expect(onlyEmbed(unsubscribeConfirmation([])).description).toContain(
      'No matching subscription in this server, so nothing changed.',
    );
    const specific = onlyEmbed(unsubscribeConfirmation([], { username: 'chefmaya', channelId: '999' }));
    expect(specific.description).toContain('No subscription to @chefmaya in <#999>, so nothing changed.');
    expect(specific.description).toContain('`/retention subscriptions`');
  });
});
