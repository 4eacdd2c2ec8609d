import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ratesOf, tierOf } from '../../src/analysis/metrics.js';
import { parseVideosCsv } from '../../src/reports/csv.js';
import { fixtureAccount } from '../support/scavio-harness.js';
import { completed, isEphemeral, startBotHarness, type BotHarness } from './support/bot-harness.js';
import { attachmentNamed } from './support/discord-records.js';
import { fixtureAnalysis } from './support/report-assertions.js';

/**
 * /retention export end to end: the per-video CSV the bot attaches parses
 * back to the catalog (ids, counters, rates at full precision, tiers), and a
 * second export of a fresh catalog costs no API call.
 */

describe('/retention export, end to end', () => {
  let h: BotHarness;

  beforeAll(async () => {
    h = await startBotHarness({
      accounts: [
        fixtureAccount('ties-12', 'chef_ties'),
        fixtureAccount('edge-240', 'chef_edge'),
        fixtureAccount('clean-60', 'chefmaya'),
        fixtureAccount('clean-60', 'chef_after'),
      ],
    });
  });

  afterAll(async () => {
    await h?.stop();
  });

  const exportCsv = async (username: string) => {
    const { id } = await h.command('export', { username });
    const { message } = completed(await h.outcome(id));
    const attachment = attachmentNamed(message.attachments, `${username}-videos.csv`);
    return { id, message, attachment, text: attachment.data.toString('utf8') };
  };

  it.each([
    ['chef_ties', 'ties-12'],
    ['chef_edge', 'edge-240'],
  ] as const)('attaches a CSV of @%s that parses back to the catalog of %s', async (username, fixture) => {
    const { message, attachment, text } = await exportCsv(username);
    const { catalog, analysis } = await fixtureAnalysis(fixture);

    expect(isEphemeral(message)).toBe(false);
    expect(attachment.content_type).toMatch(/^text\/csv/u);
    expect(message.content).toContain(`**@${username}**: ${catalog.videos.length} videos (fetched now,`);

    const rows = parseVideosCsv(text);
    expect(rows.map((r) => r.id)).toEqual(catalog.videos.map((v) => v.id));
    rows.forEach((row, i) => {
      const video = catalog.videos[i]!;
      const rates = ratesOf(video);
      expect(row.url).toBe(`https://www.tiktok.com/@${username}/video/${video.id}`);
      expect(row.caption).toBe(video.caption);
      expect({
        durationSec: row.durationSec,
        plays: row.plays,
        likes: row.likes,
        comments: row.comments,
        shares: row.shares,
      }).toEqual({
        durationSec: video.durationSec,
        plays: video.plays,
        likes: video.likes,
        comments: video.comments,
        shares: video.shares,
      });
      // Rates at full precision: the text reads back as the very same double.
      expect(row.engagementRate).toBe(rates?.engagementRate ?? null);
      expect(row.shareRate).toBe(rates?.shareRate ?? null);
      expect(row.commentRate).toBe(rates?.commentRate ?? null);
      expect(row.likeRate).toBe(rates?.likeRate ?? null);
      expect(row.tier).toBe(tierOf(rates?.engagementRate, analysis.thresholds));
      expect(row.hashtags).toEqual(video.hashtags);
      expect(row.createdAtSec).toBe(video.createdAtSec);
    });
    // The tiers in the file are the analysis' tiers.
    expect(rows.filter((r) => r.tier === 'top')).toHaveLength(analysis.tiers?.top.count ?? 0);
    expect(rows.filter((r) => r.tier === 'bottom')).toHaveLength(analysis.tiers?.bottom.count ?? 0);
  });

  it('serves a second export from cache, with no API call, and says so', async () => {
    const first = await exportCsv('chefmaya');
    expect(first.message.content).toMatch(/fetched now, 3 API calls/u);
    const callsBefore = h.scavio.requests.length;

    const second = await exportCsv('chefmaya');
    expect(h.scavio.requests.length).toBe(callsBefore);
    expect(second.message.content).toMatch(/\(from cache, just now\)/u);
    expect(second.text).toBe(first.text);
  });

  it('exports the catalog an analysis just fetched without fetching it again', async () => {
    const analyzed = await h.command('analyze', { username: 'chef_after' });
    completed(await h.outcome(analyzed.id));
    const callsBefore = h.scavio.requests.length;

    const { message, text } = await exportCsv('chef_after');
    expect(h.scavio.requests.length).toBe(callsBefore);
    expect(message.content).toMatch(/\(from cache, just now\)/u);
    expect(parseVideosCsv(text)).toHaveLength(60);
  });
});
