/*
 * Catalog ETags, written once for the pages (serve.tsx) and the API (api/freshness.ts): the catalog
 * version (bumped by a trigger on every catalog write, in the database, so every instance agrees),
 * the deploy (DEPLOY_ID: a new release may render the same catalog differently) and the address
 * answered, hashed short.
 */

/** FNV-1a: a short, stable tag; cheaper than a digest, and the version sits beside it in clear. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}

export function catalogEtag(deployId: string, version: number, address: string): string {
  return `"c${version}-${fnv1a(`${deployId} ${address}`)}"`;
}

/** If-None-Match holds this ETag (weak or strong), or "*". */
export function etagMatches(header: string | undefined, etag: string): boolean {
  return header !== undefined && header.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag || tag.trim() === "*");
}
