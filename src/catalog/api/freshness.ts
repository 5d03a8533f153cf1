import type { Context } from "hono";
import { eq } from "drizzle-orm";
import { sha256Hex } from "../../accounts/tokens";
import { catalogState } from "../../db/schema";
import type { ApiEnv } from "../../api/env";

/** Anyone may cache catalog reads briefly, but must check back (a 304 is cheap) once stale. */
export const CATALOG_CACHE_CONTROL = "public, max-age=60, must-revalidate";

/**
 * The ETag of a catalog read: the catalog version (bumped by a trigger on every catalog write,
 * in the database, so all instances agree) plus the URL it answers. Returns a 304 when the
 * client already holds it, or null to go on and build the answer.
 */
export async function catalogFreshness(c: Context<ApiEnv>): Promise<{ etag: string; notModified: boolean }> {
  const [state] = await c.var.deps.database.db.select({ version: catalogState.version }).from(catalogState).where(eq(catalogState.id, 1));
  const url = new URL(c.req.url);
  const etag = `"c${state?.version ?? 0}-${(await sha256Hex(url.pathname + url.search)).slice(0, 16)}"`;
  const presented = c.req.header("if-none-match");
  const notModified = presented !== undefined && presented.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag || tag.trim() === "*");
  c.header("ETag", etag);
  c.header("Cache-Control", CATALOG_CACHE_CONTROL);
  return { etag, notModified };
}
