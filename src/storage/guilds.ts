/**
 * Per-server settings and credit usage: DATA_DIR/guilds.json.
 *
 * Two collections in one small file: `settings` (what /retention settings
 * stores: default time zone, min_age_days, monthly credit budget, compare's
 * confirmation threshold) and `usage` (calls and credits each server spent per
 * calendar month, UTC), plus the latest credit balance Scavio reported for the
 * key. A separate file from subscriptions.json because usage is written after
 * every fetch: that rewrite stays a few KB, and a damaged usage file never
 * takes the subscriptions with it. Usage is kept for USAGE_MONTHS_KEPT months,
 * so the file stays bounded.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { isValidTimeZone } from '../time-zone-setting.js';
import { migrationRegistry } from './migrations.js';
import type { StorageHealth } from './storage-health.js';
import { describeZodError, VersionedFile, type FileSpec } from './versioned-file.js';

export const GUILDS_FILE = 'guilds.json';
export const GUILDS_SCHEMA_VERSION = 1;
/** Months of usage kept per server (the current one and the 12 before it). */
export const USAGE_MONTHS_KEPT = 13;

const isoInstant = z.iso.datetime();
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const whole = z.number().int().nonnegative();

const settingsSchema = z.object({
  guildId: z.string().min(1),
  /** IANA zone; checked when saved, not at load (an ICU update must not make the file "corrupt"). */
  timeZone: z.string().min(1).optional(),
  minAgeDays: whole.optional(),
  /** Credits this server may spend per calendar month (UTC); absent = no budget. */
  monthlyCreditBudget: z.number().int().positive().optional(),
  /** Compare asks before spending more than this many credits; absent = the bot's default. */
  compareConfirmAboveCredits: whole.optional(),
  updatedBy: z.string(),
  updatedAt: isoInstant,
});

const usageSchema = z.object({
  guildId: z.string().min(1),
  /** 'YYYY-MM', UTC. */
  month: z.string().regex(MONTH, 'must be YYYY-MM'),
  /** New fetches started for this server (cache hits and shared fetches are not counted). */
  fetches: whole,
  calls: whole,
  credits: z.number().nonnegative(),
});

const fileSchema = z.object({
  schemaVersion: z.literal(GUILDS_SCHEMA_VERSION),
  settings: z.array(settingsSchema),
  usage: z.array(usageSchema),
  /** The balance the provider reported last, for the whole key (every server shares it). */
  keyCredits: z.object({ remaining: z.number(), at: isoInstant }).nullable(),
});

type GuildsFile = z.infer<typeof fileSchema>;
type StoredSettings = z.infer<typeof settingsSchema>;

/** What a server has set; a field left out uses the bot's default. */
export type GuildSettings = Omit<StoredSettings, 'guildId' | 'updatedBy' | 'updatedAt'>;
export type GuildSettingName = keyof GuildSettings;
export const GUILD_SETTING_NAMES = [
  'timeZone',
  'minAgeDays',
  'monthlyCreditBudget',
  'compareConfirmAboveCredits',
] as const satisfies readonly GuildSettingName[];

/** A change: a value sets the field, null clears it (back to the bot's default), absent leaves it. */
export type GuildSettingsChange = { [K in GuildSettingName]?: GuildSettings[K] | null };

export interface MonthUsage {
  fetches: number;
  calls: number;
  credits: number;
}

export interface Spend {
  calls: number;
  credits: number;
  /** The balance the provider reported with the last answer, where it did. */
  creditsRemaining: number | null;
}

/**
 * v1 is the first version of this file: nothing to migrate yet. A data folder
 * from before it existed simply has no guilds.json and opens with no settings
 * and no usage (test/storage/guilds.test.ts).
 */
export const guildMigrations = migrationRegistry(GUILDS_SCHEMA_VERSION, []);

const spec: FileSpec<GuildsFile> = {
  currentVersion: GUILDS_SCHEMA_VERSION,
  schema: fileSchema,
  migrations: guildMigrations,
  empty: () => ({ schemaVersion: GUILDS_SCHEMA_VERSION, settings: [], usage: [], keyCredits: null }),
  pretty: true,
};

/** 'YYYY-MM' of an instant, in UTC (the budget month). */
export function usageMonth(at: Date): string {
  return at.toISOString().slice(0, 7);
}

/** The month `count` months before `month` ('2026-01', 1 -> '2025-12'). */
function monthsBefore(month: string, count: number): string {
  const [year, mm] = month.split('-').map(Number) as [number, number];
  const index = year * 12 + (mm - 1) - count;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

function settingsOnly(stored: StoredSettings | undefined): GuildSettings {
  if (!stored) return {};
  const { guildId: _guild, updatedBy: _by, updatedAt: _at, ...settings } = stored;
  return structuredClone(settings);
}

export class GuildRepository {
  private constructor(private readonly file: VersionedFile<GuildsFile>) {}

  static async open(dataDir: string, health?: StorageHealth): Promise<GuildRepository> {
    return new GuildRepository(await VersionedFile.open(join(dataDir, GUILDS_FILE), spec, health));
  }

  /** The settings `guildId` has made (empty when none). */
  settings(guildId: string): GuildSettings {
    return settingsOnly(this.file.data.settings.find((s) => s.guildId === guildId));
  }

  /** Who changed the server's settings last, and when (undefined: never). */
  lastChange(guildId: string): { by: string; at: string } | undefined {
    const stored = this.file.data.settings.find((s) => s.guildId === guildId);
    return stored ? { by: stored.updatedBy, at: stored.updatedAt } : undefined;
  }

  /** The compare confirmation threshold this server set, or undefined (the caller falls back to the config). */
  compareConfirmAboveCredits(guildId: string): number | undefined {
    return this.settings(guildId).compareConfirmAboveCredits;
  }

  /**
   * Applies `change` to a server's settings and returns them as saved. Values
   * are checked (the command explains bad ones; this is the last guard, as a
   * stored bad value would make the file fail validation at the next start).
   */
  async updateSettings(
    guildId: string,
    change: GuildSettingsChange,
    by: { userId: string; at: Date },
  ): Promise<GuildSettings> {
    if (change.timeZone != null && !isValidTimeZone(change.timeZone))
      throw new RangeError(`not an IANA time zone: ${JSON.stringify(change.timeZone)}`);
    return this.file.update((current) => {
      const index = current.settings.findIndex((s) => s.guildId === guildId);
      const next: StoredSettings = {
        ...(current.settings[index] ?? { guildId }),
        guildId,
        updatedBy: by.userId,
        updatedAt: by.at.toISOString(),
      };
      for (const name of GUILD_SETTING_NAMES) {
        const value = change[name];
        if (value === null) delete next[name];
        else if (value !== undefined) (next as Record<GuildSettingName, unknown>)[name] = value;
      }
      const parsed = settingsSchema.safeParse(next);
      if (!parsed.success)
        throw new RangeError(`settings not saved: ${describeZodError(parsed.error).replace(/^its content/, 'they')}`);
      const settings =
        index >= 0
          ? current.settings.map((s, i) => (i === index ? parsed.data : s))
          : [...current.settings, parsed.data];
      return { next: { ...current, settings }, result: settingsOnly(parsed.data) };
    });
  }

  /** What `guildId` spent in `month` ('YYYY-MM'); zeros when nothing. */
  usage(guildId: string, month: string): MonthUsage {
    const found = this.file.data.usage.find((u) => u.guildId === guildId && u.month === month);
    return found
      ? { fetches: found.fetches, calls: found.calls, credits: found.credits }
      : { fetches: 0, calls: 0, credits: 0 };
  }

  /** The provider's latest reported balance for the key, or null before any answer reported one. */
  keyCredits(): { remaining: number; at: string } | null {
    const latest = this.file.data.keyCredits;
    return latest ? { ...latest } : null;
  }

  /**
   * Adds one fetch's cost to `guildId`'s month (null: a fetch for no server, such
   * as a weekly run, which only updates the key's balance). Months older than
   * USAGE_MONTHS_KEPT are dropped on the way.
   */
  async recordSpend(guildId: string | null, spend: Spend, at: Date): Promise<void> {
    const month = usageMonth(at);
    const oldestKept = monthsBefore(month, USAGE_MONTHS_KEPT - 1);
    await this.file.update((current) => {
      let usage = current.usage;
      if (guildId !== null) {
        const index = usage.findIndex((u) => u.guildId === guildId && u.month === month);
        const before = usage[index] ?? { guildId, month, fetches: 0, calls: 0, credits: 0 };
        const after = {
          ...before,
          fetches: before.fetches + 1,
          calls: before.calls + spend.calls,
          credits: before.credits + spend.credits,
        };
        usage = (index >= 0 ? usage.map((u, i) => (i === index ? after : u)) : [...usage, after]).filter(
          (u) => u.month >= oldestKept,
        );
      }
      const keyCredits =
        spend.creditsRemaining !== null
          ? { remaining: spend.creditsRemaining, at: at.toISOString() }
          : current.keyCredits;
      if (guildId === null && keyCredits === current.keyCredits) return { result: undefined };
      return { next: { ...current, usage, keyCredits }, result: undefined };
    });
  }

  close(): Promise<void> {
    return this.file.close();
  }
}
