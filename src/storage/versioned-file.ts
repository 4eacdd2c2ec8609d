/**
 * One versioned JSON data file, read and written through lowdb.
 *
 * - Open: read, migrate forward, validate with zod. Anything wrong (not JSON,
 *   wrong shape, unknown newer version, unreadable) raises a StoreError before
 *   a single byte is written, so a bad file is never overwritten.
 * - Write: one writer per file in this process. Updates are queued and
 *   applied one after another; each becomes one lowdb write (a temporary file,
 *   fsynced, renamed over the old one, and the folder fsynced: neither a crash
 *   nor a power loss leaves a torn or empty file). The in-memory state changes only after the write succeeded.
 * - Backup: before each write the current file is copied to `<file>.bak`
 *   (itself via a temporary file and a rename). The current file is always
 *   one this process loaded and validated, or wrote itself, so the .bak is the
 *   last good version before the latest write. We chose "before each write"
 *   over "after each load" because the bot runs for weeks between restarts: a
 *   .bak taken at load would lose every week written since. The cost is one
 *   file copy per write (measured in scripts/bench/store.ts).
 *
 * We build `new Low(new DurableDataFile(path, ...))` rather than
 * JSONFilePreset, which silently switches to memory under NODE_ENV=test (see
 * DESIGN.md). DurableDataFile is lowdb's DataFile with our own stringify (a
 * file can be written compactly) and a writer that fsyncs the temporary file
 * before the rename and the directory after it (durable-write.ts); a write
 * the storage refuses (full, read-only) fails with a StorageFaultError.
 */
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Low } from 'lowdb';
import type { z } from 'zod';
import { DurableDataFile, storageFaultOr, writeFileDurably } from './durable-write.js';
import { MigrationProblem, migrateForward, type Migration } from './migrations.js';
import { StorageHealth } from './storage-health.js';
import { missingFileError, StoreError } from './store-error.js';

export interface FileSpec<T extends { schemaVersion: number }> {
  currentVersion: number;
  /** Schema of the current version. */
  schema: z.ZodType<T>;
  /** Registry of migrations to the current version (see migrationRegistry). */
  migrations: readonly Migration[];
  /** The data of a file that does not exist yet. */
  empty: () => T;
  /** Indent the JSON (for files people read); compact otherwise. */
  pretty: boolean;
}

/** Absolute paths open in this process: a second writer of the same file is a bug. */
const openPaths = new Set<string>();

function backupPathOf(file: string): string {
  return `${file}.bak`;
}

export function describeZodError(error: z.ZodError): string {
  const shown = error.issues.slice(0, 3).map((issue) => {
    const where =
      issue.path.length > 0
        ? issue.path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('')
        : '(root)';
    return `${where.replace(/^\./, '')}: ${issue.message}`;
  });
  const more = error.issues.length > shown.length ? ` (and ${error.issues.length - shown.length} more)` : '';
  return `its content does not have the expected shape (${shown.join('; ')}${more})`;
}

async function existingBackup(file: string): Promise<string | null> {
  try {
    const info = await stat(backupPathOf(file));
    return info.isFile() ? backupPathOf(file) : null;
  } catch {
    return null;
  }
}

/** Whether the file exists; a path we cannot even stat is unreadable. */
async function fileExists(file: string): Promise<boolean> {
  try {
    const info = await stat(file);
    if (!info.isFile()) {
      throw new StoreError('storage.unreadable', file, 'it is not a regular file', await existingBackup(file));
    }
    return true;
  } catch (error) {
    if (error instanceof StoreError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new StoreError(
      'storage.unreadable',
      file,
      `it cannot be read (${(error as Error).message})`,
      await existingBackup(file),
      { cause: error },
    );
  }
}

export class VersionedFile<T extends { schemaVersion: number }> {
  readonly #path: string;
  readonly #db: Low<T>;
  #data: T;
  #onDisk: boolean;
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;

  readonly #health: StorageHealth;

  private constructor(path: string, db: Low<T>, data: T, onDisk: boolean, health: StorageHealth) {
    this.#health = health;
    this.#path = path;
    this.#db = db;
    this.#data = data;
    this.#onDisk = onDisk;
  }

  /**
   * Opens `path` (absolute), migrating and validating it; a missing file
   * opens as `spec.empty()` and is created by the first update, unless its
   * .bak is there (then the file was lost: StoreError 'storage.missing').
   * Throws StoreError for a file that cannot be used.
   */
  static async open<T extends { schemaVersion: number }>(
    file: string,
    spec: FileSpec<T>,
    health: StorageHealth = new StorageHealth(),
  ): Promise<VersionedFile<T>> {
    const path = resolve(file);
    if (openPaths.has(path)) throw new Error(`${path} is already open in this process (one writer per data file)`);
    openPaths.add(path);
    try {
      const stringify = spec.pretty
        ? (data: T) => `${JSON.stringify(data, null, 2)}\n`
        : (data: T) => JSON.stringify(data);
      const db = new Low<T>(
        new DurableDataFile<T>(path, { parse: (text) => JSON.parse(text) as T, stringify }),
        spec.empty(),
      );
      const exists = await fileExists(path);
      if (!exists) {
        // A .bak is only ever written beside a file that exists (before a write
        // replaces it), so a .bak without its file means the file was lost
        // (deleted, a bad restore). Starting empty would serve no data and let
        // the next writes replace that .bak, the last good copy: refuse instead.
        const backup = await existingBackup(path);
        if (backup !== null) throw missingFileError(path, backup);
        return new VersionedFile(path, db, spec.empty(), false, health);
      }

      const raw = await readRaw(path, db);
      const corrupt = async (problem: string, cause?: unknown) =>
        new StoreError('storage.corrupt', path, problem, await existingBackup(path), { cause });
      let migrated: ReturnType<typeof migrateForward>;
      try {
        migrated = migrateForward(raw, spec.currentVersion, spec.migrations);
      } catch (error) {
        if (error instanceof MigrationProblem) {
          if (error.tooNew) throw new StoreError('storage.too-new', path, error.message, await existingBackup(path));
          throw await corrupt(error.message, error);
        }
        throw error;
      }
      const parsed = spec.schema.safeParse(migrated.data);
      if (!parsed.success) throw await corrupt(describeZodError(parsed.error), parsed.error);

      const file = new VersionedFile(path, db, parsed.data, true, health);
      // Persist a migration at once (the .bak keeps the pre-migration file), so
      // every later write starts from the current version.
      if (migrated.applied.length > 0) await file.update(() => ({ next: parsed.data, result: undefined }));
      return file;
    } catch (error) {
      openPaths.delete(path);
      throw error;
    }
  }

  get path(): string {
    return this.#path;
  }

  /** The current data. Treat it as read-only: change it through update(). */
  get data(): T {
    return this.#data;
  }

  /**
   * Queues a change. `change` gets the current data and returns the next data
   * (a new object; the current one is not mutated) or no `next` to leave the
   * file as it is. Resolves with `result` once the write is on disk; if the
   * write fails, the data stays as it was and the error is thrown.
   */
  update<R>(change: (current: T) => { next?: T; result: R }): Promise<R> {
    if (this.#closed) return Promise.reject(new Error(`${this.#path} is closed`));
    const run = this.#queue.then(async () => {
      const { next, result } = change(this.#data);
      if (next !== undefined) await this.#write(next);
      return result;
    });
    // Keep the chain alive after a failure; the caller gets the error through `run`.
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Waits for queued writes and releases the file. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#queue;
    openPaths.delete(this.#path);
  }

  async #write(next: T): Promise<void> {
    try {
      await this.#writeFiles(next);
    } catch (error) {
      this.#health.failed(error);
      throw error;
    }
    this.#health.succeeded();
  }

  async #writeFiles(next: T): Promise<void> {
    if (this.#onDisk) {
      const current = await readFile(this.#path).catch((error: unknown) => {
        throw storageFaultOr(error, this.#path);
      });
      await writeFileDurably(backupPathOf(this.#path), current);
    }
    const previous = this.#db.data;
    this.#db.data = next;
    try {
      await this.#db.write();
    } catch (error) {
      this.#db.data = previous;
      throw error;
    }
    this.#data = next;
    this.#onDisk = true;
  }
}

/** Reads and parses through lowdb, mapping every failure to a StoreError. */
async function readRaw<T>(path: string, db: Low<T>): Promise<unknown> {
  // Low#read keeps the default data when the file parses to a falsy value
  // ('null', '0', 'false'): start from a sentinel to tell that apart.
  const sentinel = {} as T;
  db.data = sentinel;
  try {
    await db.read();
  } catch (error) {
    const backup = await existingBackup(path);
    if (error instanceof SyntaxError) {
      throw new StoreError('storage.corrupt', path, `it is not valid JSON (${error.message})`, backup, {
        cause: error,
      });
    }
    throw new StoreError('storage.unreadable', path, `it cannot be read (${(error as Error).message})`, backup, {
      cause: error,
    });
  }
  const raw: unknown = db.data;
  if (raw === sentinel || typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new StoreError('storage.corrupt', path, 'it does not hold a JSON object', await existingBackup(path));
  }
  return raw;
}
