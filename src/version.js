import { readFile } from 'node:fs/promises';
/**
 * The version in package.json, read when asked (src/ and dist/ both sit one
 * folder below it, so the same relative path serves the compiled build and tsx).
 */
export async function packageVersion() {
    const text = await readFile(new URL('../package.json', import.meta.url), 'utf8');
    return JSON.parse(text).version;
}
//# sourceMappingURL=version.js.map