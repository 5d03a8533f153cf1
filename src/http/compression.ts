import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "./env";
import type { Splicer } from "./gzip-splice";

/*
 * Compressed answers (ADR 024): brotli or gzip, as the browser accepts, for HTML, JSON, CSS, JS,
 * SVG and CSV. The runtime brings the codec (the Bun server passes node:zlib's; on Workers the edge
 * compresses), so the app itself needs none. What the catalog caches (whole anonymous pages, static
 * files) is compressed once per cached copy and kept beside it: the hot path sends bytes it already
 * has. Everything else is compressed per response, at a fast level. The best ratio is kept for
 * static files, paid once per release (ADR 079).
 */

export type Encoding = "br" | "gzip";

/**
 * How long a compressed copy lives, which decides how much CPU it is worth: `response` is sent once;
 * `catalog` is a cached page, dropped when the shelf version moves (ADR 081);
 * `release` is a static file, kept until the process ends.
 */
export type Keeping = "response" | "catalog" | "release";

/** The runtime's codec, at a level for how long the copy is kept; `stream` for a body sent as it is produced. */
export type Compressor = ((body: Uint8Array, encoding: Encoding, keeping: Keeping) => Uint8Array) & {
  /** Lends raw deflate and CRC-32 for gzip answers put together from kept pieces (gzip-splice.ts). */
  splice?: Splicer;
  stream?: (encoding: Encoding) => TransformStream<Uint8Array, Uint8Array>;
};

/**
 * Marks the answer's body as sent while it is produced (a CSV read a page at a time): it is
 * compressed as a stream, or not at all, never read whole into memory first.
 */
export const streamedBody = (c: Context) => c.set("streamedBody" as never, true as never);

const COMPRESSIBLE = /^(text\/|application\/(json|problem\+json|javascript|xml)|image\/svg\+xml)/;
/** Below this, compressing saves less than it costs. */
const MIN_BYTES = 1024;
const encoder = new TextEncoder();

/** brotli if the request accepts it, else gzip, else null (q=0 refuses). */
export function acceptedEncoding(header: string | undefined): Encoding | null {
  if (acceptsEncoding(header, "br")) return "br";
  if (acceptsEncoding(header, "gzip")) return "gzip";
  return null;
}

/** An Accept-Encoding entry naming the encoding with no q, or a q above 0. */
const acceptance = (name: Encoding) => new RegExp(`(^|,)\\s*${name}\\s*(;\\s*q=(?!0(\\.0*)?\\s*(,|$))[\\d.]+)?\\s*(,|$)`, "i");
const ACCEPTS: Record<Encoding, RegExp> = { br: acceptance("br"), gzip: acceptance("gzip") };

/** Whether the request accepts this encoding (q=0 refuses). */
export function acceptsEncoding(header: string | undefined, name: Encoding): boolean {
  return header ? ACCEPTS[name].test(header) : false;
}

const kept = new WeakMap<object, Partial<Record<Encoding, Uint8Array>>>();

/**
 * `text` compressed once for the object that holds it (a cache entry), at the level its keeping is
 * worth: later calls with the same holder get the same bytes. Null when the request takes no
 * compression or there is no codec.
 */
export function compressedCopy(c: Context<AppEnv>, holder: object, text: string, keeping: Exclude<Keeping, "response">): { encoding: Encoding; bytes: Uint8Array } | null {
  const compress = c.get("compressor");
  const encoding = compress ? acceptedEncoding(c.req.header("accept-encoding")) : null;
  if (!compress || !encoding || text.length < MIN_BYTES) return null;
  let copies = kept.get(holder);
  if (!copies) kept.set(holder, (copies = {}));
  const bytes = (copies[encoding] ??= compress(encoder.encode(text), encoding, keeping));
  return { encoding, bytes };
}

/** Sends a compressed copy with its headers (the caller has set the others). */
export function sendCompressed(c: Context<AppEnv>, copy: { encoding: Encoding; bytes: Uint8Array }, contentType: string) {
  c.header("Content-Encoding", copy.encoding);
  c.header("Content-Type", contentType);
  c.header("Vary", varyWithEncoding(c.res.headers.get("vary")));
  return c.body(copy.bytes as Uint8Array<ArrayBuffer>);
}

function varyWithEncoding(vary: string | null): string {
  if (!vary) return "Accept-Encoding";
  return /accept-encoding/i.test(vary) ? vary : `${vary}, Accept-Encoding`;
}

/** Compresses what the routes answered, unless already encoded, small, not text, or a stream (SSE). */
export function compressResponses(compress: Compressor): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set("compressor", compress);
    await next();
    const encoding = acceptedEncoding(c.req.header("accept-encoding"));
    const res = c.res;
    if (!encoding || c.req.method === "HEAD" || !res.body || res.headers.has("content-encoding")) return;
    const type = res.headers.get("content-type") ?? "";
    if (!COMPRESSIBLE.test(type) || type.startsWith("text/event-stream") || /no-transform/i.test(res.headers.get("cache-control") ?? "")) return;
    const length = Number(res.headers.get("content-length") ?? NaN);
    if (length < MIN_BYTES) return;
    const streamed = Boolean(c.get("streamedBody" as never));
    if (streamed && !compress.stream) return;
    const headers = new Headers(res.headers);
    headers.set("Vary", varyWithEncoding(headers.get("vary")));
    // Hono copies the previous answer's headers onto a new one; these headers are already complete.
    c.res = undefined;
    let compressed: ReadableStream<Uint8Array> | Uint8Array<ArrayBuffer>;
    if (streamed) {
      compressed = res.body.pipeThrough(compress.stream!(encoding));
    } else {
      const body = new Uint8Array(await res.arrayBuffer());
      if (body.byteLength < MIN_BYTES) {
        c.res = new Response(body, { status: res.status, statusText: res.statusText, headers });
        return;
      }
      compressed = compress(body, encoding, "response") as Uint8Array<ArrayBuffer>;
    }
    headers.set("Content-Encoding", encoding);
    headers.delete("Content-Length");
    // A strong validator names these exact bytes; the compressed ones are others (RFC 9110 8.8.3).
    const etag = headers.get("etag");
    if (etag && !etag.startsWith("W/")) headers.set("ETag", `W/${etag}`);
    c.res = new Response(compressed, { status: res.status, statusText: res.statusText, headers });
  };
}
