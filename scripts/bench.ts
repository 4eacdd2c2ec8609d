/**
 * `npm run bench`: every speed figure the project tracks, printed, never
 * asserted. `npm run bench -- analysis fetch` runs only the named parts.
 */
const PARTS = ['analysis', 'fetch', 'discord', 'store', 'weekly'] as const;

const wanted = process.argv.slice(2);
for (const part of PARTS) {
  if (wanted.length > 0 && !wanted.includes(part)) continue;
  const module = (await import(`./bench/${part}.ts`).catch(() => undefined)) as { run(): Promise<void> } | undefined;
  if (module === undefined) {
    console.log(`${part}: no benchmark module`);
    continue;
  }
  await module.run();
  console.log();
}
