#!/usr/bin/env node
/** `npm run analyze`: the retention analysis in a terminal. See src/cli/analyze-cli.ts. */
import { existsSync } from 'node:fs';
import { runAnalyzeCli } from '../cli/analyze-cli.js';
if (existsSync('.env'))
    process.loadEnvFile('.env');
process.exitCode = await runAnalyzeCli(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
});
//# sourceMappingURL=analyze.js.map