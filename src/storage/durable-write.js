/**
 * Writing data files so that a crash or a power loss never leaves an empty or
 * half-written one, and naming the storage faults a person can fix.
 *
 * A write goes to a temporary file next to the target, which is fsynced
 * before it is renamed over the target; the directory is fsynced after the
 * rename, so the rename itself survives a power loss. (steno, lowdb's
 * default writer, renames without either fsync: the new name can reach the
 * disk before the data it points at.)
 */
import { randomBytes } from 'node:crypto';
import { open, readFile, readdir, rename, rm, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UserFacingError } from '../errors.js';
/** Every temporary file this module writes ends so; anything so named in a data folder at start is a leftover. */
export const TEMP_SUFFIX = '.tmp';
function tempPathOf(file) {
    return join(dirname(file), `.${basename(file)}.${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`);
}
async function fsyncDirectory(dir) {
    const handle = await open(dir, 'r');
    try {
        await handle.sync();
    }
    catch (error) {
        // Some file systems (and Windows) cannot fsync a directory; the rename is still atomic there.
        if (!['EINVAL', 'EISDIR', 'EPERM', 'ENOTSUP'].includes(error.code ?? ''))
            throw error;
    }
    finally {
        await handle.close();
    }
}
/** Replaces `file` with `data` atomically and durably (temp file, fsync, rename, fsync of the directory). */
export async function writeFileDurably(file, data) {
    const temp = tempPathOf(file);
    try {
        const handle = await open(temp, 'w');
        try {
            await handle.writeFile(data);
            await handle.sync();
        }
        finally {
            await handle.close();
        }
        await rename(temp, file);
    }
    catch (error) {
        await unlink(temp).catch(() => undefined);
        throw storageFaultOr(error, file);
    }
    try {
        await fsyncDirectory(dirname(file));
    }
    catch (error) {
        throw storageFaultOr(error, file);
    }
}
/** lowdb's DataFile with writeFileDurably as its writer. */
export class DurableDataFile {
    file;
    codec;
    constructor(file, codec) {
        this.file = file;
        this.codec = codec;
    }
    async read() {
        let text;
        try {
            text = await readFile(this.file, 'utf8');
        }
        catch (error) {
            if (error.code === 'ENOENT')
                return null;
            throw error;
        }
        return this.codec.parse(text);
    }
    write(data) {
        return writeFileDurably(this.file, this.codec.stringify(data));
    }
}
/** Removes temporary files a killed process left in `dir` (one bot per data folder, so none is in use). */
export async function removeLeftoverTemps(dir) {
    const removed = [];
    for (const name of await readdir(dir)) {
        if (!name.startsWith('.') || !name.endsWith(TEMP_SUFFIX))
            continue;
        await rm(join(dir, name), { force: true });
        removed.push(name);
    }
    return removed;
}
const FAULT_KINDS = {
    ENOSPC: 'full',
    EDQUOT: 'full',
    EROFS: 'read-only',
    EACCES: 'denied',
    EPERM: 'denied',
};
const FAULT_TEXT = {
    full: 'storage full',
    'read-only': 'storage read-only',
    denied: 'no permission to write the data folder',
};
/**
 * A write the storage refused for a reason an operator must fix (disk full,
 * read-only mount, permissions). What users see; the path goes to the log.
 */
export class StorageFaultError extends UserFacingError {
    kind;
    path;
    errno;
    constructor(kind, 
    /** The file (or folder) that could not be written. */
    path, errno, options) {
        super(`The bot cannot save right now (${FAULT_TEXT[kind]}). Nothing was changed; the bot's operator has been told. Try again later.`, 'storage.fault', options);
        this.kind = kind;
        this.path = path;
        this.errno = errno;
        this.name = 'StorageFaultError';
    }
    /** 'storage full' etc., for a status line. */
    get summary() {
        return FAULT_TEXT[this.kind];
    }
}
/** The error as a StorageFaultError when its errno names a storage fault; else the error itself. */
export function storageFaultOr(error, path) {
    if (error instanceof StorageFaultError)
        return error;
    const code = error?.code;
    const kind = code === undefined ? undefined : FAULT_KINDS[code];
    return kind === undefined || code === undefined ? error : new StorageFaultError(kind, path, code, { cause: error });
}
/** Checks that `dir` takes a durable write, by writing and removing a probe file; throws StorageFaultError if not. */
export async function probeWritable(dir) {
    const probe = join(dir, `.write-probe${TEMP_SUFFIX}`);
    await writeFileDurably(probe, 'ok');
    await rm(probe, { force: true });
}
//# sourceMappingURL=durable-write.js.map