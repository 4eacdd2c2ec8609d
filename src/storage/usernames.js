/**
 * The storage key of a TikTok account: the handle without '@', lower-cased
 * (TikTok handles are case-insensitive). Snapshot files are named after it,
 * so it is also checked to be a safe file name.
 */
const KEY_PATTERN = /^[a-z0-9._]{1,64}$/;
export function accountKey(username) {
    const key = username.trim().replace(/^@/, '').toLowerCase();
    if (!KEY_PATTERN.test(key)) {
        throw new RangeError(`not a storable TikTok username: ${JSON.stringify(username)} (letters, digits, '_' and '.' only)`);
    }
    return key;
}
export function isAccountKey(value) {
    return KEY_PATTERN.test(value);
}
//# sourceMappingURL=usernames.js.map