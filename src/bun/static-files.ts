import type { MiddlewareHandler } from "hono";
import { join, normalize, sep } from "node:path";
import type { AppEnv } from "../http/env";
import { staticCacheControl } from "../http/static-cache";
import { compressedCopy, sendCompressed } from "../http/compression";
import { createHash } from "node:crypto";
import { hashedName, LINKED_ASSETS, splitHashedName, type AssetHashes } from "../http/asset-names";

/** Finds a public file by its path under public/ ("vendor/htmx-4.0.1.min.js"), or null. */
export type PublicFiles = (path: string) => Promise<Blob | null>;

/** public/ on disk (development, `npm start`). */
export function publicFolder(folder: string): PublicFiles {
  const root = normalize(folder) + sep;
  return async (path) => {
    const full = normalize(join(root, path));
    if (!full.startsWith(root)) return null;
    const file = Bun.file(full);
    return (await file.exists()) ? file : null;
  };
}

/** Files embedded in the compiled binary, by their path under public/. */
export function embeddedPublicFiles(files: Record<string, string>): PublicFiles {
  return async (path) => (Object.hasOwn(files, path) ? Bun.file(files[path]!) : null);
}

/** The content hash of every file pages link (src/http/asset-names.ts), read once at start. */
export async function linkedAssetHashes(files: PublicFiles): Promise<AssetHashes> {
  const hashes = new Map<string, string>();
  for (const path of LINKED_ASSETS) {
    const file = await files(path);
    if (file) hashes.set(path, createHash("sha256").update(new Uint8Array(await file.arrayBuffer())).digest("hex").slice(0, 10));
  }
  return hashes;
}

const IMMUTABLE = "public, max-age=31536000, immutable";

const TEXT = /^(text\/|application\/(javascript|json)|image\/svg\+xml)/;
/** The text of each public file version served compressed, by path, modification time and size. */
const texts = new Map<string, { text: string }>();

/**
 * Serves /static/<path> from public/: the same URLs the Workers assets binding answers.
 */
export function serveStaticFiles(files: PublicFiles, hashes: AssetHashes = new Map()): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method !== "GET" && c.req.method !== "HEAD") return next();
    // c.req.path is already percent-decoded by Hono.
    const asked = c.req.path.replace(/^\/static\//, "");
    // styles.<hash>.css: the current hash is the file itself, for good; an older one (a page of an
    // earlier release) is sent on to the current name, never answered with other bytes under it.
    const hashed = splitHashedName(asked);
    const current = hashed ? hashes.get(hashed.path) : undefined;
    if (hashed && current && hashed.hash !== current) return c.redirect(`/static/${hashedName(hashed.path, current)}`, 302);
    const path = hashed && current ? hashed.path : asked;
    const file = path ? await files(path) : null;
    if (!file) return next();
    const type = file.type || "application/octet-stream";
    c.header("Content-Type", type);
    c.header("Cache-Control", hashed && current ? IMMUTABLE : staticCacheControl(path));
    if (c.req.method === "HEAD") return c.body(null);
    if (TEXT.test(type) && c.var.compressor) {
      // Compressed once per file version and kept (compression.ts); the file's bytes stay as they are.
      const stamp = `${path} ${(file as Blob & { lastModified?: number }).lastModified ?? 0} ${file.size}`;
      let holder = texts.get(stamp);
      if (!holder) texts.set(stamp, (holder = { text: await file.text() }));
      const copy = compressedCopy(c, holder, holder.text, "release");
      if (copy) return sendCompressed(c, copy, type);
    }
    return c.body(await file.arrayBuffer());
  };
}
