import { z } from 'zod';
import { discordErrors, fieldErrorTree, type FieldError } from './errors.js';

/**
 * The message payload Discord accepts on create/edit routes (only what the emulator reads is
 * typed; anything else is kept as sent). Wrong types answer 50035 like Discord does.
 */
const embedMedia = z.looseObject({ url: z.string() });
const embedSchema = z.looseObject({
  title: z.string().optional(),
  type: z.string().optional(),
  description: z.string().optional(),
  url: z.string().optional(),
  timestamp: z.string().optional(),
  color: z.number().int().optional(),
  footer: z.looseObject({ text: z.string(), icon_url: z.string().optional() }).optional(),
  image: embedMedia.optional(),
  thumbnail: embedMedia.optional(),
  author: z.looseObject({ name: z.string(), url: z.string().optional(), icon_url: z.string().optional() }).optional(),
  fields: z.array(z.looseObject({ name: z.string(), value: z.string(), inline: z.boolean().optional() })).optional(),
});

const attachmentRefSchema = z.looseObject({
  id: z.union([z.string(), z.number()]),
  // discord.js sends null for the fields a file does not set.
  filename: z.string().nullable().optional(),
  description: z.string().nullable().optional(),
  title: z.string().nullable().optional(),
});

export const messagePayloadSchema = z.looseObject({
  content: z.string().nullable().optional(),
  embeds: z.array(embedSchema).nullable().optional(),
  attachments: z.array(attachmentRefSchema).nullable().optional(),
  flags: z.number().int().nullable().optional(),
  components: z.array(z.unknown()).nullable().optional(),
  tts: z.boolean().optional(),
  sticker_ids: z.array(z.string()).optional(),
  poll: z.unknown().optional(),
  message_reference: z.unknown().optional(),
  allowed_mentions: z
    .looseObject({
      parse: z.array(z.enum(['users', 'roles', 'everyone'])).optional(),
      users: z.array(z.string()).max(100).optional(),
      roles: z.array(z.string()).max(100).optional(),
      replied_user: z.boolean().optional(),
    })
    .nullable()
    .optional(),
  // Discord: an integer or a string of at most 25 characters.
  nonce: z
    .union([z.number().int(), z.string().max(25)])
    .nullable()
    .optional(),
  enforce_nonce: z.boolean().nullable().optional(),
  thread_name: z.string().optional(),
});

export type MessagePayload = z.infer<typeof messagePayloadSchema>;
export type EmbedPayload = z.infer<typeof embedSchema>;

export const threadPayloadSchema = z.looseObject({
  name: z.string(),
  auto_archive_duration: z.number().int().optional(),
  rate_limit_per_user: z.number().int().optional(),
  type: z.number().int().optional(),
  invitable: z.boolean().optional(),
});

export type ThreadPayload = z.infer<typeof threadPayloadSchema>;

/** Parses a body with a schema, answering Discord's 50035 on the first bad field. */
export function parseWith<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = (issue?.path ?? []).map((key) => (typeof key === 'symbol' ? String(key) : key));
  throw discordErrors.invalidFormBody(
    fieldErrorTree(path, {
      code: issue?.code === 'invalid_type' ? 'BASE_TYPE_REQUIRED' : 'BASE_TYPE_INVALID',
      message: issue?.message ?? 'Invalid',
    }),
  );
}

/** Discord's documented message limits. */
export const LIMITS = {
  content: 2000,
  embeds: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  embedTotal: 6000,
  url: 2048,
  files: 10,
  threadName: 100,
} as const;

/** Discord counts characters as code points, not UTF-16 units. */
function length(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

function tooLong(max: number): FieldError {
  return { code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` };
}

/**
 * Enforces the limits of docs/DESIGN.md the way Discord does (400, code 50035, with the
 * failing field in `errors`), so an e2e test fails where a real Discord would refuse the message.
 */
export function checkMessageLimits(payload: MessagePayload, fileCount: number): void {
  const fail = (path: (string | number)[], error: FieldError): never => {
    throw discordErrors.invalidFormBody(fieldErrorTree(path, error));
  };
  if (payload.content && length(payload.content) > LIMITS.content) fail(['content'], tooLong(LIMITS.content));
  if (fileCount > LIMITS.files) fail(['files'], tooLong(LIMITS.files));
  const embeds = payload.embeds ?? [];
  if (embeds.length > LIMITS.embeds) fail(['embeds'], tooLong(LIMITS.embeds));
  let total = 0;
  for (const [index, embed] of embeds.entries()) {
    const at = (...rest: (string | number)[]): (string | number)[] => ['embeds', index, ...rest];
    const text = (value: string | undefined, max: number, path: (string | number)[]): void => {
      if (value === undefined) return;
      const size = length(value);
      total += size;
      if (size > max) fail(path, tooLong(max));
    };
    text(embed.title, LIMITS.title, at('title'));
    text(embed.description, LIMITS.description, at('description'));
    text(embed.footer?.text, LIMITS.footerText, at('footer', 'text'));
    text(embed.author?.name, LIMITS.authorName, at('author', 'name'));
    const fields = embed.fields ?? [];
    if (fields.length > LIMITS.fields) fail(at('fields'), tooLong(LIMITS.fields));
    for (const [fieldIndex, field] of fields.entries()) {
      if (field.name.length === 0)
        fail(at('fields', fieldIndex, 'name'), { code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
      if (field.value.length === 0)
        fail(at('fields', fieldIndex, 'value'), { code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
      text(field.name, LIMITS.fieldName, at('fields', fieldIndex, 'name'));
      text(field.value, LIMITS.fieldValue, at('fields', fieldIndex, 'value'));
    }
    checkUrl(embed.url, at('url'), false, fail);
    checkUrl(embed.image?.url, at('image', 'url'), true, fail);
    checkUrl(embed.thumbnail?.url, at('thumbnail', 'url'), true, fail);
    checkUrl(embed.author?.url, at('author', 'url'), false, fail);
    checkUrl(embed.author?.icon_url, at('author', 'icon_url'), true, fail);
    checkUrl(embed.footer?.icon_url, at('footer', 'icon_url'), true, fail);
  }
  if (total > LIMITS.embedTotal) {
    fail(['embeds'], {
      code: 'MAX_EMBED_SIZE_EXCEEDED',
      message: `Embed size exceeds maximum size of ${LIMITS.embedTotal}`,
    });
  }
}

function checkUrl(
  url: string | undefined,
  path: (string | number)[],
  attachmentAllowed: boolean,
  fail: (path: (string | number)[], error: FieldError) => never,
): void {
  if (url === undefined) return;
  if (url.length > LIMITS.url) fail(path, tooLong(LIMITS.url));
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  const allowed = attachmentAllowed ? ['http', 'https', 'attachment'] : ['http', 'https'];
  if (!scheme || !allowed.includes(scheme)) {
    fail(path, {
      code: 'URL_TYPE_INVALID_SCHEME',
      message: `Scheme "${scheme ?? ''}" is not supported. Scheme must be one of (${allowed.map((s) => `'${s}'`).join(', ')}).`,
    });
  }
}

/** Whether a create payload has anything to show (Discord: 50006 Cannot send an empty message). */
export function isEmptyMessage(payload: MessagePayload, fileCount: number): boolean {
  return (
    !payload.content &&
    (payload.embeds ?? []).length === 0 &&
    fileCount === 0 &&
    (payload.components ?? []).length === 0 &&
    (payload.sticker_ids ?? []).length === 0 &&
    payload.poll === undefined
  );
}

/**
 * Who a message pings, as Discord decides it: without allowed_mentions every
 * @everyone/@here and <@id> in the content counts; with it, only what `parse`
 * or the `users` list allows.
 */
export function resolveMentions(
  content: string,
  allowed: MessagePayload['allowed_mentions'],
): { everyone: boolean; userIds: string[] } {
  const parse = allowed === undefined || allowed === null ? ['users', 'roles', 'everyone'] : (allowed.parse ?? []);
  const listed = new Set(allowed?.users ?? []);
  const everyone = parse.includes('everyone') && /@(everyone|here)\b/u.test(content);
  const userIds = [...new Set([...content.matchAll(/<@!?(\d{17,20})>/gu)].map((m) => m[1]!))].filter(
    (id) => parse.includes('users') || listed.has(id),
  );
  return { everyone, userIds };
}
