import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticAwemes } from '../support/fake-scavio.js';
import { completed, startBotHarness, type BotHarness } from './support/bot-harness.js';

/**
 * The bot with a Scavio that ends catalogs early (issue 9): every report says
 * "incomplete: N of M videos", no paging loop spends credits, and a runaway
 * page is refused. One bot for the file; each test has its own account.
 */
describe('partial Scavio catalogs, end to end', () => {
  let h: BotHarness;

  beforeAll(async () => {
    h = await startBotHarness({
      accounts: [
        // The profile counts 60 videos; the pages hold 45.
        { username: 'chef_partial', videos: syntheticAwemes(45, 'chef_partial'), awemeCount: 60 },
        { username: 'chef_export', videos: syntheticAwemes(45, 'chef_export'), awemeCount: 60 },
        { username: 'chef_sub', videos: syntheticAwemes(45, 'chef_sub'), awemeCount: 60 },
        { username: 'chef_loop', videos: syntheticAwemes(90, 'chef_loop') },
        { username: 'chef_huge', videos: syntheticAwemes(30, 'chef_huge') },
      ],
      env: { SCAVIO_MAX_RESPONSE_BYTES: String(512 * 1024) },
    });
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('/retention analyze labels the report "incomplete: 45 of 60 videos"', async () => {
    const { message } = completed(await h.outcome((await h.command('analyze', { username: 'chef_partial' })).id));
    const embed = message.embeds[0]!;
    // First line of the report, Markdown-escaped as every provider-derived text is.
    expect(embed.description?.split('\n')[0]).toBe(
      '⚠️ Incomplete: 45 of 60 videos \\(the pages ended after 45 videos, the profile counts 60\\).',
    );
    expect(embed.footer?.text).toContain('incomplete: 45 of 60 videos');
  });

  it('/retention export says the CSV holds a partial catalog', async () => {
    const { message } = completed(await h.outcome((await h.command('export', { username: 'chef_export' })).id));
    expect(message.content).toContain('incomplete: 45 of 60 videos');
    expect(message.attachments.map((a) => a.filename)).toEqual(['chef_export-videos.csv']);
  });

  it('/retention subscribe says when its baseline is incomplete', async () => {
    const { message } = completed(await h.outcome((await h.command('subscribe', { username: 'chef_sub' })).id));
    expect(JSON.stringify(message.embeds)).toContain('incomplete: 45 of 60 videos');
  });

  it('a repeated cursor ends the fetch after one page instead of looping', async () => {
    const before = h.scavio.requestsTo('user/posts').length;
    h.scavio.switches.repeatCursorFrom = before + 1;
    try {
      const { message } = completed(await h.outcome((await h.command('analyze', { username: 'chef_loop' })).id));
      expect(h.scavio.requestsTo('user/posts').length - before).toBe(1);
      expect(message.embeds[0]?.footer?.text).toContain('incomplete: 30 of 90 videos');
    } finally {
      h.scavio.switches.repeatCursorFrom = null;
    }
  });

  it('a page over SCAVIO_MAX_RESPONSE_BYTES is refused with a clear reply, once', async () => {
    const before = h.scavio.requestsTo('user/posts').length;
    h.scavio.switches.hugePage = { nth: before + 1, bytes: 4 * 1024 * 1024, declareLength: false };
    try {
      const outcome = await h.outcome((await h.command('analyze', { username: 'chef_huge' })).id);
      expect(outcome.kind).toBe('failed');
      const reply = outcome.kind === 'failed' ? outcome.reply : outcome.message;
      expect(JSON.stringify(reply)).toMatch(/over the 0\.5 MB limit \(SCAVIO_MAX_RESPONSE_BYTES\)/);
      expect(h.scavio.requestsTo('user/posts').length - before).toBe(1);
    } finally {
      h.scavio.switches.hugePage = null;
    }
  });
});
