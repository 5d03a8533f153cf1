import type { MiddlewareHandler } from "hono";
import { join, normalize, sep } from "node:path";
import type { AppEnv } from "../http/env";
import { staticCacheControl } from "../http/static-cache";

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

/**
 * Serves /static/<path> from public/: the same URLs the Workers assets binding answers.
 */
export function serveStaticFiles(files: PublicFiles): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method !== "GET" && c.req.method !== "HEAD") return next();
    // c.req.path is already percent-decoded by Hono.
    const path = c.req.path.replace(/^\/static\//, "");
    const file = path ? await files(path) : null;
    if (!file) return next();
    c.header("Content-Type", file.type || "application/octet-stream");
    c.header("Cache-Control", staticCacheControl(path));
    if (c.req.method === "HEAD") return c.body(null);
    return c.body(await file.arrayBuffer());
  };
}
