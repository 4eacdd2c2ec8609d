import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore, StoreError } from '../../src/storage/index.js';
import {
  RECENT_ACCOUNTS_FILE,
  RECENT_ACCOUNTS_PER_GUILD,
  RecentAccountRepository,
} from '../../src/storage/recent-accounts.js';
import { sampleSnapshot, weekTakenAt } from './sample-snapshots.js';
import { useTempDirs } from './temp-dir.js';

const newDir = useTempDirs();
const at = (minute: number) => new Date(Date.UTC(2026, 10, 20, 10, minute));

describe('RecentAccountRepository', () => {
  it('counts uses per guild, most used first (ties: most recent), and keeps them across a reopen', async () => {
    const dir = await newDir();
    const repo = await RecentAccountRepository.open(dir);
    await repo.record('g1', '@ChefMaya', at(0));
    await repo.record('g1', 'otherchef', at(1));
    await repo.record('g1', 'chefmaya', at(2));
    await repo.record('g1', 'third', at(3));
    await repo.record('g2', 'elsewhere', at(4));
    await repo.close();

    const reopened = await RecentAccountRepository.open(dir);
    expect(reopened.listByGuild('g1')).toEqual([
      { username: 'chefmaya', uses: 2, lastUsedAt: at(2).toISOString() },
      { username: 'third', uses: 1, lastUsedAt: at(3).toISOString() },
      { username: 'otherchef', uses: 1, lastUsedAt: at(1).toISOString() },
    ]);
    expect(reopened.listByGuild('g2').map((r) => r.username)).toEqual(['elsewhere']);
    expect(reopened.listByGuild('g3')).toEqual([]);
    await reopened.close();
  });

  it(`keeps at most ${RECENT_ACCOUNTS_PER_GUILD} accounts per guild, forgetting the least recently used`, async () => {
    const dir = await newDir();
    const repo = await RecentAccountRepository.open(dir);
    await repo.record('g1', 'oldfavourite', at(0));
    await repo.record('g1', 'oldfavourite', at(0));
    for (let i = 0; i < RECENT_ACCOUNTS_PER_GUILD; i++) await repo.record('g1', `acct_${i}`, at(1 + i));
    const names = repo.listByGuild('g1').map((r) => r.username);
    expect(names).toHaveLength(RECENT_ACCOUNTS_PER_GUILD);
    // Used twice, but the least recently: a bounded list forgets by recency, not by count.
    expect(names).not.toContain('oldfavourite');
    expect(names).toContain(`acct_${RECENT_ACCOUNTS_PER_GUILD - 1}`);
    await repo.close();
  });

  it('refuses a handle that is not an account key without writing', async () => {
    const dir = await newDir();
    const repo = await RecentAccountRepository.open(dir);
    await expect(repo.record('g1', '../etc', at(0))).rejects.toThrow(RangeError);
    await repo.close();
    expect(await readdir(dir)).not.toContain(RECENT_ACCOUNTS_FILE);
  });

  it('reports a damaged file instead of overwriting it', async () => {
    const dir = await newDir();
    await writeFile(join(dir, RECENT_ACCOUNTS_FILE), JSON.stringify({ schemaVersion: 1, guilds: { g1: [{}] } }));
    await expect(RecentAccountRepository.open(dir)).rejects.toBeInstanceOf(StoreError);
  });
});

describe('a data folder from before recent accounts existed', () => {
  it('opens with its subscriptions and snapshots as they were and no recent accounts; the first analysis creates the file', async () => {
    const dir = await newDir();
    // The data folder the previous version wrote: subscriptions.json v1 and a snapshot file, nothing else.
    const before = await openStore(dir);
    await before.subscriptions.upsert(
      {
        guildId: 'g1',
        channelId: 'c1',
        username: 'chefmaya',
        weekday: 1,
        time: '09:00',
        timeZone: 'UTC',
        createdBy: 'u1',
      },
      at(0),
    );
    await before.snapshots.append(sampleSnapshot('chefmaya', weekTakenAt(0), 0));
    await before.close();
    expect(await readdir(dir)).not.toContain(RECENT_ACCOUNTS_FILE);
    const subscriptionsFile = await readFile(join(dir, 'subscriptions.json'), 'utf8');

    const store = await openStore(dir);
    expect(store.recentAccounts.listByGuild('g1')).toEqual([]);
    expect(store.subscriptions.listByGuild('g1').map((s) => s.username)).toEqual(['chefmaya']);
    expect(store.snapshots.latest('chefmaya')).toEqual(sampleSnapshot('chefmaya', weekTakenAt(0), 0));
    await store.recentAccounts.record('g1', 'chefmaya', at(5));
    await store.close();

    expect(await readFile(join(dir, 'subscriptions.json'), 'utf8')).toBe(subscriptionsFile);
    const written = JSON.parse(await readFile(join(dir, RECENT_ACCOUNTS_FILE), 'utf8')) as unknown;
    expect(written).toEqual({
      schemaVersion: 1,
      guilds: { g1: [{ username: 'chefmaya', uses: 1, lastUsedAt: at(5).toISOString() }] },
    });
  });
});
