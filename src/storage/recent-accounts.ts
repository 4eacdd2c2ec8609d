/**
 * Accounts each server analysed recently: DATA_DIR/recent-accounts.json, read
 * by the `username` autocomplete ("most used first"). Bounded: at most
 * RECENT_ACCOUNTS_PER_GUILD per server (the least recently used goes first),
 * so the file stays a few KB per server even when it is rewritten on every
 * analysis. Compact JSON: nobody needs to read it, and it is rewritten often.
 * Reads are scoped to one guild, like subscriptions.
 *
 * This file is new in schema v1 of its own; a data folder from before it
 * simply has no such file and opens with no recent accounts (nothing else
 * changes), see test/storage/recent-accounts.test.ts.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { migrationRegistry } from './migrations.js';
import type { StorageHealth } from './storage-health.js';
import { accountKey, isAccountKey } from './usernames.js';
import { VersionedFile, type FileSpec } from './versioned-file.js';

export const RECENT_ACCOUNTS_FILE = 'recent-accounts.json';
export const RECENT_ACCOUNTS_SCHEMA_VERSION = 1;
/** Discord shows at most 25 autocomplete choices; twice that leaves room for what is typed to filter. */
export const RECENT_ACCOUNTS_PER_GUILD = 50;

const recentSchema = z.object({
  username: z.string().refine(isAccountKey, 'must be an account key'),
  uses: z.number().int().positive(),
  lastUsedAt: z.iso.datetime(),
});

export type RecentAccount = z.infer<typeof recentSchema>;

const fileSchema = z.object({
  schemaVersion: z.literal(RECENT_ACCOUNTS_SCHEMA_VERSION),
  guilds: z.record(z.string().min(1), z.array(recentSchema)),
});

type RecentAccountsFile = z.infer<typeof fileSchema>;

/** No migrations yet: v1 is the first version of this file. */
export const recentAccountMigrations = migrationRegistry(RECENT_ACCOUNTS_SCHEMA_VERSION, []);

const spec: FileSpec<RecentAccountsFile> = {
  currentVersion: RECENT_ACCOUNTS_SCHEMA_VERSION,
  schema: fileSchema,
  migrations: recentAccountMigrations,
  empty: () => ({ schemaVersion: RECENT_ACCOUNTS_SCHEMA_VERSION, guilds: {} }),
  pretty: false,
};

/** Most used first; among equals the most recent. */
function byUse(a: RecentAccount, b: RecentAccount): number {
  return b.uses - a.uses || b.lastUsedAt.localeCompare(a.lastUsedAt) || a.username.localeCompare(b.username);
}

export class RecentAccountRepository {
  private constructor(private readonly file: VersionedFile<RecentAccountsFile>) {}

  static async open(dataDir: string, health?: StorageHealth): Promise<RecentAccountRepository> {
    return new RecentAccountRepository(await VersionedFile.open(join(dataDir, RECENT_ACCOUNTS_FILE), spec, health));
  }

  /** Counts one more use of `username` in `guildId`; past the bound, the least recently used account is forgotten. */
  async record(guildId: string, username: string, now: Date): Promise<void> {
    const key = accountKey(username);
    const at = now.toISOString();
    await this.file.update((current) => {
      const list = current.guilds[guildId] ?? [];
      const existing = list.find((r) => r.username === key);
      let next = existing
        ? list.map((r) => (r === existing ? { ...r, uses: r.uses + 1, lastUsedAt: at } : r))
        : [...list, { username: key, uses: 1, lastUsedAt: at }];
      if (next.length > RECENT_ACCOUNTS_PER_GUILD) {
        const newestFirst = [...next].sort((a, b) => b.lastUsedAt.localeCompare(a.lastUsedAt));
        const kept = new Set(newestFirst.slice(0, RECENT_ACCOUNTS_PER_GUILD).map((r) => r.username));
        next = next.filter((r) => kept.has(r.username));
      }
      return { next: { ...current, guilds: { ...current.guilds, [guildId]: next } }, result: undefined };
    });
  }

  /** One guild's recent accounts, most used first. */
  listByGuild(guildId: string): RecentAccount[] {
    return (this.file.data.guilds[guildId] ?? []).map((r) => ({ ...r })).sort(byUse);
  }

  close(): Promise<void> {
    return this.file.close();
  }
}
