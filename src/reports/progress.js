import { plural } from './format.js';
/**
 * One human line describing a fetch in progress: the CLI's progress bar and
 * the Discord status message both show it.
 */
export function progressLine(progress) {
    const target = progress.expectedVideos === null ? '' : ` of ~${progress.expectedVideos}`;
    // The noun agrees with the number next to it: 'fetched 1 video', 'fetched 1 of ~60 videos'.
    const noun = (progress.expectedVideos ?? progress.videosSoFar) === 1 ? 'video' : 'videos';
    const fetched = `fetched ${progress.videosSoFar}${target} ${noun}`;
    const seconds = (ms) => `${Math.max(1, Math.ceil((ms ?? 0) / 1000))} s`;
    switch (progress.phase) {
        case 'queued':
            return `${ordinal(progress.position ?? 1)} in line, about ${aboutMinutes(progress.waitMs ?? 0)}...`;
        case 'profile':
            return `found @${progress.username}, fetching videos...`;
        case 'page':
            return `${fetched} (${progress.pages} ${progress.pages === 1 ? 'page' : 'pages'})...`;
        case 'rate-limit-wait':
            return `${fetched}, waiting ${seconds(progress.waitMs)} for the API rate limit...`;
        case 'retry':
            return `${fetched}, ${progress.reason ?? 'the API did not answer'}: retrying in ${seconds(progress.waitMs)}...`;
        case 'done':
            return progress.fromCache
                ? `${plural(progress.videosSoFar, 'video')} from cache`
                : `fetched ${plural(progress.videosSoFar, 'video')}`;
    }
}
/** Fraction done, for a bar; null while the total is unknown. */
export function progressFraction(progress) {
    if (progress.phase === 'done')
        return 1;
    if (progress.expectedVideos === null || progress.expectedVideos === 0)
        return null;
    return Math.min(1, progress.videosSoFar / progress.expectedVideos);
}
/** '1st', '2nd', '3rd', '11th', '22nd'. */
export function ordinal(n) {
    const tens = n % 100;
    const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
    return `${n}${suffix}`;
}
/** A wait as a person says it: 'about 1 min', '4 min', '1 h 20 min' (rounded up to the minute). */
export function aboutMinutes(ms) {
    const minutes = Math.max(1, Math.ceil(ms / 60_000));
    if (minutes < 60)
        return `${minutes} min`;
    const hours = Math.floor(minutes / 60);
    const rest = minutes % 60;
    return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}
//# sourceMappingURL=progress.js.map