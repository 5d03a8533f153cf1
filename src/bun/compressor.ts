import { Duplex } from "node:stream";
import { brotliCompressSync, constants, crc32, createBrotliCompress, createGzip, deflateRawSync, gzipSync } from "node:zlib";
import type { Compressor, Encoding, Keeping } from "../http/compression";

/**
 * brotli's quality and gzip's level by how long the copy is kept (ADR 079). brotli 10 and 11 cost
 * 20-80 times what 4-9 do for about 15 % fewer bytes: worth it once per release for a static file,
 * never for a cached page that the next catalog write drops. Between 5 and 9 sizes barely differ.
 * An answer compressed for one response (a signed-in shopper's page, the API) gets brotli 1: a
 * quarter of brotli 4's CPU for about 15 % more bytes.
 */
const LEVELS: Record<Keeping, Record<Encoding, number>> = {
  response: { br: 1, gzip: 6 },
  catalog: { br: 5, gzip: 6 },
  release: { br: 11, gzip: 9 },
};

/** node:zlib on Bun. */
export const zlibCompressor: Compressor = Object.assign(
  (body: Uint8Array, encoding: Encoding, keeping: Keeping) =>
    encoding === "br"
      ? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: LEVELS[keeping].br, [constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength } })
      : gzipSync(body, { level: LEVELS[keeping].gzip }),
  {
    splice: {
      deflatePiece: (bytes: Uint8Array) => deflateRawSync(bytes, { level: LEVELS.catalog.gzip, finishFlush: constants.Z_FULL_FLUSH }),
      crc32: (bytes: Uint8Array, previous?: number) => crc32(bytes, previous),
    },
    // A body sent as it is produced (a CSV download): at the response's level, each chunk flushed as
    // it comes. Bun's CompressionStream("brotli") ran at quality 11 and held the whole body to its
    // end: a 49 MB export took 87 s to download, its brotli in one go on the only thread (ADR 088).
    stream: (encoding: Encoding) =>
      Duplex.toWeb(
        encoding === "br"
          ? createBrotliCompress({ flush: constants.BROTLI_OPERATION_FLUSH, params: { [constants.BROTLI_PARAM_QUALITY]: LEVELS.response.br } })
          : createGzip({ flush: constants.Z_SYNC_FLUSH, level: LEVELS.response.gzip }),
      ) as unknown as TransformStream<Uint8Array, Uint8Array>,
  },
);
