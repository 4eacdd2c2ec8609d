import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
export class TextDecodingError extends Error {
}
function encodingOf(first) {
    if (first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf)
        return { encoding: 'utf-8', bomLength: 3 };
    if (first[0] === 0xff && first[1] === 0xfe)
        return { encoding: 'utf-16le', bomLength: 2 };
    if (first[0] === 0xfe && first[1] === 0xff)
        return { encoding: 'utf-16be', bomLength: 2 };
    return { encoding: 'utf-8', bomLength: 0 };
}
const HEAD_BYTES = 64 * 1024;
/** Reads the start of `stream` to learn the encoding, then hands back the rest as text and (UTF-8) as bytes. */
export async function openText(stream) {
    const iterator = stream[Symbol.asyncIterator]();
    const buffered = [];
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
    async function* rawBytes() {
        if (start.length > 0)
            yield start;
        if (done)
            return;
        for (;;) {
            const next = await iterator.next();
            if (next.done === true)
                return;
            yield next.value;
        }
    }
    async function* text() {
        const decoder = new TextDecoder(encoding, { fatal: true });
        let offset = 0;
        for await (const chunk of rawBytes()) {
            try {
                const decoded = decoder.decode(chunk, { stream: true });
                if (decoded !== '')
                    yield decoded;
            }
            catch {
                throw new TextDecodingError(`the bytes after byte ${offset + bomLength} are not valid ${encoding.toUpperCase()}. Save the file as UTF-8 (or UTF-16 with a byte order mark) and try again.`);
            }
            offset += chunk.length;
        }
        try {
            const rest = decoder.decode();
            if (rest !== '')
                yield rest;
        }
        catch {
            throw new TextDecodingError(`the file ends in the middle of a ${encoding.toUpperCase()} character.`);
        }
    }
    return {
        encoding,
        chunks: { [Symbol.asyncIterator]: text },
        head,
    };
}
/** The chunk size of the file stream (createReadStream's highWaterMark in file-source.ts). */
export const READ_CHUNK_BYTES = 1024 * 1024;
/**
 * A whole file as one string, decoded at once (several times faster than the
 * chunk-by-chunk decoder), by the same rules as openText. On bytes that are
 * not valid text, the file is decoded again in the stream's chunks, only so
 * the message names the same position openText's would.
 */
export async function readWholeText(path) {
    const bytes = await readFile(path);
    const { encoding, bomLength } = encodingOf(bytes);
    let text;
    try {
        text = new TextDecoder(encoding, { fatal: true }).decode(bytes.subarray(bomLength));
    }
    catch {
        const pieces = [];
        for (let at = 0; at < bytes.length; at += READ_CHUNK_BYTES)
            pieces.push(bytes.subarray(at, at + READ_CHUNK_BYTES));
        const located = await openText(Readable.from(pieces));
        for await (const chunk of located.chunks)
            void chunk; // throws the TextDecodingError at its position
        throw new TextDecodingError(`the file is not valid ${encoding.toUpperCase()}.`);
    }
    return { encoding, text, head: text.slice(0, HEAD_BYTES), chunks: [text] };
}
//# sourceMappingURL=text-stream.js.map