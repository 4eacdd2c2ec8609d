#!/usr/bin/env node
/** `npm run analyze`: the retention analysis in a terminal. See src/cli/analyze-cli.ts. */
import { existsSync } from 'node:fs';
import { poolInSharedMemory } from '../analysis/buffer-pool.js';
import { runAnalyzeCli } from '../cli/analyze-cli.js';

if (existsSync('.env')) process.loadEnvFile('.env');
// One analysis, then the process ends: see poolInSharedMemory for why its buffers are shared memory.
poolInSharedMemory();
process.exitCode = await runAnalyzeCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
