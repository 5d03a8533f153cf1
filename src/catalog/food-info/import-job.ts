import { eq } from "drizzle-orm";
import { z } from "zod";
import { users } from "../../db/schema";
import { defineJob } from "../../jobs/registry";
import { applyCatalogImport, planCatalogImport } from "./catalog-csv";

export const CATALOG_IMPORT = "catalog-import";

/**
 * Applies a previewed catalog file in the background, with progress on the jobs page. The file is
 * checked again (the catalog may have moved since the preview) and applied as one atomic unit;
 * a file that no longer passes fails the job and changes nothing.
 */
export const catalogImportJob = defineJob(CATALOG_IMPORT, z.object({ csv: z.string(), actorId: z.number().int(), file: z.string() }), async ({ payload, context, progress }) => {
  const { database, clock } = context.deps;
  const [actor] = await database.db.select().from(users).where(eq(users.id, payload.actorId));
  if (!actor) throw new Error("The admin who started this import no longer exists.");
  await progress(10);
  const plan = await planCatalogImport(database.db, payload.csv);
  if (plan.errors.length) {
    const first = plan.errors[0]!;
    throw new Error(`${plan.errors.length} problem(s); row ${first.row}, ${first.column}: ${first.message}`);
  }
  await progress(60);
  const result = await applyCatalogImport(database, actor, plan, clock.now());
  return { resultUrl: "/admin/catalog", payload: { file: payload.file, ...result } };
});
