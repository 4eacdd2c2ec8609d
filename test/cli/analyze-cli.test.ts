import { fileURLToPath } from 'node:url';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { analyzeVideos } from '../../src/analysis/analyze.js';
import type { Comparison } from '../../src/analysis/compare.js';
import type { Analysis } from '../../src/analysis/types.js';
import { runAnalyzeCli } from '../../src/cli/analyze-cli.js';
import { demoVideos } from '../../src/tiktok/demo-catalog.js';
import { normalizeRecords } from '../../src/tiktok/normalize.js';
import { catalogPath, differences, expectedAnalysis, expectedFindings, fixtureRecords } from '../support/fixtures.js';

async function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk));
  stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const code = await runAnalyzeCli(args, { stdout, stderr, env });
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

async function tempFile(name: string, content: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'analyze-cli-'));
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

describe('analyze CLI', () => {
  it('--json on a fixture file prints the reference figures at full precision', async () => {
    const result = await run(['--input', catalogPath('edge-240'), '--json']);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(differences(expectedAnalysis('edge-240'), json)).toEqual([]);
    expect(Object.keys(json)).toEqual(
      expect.arrayContaining([
        'videoCount',
        'analyzedCount',
        'thresholds',
        'tiers',
        'durationBuckets',
        'topPerformers',
        'hashtags',
        'postingTime',
        'sound',
        'correlations',
      ]),
    );
  });

  it('--demo prints readable tables with the figures of the demo analysis', async () => {
    const result = await run(['--demo']);
    expect(result.code).toBe(0);
    const analysis = analyzeVideos(demoVideos());
    expect(result.stdout).toContain('@demo.kitchen');
    expect(result.stdout).toContain(`${(analysis.tiers!.top.avgEngagementRate * 100).toFixed(2)}%`);
    expect(result.stdout).toContain(analysis.durationSweetSpot!.label);
    expect(result.stdout).toMatch(/█/);
    expect(result.stderr).toBe('');
  });

  it('reads CSV with a header row to the same analysis as the JSON', async () => {
    const records = fixtureRecords('clean-60') as Record<string, unknown>[];
    const columns = [
      'id',
      'desc',
      'duration',
      'play_count',
      'digg_count',
      'comment_count',
      'share_count',
      'create_time',
      'hashtags',
      'music',
    ];
    // The fixture's values are strings, numbers and lists of tags; anything else would be written wrongly, so it fails.
    const cell = (value: unknown): string => {
      if (value === undefined || value === null) return '';
      if (Array.isArray(value)) return value.join(' ');
      if (typeof value === 'string' || typeof value === 'number') return String(value);
      throw new Error(`clean-60 holds a ${typeof value} this CSV writer does not handle`);
    };
    const quote = (value: unknown) => `"${cell(value).replace(/"/g, '""')}"`;
    const csv = [columns.join(','), ...records.map((r) => columns.map((c) => quote(r[c])).join(','))].join('\r\n');
    const result = await run(['--input', await tempFile('clean.csv', csv), '--json']);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(differences(expectedAnalysis('clean-60'), json)).toEqual([]);
    const fetchedAt = (json as { catalog: { source: { fetchedAt: string } } }).catalog.source.fetchedAt;
    const fromJson = analyzeVideos(normalizeRecords(records).videos, { asOf: fetchedAt });
    expect(differences(JSON.parse(JSON.stringify(fromJson)), json)).toEqual([]);
  });

  it('--json carries the findings and the p of every correlation, at the reference figures', async () => {
    const result = await run(['--input', catalogPath('planted-1000'), '--json', '--timezone', 'UTC']);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as {
      findings: { alpha: number; tests: { dimension: string; key: string }[] };
      correlations: Record<string, unknown>;
    };
    const expected = expectedFindings('planted-1000');
    expect(json.findings.alpha).toBe(expected.findings.alpha);
    for (const reference of expected.findings.tests) {
      const actual = json.findings.tests.find((t) => t.dimension === reference.dimension && t.key === reference.key);
      expect(differences(reference, actual)).toEqual([]);
    }
    expect(json.findings.tests).toHaveLength(expected.findings.tests.length);
    expect(differences(expected.correlations, json.correlations)).toEqual([]);
  });

  it('--min-age-days leaves younger videos out of the whole analysis and says how many', async () => {
    const now = Math.floor(Date.now() / 1000);
    const records = (fixtureRecords('clean-60') as Record<string, unknown>[]).map((r, i) =>
      i < 4 ? { ...r, create_time: now - 2 * 86_400 } : r,
    );
    const path = await tempFile('young.json', JSON.stringify({ videos: records }));
    const all = JSON.parse((await run(['--input', path, '--json'])).stdout) as {
      videoCount: number;
      videoAge: { young: { analysed: number }; excluded: number };
    };
    expect(all.videoCount).toBe(60);
    expect(all.videoAge.young.analysed).toBe(4);
    expect(all.videoAge.excluded).toBe(0);
    const older = await run(['--input', path, '--json', '--min-age-days', '7']);
    const json = JSON.parse(older.stdout) as typeof all;
    expect(json.videoCount).toBe(56);
    expect(json.videoAge.excluded).toBe(4);
    expect(json.videoAge.young.analysed).toBe(0);
    const text = await run(['--input', path, '--min-age-days', '7']);
    expect(text.stdout).toContain('4 videos younger than 7 days were left out of this analysis.');
    expect(text.stdout).toContain('56 in catalog');
  });

  it('--help says how to read the report', async () => {
    const result = await run(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('--min-age-days N');
    expect(result.stdout).toContain('How to read this:');
    expect(result.stdout).toContain('not watch-time retention');
  });

  it('analyses the rest of a file with bad records and says how many were skipped', async () => {
    const file = await tempFile(
      'mixed.json',
      JSON.stringify({
        videos: [{ id: 'a', play_count: 100, digg_count: 5 }, { play_count: 7 }, { id: 'b', play_count: -1 }],
      }),
    );
    const result = await run(['--input', file, '--json']);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as { videoCount: number; catalog: { skippedRecords: unknown[] } };
    expect(json.videoCount).toBe(1);
    expect(json.catalog.skippedRecords).toHaveLength(2);
    expect(result.stderr).toContain('skipped record 2: has no id');
    expect(result.stderr).toContain('note: 3 records, 1 distinct video (2 unreadable).');
  });

  const badInputs: [string, () => Promise<string[]>, RegExp][] = [
    [
      'a missing file',
      () => Promise.resolve(['--input', '/nonexistent/catalog.json']),
      /\/nonexistent\/catalog\.json: no such file/,
    ],
    [
      'invalid JSON',
      async () => ['--input', await tempFile('broken.json', '{"videos": [')],
      /broken\.json: not valid JSON/,
    ],
    [
      'invalid CSV',
      async () => ['--input', await tempFile('broken.csv', 'id,plays\n"1,2\n')],
      /broken\.csv: not valid CSV \(a quoted cell opened on line 2 or after is never closed/,
    ],
    [
      'an empty catalog',
      async () => ['--input', await tempFile('empty.json', '{"videos": []}')],
      /empty\.json: the catalog is empty/,
    ],
    [
      'an unknown shape',
      async () => ['--input', await tempFile('odd.json', '{"hello": "world"}')],
      /odd\.json: no list of videos found/,
    ],
    [
      'no readable records',
      async () => ['--input', await tempFile('junk.json', '[{"x": 1}, 5]')],
      /junk\.json: none of the 2 records has a counter this tool reads.*Keys seen: x\./,
    ],
    ['no source at all', () => Promise.resolve([]), /say what to analyse/],
    [
      'a negative minimum age (which parseArgs reads as an option)',
      () => Promise.resolve(['--demo', '--min-age-days', '-3']),
      /--min-age-days needs a value \(--min-age-days N\); a value that starts with '-' goes as --min-age-days=VALUE/,
    ],
    [
      'a negative minimum age given with =',
      () => Promise.resolve(['--demo', '--min-age-days=-3']),
      /--min-age-days must be a whole number of days from 0 to 365 \(got -3\)/,
    ],
    [
      'a video limit for a file, which is analysed whole',
      () => Promise.resolve(['--input', catalogPath('clean-60'), '--max-videos', '5']),
      /--max-videos limits a live fetch: a file or the demo is analysed whole/,
    ],
    [
      'a video limit for the demo',
      () => Promise.resolve(['--demo', '--max-videos', '5']),
      /--max-videos limits a live fetch/,
    ],
    ['an option with no value', () => Promise.resolve(['--demo', '--timezone']), /--timezone needs a value/],
    [
      'a minimum age that is not a whole number',
      () => Promise.resolve(['--demo', '--min-age-days', '2.5']),
      /--min-age-days must be a whole number of days from 0 to 365 \(got 2\.5\)/,
    ],
    [
      'a bad time zone',
      () => Promise.resolve(['--demo', '--timezone', 'Mars/Olympus']),
      /--timezone "Mars\/Olympus" is not an IANA time zone/,
    ],
    ['a live username without a key', () => Promise.resolve(['chefmaya']), /SCAVIO_API_KEY is not set/],
    [
      '--compare with one account',
      () => Promise.resolve(['--compare', catalogPath('clean-60')]),
      /--compare needs 2 to 5 accounts, each a file or a username \(got 1\)/,
    ],
    [
      '--compare with six accounts',
      () => Promise.resolve(['--compare', ...Array.from({ length: 6 }, () => catalogPath('clean-60'))]),
      /--compare needs 2 to 5 accounts.*\(got 6\)/,
    ],
    [
      '--compare with --demo',
      () => Promise.resolve(['--compare', '--demo', 'a', 'b']),
      /--compare takes its accounts .* leave out --demo and --input/,
    ],
    [
      '--compare with a live username and no key',
      () => Promise.resolve(['--compare', catalogPath('clean-60'), 'chefmaya']),
      /SCAVIO_API_KEY is not set/,
    ],
  ];
  for (const [name, args, message] of badInputs) {
    it(`${name}: one clear line on stderr, exit code 2`, async () => {
      const result = await run(await args());
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).toMatch(/^analyze: [^\n]+\n$/);
      expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(result.stdout).toBe('');
    });
  }

  it('an error that quotes what was typed never shows the API key', async () => {
    const key = 'sk_test_PASTED_IN_A_PATH';
    const result = await run(['--input', `/nonexistent/${key}.json`], { SCAVIO_API_KEY: key });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('analyze: /nonexistent/[redacted].json: no such file. Check the path.\n');
  });

  it('an unknown option gets one line naming it and every valid option, exit 2', async () => {
    const result = await run(['--demo', '--frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'analyze: unknown option --frobnicate. Options: --demo, --input FILE, --compare, --author NAME, --max-videos N, ' +
        '--timezone ZONE, --min-age-days N, --json, --help, --version (see --help)\n',
    );
    expect(result.stdout).toBe('');
  });

  it('--compare on fixture files prints each account and the test against the first, offline', async () => {
    const files = (['clean-60', 'planted-1000', 'edge-240'] as const).map((name) => catalogPath(name));
    const text = await run(['--compare', ...files]);
    expect(text.code).toBe(0);
    expect(text.stderr).toBe('');
    const json = await run(['--compare', ...files, '--json']);
    expect(json.code).toBe(0);
    const { comparison, catalogs } = JSON.parse(json.stdout) as {
      comparison: Comparison;
      catalogs: { username: string; source: { kind: string } }[];
    };
    expect(catalogs.map((c) => [c.username, c.source.kind])).toEqual([
      ['clean-60', 'file'],
      ['planted-1000', 'file'],
      ['edge-240', 'file'],
    ]);
    // The figures are each file's own analysis (the one --input shows).
    for (const [i, name] of (['clean-60', 'planted-1000', 'edge-240'] as const).entries()) {
      const single = JSON.parse((await run(['--input', catalogPath(name), '--json'])).stdout) as Analysis;
      expect(comparison.accounts[i]).toMatchObject({
        analyzedCount: single.analyzedCount,
        medianEngagementRate: single.overall!.medianEngagementRate,
        quartiles: single.thresholds,
        meanShareRate: single.overall!.meanShareRate,
        bestDuration: single.durationSweetSpot,
      });
    }
    // The text says each verdict the JSON holds, in words, with the medians to one decimal.
    for (const test of comparison.tests) {
      if (!test.tested) throw new Error('every fixture here has enough videos to be tested');
      const medians = `median ${(test.median * 100).toFixed(1)}% vs ${(test.medianAgainst * 100).toFixed(1)}%`;
      expect(text.stdout).toContain(
        test.significant
          ? `@${test.username} engages ${test.effect > 0 ? 'more' : 'less'} than @clean-60: ${medians}, beyond chance.`
          : `@${test.username} vs @clean-60: no clear difference (${medians}).`,
      );
    }
    expect(comparison.tests.map((t) => t.tested && t.significant)).toContain(true);
    expect(comparison.tests.map((t) => t.tested && t.significant)).toContain(false);
  });

  it('--version prints the package version alone', async () => {
    const { version } = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(await run(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('the real script exits 2 with a one-line message and no stack trace', async () => {
    const error = await promisify(execFile)(process.execPath, ['dist/bin/analyze.js', '--input', 'missing.json'], {
      cwd: process.cwd(),
    }).catch((e: { code: number; stderr: string }) => e);
    expect(error).toMatchObject({ code: 2 });
    expect((error as { stderr: string }).stderr.trim()).toBe('analyze: missing.json: no such file. Check the path.');
  });
});

describe('analyze CLI, live source (fake Scavio on loopback)', () => {
  it('fetches the whole catalog with progress on stderr, the cost in the output, and a clean --json stdout', async () => {
    const { startFakeScavio } = await import('../support/fake-scavio.js');
    const { fixtureAccount, TEST_API_KEY } = await import('../support/scavio-harness.js');
    const fake = await startFakeScavio({ apiKey: TEST_API_KEY, accounts: [fixtureAccount('clean-60', 'chefmaya')] });
    const env = { SCAVIO_BASE_URL: fake.baseUrl, SCAVIO_API_KEY: TEST_API_KEY, SCAVIO_RATE_PER_MINUTE: '600' };
    try {
      const json = await run(['@chefmaya', '--json'], env);
      expect(json.code).toBe(0);
      const parsed = JSON.parse(json.stdout) as Record<string, unknown> & {
        catalog: { source: { calls: number; creditsUsed: number } };
      };
      expect(differences(expectedAnalysis('clean-60'), parsed)).toEqual([]);
      expect(parsed.catalog.source).toMatchObject({ kind: 'scavio', calls: 3, creditsUsed: 3 });
      expect(json.stderr).toContain('fetched 60 of ~60 videos');
      expect(json.stderr).not.toContain(TEST_API_KEY);

      const text = await run(['https://www.tiktok.com/@chefmaya'], env);
      expect(text.code).toBe(0);
      expect(text.stdout).toContain('@chefmaya');
      expect(text.stdout).toMatch(/3 API calls/);
      expect(fake.requestsTo('user/posts')).toHaveLength(4);
    } finally {
      await fake.close();
    }
  });

  it('a catalog Scavio ends early is labelled incomplete in the text and in --json (catalog.complete, expectedVideos)', async () => {
    const { startFakeScavio, syntheticAwemes } = await import('../support/fake-scavio.js');
    const { TEST_API_KEY } = await import('../support/scavio-harness.js');
    const fake = await startFakeScavio({
      apiKey: TEST_API_KEY,
      accounts: [{ username: 'looper', videos: syntheticAwemes(60, 'looper') }],
      switches: { repeatCursorFrom: 1 },
    });
    const env = { SCAVIO_BASE_URL: fake.baseUrl, SCAVIO_API_KEY: TEST_API_KEY, SCAVIO_RATE_PER_MINUTE: '600' };
    try {
      const json = await run(['looper', '--json'], env);
      expect(json.code).toBe(0);
      const parsed = JSON.parse(json.stdout) as { catalog: { complete: boolean; expectedVideos: number | null } };
      expect(parsed.catalog).toMatchObject({ complete: false, expectedVideos: 60 });
      expect(json.stderr).toContain('note: Incomplete: 30 of 60 videos (the page cursor did not advance).');
      // One page, then the repeated cursor stops the fetch: no loop of paid calls.
      expect(fake.requestsTo('user/posts')).toHaveLength(1);

      const text = await run(['looper'], env);
      expect(text.stdout).toContain('incomplete: 30 of 60 videos');
    } finally {
      await fake.close();
    }
  });

  it('--author keeps one account of a file that mixes several, and says so', async () => {
    const sample = fileURLToPath(new URL('../samples/intake/tikwm-music-posts.json', import.meta.url));
    const all = await run(['--input', sample]);
    expect(all.stdout).toMatch(/This file holds videos of 3 accounts/);
    const one = await run(['--input', sample, '--author', 'ashleynocera', '--json']);
    expect(one.code).toBe(0);
    expect((JSON.parse(one.stdout) as { videoCount: number }).videoCount).toBe(1);
    const misuse = await run(['--demo', '--author', 'x']);
    expect(misuse.code).toBe(2);
    expect(misuse.stderr).toMatch(/--author picks one account out of a file/);
  });

  it('--compare mixes a file and a live handle: the handle is fetched (with its follower count), the file read', async () => {
    const { startFakeScavio } = await import('../support/fake-scavio.js');
    const { fixtureAccount, TEST_API_KEY } = await import('../support/scavio-harness.js');
    const fake = await startFakeScavio({
      apiKey: TEST_API_KEY,
      accounts: [fixtureAccount('planted-1000', 'rival', { followers: 91_500 })],
    });
    const env = { SCAVIO_BASE_URL: fake.baseUrl, SCAVIO_API_KEY: TEST_API_KEY, SCAVIO_RATE_PER_MINUTE: '600' };
    try {
      const result = await run(['--compare', catalogPath('clean-60'), '@rival', '--max-videos', '90', '--json'], env);
      expect(result.code).toBe(0);
      const { comparison, catalogs } = JSON.parse(result.stdout) as {
        comparison: Comparison;
        catalogs: { username: string; source: { kind: string; calls: number } }[];
      };
      expect(catalogs.map((c) => [c.username, c.source.kind, c.source.calls])).toEqual([
        ['clean-60', 'file', 0],
        ['rival', 'scavio', 4],
      ]);
      expect(comparison.accounts.map((a) => [a.username, a.videoCount, a.followers])).toEqual([
        ['clean-60', 60, null],
        ['rival', 90, 91_500],
      ]);
      // 90 of 1,000 videos: the cadence of a cut catalog is a lower bound unless it reaches back 8 weeks.
      expect(comparison.accounts[1]!.cadence?.endsAt).toBe('fetch');
      expect(result.stderr).toContain('fetched 90 of ~90 videos');
      expect(result.stderr).not.toContain(TEST_API_KEY);
    } finally {
      await fake.close();
    }
  });

  it('an unknown account is one clear line and exit code 2', async () => {
    const { startFakeScavio } = await import('../support/fake-scavio.js');
    const { TEST_API_KEY } = await import('../support/scavio-harness.js');
    const fake = await startFakeScavio({ apiKey: TEST_API_KEY, accounts: [] });
    try {
      const result = await run(['nobody_here'], {
        SCAVIO_BASE_URL: fake.baseUrl,
        SCAVIO_API_KEY: TEST_API_KEY,
        SCAVIO_RATE_PER_MINUTE: '600',
      });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/nobody_here/);
      expect(result.stderr).not.toContain(TEST_API_KEY);
      expect(fake.requests).toHaveLength(1);
    } finally {
      await fake.close();
    }
  });
});
