import type { Context } from "hono";
import type { ApiEnv } from "../../api/env";
import { catalogEtag, etagMatches } from "../etag";
import { catalogVersion } from "../queries";
import { pathAndQuery } from "../../http/address";

/** Anyone may cache catalog reads briefly, but must check back (a 304 is cheap) once stale. */
export const CATALOG_CACHE_CONTROL = "public, max-age=60, must-revalidate";

/**
 * The ETag of a catalog read (src/catalog/etag.ts, as for the catalog pages) for the URL it
 * answers; notModified when the client already holds it.
 */
export async function catalogFreshness(c: Context<ApiEnv>): Promise<{ etag: string; notModified: boolean }> {
  const { config, database } = c.get("deps");
  const etag = catalogEtag(config.DEPLOY_ID, await catalogVersion(database.db), `api ${pathAndQuery(c.req.url)}`);
  c.header("ETag", etag);
  c.header("Cache-Control", CATALOG_CACHE_CONTROL);
  return { etag, notModified: etagMatches(c.req.header("if-none-match"), etag) };
}
