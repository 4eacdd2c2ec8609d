import type { IncomingMessage } from 'node:http';
import { discordErrors } from './errors.js';
import type { RecordedFile } from './types.js';

export interface ParsedBody {
  /** JSON body, or the parsed payload_json of a multipart body. */
  readonly body: unknown;
  readonly multipart: boolean;
  readonly files: RecordedFile[];
}

export async function readRawBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

/**
 * Parses a request body the way Discord does: JSON, or multipart/form-data carrying
 * `payload_json` and file parts (`files[n]`). Multipart goes through the WHATWG FormData parser
 * built into Node (undici), so boundaries, quoting and binary bytes are handled by a real parser.
 */
export async function parseBody(raw: Buffer, contentType: string | undefined): Promise<ParsedBody> {
  if (raw.length === 0) return { body: undefined, multipart: false, files: [] };
  const type = (contentType ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) return parseMultipart(raw, contentType ?? '');
  if (type.startsWith('application/json'))
    return { body: parseJson(raw.toString('utf8')), multipart: false, files: [] };
  // Discord rejects bodies it cannot read; keep the text so a test can see what was sent.
  throw discordErrors.invalidJson();
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw discordErrors.invalidJson();
  }
}

async function parseMultipart(raw: Buffer, contentType: string): Promise<ParsedBody> {
  let form: FormData;
  try {
    form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw discordErrors.invalidJson();
  }
  const files: RecordedFile[] = [];
  let body: unknown = undefined;
  for (const [field, value] of form.entries()) {
    if (typeof value === 'string') {
      if (field === 'payload_json') body = parseJson(value);
      continue;
    }
    files.push({
      field,
      name: value.name,
      contentType: value.type || 'application/octet-stream',
      data: Buffer.from(await value.arrayBuffer()),
    });
  }
  return { body, multipart: true, files };
}
