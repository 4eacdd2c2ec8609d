import type { APIEmbed } from 'discord.js';
import type { RecordedRequest, StoredAttachment } from '../../support/discord-emulator.js';

/**
 * Reading what the bot sent to Discord out of the emulator's request log:
 * which requests carry a message, which one is the final report, and whether
 * an attachment is a real PNG.
 */

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export const INTERACTION_CALLBACK_ROUTE = '/interactions/:interactionId/:interactionToken/callback';
export const WEBHOOK_ROUTE = '/webhooks/:webhookId/:webhookToken';
export const WEBHOOK_MESSAGE_ROUTE = '/webhooks/:webhookId/:webhookToken/messages/:messageId';
const CHANNEL_MESSAGE_ROUTES = new Set(['/channels/:channelId/messages', '/channels/:channelId/messages/:messageId']);

/** The message part of a request body (content, embeds, flags), as Discord reads it. */
export interface MessagePayload {
  content?: string | null;
  embeds?: APIEmbed[];
  flags?: number;
  attachments?: { id: string | number; filename?: string }[];
}

/** A request that creates or edits a message, with the message it carries. */
export interface SentMessage {
  request: RecordedRequest;
  payload: MessagePayload;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Every message payload in the given requests: interaction callbacks (their
 * `data`), webhook followups and edits, channel messages and their edits.
 */
export function sentMessages(requests: readonly RecordedRequest[]): SentMessage[] {
  const sent: SentMessage[] = [];
  for (const request of requests) {
    if (request.method !== 'POST' && request.method !== 'PATCH') continue;
    if (!isObject(request.body)) continue;
    if (request.route === INTERACTION_CALLBACK_ROUTE) {
      const data = request.body.data;
      if (isObject(data)) sent.push({ request, payload: data });
    } else if (
      request.route === WEBHOOK_ROUTE ||
      request.route === WEBHOOK_MESSAGE_ROUTE ||
      CHANNEL_MESSAGE_ROUTES.has(request.route ?? '')
    ) {
      sent.push({ request, payload: request.body });
    }
  }
  return sent;
}

/** Edits of the interaction's @original message, in order (429s included). */
export function originalEdits(requests: readonly RecordedRequest[]): RecordedRequest[] {
  return requests.filter(
    (r) => r.method === 'PATCH' && r.route === WEBHOOK_MESSAGE_ROUTE && r.params['messageId'] === '@original',
  );
}

/** An edit that carries embeds: the report replacing the status line. */
export function isReportEdit(request: Pick<RecordedRequest, 'method' | 'route' | 'body'>): boolean {
  if (request.method !== 'PATCH' || request.route !== WEBHOOK_MESSAGE_ROUTE || !isObject(request.body)) return false;
  const embeds = request.body.embeds;
  return Array.isArray(embeds) && embeds.length > 0;
}

export function payloadOf(request: RecordedRequest): MessagePayload {
  if (!isObject(request.body)) throw new Error(`request #${request.seq} has no JSON body`);
  return request.body;
}

export function hasPngSignature(bytes: Buffer): boolean {
  return bytes.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE);
}

export function attachmentNamed(attachments: readonly StoredAttachment[], name: string): StoredAttachment {
  const found = attachments.find((a) => a.filename === name);
  if (!found)
    throw new Error(`no attachment ${name}; attachments: ${attachments.map((a) => a.filename).join(', ') || 'none'}`);
  return found;
}
