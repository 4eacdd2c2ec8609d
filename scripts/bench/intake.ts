import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { syntheticAwemes } from '../../test/support/fake-scavio.js';

/**
 * Streaming import benchmark (issue 9): writes a 1 GB export of app-shaped
 * records (`{"data":{"aweme_list":[...]}}`, each item padded with the URL
 * lists real app items carry, ~4 KB) to a temp folder, then imports it with
 * readCatalogFile (what `analyze --input FILE` runs) and analyses it in a
 * child process, and reports the time and the child's peak RSS (as the OS
 * measured it). Target: peak RSS < 400 MB.
 * INTAKE_BENCH_MB sets another size.
 */
const TARGET_MB = Number(process.env.INTAKE_BENCH_MB ?? 1024);
const CHILD = fileURLToPath(new URL('./intake-child.ts', import.meta.url));

/** The URL lists and nested objects of a real app item, which make up most of its bytes. */
function realisticItem(base: Record<string, unknown>, n: number): Record<string, unknown> {
  const urls = (kind: string) =>
    [16, 19, 77].map(
      (host) =>
        `https://p${host}-sign-va.tiktokcdn.com/tos-maliva-p-0068/${kind}${n.toString(16).padStart(32, '0')}~tplv-photomode-zoomcover:720:720.jpeg?x-expires=1735000000&x-signature=${'A'.repeat(28)}%3D`,
    );
  const video = base.video as Record<string, unknown>;
  return {
    ...base,
    aweme_id: String(7_400_000_000_000_000_000n + BigInt(n)),
    region: 'US',
    video: {
      ...video,
      play_addr: { uri: `v09044g40000${n}`, url_list: urls('play'), data_size: 2_400_000 + n },
      download_addr: { uri: `v09044g40000${n}`, url_list: urls('download') },
      cover: { uri: `tos-maliva-p-0068/${n}`, url_list: urls('cover') },
      dynamic_cover: { uri: `tos-maliva-p-0068/d${n}`, url_list: urls('dynamic') },
      origin_cover: { uri: `tos-maliva-p-0068/o${n}`, url_list: urls('origin') },
      ratio: '720p',
    },
    author: {
      unique_id: 'bench',
      nickname: 'Bench Creator',
      uid: '6800000000000000001',
      sec_uid: 'MS4wLjABAAAAbench',
      avatar_thumb: { uri: 'avt', url_list: urls('avatar') },
    },
    share_url: `https://www.tiktok.com/@bench/video/${n}`,
  };
}

async function writeExport(path: string): Promise<number> {
  const templates = syntheticAwemes(1000, 'bench');
  const out = createWriteStream(path);
  const target = TARGET_MB * 2 ** 20;
  let written = 0;
  let records = 0;
  const write = async (text: string) => {
    written += Buffer.byteLength(text);
    if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  };
  await write('{"status_code":0,"data":{"has_more":0,"aweme_list":[');
  while (written < target) {
    await write(`${records > 0 ? ',' : ''}${JSON.stringify(realisticItem(templates[records % 1000]!, records))}`);
    records++;
  }
  await write(']}}');
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return records;
}

interface ChildReport {
  videos: number;
  seconds: number;
  maxRssMb: number;
}

function importInChild(path: string): Promise<ChildReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, path], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(JSON.parse(stdout) as ChildReport) : reject(new Error(`import child exited ${code}`)),
    );
  });
}

export async function run(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'intake-bench-'));
  try {
    const path = join(dir, 'app-export.json');
    const started = performance.now();
    const records = await writeExport(path);
    const { size } = await stat(path);
    console.log(
      `intake: ${(size / 2 ** 20).toFixed(0)} MB export of ${records.toLocaleString('en-US')} app-shaped records ` +
        `(~${(size / records / 1024).toFixed(1)} KB each), written in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    const report = await importInChild(path);
    console.log(
      `  streamed import + analysis in a child process: ${report.seconds.toFixed(1)} s ` +
        `(${(size / 2 ** 20 / report.seconds).toFixed(0)} MB/s), ${report.videos.toLocaleString('en-US')} videos, ` +
        `peak RSS ${report.maxRssMb.toFixed(0)} MB (target < 400 MB)`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
