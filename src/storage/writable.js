import { access, constants } from 'node:fs/promises';
/**
 * Why the data directory cannot be written right now (read-only file system,
 * permissions, removed), or null when it can. access() is a cheap probe the
 * readiness check can run on every poll; it does not detect a full disk, which
 * only a write reveals (StorageHealth records that one, and readiness asks it first).
 */
export async function dataDirProblem(dir) {
    try {
        await access(dir, constants.W_OK);
        return null;
    }
    catch (error) {
        const code = error.code;
        const why = code === 'EROFS'
            ? 'is on a read-only file system'
            : code === 'EACCES' || code === 'EPERM'
                ? 'is not writable by the bot (permissions)'
                : code === 'ENOENT'
                    ? 'does not exist'
                    : `cannot be written (${code ?? 'unknown error'})`;
        return `the data directory ${dir} ${why}`;
    }
}
//# sourceMappingURL=writable.js.map