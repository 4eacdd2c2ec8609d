import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * vitest global setup: the e2e suites run the compiled bot and CLI (dist/, as
 * production does), so dist/ must match src/. Rebuild when any source file is
 * newer than the build, so a targeted `npx vitest run` never tests stale code
 * and an up-to-date tree pays nothing.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function newestMtime(dir: string, suffix: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith(suffix)) {
      newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
    }
  }
  return newest;
}

function builtAt(): number {
  try {
    return statSync(join(ROOT, 'dist', 'main.js')).mtimeMs;
  } catch {
    return 0;
  }
}

export default function setup(): void {
  const sources = Math.max(newestMtime(join(ROOT, 'src'), '.ts'), statSync(join(ROOT, 'tsconfig.json')).mtimeMs);
  if (builtAt() >= sources) return;
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
}
