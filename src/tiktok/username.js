import { UserFacingError } from '../errors.js';
/** TikTok handles: 2-24 letters, digits, underscores and periods. */
const TIKTOK_HANDLE = /^[A-Za-z0-9_.]{2,24}$/;
const TIKTOK_HOSTS = new Set(['tiktok.com', 'www.tiktok.com', 'm.tiktok.com']);
const SHORT_LINK_HOSTS = new Set(['vm.tiktok.com', 'vt.tiktok.com']);
/**
 * Turns what a person typed into a TikTok handle (lower-cased, without '@'),
 * or throws a UserFacingError saying what is wrong. Runs before any API call
 * so a typo never costs a credit.
 *
 * Accepted: `name`, `@name`, and profile links such as
 * `https://www.tiktok.com/@name` (also m.tiktok.com, without the scheme, with a
 * query string, or a video link `https://www.tiktok.com/@name/video/123`).
 */
export function parseUsername(input) {
    const text = input.trim();
    if (text === '') {
        throw invalid('Please give a TikTok username, for example `chefmaya`, `@chefmaya` or https://www.tiktok.com/@chefmaya.');
    }
    const handle = looksLikeUrl(text) ? handleFromUrl(text) : text.replace(/^@/, '');
    checkHandle(handle, text);
    // TikTok handles are case-insensitive and shown lower-case; one spelling keeps the cache and coalescing keys stable.
    return handle.toLowerCase();
}
function looksLikeUrl(text) {
    return /^[a-z][a-z0-9+.-]*:\/\//i.test(text) || /^([a-z0-9-]+\.)*tiktok\.com(\/|$)/i.test(text);
}
function handleFromUrl(text) {
    const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
    let url;
    try {
        url = new URL(withScheme);
    }
    catch {
        throw invalid(`"${shorten(text)}" is not a link I can read. Give the username (\`chefmaya\`) or a profile link like https://www.tiktok.com/@chefmaya.`);
    }
    const host = url.hostname.toLowerCase();
    if (SHORT_LINK_HOSTS.has(host)) {
        throw invalid('Short share links (vm.tiktok.com) do not name the account. Open the link, then copy the profile address (https://www.tiktok.com/@name) or just type the username.');
    }
    if (!TIKTOK_HOSTS.has(host) || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
        throw invalid(`"${shorten(text)}" is not a TikTok link. Give the username (\`chefmaya\`) or a profile link like https://www.tiktok.com/@chefmaya.`);
    }
    // A profile is /@name; a video link /@name/video/<id> names its account too.
    const match = /^\/@([^/]+)(?:\/video\/\d+)?\/?$/.exec(url.pathname);
    if (!match?.[1]) {
        throw invalid(`"${shorten(text)}" is not a TikTok profile link. Profile links look like https://www.tiktok.com/@chefmaya.`);
    }
    return decodePathSegment(match[1]);
}
/** %-escapes decoded; a malformed escape is kept as typed, so checkHandle names the "%" instead of URIError escaping. */
function decodePathSegment(segment) {
    try {
        return decodeURIComponent(segment);
    }
    catch {
        return segment;
    }
}
function checkHandle(handle, original) {
    if (TIKTOK_HANDLE.test(handle))
        return;
    const shown = shorten(original);
    if (handle.length < 2)
        throw invalid(`"${shown}" is too short for a TikTok username: handles have 2 to 24 characters.`);
    if (handle.length > 24)
        throw invalid(`"${shown}" is too long for a TikTok username: handles have 2 to 24 characters.`);
    const bad = [...new Set([...handle].filter((c) => !/[A-Za-z0-9_.]/.test(c)))];
    const named = bad.map((c) => (c === ' ' ? 'a space' : `"${c}"`)).join(', ');
    throw invalid(`"${shown}" is not a TikTok username: it contains ${named}. Handles use only letters, digits, "_" and ".".`);
}
function invalid(message) {
    return new UserFacingError(message, 'tiktok.invalid_username');
}
/** Keeps an echoed input readable in a one-line message. */
function shorten(text) {
    const points = [...text];
    return points.length > 60 ? `${points.slice(0, 57).join('')}...` : text;
}
//# sourceMappingURL=username.js.map