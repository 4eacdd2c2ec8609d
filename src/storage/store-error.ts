import { UserFacingError } from '../errors.js';

export type StoreErrorCode = 'storage.corrupt' | 'storage.unreadable' | 'storage.too-new' | 'storage.missing';

/**
 * A data file that cannot be used. Raised while opening the store, before
 * anything is written: the file is left exactly as it was, and the bot must
 * refuse to start (there is no safe way to run on a partial view of the data).
 * The message names the file and says how to restore it.
 */
export class StoreError extends UserFacingError {
  constructor(
    code: StoreErrorCode,
    /** The data file that failed to open (absolute path). */
    readonly file: string,
    /** What is wrong with it, e.g. 'it is not valid JSON (Unexpected end of JSON input)'. */
    readonly problem: string,
    /** The last good version kept next to it, or null when there is none. */
    readonly backupFile: string | null,
    options?: { cause?: unknown },
  ) {
    super(storeErrorMessage(code, file, problem, backupFile), code, options);
    this.name = 'StoreError';
  }
}

/** A data file that is gone while its .bak (the last good version) is still beside it. */
export function missingFileError(file: string, backupFile: string): StoreError {
  return new StoreError('storage.missing', file, `it is missing, but its backup ${backupFile} exists`, backupFile);
}

function storeErrorMessage(code: StoreErrorCode, file: string, problem: string, backupFile: string | null): string {
  if (code === 'storage.missing' && backupFile) {
    return (
      `Cannot open data file ${file}: ${problem}. Nothing was written. ` +
      `To restore the last good version, stop the bot and rename the backup to the file (mv "${backupFile}" "${file}"); ` +
      `to start with empty data for this file instead, delete the backup (rm "${backupFile}"). Then start again.`
    );
  }
  const head = `Cannot open data file ${file}: ${problem}. The file was left untouched.`;
  if (code === 'storage.too-new') {
    return `${head} It was written by a newer version of the bot: run that version, or restore the file from a backup made before the upgrade.`;
  }
  const restore = backupFile
    ? `To restore the last good version, stop the bot and copy ${backupFile} over it (cp "${backupFile}" "${file}"), then start again.`
    : `No backup (.bak) exists next to it: repair the file by hand, or move it away to start with empty data for it, then start again.`;
  return `${head} ${restore}`;
}
