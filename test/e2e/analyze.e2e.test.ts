import { InteractionResponseType, MessageFlags, type APIEmbed } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_RENDERER_SOFTWARE } from '../../src/charts/local-renderer.js';
import { isPng } from '../../src/charts/png.js';
import { findLimitViolations } from '../../src/reports/discord-limits.js';
import { pngTextChunk } from '../charts/chart-assertions.js';
import { FAKE_QUICKCHART_SOFTWARE } from '../support/fake-quickchart.js';
import type { CatalogName } from '../support/fixtures.js';
import { fixtureAccount } from '../support/scavio-harness.js';
import {
  completed,
  failed,
  isEphemeral,
  startBotHarness,
  type BotHarness,
  type CommandOutcome,
} from './support/bot-harness.js';
import {
  attachmentNamed,
  hasPngSignature,
  INTERACTION_CALLBACK_ROUTE,
  isReportEdit,
  originalEdits,
  payloadOf,
  sentMessages,
} from './support/discord-records.js';
import { expectReportMatchesAnalysis, fixtureAnalysis } from './support/report-assertions.js';
import { analyzeVideos } from '../../src/analysis/analyze.js';
import { fieldNamed } from '../reports/report-parsing.js';

/**
 * /retention analyze end to end: the real bot (main(), as `npm start` runs it)
 * against the Discord emulator, a fake Scavio and a fake QuickChart, all on
 * loopback. One bot serves the whole file; every test uses its own TikTok
 * account and its own Discord user, so caches and cooldowns don't cross.
 */

const COOLDOWN_SECONDS = 30;

const ACCOUNTS: Record<string, CatalogName> = {
  chefmaya: 'clean-60',
  chef_edge: 'edge-240',
  chef_progress: 'clean-60',
  chef_busy: 'clean-60',
  chef_fallback: 'clean-60',
  chef_shared: 'clean-60',
  chef_cooldown: 'clean-60',
  chef_big: 'edge-5000',
  chef_ties: 'ties-12',
  chef_planted: 'planted-1000',
  chef_young: 'planted-1000',
};

function reportEmbed(outcome: CommandOutcome): APIEmbed {
  const embed = completed(outcome).message.embeds[0];
  if (embed === undefined) throw new Error('the final message has no embed');
  return embed;
}

describe('/retention analyze, end to end', () => {
  let h: BotHarness;

  beforeAll(async () => {
    h = await startBotHarness({
      accounts: Object.entries(ACCOUNTS).map(([username, catalog]) => fixtureAccount(catalog, username)),
      env: { ANALYZE_COOLDOWN_SECONDS: String(COOLDOWN_SECONDS) },
    });
  });

  afterAll(async () => {
    await h?.stop();
  });

  const analyze = async (username: string, user: string, options: Record<string, number> = {}) => {
    const { id } = await h.command('analyze', { username, ...options }, { user: { username: user } });
    return { id, outcome: await h.outcome(id) };
  };

  const scavioCallsFor = (username: string) => ({
    profile: h.scavio.requestsTo('profile').filter((r) => (r.body as { username?: string }).username === username)
      .length,
    posts: h.scavio
      .requestsTo('user/posts')
      .filter((r) => (r.body as { sec_user_id?: string }).sec_user_id?.endsWith(username)).length,
  });

  it('defers within 3 s, then replaces the deferral with the report: embed plus PNG charts the embed refers to', async () => {
    const { id, outcome } = await analyze('chefmaya', 'maya-fan');
    const { message } = completed(outcome);

    const record = h.emulator.interaction(id);
    expect(record?.callbackType).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    const deferral = h.emulator.interactionResponses(id)[0];
    expect(deferral?.route).toBe(INTERACTION_CALLBACK_ROUTE);
    expect(deferral?.status).toBe(204);
    const ackMs = (record?.acknowledgedAt ?? Number.NaN) - (record?.dispatchedAt ?? Number.NaN);
    // Discord's hard rule (the emulator refuses a later ack with 10062); speed itself is measured by the bench.
    expect(ackMs, `deferred after ${ackMs} ms`).toBeLessThanOrEqual(3000);

    // The report as sent: the embed names its picture attachment://chart.png and the upload carries it.
    const reportEdits = originalEdits(h.emulator.interactionResponses(id)).filter(isReportEdit);
    expect(reportEdits).toHaveLength(1);
    const edit = reportEdits[0]!;
    expect(edit.multipart).toBe(true);
    const sentEmbeds = payloadOf(edit).embeds ?? [];
    expect(sentEmbeds[0]?.image?.url).toBe('attachment://chart.png');
    expect(sentEmbeds.map((e) => e.image?.url)).toContain('attachment://tiers.png');
    expect(edit.files.map((f) => f.name).sort()).toEqual(['chart.png', 'tiers.png']);
    for (const file of edit.files) {
      expect(hasPngSignature(file.data), `${file.name} starts with the PNG signature`).toBe(true);
      expect(isPng(file.data)).toBe(true);
      // QuickChart was up: the pictures are the ones it served.
      expect(pngTextChunk(file.data, 'Software')).toBe(FAKE_QUICKCHART_SOFTWARE);
    }

    // The message as Discord holds it: public, no longer "thinking", the embed image resolved to the upload.
    expect(isEphemeral(message)).toBe(false);
    expect((message.flags ?? 0) & MessageFlags.Loading).toBe(0);
    expect(message.content).toBe('');
    const chart = attachmentNamed(message.attachments, 'chart.png');
    expect(chart.content_type).toBe('image/png');
    expect(hasPngSignature(chart.data)).toBe(true);
    expect(message.embeds[0]?.image?.url).toBe(chart.url);
    expect(message.embeds[0]?.title).toBe('Retention report: @chefmaya');
    expect(message.embeds[0]?.footer?.text).toMatch(/fetched live · 3 API calls/u);
    expect(h.emulator.interaction(id)?.followups).toHaveLength(0);
  });

  it('shows numbers that match the analysis of the same catalog read from its fixture file', async () => {
    const { outcome } = await analyze('chef_edge', 'edge-reader');
    const { catalog, analysis } = await fixtureAnalysis('edge-240');
    expectReportMatchesAnalysis(reportEmbed(outcome), analysis, {
      username: 'chef_edge',
      skipped: catalog.skipped.length,
    });
  });

  it('opens with a summary of the findings: on planted-1000, its three planted effects, in words with figures', async () => {
    const { outcome } = await analyze('chef_planted', 'planted-reader', { max_videos: 1000 });
    const { catalog, analysis } = await fixtureAnalysis('planted-1000');
    const embed = reportEmbed(outcome);
    expectReportMatchesAnalysis(embed, analysis, { username: 'chef_planted', skipped: catalog.skipped.length });
    const description = embed.description ?? '';
    expect(description.startsWith('**In short**\n')).toBe(true);
    expect(description).toMatch(
      /^• Videos tagged #recipe: 12\.05% median engagement vs 8\.38% for the rest \(103 vs 897 videos;/mu,
    );
    expect(description).toMatch(/^• Videos posted 18:00-19:00 \(UTC\): /mu);
    expect(description).toMatch(/^• Videos 30-60s long: /mu);
    expect(fieldNamed(embed, 'Video length').value).toContain('Sweet spot: **30-60s**');
    expect(embed.footer?.text).toContain('How to read this:');
  });

  it('min_age_days leaves younger videos out of the whole report and says how many', async () => {
    const minAgeDays = 300;
    const { outcome } = await analyze('chef_young', 'young-reader', { max_videos: 1000, min_age_days: minAgeDays });
    const embed = reportEmbed(outcome);
    // Ages count from when the catalog was fetched: the report's timestamp.
    const fetchedAtSec = Date.parse(embed.timestamp ?? '') / 1000;
    const { catalog } = await fixtureAnalysis('planted-1000');
    const kept = catalog.videos.filter(
      (v) => v.createdAtSec === null || v.createdAtSec <= fetchedAtSec - minAgeDays * 86_400,
    );
    const excluded = catalog.videos.length - kept.length;
    const analysis = analyzeVideos(kept);
    expectReportMatchesAnalysis(embed, analysis, { username: 'chef_young', skipped: catalog.skipped.length });
    const said = `${excluded.toLocaleString('en-US')} video${excluded === 1 ? '' : 's'} younger than ${minAgeDays} days`;
    expect((embed.description ?? '').includes(said), said).toBe(excluded > 0);
  });

  it('edits one status line while the catalog is fetched, then replaces it with the report', async () => {
    const postsSoFar = h.scavio.requestsTo('user/posts').length;
    // Some latency lets the first status go out before the first page arrives; a slow second page
    // gives the throttled status line (one edit per 1.5 s) progress to show.
    h.scavio.switches.latencyMs = 100;
    h.scavio.switches.slowPostsRequest = { nth: postsSoFar + 2, delayMs: 2500 };
    try {
      const { id, outcome } = await analyze('chef_progress', 'progress-watcher');
      completed(outcome);
      const edits = originalEdits(h.emulator.interactionResponses(id));
      const statusEdits = edits.filter((e) => !isReportEdit(e));
      const statusTexts = statusEdits.map((e) => payloadOf(e).content);
      expect(statusTexts.length).toBeGreaterThanOrEqual(2);
      for (const text of statusTexts) expect(text).toMatch(/^⏳ @chef_progress: /u);
      expect(statusTexts).toContain('⏳ @chef_progress: found @chef_progress, fetching videos...');
      expect(statusTexts).toContain('⏳ @chef_progress: fetched 30 of ~60 videos (1 page)...');
      // Every status edit came before the report, and the report is the last word.
      expect(isReportEdit(edits[edits.length - 1]!)).toBe(true);
      expect(h.emulator.interaction(id)?.original?.content).toBe('');
      expect(h.emulator.interaction(id)?.followups).toHaveLength(0);
    } finally {
      h.scavio.switches.latencyMs = 0;
      h.scavio.switches.slowPostsRequest = null;
    }
  });

  it('retries the final edit after a Discord 429 and the report lands', async () => {
    const limited = h.emulator.rateLimitNext(
      (request) => isReportEdit(request) && JSON.stringify(request.body).includes('@chef_busy'),
      {
        retryAfter: 0.2,
      },
    );
    const { id, outcome } = await analyze('chef_busy', 'busy-bee');
    await limited.triggered;
    expect(limited.remaining()).toBe(0);
    const reportEdits = originalEdits(h.emulator.interactionResponses(id)).filter(isReportEdit);
    expect(reportEdits.map((e) => e.status)).toEqual([429, 200]);
    expect(reportEdits[1]?.files.map((f) => f.name).sort()).toEqual(['chart.png', 'tiers.png']);
    const { message } = completed(outcome);
    expect(message.embeds[0]?.title).toBe('Retention report: @chef_busy');
    expect(message.attachments.map((a) => a.filename).sort()).toEqual(['chart.png', 'tiers.png']);
  });

  it('renders the charts locally when QuickChart is down, and the report still has its pictures', async () => {
    await h.quickchart.setMode('down');
    try {
      const chartRequestsBefore = h.quickchart.requests.length;
      const { id, outcome } = await analyze('chef_fallback', 'offline-fan');
      const { message } = completed(outcome);
      for (const name of ['chart.png', 'tiers.png']) {
        const attachment = attachmentNamed(message.attachments, name);
        expect(hasPngSignature(attachment.data)).toBe(true);
        expect(pngTextChunk(attachment.data, 'Software')).toBe(LOCAL_RENDERER_SOFTWARE);
      }
      expect(message.embeds[0]?.image?.url).toBe(attachmentNamed(message.attachments, 'chart.png').url);
      expect(h.quickchart.requests.length).toBe(chartRequestsBefore);
      const done = h.logs.events('analyze.done', id)[0];
      expect(done?.charts).toEqual(['local', 'local']);
      const fallbacks = h.logs.entries.filter((e) => e.event === 'chart.quickchart-unavailable');
      expect(fallbacks.length).toBeGreaterThanOrEqual(2);
      expect(fallbacks.every((e) => e.renderer === 'local')).toBe(true);
    } finally {
      await h.quickchart.setMode('ok');
    }
  });

  it('lets concurrent analyses of one account by different users share one fetch', async () => {
    const postsSoFar = h.scavio.requestsTo('user/posts').length;
    // A slow first page keeps the fetch in flight while every request arrives.
    h.scavio.switches.slowPostsRequest = { nth: postsSoFar + 1, delayMs: 500 };
    try {
      const users = ['ana', 'ben', 'cleo'];
      const dispatched = await Promise.all(
        users.map((user) => h.command('analyze', { username: 'chef_shared' }, { user: { username: user } })),
      );
      const outcomes = await Promise.all(dispatched.map(({ id }) => h.outcome(id)));
      expect(scavioCallsFor('chef_shared')).toEqual({ profile: 1, posts: 2 });
      for (const outcome of outcomes) {
        // Shared, not served from cache: every report is the one live fetch.
        expect(reportEmbed(outcome).footer?.text).toMatch(/fetched live · 3 API calls/u);
      }
    } finally {
      h.scavio.switches.slowPostsRequest = null;
    }
  });

  it('tells a user who analyses again within the cooldown to wait, privately and without spending a call', async () => {
    completed((await analyze('chefmaya', 'impatient')).outcome);
    const callsBefore = h.scavio.requests.length;
    const { id, outcome } = await analyze('chef_cooldown', 'impatient');
    const { reply } = failed(outcome);
    expect(isEphemeral(reply)).toBe(true);
    expect(reply.content).toMatch(new RegExp(`less than ${COOLDOWN_SECONDS} s ago\\. Please wait \\d+ s`, 'u'));
    // Answered at once (no public "thinking..." first) and nothing fetched.
    expect(h.emulator.interaction(id)?.callbackType).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(h.scavio.requests.length).toBe(callsBefore);
    // Another user is not held back by it.
    completed((await analyze('chef_cooldown', 'patient')).outcome);
  });

  it('does not hold a user back after a mistyped (unknown) account', async () => {
    failed((await analyze('no_such_chef', 'typo')).outcome);
    completed((await analyze('chefmaya', 'typo')).outcome);
  });

  it('keeps every message it sends within Discord limits, however big the catalog', async () => {
    const big = await analyze('chef_big', 'big-reader', { max_videos: 2000 });
    expect(reportEmbed(big.outcome).footer?.text).toMatch(/^2,000 videos/u);
    completed((await analyze('chef_ties', 'ties-reader')).outcome);
    const exported = await h.command('export', { username: 'chef_big' }, { user: { username: 'big-reader' } });
    completed(await h.outcome(exported.id));

    const sent = sentMessages(h.emulator.requests);
    expect(sent.length).toBeGreaterThan(10);
    for (const { request, payload } of sent) {
      expect(findLimitViolations(payload), `${request.method} ${request.path}`).toEqual([]);
    }
    const refused = h.emulator.requests.filter((r) => r.status >= 400 && !r.rateLimited);
    expect(refused.map((r) => `${r.method} ${r.route} -> ${r.status} ${JSON.stringify(r.response)}`)).toEqual([]);
    expect(h.emulator.internalErrors).toEqual([]);
  });
});

describe('/retention analyze and export with an injected clock', () => {
  // A bot clock far from the wall clock (as weekly-report tests use): the age of a cached catalog
  // must come from the clock that decides freshness, not from mixing the two.
  const NOW = new Date('2031-03-02T09:00:00.000Z');
  let h: BotHarness;

  beforeAll(async () => {
    h = await startBotHarness({ now: () => NOW });
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('says a catalog fetched a moment ago came from cache "just now"', async () => {
    const first = await h.command('analyze', { username: 'chefmaya' });
    expect(reportEmbed(await h.outcome(first.id)).footer?.text).toMatch(/fetched live/u);

    const second = await h.command('analyze', { username: 'chefmaya' }, { user: { username: 'second-reader' } });
    expect(reportEmbed(await h.outcome(second.id)).footer?.text).toMatch(/from cache \(fetched just now\)/u);

    const exported = await h.command('export', { username: 'chefmaya' });
    expect(completed(await h.outcome(exported.id)).message.content).toMatch(/\(from cache, just now\)/u);
  });
});
