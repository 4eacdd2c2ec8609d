import { isAscii } from 'node:buffer';
import { open, readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';

/**
 * The bytes of a file as text, chunk by chunk: UTF-8 with or without a byte
 * order mark, UTF-16 LE or BE with one or without (told from the 0x00 bytes
 * of its first characters, see utf16WithoutBom). Bytes that are not valid in the
 * encoding stop the read with a message (a silently garbled caption or id is
 * worse than a refusal).
 */

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be';

export class TextDecodingError extends Error {}

export interface TextChunks {
  encoding: TextEncodingName;
  /** The decoded text, BOM removed. */
  chunks: AsyncIterable<string> | Iterable<string>;
  /** The first decoded characters (up to 64 KB), to sniff the format and CSV delimiter. */
  head: string;
}

function encodingOf(first: Uint8Array): { encoding: TextEncodingName; bomLength: number } {
  if (first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (first[0] === 0xff && first[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (first[0] === 0xfe && first[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  return { encoding: utf16WithoutBom(first) ?? 'utf-8', bomLength: 0 };
}

/** The bytes looked at to tell UTF-16 without a byte order mark from UTF-8. */
const SNIFF_BYTES = 512;
/** 0x00 bytes that make UTF-16 (eight ASCII characters: any header or first record has them). */
const MIN_ZEROS = 8;

/**
 * UTF-16 saved without a byte order mark (Excel's "Unicode text" sometimes is): its ASCII
 * characters (a catalog's header, keys and digits) alternate with 0x00 bytes, the high byte
 * first in BE, second in LE. Text in UTF-8 has no 0x00 byte at all. So: the first bytes hold a
 * few 0x00 bytes, at least two thirds of them of one parity. Judged among the 0x00 bytes, not
 * among all bytes: captions in Chinese or Thai have none, and may fill most of the first bytes.
 * Not all of them: a character such as 一 (U+4E00) has a 0x00 low byte.
 */
function utf16WithoutBom(first: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const pairs = Math.floor(Math.min(first.length, SNIFF_BYTES) / 2);
  if (pairs === 0) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < pairs; i++) {
    if (first[2 * i] === 0) evenZeros++;
    if (first[2 * i + 1] === 0) oddZeros++;
  }
  if (oddZeros >= MIN_ZEROS && evenZeros * 2 <= oddZeros) return 'utf-16le';
  if (evenZeros >= MIN_ZEROS && oddZeros * 2 <= evenZeros) return 'utf-16be';
  return undefined;
}

const HEAD_BYTES = 64 * 1024;

/** Reads the start of `stream` to learn the encoding, then hands back the rest as text and (UTF-8) as bytes. */
export async function openText(stream: Readable): Promise<TextChunks> {
  const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const buffered: Buffer[] = [];
  let size = 0;
  let done = false;
  while (size < HEAD_BYTES) {
    const next = await iterator.next();
    if (next.done === true) {
      done = true;
      break;
    }
    buffered.push(next.value);
    size += next.value.length;
  }
  const firstBytes = Buffer.concat(buffered);
  const { encoding, bomLength } = encodingOf(firstBytes);
  const start = firstBytes.subarray(bomLength);
  const headDecoder = new TextDecoder(encoding);
  const head = headDecoder.decode(start, { stream: true });

  async function* rawBytes(): AsyncGenerator<Uint8Array> {
    if (start.length > 0) yield start;
    if (done) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done === true) return;
      yield next.value;
    }
  }

  async function* text(): AsyncGenerator<string> {
    const decoder = new TextDecoder(encoding, { fatal: true });
    let offset = 0;
    for await (const chunk of rawBytes()) {
      try {
        const decoded = decoder.decode(chunk, { stream: true });
        if (decoded !== '') yield decoded;
      } catch {
        throw new TextDecodingError(
          `the bytes after byte ${offset + bomLength} are not valid ${encoding.toUpperCase()}. Save the file as UTF-8 (or UTF-16 with a byte order mark) and try again.`,
        );
      }
      offset += chunk.length;
    }
    try {
      const rest = decoder.decode();
      if (rest !== '') yield rest;
    } catch {
      throw new TextDecodingError(`the file ends in the middle of a ${encoding.toUpperCase()} character.`);
    }
  }

  return {
    encoding,
    chunks: { [Symbol.asyncIterator]: text },
    head,
  };
}

/**
 * Bytes that are all ASCII read the same in UTF-8 as in Latin-1, and Latin-1 is a plain copy
 * (a 210 MB export: ~0.27 s against the UTF-8 decoder's ~0.45 s). A byte order mark is not
 * ASCII, so only BOM-less UTF-8 takes this way (0x00 is ASCII: BOM-less UTF-16 of ASCII text
 * would pass isAscii, hence the encoding check); anything else goes through the checking decoder.
 */
function decodeWhole(bytes: Buffer, encoding: TextEncodingName, bomLength: number): string {
  if (encoding === 'utf-8' && bomLength === 0 && isAscii(bytes)) return bytes.toString('latin1');
  return new TextDecoder(encoding, { fatal: true }).decode(bytes.subarray(bomLength));
}

/** The chunk size of the file stream (createReadStream's highWaterMark in file-source.ts). */
export const READ_CHUNK_BYTES = 1024 * 1024;

/**
 * A file's bytes in one buffer, asked for in one read (readFile asks for 512 KB at a time:
 * a 210 MB export read in ~0.41 s against ~0.55 s). A file of no stated size (a pipe, a
 * /proc file) is left to readFile, which reads to the end whatever the size.
 */
async function readAll(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    if (size === 0) return await readFile(handle);
    const bytes = Buffer.allocUnsafe(size);
    let filled = 0;
    while (filled < size) {
      const { bytesRead } = await handle.read(bytes, filled, size - filled, filled);
      if (bytesRead === 0) break; // the file was cut short while being read
      filled += bytesRead;
    }
    return bytes.subarray(0, filled);
  } finally {
    await handle.close();
  }
}

/**
 * A whole file as one string, decoded at once (several times faster than the
 * chunk-by-chunk decoder), by the same rules as openText. On bytes that are
 * not valid text, the file is decoded again in the stream's chunks, only so
 * the message names the same position openText's would.
 */
export async function readWholeText(path: string): Promise<TextChunks & { text: string }> {
  const bytes = await readAll(path);
  const { encoding, bomLength } = encodingOf(bytes);
  let text: string;
  try {
    text = decodeWhole(bytes, encoding, bomLength);
  } catch {
    const pieces: Buffer[] = [];
    for (let at = 0; at < bytes.length; at += READ_CHUNK_BYTES) pieces.push(bytes.subarray(at, at + READ_CHUNK_BYTES));
    const located = await openText(Readable.from(pieces));
    for await (const chunk of located.chunks) void chunk; // throws the TextDecodingError at its position
    throw new TextDecodingError(`the file is not valid ${encoding.toUpperCase()}.`);
  }
  return { encoding, text, head: text.slice(0, HEAD_BYTES), chunks: [text] };
}
