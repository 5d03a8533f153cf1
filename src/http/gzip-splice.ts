/*
 * A gzip answer put together from pieces compressed apart (ADR 080). A signed-in shopper's catalog
 * page is a cached page with their name, cart count and bell between its pieces: compressing all
 * of it per request cost more than everything else the page does. Each kept piece is raw deflate
 * ending in a full flush (byte-aligned, nothing refers back past it), compressed once per cached
 * copy; the shopper's few bytes go between them as stored blocks; an empty final block and gzip's
 * header and trailer (CRC-32 and length of the whole) make one valid stream (RFC 1951, 1952).
 */
import { joinBytes } from "./bytes";

/** What the runtime's codec lends for splicing: raw deflate ending in a full flush, and CRC-32. */
export type Splicer = {
  deflatePiece(bytes: Uint8Array): Uint8Array;
  crc32(bytes: Uint8Array, previous?: number): number;
};

const HEADER = Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff);
/** A final, fixed-Huffman block holding only its end (BFINAL 1, BTYPE 01, code 256). */
const LAST_BLOCK = Uint8Array.of(0x03, 0x00);
const STORED_MAX = 0xffff;

/** `bytes` as stored (uncompressed) deflate blocks, none final. */
function storedBlocks(bytes: Uint8Array): Uint8Array[] {
  const blocks: Uint8Array[] = [];
  for (let at = 0; at < bytes.byteLength; at += STORED_MAX) {
    const part = bytes.subarray(at, at + STORED_MAX);
    const n = part.byteLength;
    blocks.push(Uint8Array.of(0, n & 0xff, n >>> 8, ~n & 0xff, (~n >>> 8) & 0xff), part);
  }
  return blocks;
}

/**
 * The gzip stream of pieces[0] + values[0] + pieces[1] + ... : `pieces` as they are, `deflated`
 * the same pieces through `deflatePiece` (kept by the caller), `values` the bytes between them.
 */
export function splicedGzip(splicer: Splicer, pieces: Uint8Array[], deflated: Uint8Array[], values: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const parts: Uint8Array[] = [HEADER];
  let crc = 0;
  let length = 0;
  for (let i = 0; i < pieces.length; i++) {
    crc = splicer.crc32(pieces[i]!, crc);
    length += pieces[i]!.byteLength;
    parts.push(deflated[i]!);
    const value = values[i];
    if (i < pieces.length - 1 && value && value.byteLength > 0) {
      crc = splicer.crc32(value, crc);
      length += value.byteLength;
      parts.push(...storedBlocks(value));
    }
  }
  const trailer = new Uint8Array(8);
  const view = new DataView(trailer.buffer);
  view.setUint32(0, crc >>> 0, true);
  view.setUint32(4, length >>> 0, true);
  parts.push(LAST_BLOCK, trailer);
  return joinBytes(parts);
}
