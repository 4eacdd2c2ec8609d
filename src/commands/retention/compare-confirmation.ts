import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  type APIActionRowComponent,
  type APIButtonComponent,
} from 'discord.js';
import { UserFacingError } from '../../errors.js';
import { MAX_COMPARE_ACCOUNTS, MIN_COMPARE_ACCOUNTS } from '../../retention/compare-accounts.js';
import { DISCORD_LIMITS } from '../../reports/discord-limits.js';
import { parseUsername } from '../../tiktok/username.js';

/**
 * The Confirm / Cancel buttons /retention compare shows before a costly
 * comparison. Everything the click needs travels in the buttons' custom_ids
 * (nothing is kept in memory or on disk), so a click after a restart works:
 * Confirm carries the video limit and as many handles as fit in its 100
 * characters, Cancel the rest (five 24-character handles need 124). A click
 * reads both from the message it came on. The confirmation is ephemeral, so
 * only the requester can click it, and its age comes from the message id.
 */

/** What compare's custom_ids start with (components/index.ts routes by it). */
export const COMPARE_ID_NAMESPACE = 'cmp';
export const CONFIRM_PREFIX = `${COMPARE_ID_NAMESPACE}:go:`;
export const CANCEL_PREFIX = `${COMPARE_ID_NAMESPACE}:no:`;
/** A confirmation older than this is refused: the cache and the cost may have changed since. */
export const CONFIRMATION_TTL_MS = 10 * 60_000;

export interface CompareRequest {
  usernames: string[];
  /** undefined: the default limit (MAX_VIDEOS). */
  maxVideos: number | undefined;
}

/** Whether a button belongs to the compare confirmation (Confirm or Cancel). */
export function isCompareButton(customId: string): boolean {
  return customId.startsWith(CONFIRM_PREFIX) || customId.startsWith(CANCEL_PREFIX);
}

/** "a b, c" / "a,b" -> checked, lower-cased, distinct handles; 2 to 5 of them. */
export function parseUsernameList(text: string): string[] {
  const parts = text.split(/[\s,]+/u).filter((part) => part !== '');
  const handles = parts.map((part) => parseUsername(part));
  const distinct = [...new Set(handles)];
  if (distinct.length !== handles.length) {
    const twice = handles.find((handle, i) => handles.indexOf(handle) !== i);
    throw new UserFacingError(`@${twice} is named twice: give each account once.`, 'compare.duplicate');
  }
  if (distinct.length < MIN_COMPARE_ACCOUNTS || distinct.length > MAX_COMPARE_ACCOUNTS) {
    throw new UserFacingError(
      `Compare takes ${MIN_COMPARE_ACCOUNTS} to ${MAX_COMPARE_ACCOUNTS} usernames, separated by spaces or commas, yours first ` +
        `(got ${distinct.length}). Example: \`usernames: you rival1 rival2\`.`,
      'compare.account_count',
    );
  }
  return distinct;
}

/** The two buttons, their custom_ids within Discord's 100 characters. */
export function confirmationButtons(request: CompareRequest): APIActionRowComponent<APIButtonComponent> {
  const head = `${CONFIRM_PREFIX}${request.maxVideos ?? 0}:`;
  const confirmHandles: string[] = [];
  const cancelHandles: string[] = [];
  for (const handle of request.usernames) {
    const inConfirm = [...confirmHandles, handle].join(',');
    if (cancelHandles.length === 0 && head.length + inConfirm.length <= DISCORD_LIMITS.customId)
      confirmHandles.push(handle);
    else cancelHandles.push(handle);
  }
  const confirmId = head + confirmHandles.join(',');
  const cancelId = CANCEL_PREFIX + cancelHandles.join(',');
  if (confirmId.length > DISCORD_LIMITS.customId || cancelId.length > DISCORD_LIMITS.customId)
    throw new Error(`compare: the request does not fit two custom_ids (${confirmId.length}, ${cancelId.length})`);
  return new ActionRowBuilder<ButtonBuilder>()
    .addComponents(
      new ButtonBuilder().setCustomId(confirmId).setLabel('Confirm').setStyle(ButtonStyle.Primary),
      new ButtonBuilder().setCustomId(cancelId).setLabel('Cancel').setStyle(ButtonStyle.Secondary),
    )
    .toJSON();
}

/**
 * The request a Confirm click stands for, from its custom_id and the Cancel
 * button's on the same message; null when the message no longer carries it
 * (it was edited, or came from another version of the bot).
 */
export function requestFromButtons(confirmId: string, customIdsOnMessage: readonly string[]): CompareRequest | null {
  if (!confirmId.startsWith(CONFIRM_PREFIX)) return null;
  const match = /^(\d{1,5}):([a-z0-9_.,]*)$/u.exec(confirmId.slice(CONFIRM_PREFIX.length));
  const cancelId = customIdsOnMessage.find((id) => id.startsWith(CANCEL_PREFIX));
  if (match === null || cancelId === undefined) return null;
  const rest = cancelId.slice(CANCEL_PREFIX.length);
  if (!/^[a-z0-9_.,]*$/u.test(rest)) return null;
  const usernames = [match[2]!, rest]
    .join(',')
    .split(',')
    .filter((handle) => handle !== '');
  try {
    // The same checks as the command's: a custom_id is data from a client, not proof of anything.
    const checked = parseUsernameList(usernames.join(','));
    const maxVideos = Number(match[1]);
    return { usernames: checked, maxVideos: maxVideos === 0 ? undefined : maxVideos };
  } catch {
    return null;
  }
}
