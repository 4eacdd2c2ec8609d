import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { UserFacingError } from '../../src/errors.js';
import type { Catalog } from '../../src/tiktok/catalog.js';
import { readCatalogFile, type ReadCatalogOptions } from '../../src/tiktok/file-source.js';

/**
 * Catalog files written for one test file's tests, in a folder made before
 * them and removed after: `read` writes a file and reads it as the CLI does,
 * `refusal` expects the read to be refused and returns why.
 */
export function scratchCatalogs(prefix: string) {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), prefix));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function write(name: string, content: string | Buffer): Promise<string> {
    const path = join(dir, name);
    await writeFile(path, content);
    return path;
  }
  async function read(name: string, content: string | Buffer, options: ReadCatalogOptions = {}): Promise<Catalog> {
    return readCatalogFile(await write(name, content), options);
  }
  async function refusal(name: string, content: string | Buffer): Promise<UserFacingError> {
    try {
      await read(name, content);
    } catch (error) {
      if (error instanceof UserFacingError) return error;
      throw error;
    }
    throw new Error(`expected ${name} to be refused`);
  }
  return { write, read, refusal };
}
