import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SubscriptionRepository, type SubscriptionInput } from '../../src/storage/subscriptions.js';
import { useTempDirs } from './temp-dir.js';

const newDir = useTempDirs();
const T0 = new Date('2026-11-20T10:00:00Z');
const T1 = new Date('2026-11-21T10:00:00Z');

function input(overrides: Partial<SubscriptionInput> = {}): SubscriptionInput {
  return {
    guildId: 'guild-a',
    channelId: 'chan-1',
    username: 'chefmaya',
    weekday: 1,
    time: '09:00',
    timeZone: 'UTC',
    createdBy: 'user-1',
    ...overrides,
  };
}

async function openRepo() {
  const dir = await newDir();
  return { dir, repo: await SubscriptionRepository.open(dir) };
}

describe('SubscriptionRepository', () => {
  it('creates a subscription with its schedule and an empty run history', async () => {
    const { repo } = await openRepo();
    const { subscription, created } = await repo.upsert(
      input({ username: '@ChefMaya', timeZone: 'Europe/Berlin' }),
      T0,
    );
    expect(created).toBe(true);
    expect(subscription).toMatchObject({
      guildId: 'guild-a',
      channelId: 'chan-1',
      username: 'chefmaya',
      weekday: 1,
      time: '09:00',
      timeZone: 'Europe/Berlin',
      createdBy: 'user-1',
      createdAt: T0.toISOString(),
      scheduledSince: T0.toISOString(),
      lastRunAt: null,
      lastResult: null,
      paused: null,
    });
    expect(subscription.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(repo.get(subscription.id)).toEqual(subscription);
    await repo.close();
  });

  it('subscribing the same username to the same channel twice updates instead of duplicating', async () => {
    const { repo } = await openRepo();
    const first = (await repo.upsert(input(), T0)).subscription;
    await repo.markRun(first.id, {
      slot: new Date('2026-11-16T09:00:00Z'),
      ok: true,
      at: new Date('2026-11-16T09:01:00Z'),
    });

    const same = await repo.upsert(input({ username: 'CHEFMAYA' }), T1);
    expect(same.created).toBe(false);
    expect(same.subscription.id).toBe(first.id);
    expect(same.subscription.scheduledSince).toBe(T0.toISOString()); // unchanged schedule: no restart

    const moved = await repo.upsert(input({ weekday: 5, time: '17:30', timeZone: 'America/New_York' }), T1);
    expect(moved.created).toBe(false);
    expect(moved.subscription).toMatchObject({
      id: first.id,
      weekday: 5,
      time: '17:30',
      timeZone: 'America/New_York',
      createdAt: T0.toISOString(),
      scheduledSince: T1.toISOString(),
      lastRunAt: '2026-11-16T09:00:00.000Z',
    });
    expect(repo.listAll()).toHaveLength(1);

    // Another channel of the same guild is another subscription.
    const second = await repo.upsert(input({ channelId: 'chan-2' }), T1);
    expect(second.created).toBe(true);
    expect(repo.listAll()).toHaveLength(2);
    await repo.close();
  });

  it('a guild only sees and removes its own subscriptions', async () => {
    const { repo } = await openRepo();
    await repo.upsert(input(), T0);
    await repo.upsert(input({ channelId: 'chan-2' }), T0);
    await repo.upsert(input({ guildId: 'guild-b', channelId: 'chan-9' }), T0);

    expect(repo.listByGuild('guild-a').map((s) => s.channelId)).toEqual(['chan-1', 'chan-2']);
    expect(repo.listByGuild('guild-b').map((s) => s.channelId)).toEqual(['chan-9']);
    expect(repo.listByGuild('guild-c')).toEqual([]);

    // guild-b unsubscribing chefmaya from guild-a's channel removes nothing.
    expect(await repo.remove({ guildId: 'guild-b', username: 'chefmaya', channelId: 'chan-1' })).toEqual([]);
    expect(repo.listAll()).toHaveLength(3);

    const removedOne = await repo.remove({ guildId: 'guild-a', username: '@chefmaya', channelId: 'chan-2' });
    expect(removedOne.map((s) => s.channelId)).toEqual(['chan-2']);
    const removedRest = await repo.remove({ guildId: 'guild-a', username: 'chefmaya' });
    expect(removedRest.map((s) => s.channelId)).toEqual(['chan-1']);
    expect(repo.listAll().map((s) => s.guildId)).toEqual(['guild-b']);
    await repo.close();
  });

  it('records runs, pauses and resumes, and keeps them across a reopen', async () => {
    const { dir, repo } = await openRepo();
    const { subscription } = await repo.upsert(input(), T0);
    const slot = new Date('2026-11-23T09:00:00Z');
    const ran = await repo.markRun(subscription.id, {
      slot,
      ok: false,
      message: 'Scavio is down',
      at: new Date('2026-11-23T09:02:00Z'),
    });
    expect(ran?.lastRunAt).toBe(slot.toISOString());
    expect(ran?.lastResult).toEqual({ ok: false, at: '2026-11-23T09:02:00.000Z', message: 'Scavio is down' });

    const paused = await repo.pause(subscription.id, 'The channel no longer exists.', new Date('2026-11-24T00:00:00Z'));
    expect(paused?.paused).toEqual({ reason: 'The channel no longer exists.', at: '2026-11-24T00:00:00.000Z' });
    await repo.close();

    const reopened = await SubscriptionRepository.open(dir);
    expect(reopened.get(subscription.id)?.paused?.reason).toBe('The channel no longer exists.');
    expect(reopened.get(subscription.id)?.lastResult?.message).toBe('Scavio is down');
    const resumed = await reopened.resume(subscription.id, new Date('2026-12-01T00:00:00Z'));
    expect(resumed?.paused).toBeNull();
    expect(resumed?.scheduledSince).toBe('2026-12-01T00:00:00.000Z');
    expect(resumed?.lastRunAt).toBe(slot.toISOString());

    // Unknown ids (unsubscribed mid-run) change nothing.
    expect(await reopened.markRun('no-such-id', { slot, ok: true, at: slot })).toBeUndefined();
    expect(await reopened.pause('no-such-id', 'x', slot)).toBeUndefined();
    await reopened.close();
  });

  it('subscribing again un-pauses and restarts the schedule', async () => {
    const { repo } = await openRepo();
    const { subscription } = await repo.upsert(input(), T0);
    await repo.pause(subscription.id, 'Missing permission: Attach Files', T0);
    const again = await repo.upsert(input(), T1);
    expect(again.subscription.paused).toBeNull();
    expect(again.subscription.scheduledSince).toBe(T1.toISOString());
    await repo.close();
  });

  it('rejects a bad time, time zone or username before writing anything', async () => {
    const { dir, repo } = await openRepo();
    await expect(repo.upsert(input({ timeZone: 'Europe/Berln' }), T0)).rejects.toThrow(/IANA/);
    await expect(repo.upsert(input({ time: '9:00' }), T0)).rejects.toThrow(/HH:MM/);
    await expect(repo.upsert(input({ username: '../etc' }), T0)).rejects.toThrow(/username/);
    // Values that would make the file fail validation at the next start are refused too.
    await expect(repo.upsert(input({ weekday: 9 as 1 }), T0)).rejects.toThrow(/weekday/);
    expect(repo.listAll()).toEqual([]);
    await expect(readFile(join(dir, 'subscriptions.json'))).rejects.toMatchObject({ code: 'ENOENT' });
    await repo.close();
  });

  it('refuses a run record that could not be stored, keeping the previous state', async () => {
    const { dir, repo } = await openRepo();
    const { subscription } = await repo.upsert(input(), T0);
    const before = await readFile(join(dir, 'subscriptions.json'), 'utf8');
    await expect(repo.markRun(subscription.id, { slot: new Date(Number.NaN), ok: true, at: T1 })).rejects.toThrow(
      RangeError,
    );
    expect(repo.get(subscription.id)?.lastRunAt).toBeNull();
    expect(await readFile(join(dir, 'subscriptions.json'), 'utf8')).toBe(before);
    await repo.close();
  });

  it('hands out copies: changing a returned object does not change the store', async () => {
    const { repo } = await openRepo();
    const { subscription } = await repo.upsert(input(), T0);
    subscription.time = '23:59';
    repo.listAll()[0]!.channelId = 'hacked';
    expect(repo.get(subscription.id)).toMatchObject({ time: '09:00', channelId: 'chan-1' });
    await repo.close();
  });
});
