import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import type { Compressor } from "../http/compression";

/** node:zlib on Bun: best ratio for kept copies, fast levels per response (brotli 4 ≈ gzip 6 in size, quicker). */
export const zlibCompressor: Compressor = (body, encoding, best) =>
  encoding === "br"
    ? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: best ? 11 : 4, [constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength } })
    : gzipSync(body, { level: best ? 9 : 6 });
