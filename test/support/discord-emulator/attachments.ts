import { extname } from 'node:path';
import type { RecordedFile } from './types.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function isPng(data: Buffer): boolean {
  return data.length >= 8 && data.subarray(0, 8).equals(PNG_SIGNATURE);
}

const TYPES_BY_EXTENSION: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
};

/** Discord decides the content type itself (bytes, then file name), not from the upload header. */
export function sniffContentType(file: RecordedFile, filename: string): string {
  if (isPng(file.data)) return 'image/png';
  if (file.data.length >= 3 && file.data[0] === 0xff && file.data[1] === 0xd8 && file.data[2] === 0xff)
    return 'image/jpeg';
  if (file.data.subarray(0, 4).toString('latin1') === 'GIF8') return 'image/gif';
  return TYPES_BY_EXTENSION[extname(filename).toLowerCase()] ?? file.contentType;
}

/** Width and height from a PNG's IHDR chunk; Discord reports them for images. */
export function pngSize(data: Buffer): { width: number; height: number } | null {
  if (!isPng(data) || data.length < 24 || data.subarray(12, 16).toString('latin1') !== 'IHDR') return null;
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

/** The n of a `files[n]` form field (discord.js numbers uploads this way). */
export function uploadIndex(field: string): string | null {
  return /^files\[(\d+)\]$/.exec(field)?.[1] ?? null;
}
