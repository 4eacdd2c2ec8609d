import type { APIEmbed } from 'discord.js';
import { fitEmbeds } from './discord-limits.js';
import { formatInteger, plural } from './format.js';
import { HOW_TO_READ } from './summary.js';

/** What the help needs to state real costs: the bot's own settings, and how calls follow from videos. */
export interface HelpFacts {
  /** MAX_VIDEOS: what analyze fetches by default. */
  defaultMaxVideos: number;
  /** Calls (= credits) a fetch of `videos` videos takes at most. */
  callsFor: (videos: number) => number;
  cacheMinutes: number;
  cooldownSeconds: number;
  locale: string;
}

/**
 * /retention help: what each command does and costs, what the numbers mean
 * (the same "How to read this" text every report carries) and the limits.
 */
export function helpEmbeds(facts: HelpFacts): APIEmbed[] {
  const { locale } = facts;
  const calls = (videos: number) => plural(facts.callsFor(videos), 'call', 'calls', locale);
  const cost =
    `A fetch costs 1 call for the profile plus 1 per 30 videos, 1 credit a call: ` +
    `${formatInteger(facts.defaultMaxVideos, locale)} videos (the default) = ${calls(facts.defaultMaxVideos)}, ` +
    `100 videos = ${calls(100)}. A catalog fetched in the last ${plural(facts.cacheMinutes, 'minute', 'minutes', locale)} ` +
    'is served from the cache for free, and requests for the same account at the same time share one fetch.';
  const commands = [
    `**/retention analyze** \`username\` [\`max_videos\`] [\`min_age_days\`] [\`timezone\`]: top vs bottom quarter of the catalog on every dimension, findings and charts. Costs one fetch` +
      (facts.cooldownSeconds > 0
        ? `; one per member every ${plural(facts.cooldownSeconds, 'second', 'seconds', locale)}.`
        : '.'),
    '**/retention export** `username`: the per-video table as CSV. Costs one fetch (free from the cache).',
    '**/retention compare** `usernames`: two to five accounts side by side. One fetch per account; above the server\u2019s threshold it asks first.',
    '**/retention subscribe** `username` [`channel`] [`day`] [`time`] [`timezone`] (Manage Server): a weekly report of what changed. A first fetch now, then one fetch a week per account (shared by every channel following it).',
    '**/retention unsubscribe**, **/retention subscriptions**, **/retention history**: free (stored data only).',
    '**/retention settings** (changing needs Manage Server): the server\u2019s default time zone and `min_age_days`, its monthly credit budget and compare\u2019s confirmation threshold. Free.',
    '**/retention usage**: calls and credits this server used this month, its budget and the credits left. Free.',
  ].join('\n');
  const numbers = [
    '**Engagement rate**: (likes + comments + shares) \u00f7 plays, per video. **Share rate**: shares \u00f7 plays. **Comment rate**: comments \u00f7 plays.',
    '**Quartiles**: the videos are ranked by engagement rate; the top quarter is at or above the 75th percentile (Q3), the bottom quarter at or below the 25th (Q1); the median is the middle.',
    '**Beyond chance**: a two-sided Mann\u2013Whitney rank test of a group (a hashtag, a weekday, a duration...) against the rest, with the Benjamini\u2013Hochberg correction for how many groups were tested (5% false discoveries). Differences that do not pass are shown as hints, not findings.',
  ].join('\n');
  const limits = [
    HOW_TO_READ,
    'Counters are public and change while a video is young: `min_age_days` leaves out videos still gathering plays. Posting days and hours are read in the time zone you choose (default: the server\u2019s); a post date without a time of day counts for its own weekday, not for any hour.',
    'A server\u2019s budget counts credits per calendar month (UTC); a request that could pass it is refused before any call.',
  ].join('\n');
  return fitEmbeds([
    {
      title: 'TikTok retention bot: help',
      description: `${commands}\n\n${cost}`,
      fields: [
        { name: 'What the numbers mean', value: numbers },
        { name: 'Limits', value: limits },
      ],
    },
  ]);
}
