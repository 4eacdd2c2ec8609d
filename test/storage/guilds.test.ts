import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/storage/index.js';
import { GUILDS_FILE, GuildRepository, USAGE_MONTHS_KEPT, usageMonth } from '../../src/storage/guilds.js';
import { StoreError } from '../../src/storage/store-error.js';
import { useTempDirs } from './temp-dir.js';

const newDir = useTempDirs();
const GUILD = '111111111111111111';
const OTHER = '222222222222222222';
const by = (at: string) => ({ userId: '999', at: new Date(at) });

describe('guild settings (guilds.json)', () => {
  it('are saved, survive a reopen, and a null clears one back to the bot default', async () => {
    const dir = await newDir();
    const repo = await GuildRepository.open(dir);
    expect(repo.settings(GUILD)).toEqual({});
    expect(repo.lastChange(GUILD)).toBeUndefined();
    const saved = await repo.updateSettings(
      GUILD,
      { timeZone: 'Europe/Berlin', minAgeDays: 3, monthlyCreditBudget: 500, compareConfirmAboveCredits: 40 },
      by('2026-12-01T10:00:00Z'),
    );
    expect(saved).toEqual({
      timeZone: 'Europe/Berlin',
      minAgeDays: 3,
      monthlyCreditBudget: 500,
      compareConfirmAboveCredits: 40,
    });
    await repo.updateSettings(GUILD, { minAgeDays: null }, by('2026-12-02T10:00:00Z'));
    await repo.close();

    const again = await GuildRepository.open(dir);
    expect(again.settings(GUILD)).toEqual({
      timeZone: 'Europe/Berlin',
      monthlyCreditBudget: 500,
      compareConfirmAboveCredits: 40,
    });
    expect(again.compareConfirmAboveCredits(GUILD)).toBe(40);
    expect(again.compareConfirmAboveCredits(OTHER)).toBeUndefined();
    expect(again.lastChange(GUILD)).toEqual({ by: '999', at: '2026-12-02T10:00:00.000Z' });
    expect(again.settings(OTHER)).toEqual({});
    await again.close();
  });

  it('refuses values that would make the file unreadable, and changes nothing', async () => {
    const dir = await newDir();
    const repo = await GuildRepository.open(dir);
    await expect(repo.updateSettings(GUILD, { timeZone: 'Mars/Olympus' }, by('2026-12-01T00:00:00Z'))).rejects.toThrow(
      /IANA/,
    );
    await expect(repo.updateSettings(GUILD, { monthlyCreditBudget: 0 }, by('2026-12-01T00:00:00Z'))).rejects.toThrow(
      /monthlyCreditBudget/,
    );
    await expect(repo.updateSettings(GUILD, { minAgeDays: 1.5 }, by('2026-12-01T00:00:00Z'))).rejects.toThrow(
      /minAgeDays/,
    );
    expect(repo.settings(GUILD)).toEqual({});
    await repo.close();
  });
});

describe('guild usage', () => {
  it('adds up each fetch per server and UTC month, keeps the key balance, and survives a reopen', async () => {
    const dir = await newDir();
    const repo = await GuildRepository.open(dir);
    await repo.recordSpend(GUILD, { calls: 11, credits: 11, creditsRemaining: 989 }, new Date('2026-12-01T00:00:00Z'));
    await repo.recordSpend(GUILD, { calls: 3, credits: 2, creditsRemaining: 987 }, new Date('2026-12-31T23:59:59Z'));
    await repo.recordSpend(OTHER, { calls: 2, credits: 2, creditsRemaining: 985 }, new Date('2026-12-15T00:00:00Z'));
    // A weekly run belongs to no server: only the balance moves.
    await repo.recordSpend(null, { calls: 4, credits: 4, creditsRemaining: 981 }, new Date('2027-01-01T00:00:00Z'));
    await repo.close();

    const again = await GuildRepository.open(dir);
    expect(again.usage(GUILD, '2026-12')).toEqual({ fetches: 2, calls: 14, credits: 13 });
    expect(again.usage(OTHER, '2026-12')).toEqual({ fetches: 1, calls: 2, credits: 2 });
    expect(again.usage(GUILD, '2027-01')).toEqual({ fetches: 0, calls: 0, credits: 0 });
    expect(again.keyCredits()).toEqual({ remaining: 981, at: '2027-01-01T00:00:00.000Z' });
    await again.close();
  });

  it(`keeps ${USAGE_MONTHS_KEPT} months per server, so the file stays bounded`, async () => {
    const dir = await newDir();
    const repo = await GuildRepository.open(dir);
    const months: string[] = [];
    for (let i = 0; i < USAGE_MONTHS_KEPT + 3; i++) {
      const at = new Date(Date.UTC(2025, i, 10));
      months.push(usageMonth(at));
      await repo.recordSpend(GUILD, { calls: 1, credits: 1, creditsRemaining: null }, at);
    }
    const file = JSON.parse(await readFile(join(dir, GUILDS_FILE), 'utf8')) as { usage: { month: string }[] };
    expect(file.usage.map((u) => u.month)).toEqual(months.slice(-USAGE_MONTHS_KEPT));
    expect(months.at(-1)).toBe('2026-04');
    expect(repo.keyCredits()).toBeNull();
    await repo.close();
  });
});

describe('guilds.json in an existing data folder', () => {
  it('a folder from before guilds.json existed opens with no settings and no usage; its other files are untouched', async () => {
    const dir = await newDir();
    const subscriptions = JSON.stringify({ schemaVersion: 1, subscriptions: [] });
    await writeFile(join(dir, 'subscriptions.json'), subscriptions);
    const store = await openStore(dir);
    expect(store.guilds.settings(GUILD)).toEqual({});
    expect(store.guilds.usage(GUILD, '2026-12')).toEqual({ fetches: 0, calls: 0, credits: 0 });
    await store.guilds.updateSettings(GUILD, { timeZone: 'Asia/Tokyo' }, by('2026-12-01T00:00:00Z'));
    await store.close();
    expect(await readFile(join(dir, 'subscriptions.json'), 'utf8')).toBe(subscriptions);
    const reopened = await openStore(dir);
    expect(reopened.guilds.settings(GUILD)).toEqual({ timeZone: 'Asia/Tokyo' });
    await reopened.close();
  });

  it('refuses a guilds.json written by a newer bot, and one that is damaged, without overwriting it', async () => {
    for (const [content, code] of [
      [JSON.stringify({ schemaVersion: 2, settings: [], usage: [], keyCredits: null }), 'storage.too-new'],
      [
        JSON.stringify({ schemaVersion: 1, settings: [{ guildId: GUILD }], usage: [], keyCredits: null }),
        'storage.corrupt',
      ],
    ] as const) {
      const dir = await newDir();
      await writeFile(join(dir, GUILDS_FILE), content);
      const error = await openStore(dir).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(StoreError);
      expect((error as StoreError).code).toBe(code);
      expect(await readFile(join(dir, GUILDS_FILE), 'utf8')).toBe(content);
    }
  });
});
