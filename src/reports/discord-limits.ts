import type { APIEmbed, APIEmbedField } from 'discord.js';
import { truncateText } from './format.js';

/**
 * The one place that knows Discord's message limits. Every payload the bot
 * sends goes through `fitMessage` / `fitEmbeds`, which shorten gracefully
 * (ellipsis, dropped trailing fields, a "(truncated)" note) instead of letting
 * Discord answer 400 and the user see nothing.
 *
 * Lengths are counted in UTF-16 code units (JavaScript's `.length`). Discord
 * documents "characters"; counting code units is never less than counting code
 * points, so a payload that fits here fits there too, emoji included.
 */
export const DISCORD_LIMITS = {
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  /** Sum of title, description, field names and values, footer and author name over all embeds of a message. */
  embedsTotal: 6000,
  embedsPerMessage: 10,
  content: 2000,
  threadName: 100,
  /** A component's custom_id (buttons, select menus). */
  customId: 100,
  /** Discord refuses image URLs much longer than this; charts go as attachments instead. */
  url: 2048,
  /** An autocomplete answer: at most 25 choices, each name and (string) value 1-100 characters. */
  autocompleteChoices: 25,
  choiceName: 100,
  choiceValue: 100,
} as const;

/** One autocomplete choice as Discord takes it. */
export interface AutocompleteChoice {
  name: string;
  value: string;
}

/**
 * Choices Discord accepts: the first 25, names cut to 100 characters, and
 * choices whose value is empty or too long dropped (a cut value would pick
 * something else than what the name shows).
 */
export function fitAutocompleteChoices(choices: readonly AutocompleteChoice[]): AutocompleteChoice[] {
  const L = DISCORD_LIMITS;
  return choices
    .filter((c) => c.value.length >= 1 && c.value.length <= L.choiceValue && c.name.trim() !== '')
    .slice(0, L.autocompleteChoices)
    .map((c) => ({ name: truncateText(c.name, L.choiceName, { unit: 'utf16' }), value: c.value }));
}

/** Appended to the last embed's footer when something had to be left out. */
export const TRUNCATION_NOTE = '(truncated)';

/** Discord rejects empty field names/values; a zero-width space renders as blank. */
const BLANK = '\u200b';

/** The characters of one embed that count toward the 6000 total. */
function embedLength(embed: APIEmbed): number {
  let total = (embed.title?.length ?? 0) + (embed.description?.length ?? 0);
  total += (embed.footer?.text.length ?? 0) + (embed.author?.name.length ?? 0);
  for (const field of embed.fields ?? []) total += field.name.length + field.value.length;
  return total;
}

export function embedsLength(embeds: readonly APIEmbed[]): number {
  return embeds.reduce((sum, embed) => sum + embedLength(embed), 0);
}

/** Every way a payload breaks Discord's limits, in words; empty when it fits. */
export function findLimitViolations(payload: { content?: string | null; embeds?: readonly APIEmbed[] }): string[] {
  const problems: string[] = [];
  const L = DISCORD_LIMITS;
  if ((payload.content?.length ?? 0) > L.content) problems.push(`content is ${payload.content?.length} > ${L.content}`);
  const embeds = payload.embeds ?? [];
  if (embeds.length > L.embedsPerMessage) problems.push(`${embeds.length} embeds > ${L.embedsPerMessage}`);
  embeds.forEach((embed, i) => {
    const at = `embed ${i}`;
    const check = (what: string, value: string | undefined, max: number) => {
      if (value !== undefined && value.length > max) problems.push(`${at} ${what} is ${value.length} > ${max}`);
    };
    check('title', embed.title, L.title);
    check('description', embed.description, L.description);
    check('footer', embed.footer?.text, L.footerText);
    check('author name', embed.author?.name, L.authorName);
    for (const [what, url] of urlsOf(embed)) check(what, url, L.url);
    const fields = embed.fields ?? [];
    if (fields.length > L.fields) problems.push(`${at} has ${fields.length} fields > ${L.fields}`);
    fields.forEach((field, j) => {
      check(`field ${j} name`, field.name, L.fieldName);
      check(`field ${j} value`, field.value, L.fieldValue);
      if (field.name.length === 0) problems.push(`${at} field ${j} name is empty`);
      if (field.value.length === 0) problems.push(`${at} field ${j} value is empty`);
    });
  });
  const total = embedsLength(embeds);
  if (total > L.embedsTotal) problems.push(`embeds total ${total} > ${L.embedsTotal}`);
  return problems;
}

/**
 * Embeds made to fit every limit: each text cut to its own limit, at most 25
 * fields and 10 embeds, and the 6000-character total kept by dropping trailing
 * fields first (then shortening descriptions, then the rest). Whenever content
 * is left out, the last embed's footer says "(truncated)". The input is not
 * modified.
 */
export function fitEmbeds(embeds: readonly APIEmbed[]): APIEmbed[] {
  let dropped = embeds.length > DISCORD_LIMITS.embedsPerMessage;
  const fitted = embeds.slice(0, DISCORD_LIMITS.embedsPerMessage).map((embed) => {
    const result = fitOneEmbed(embed);
    if (result.dropped) dropped = true;
    return result.embed;
  });
  if (fitted.length === 0) return fitted;
  if (!dropped && embedsLength(fitted) <= DISCORD_LIMITS.embedsTotal) return fitted;
  const last = fitted[fitted.length - 1] as APIEmbed;
  addTruncationNote(last);
  shrinkToTotal(fitted, DISCORD_LIMITS.embedsTotal);
  return fitted;
}

/** A message payload (content + embeds, anything else passed through) made to fit Discord's limits. */
export function fitMessage<T extends { content?: string | null; embeds?: readonly APIEmbed[] }>(payload: T): T {
  const fitted: T = { ...payload };
  if (typeof payload.content === 'string') {
    fitted.content = truncateText(payload.content, DISCORD_LIMITS.content, { unit: 'utf16' });
  }
  if (payload.embeds !== undefined) fitted.embeds = fitEmbeds(payload.embeds);
  return fitted;
}

/**
 * Text cut to `max` UTF-16 units with an ellipsis. When the cut falls inside a
 * fenced code block, the block is cut at a line boundary and closed again, so
 * a table never spills out as broken markdown.
 */
export function truncateForDiscord(text: string, max: number): string {
  if (text.length <= max) return text;
  const plain = truncateText(text, max, { unit: 'utf16' });
  if (countFences(plain) % 2 === 0) return plain;
  const closing = '\n…\n```';
  const head = text.slice(0, Math.max(0, max - closing.length));
  const opening = head.lastIndexOf('```');
  const lineEnd = head.lastIndexOf('\n');
  // Keep whole table rows when at least one row of the block fits.
  const openingLineEnd = head.indexOf('\n', opening);
  if (openingLineEnd !== -1 && lineEnd > openingLineEnd) return `${head.slice(0, lineEnd)}${closing}`;
  // Not even one row fits: leave the block out.
  return truncateText(`${text.slice(0, opening).trimEnd()}…`, max, { unit: 'utf16' });
}

function countFences(text: string): number {
  return text.split('```').length - 1;
}

// ---------------------------------------------------------------------------

function fitOneEmbed(embed: APIEmbed): { embed: APIEmbed; dropped: boolean } {
  const L = DISCORD_LIMITS;
  let dropped = false;
  const out: APIEmbed = { ...embed };
  if (out.title !== undefined) out.title = truncateForDiscord(out.title, L.title);
  if (out.description !== undefined) out.description = truncateForDiscord(out.description, L.description);
  if (out.footer !== undefined) out.footer = { ...out.footer, text: truncateForDiscord(out.footer.text, L.footerText) };
  if (out.author !== undefined) out.author = { ...out.author, name: truncateForDiscord(out.author.name, L.authorName) };
  if (out.url !== undefined && out.url.length > L.url) {
    delete out.url;
    dropped = true;
  }
  if (out.image !== undefined && out.image.url.length > L.url) {
    delete out.image;
    dropped = true;
  }
  if (out.thumbnail !== undefined && out.thumbnail.url.length > L.url) {
    delete out.thumbnail;
    dropped = true;
  }
  if (out.fields !== undefined) {
    if (out.fields.length > L.fields) dropped = true;
    out.fields = out.fields.slice(0, L.fields).map(fitField);
  }
  return { embed: out, dropped };
}

function fitField(field: APIEmbedField): APIEmbedField {
  const name = truncateForDiscord(field.name, DISCORD_LIMITS.fieldName);
  const value = truncateForDiscord(field.value, DISCORD_LIMITS.fieldValue);
  return { ...field, name: name.length > 0 ? name : BLANK, value: value.length > 0 ? value : BLANK };
}

function addTruncationNote(embed: APIEmbed): void {
  const suffix = ` · ${TRUNCATION_NOTE}`;
  const text = embed.footer?.text;
  if (text === undefined || text.length === 0 || text === BLANK) {
    embed.footer = { ...embed.footer, text: TRUNCATION_NOTE };
    return;
  }
  if (text.endsWith(TRUNCATION_NOTE)) return;
  embed.footer = {
    ...embed.footer,
    text: `${truncateForDiscord(text, DISCORD_LIMITS.footerText - suffix.length)}${suffix}`,
  };
}

/**
 * Brings the total under `budget`, least important content first: trailing
 * fields (last embed first), then descriptions, then footers, author names and
 * titles. The last footer keeps its "(truncated)" note to the end.
 */
function shrinkToTotal(embeds: APIEmbed[], budget: number): void {
  const excess = () => embedsLength(embeds) - budget;
  for (let i = embeds.length - 1; i >= 0 && excess() > 0; i--) {
    const fields = embeds[i]?.fields;
    while (fields !== undefined && fields.length > 0 && excess() > 0) fields.pop();
  }
  for (const embed of embeds) if (embed.fields?.length === 0) delete embed.fields;

  // Each slot can shorten one text; `clear` removes it where Discord allows that.
  type Slot = { get: () => string | undefined; set: (text: string) => void; clear: () => void };
  const slots: Slot[] = [];
  for (let i = embeds.length - 1; i >= 0; i--) {
    const embed = embeds[i] as APIEmbed;
    slots.push({
      get: () => embed.description,
      set: (t) => (embed.description = t),
      clear: () => delete embed.description,
    });
  }
  const footerSlot = (embed: APIEmbed): Slot => ({
    get: () => embed.footer?.text,
    set: (t) => (embed.footer = { ...embed.footer, text: t }),
    clear: () => delete embed.footer,
  });
  for (let i = embeds.length - 1; i >= 0; i--) {
    const embed = embeds[i] as APIEmbed;
    if (i !== embeds.length - 1) slots.push(footerSlot(embed));
    slots.push({
      get: () => embed.author?.name,
      set: (t) => (embed.author = { ...embed.author, name: t }),
      clear: () => delete embed.author,
    });
    slots.push({ get: () => embed.title, set: (t) => (embed.title = t), clear: () => delete embed.title });
  }
  slots.push(footerSlot(embeds[embeds.length - 1] as APIEmbed));

  for (const slot of slots) {
    const over = excess();
    if (over <= 0) return;
    const text = slot.get();
    if (text === undefined || text.length === 0) continue;
    const target = text.length - over;
    if (target <= 1) slot.clear();
    else slot.set(truncateForDiscord(text, target));
  }
}

function urlsOf(embed: APIEmbed): [string, string | undefined][] {
  return [
    ['url', embed.url],
    ['image url', embed.image?.url],
    ['thumbnail url', embed.thumbnail?.url],
  ];
}
