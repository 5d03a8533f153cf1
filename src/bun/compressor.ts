import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import type { Compressor, Encoding } from "../http/compression";

/** node:zlib on Bun: best ratio for kept copies, fast levels per response (brotli 4 ≈ gzip 6 in size, quicker). */
export const zlibCompressor: Compressor = Object.assign(
  (body: Uint8Array, encoding: Encoding, best: boolean) =>
    encoding === "br"
      ? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: best ? 11 : 4, [constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength } })
      : gzipSync(body, { level: best ? 9 : 6 }),
  {
    // Bun's CompressionStream also speaks brotli; each chunk is compressed as it comes.
    stream: (encoding: Encoding) => new CompressionStream((encoding === "br" ? "brotli" : "gzip") as CompressionFormat) as TransformStream<Uint8Array, Uint8Array>,
  },
);
