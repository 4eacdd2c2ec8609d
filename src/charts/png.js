/**
 * Just enough PNG parsing to tell a real PNG from anything else a chart
 * service might answer with (an HTML error page, JSON, a truncated body).
 */
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Signature (8) + IHDR length (4) + type (4) + width (4) + height (4). */
const MIN_PNG_HEADER_BYTES = 24;
/** True when the bytes start with the PNG signature followed by an IHDR chunk. */
export function isPng(bytes) {
    return pngSize(bytes) !== null;
}
/** Width and height from the IHDR chunk, or null when this is not a PNG. */
export function pngSize(bytes) {
    if (bytes.length < MIN_PNG_HEADER_BYTES)
        return null;
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (!buffer.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE))
        return null;
    // The first chunk of every PNG is IHDR, whose data starts with width and height.
    if (buffer.toString('latin1', 12, 16) !== 'IHDR')
        return null;
    const width = buffer.readUInt32BE(16);
    const height = buffer.readUInt32BE(20);
    if (width === 0 || height === 0)
        return null;
    return { width, height };
}
//# sourceMappingURL=png.js.map