import fsp from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import { resolve, sep } from 'node:path';

/**
 * A disk that fails as a full, read-only or locked-down one does, for the
 * files under one folder, in this process (the tests run the bot through
 * main() in-process). The product's own code runs unchanged: node:fs/promises
 * itself answers with the errno a kernel gives (ENOSPC on write, EROFS or
 * EACCES on open for writing and on mkdir), through Node's documented
 * syncBuiltinESMExports so named imports see it too. Being root in a
 * container makes chmod useless and mounting a small tmpfs is not portable,
 * hence this stand-in.
 */
export type DiskMode = 'ok' | 'full' | 'read-only' | 'denied';

const ERRNO: Record<Exclude<DiskMode, 'ok'>, { code: string; errno: number; text: string }> = {
  full: { code: 'ENOSPC', errno: -28, text: 'no space left on device' },
  'read-only': { code: 'EROFS', errno: -30, text: 'read-only file system' },
  denied: { code: 'EACCES', errno: -13, text: 'permission denied' },
};

function errnoError(mode: Exclude<DiskMode, 'ok'>, syscall: string, path: string): NodeJS.ErrnoException {
  const { code, errno, text } = ERRNO[mode];
  return Object.assign(new Error(`${code}: ${text}, ${syscall} '${path}'`), { code, errno, syscall, path });
}

export interface FaultyDisk {
  set(mode: DiskMode): void;
  restore(): void;
}

export function faultyDisk(folder: string): FaultyDisk {
  const root = resolve(folder);
  let mode: DiskMode = 'ok';
  const inside = (path: unknown) =>
    typeof path === 'string' && (resolve(path) === root || resolve(path).startsWith(root + sep));
  const writing = (flags: unknown) => typeof flags === 'string' && /[wa+]/.test(flags);
  const original = { open: fsp.open, mkdir: fsp.mkdir, rename: fsp.rename, writeFile: fsp.writeFile };

  const open: typeof fsp.open = async (path, flags, ...rest) => {
    if (mode !== 'ok' && inside(path) && writing(flags)) {
      if (mode !== 'full') throw errnoError(mode, 'open', String(path));
      const handle = await original.open(path, flags, ...rest);
      // A full disk opens the file, then refuses the bytes.
      handle.writeFile = () => Promise.reject(errnoError('full', 'write', String(path)));
      handle.write = () => Promise.reject(errnoError('full', 'write', String(path)));
      return handle;
    }
    return original.open(path, flags, ...rest);
  };
  const mkdir = (async (path: Parameters<typeof fsp.mkdir>[0], options?: Parameters<typeof fsp.mkdir>[1]) => {
    if ((mode === 'read-only' || mode === 'denied') && inside(path)) throw errnoError(mode, 'mkdir', String(path));
    return original.mkdir(path, options);
  }) as typeof fsp.mkdir;
  const rename: typeof fsp.rename = async (from, to) => {
    if ((mode === 'read-only' || mode === 'denied') && inside(to)) throw errnoError(mode, 'rename', String(to));
    return original.rename(from, to);
  };
  const writeFile: typeof fsp.writeFile = async (path, data, options) => {
    if (mode !== 'ok' && typeof path === 'string' && inside(path)) throw errnoError(mode, 'open', path);
    return original.writeFile(path, data, options);
  };
  Object.assign(fsp, { open, mkdir, rename, writeFile });
  syncBuiltinESMExports();
  return {
    set(next) {
      mode = next;
    },
    restore() {
      Object.assign(fsp, original);
      syncBuiltinESMExports();
    },
  };
}
