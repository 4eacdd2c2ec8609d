import { createHash } from 'node:crypto';
/** Discord takes a message nonce of at most 25 characters. */
export const NONCE_MAX_LENGTH = 25;
/**
 * The nonce of a subscription's weekly post for one slot: the same for every
 * attempt of that post (so enforce_nonce makes Discord return the first
 * message instead of a second one) and different for every other
 * subscription or week. 'w' + 24 base64url characters of a SHA-256 (144 bits).
 */
export function weeklyNonce(subscriptionId, slot) {
    const digest = createHash('sha256').update(`${subscriptionId}@${slot.toISOString()}`).digest('base64url');
    return `w${digest.slice(0, NONCE_MAX_LENGTH - 1)}`;
}
//# sourceMappingURL=weekly-nonce.js.map