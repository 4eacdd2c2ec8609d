import { UserFacingError } from '../errors.js';
/**
 * A data file that cannot be used. Raised while opening the store, before
 * anything is written: the file is left exactly as it was, and the bot must
 * refuse to start (there is no safe way to run on a partial view of the data).
 * The message names the file and says how to restore it.
 */
export class StoreError extends UserFacingError {
    file;
    problem;
    backupFile;
    constructor(code, 
    /** The data file that failed to open (absolute path). */
    file, 
    /** What is wrong with it, e.g. 'it is not valid JSON (Unexpected end of JSON input)'. */
    problem, 
    /** The last good version kept next to it, or null when there is none. */
    backupFile, options) {
        super(storeErrorMessage(code, file, problem, backupFile), code, options);
        this.file = file;
        this.problem = problem;
        this.backupFile = backupFile;
        this.name = 'StoreError';
    }
}
function storeErrorMessage(code, file, problem, backupFile) {
    const head = `Cannot open data file ${file}: ${problem}. The file was left untouched.`;
    if (code === 'storage.too-new') {
        return `${head} It was written by a newer version of the bot: run that version, or restore the file from a backup made before the upgrade.`;
    }
    const restore = backupFile
        ? `To restore the last good version, stop the bot and copy ${backupFile} over it (cp "${backupFile}" "${file}"), then start again.`
        : `No backup (.bak) exists next to it: repair the file by hand, or move it away to start with empty data for it, then start again.`;
    return `${head} ${restore}`;
}
//# sourceMappingURL=store-error.js.map