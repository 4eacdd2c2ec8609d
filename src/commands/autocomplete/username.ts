import type { AutocompleteInteraction } from 'discord.js';
import type { RecentAccount } from '../../storage/index.js';
import type { CommandContext } from '../context.js';

/**
 * Choices for a `username` option: this server's weekly subscriptions and the
 * accounts analysed here recently, most used first, filtered by what is typed.
 * Pure (usernameChoices) apart from the small handler that reads the store.
 */

/** Discord's limits on an autocomplete answer. */
export const AUTOCOMPLETE_MAX_CHOICES = 25;
const CHOICE_TEXT_MAX = 100;

export interface UsernameChoice {
  name: string;
  value: string;
}

export interface UsernameChoiceSources {
  /** What the member has typed so far. */
  typed: string;
  /** Handles of this server's subscriptions (one entry per subscription: two channels count twice). */
  subscribed: readonly string[];
  /** This server's recent accounts (any order). */
  recent: readonly RecentAccount[];
}

interface Candidate {
  username: string;
  subscriptions: number;
  uses: number;
  lastUsedAt: string;
}

/** What was typed as a handle fragment: '@', a profile-link prefix and case do not matter. */
function typedFragment(typed: string): string {
  const text = typed.trim().toLowerCase();
  const fromLink = /tiktok\.com\/@([^/?#]*)/u.exec(text)?.[1];
  return (fromLink ?? text.replace(/^@/u, '')).trim();
}

export function usernameChoices(sources: UsernameChoiceSources): UsernameChoice[] {
  const candidates = new Map<string, Candidate>();
  const candidate = (username: string): Candidate => {
    let found = candidates.get(username);
    if (!found) {
      found = { username, subscriptions: 0, uses: 0, lastUsedAt: '' };
      candidates.set(username, found);
    }
    return found;
  };
  for (const username of sources.subscribed) candidate(username).subscriptions += 1;
  for (const recent of sources.recent) {
    const entry = candidate(recent.username);
    entry.uses += recent.uses;
    if (recent.lastUsedAt > entry.lastUsedAt) entry.lastUsedAt = recent.lastUsedAt;
  }
  const fragment = typedFragment(sources.typed);
  const matching = [...candidates.values()].filter((c) => c.username.includes(fragment));
  // A subscription is a standing use: each counts like one analysis. Names starting with what was typed come first.
  const weight = (c: Candidate) => c.uses + c.subscriptions;
  const startsWith = (c: Candidate) => (fragment !== '' && c.username.startsWith(fragment) ? 1 : 0);
  matching.sort(
    (a, b) =>
      startsWith(b) - startsWith(a) ||
      weight(b) - weight(a) ||
      b.subscriptions - a.subscriptions ||
      b.lastUsedAt.localeCompare(a.lastUsedAt) ||
      a.username.localeCompare(b.username),
  );
  return matching.slice(0, AUTOCOMPLETE_MAX_CHOICES).map((c) => ({
    name: choiceName(c).slice(0, CHOICE_TEXT_MAX),
    value: c.username.slice(0, CHOICE_TEXT_MAX),
  }));
}

function choiceName(c: Candidate): string {
  const notes: string[] = [];
  if (c.subscriptions > 0) notes.push(c.subscriptions === 1 ? 'weekly report' : `${c.subscriptions} weekly reports`);
  if (c.uses > 0) notes.push(`analysed ${c.uses}×`);
  return `@${c.username}${notes.length > 0 ? ` · ${notes.join(' · ')}` : ''}`;
}

/** Suggestions for a focused `username` option: this server's subscriptions and recent accounts. */
export function usernameAutocompleteChoices(
  typed: string,
  interaction: Pick<AutocompleteInteraction, 'guildId'>,
  context: Pick<CommandContext, 'store'>,
): UsernameChoice[] {
  const guildId = interaction.guildId;
  if (guildId === null) return [];
  return usernameChoices({
    typed,
    subscribed: context.store.subscriptions.listByGuild(guildId).map((s) => s.username),
    recent: context.store.recentAccounts.listByGuild(guildId),
  });
}

/**
 * Counts an account as analysed in this server (for the choices above). A
 * convenience: a failed write is logged (and the store's health notes it), never
 * turned into a failed command.
 */
export async function rememberAccount(
  context: Pick<CommandContext, 'store' | 'logger' | 'now'>,
  guildId: string,
  username: string,
): Promise<void> {
  try {
    await context.store.recentAccounts.record(guildId, username, context.now());
  } catch (error) {
    context.logger.warn('recent-accounts.write-failed', { guild: guildId, username, error });
  }
}
