// Module customization hooks (node:module register): write every module URL that gets loaded, one per line,
// to the file named by MODULE_LOG_FILE. Lets a test see what a command really imports.
import { appendFileSync } from 'node:fs';
import process from 'node:process';

export async function load(url, context, nextLoad) {
  appendFileSync(process.env.MODULE_LOG_FILE, `${url}\n`);
  return nextLoad(url, context);
}
