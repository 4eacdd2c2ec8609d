import { isValidTimeZone } from '../config.js';
/** Every IANA zone this Node.js knows, plus UTC (which supportedValuesOf leaves out). */
function knownZones() {
    return ['UTC', ...Intl.supportedValuesOf('timeZone')];
}
/** Edit distance, for "did you mean" on a mistyped zone. */
function distance(a, b) {
    const previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        let diagonal = previous[0];
        previous[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const above = previous[j];
            previous[j] = Math.min(above + 1, previous[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
            diagonal = above;
        }
    }
    return previous[b.length];
}
/**
 * Up to `limit` real zone names close to what was typed: the city part
 * matching ("berlin" -> Europe/Berlin), then the smallest edit distance.
 */
export function suggestTimeZones(input, limit = 3) {
    const typed = input.trim().toLowerCase().replace(/\s+/g, '_');
    if (typed === '')
        return [];
    const scored = knownZones().map((zone) => {
        const lower = zone.toLowerCase();
        const city = lower.slice(lower.lastIndexOf('/') + 1);
        const score = city === typed || lower.includes(typed) ? 0 : Math.min(distance(typed, lower), distance(typed, city) + 1);
        return { zone, score };
    });
    const threshold = Math.max(2, Math.floor(typed.length / 3));
    return scored
        .filter((s) => s.score <= threshold)
        .sort((a, b) => a.score - b.score || a.zone.localeCompare(b.zone))
        .slice(0, limit)
        .map((s) => s.zone);
}
/** The zone as given when valid, else undefined (the caller explains, with suggestions). */
export function checkTimeZone(input) {
    const zone = input.trim();
    return isValidTimeZone(zone) ? zone : undefined;
}
//# sourceMappingURL=time-zones.js.map