/*
 * Content-hashed names for the files every page links (ADR 036): /static/styles.<hash>.css is
 * immutable, so a browser keeps it for a year and a release that changes the file changes its
 * name. The Bun server hashes public/ at start (src/bun/static-files.ts); an app without hashes
 * (Workers, tests) links the plain names, which are always served too.
 */

/** The public files pages link, by their plain path under public/. */
export const LINKED_ASSETS = ["styles.css", "app.js"] as const;
export type LinkedAsset = (typeof LINKED_ASSETS)[number];

/** Plain path -> its content hash (the first 10 hex digits of SHA-256). */
export type AssetHashes = ReadonlyMap<string, string>;

const HASHED = /^(.+)\.([0-9a-f]{10})(\.[A-Za-z0-9]+)$/;

/** "styles.css" + "0123456789" -> "styles.0123456789.css". */
export function hashedName(path: string, hash: string): string {
  const dot = path.lastIndexOf(".");
  return dot > path.lastIndexOf("/") ? `${path.slice(0, dot)}.${hash}${path.slice(dot)}` : `${path}.${hash}`;
}

/** "styles.0123456789.css" -> { path: "styles.css", hash: "0123456789" }; a plain name -> null. */
export function splitHashedName(path: string): { path: string; hash: string } | null {
  const match = HASHED.exec(path);
  return match ? { path: `${match[1]}${match[3]}`, hash: match[2]! } : null;
}

/** The URL a page links for a public file: hashed when the app knows its hash. */
export function assetUrl(hashes: AssetHashes | undefined, path: LinkedAsset): string {
  const hash = hashes?.get(path);
  return `/static/${hash ? hashedName(path, hash) : path}`;
}
