import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "../../http/env";
import { redirectAfterPost, renderPage } from "../../http/render";
import { enqueue } from "../../jobs/queue";
import { CatalogImportPage, ImportPreview } from "../../../views/manage/catalog/catalog-import";
import { exportCatalogCsv, planCatalogImport } from "./catalog-csv";
import { CATALOG_IMPORT } from "./import-job";

/** The admin's catalog import and export, mounted at /admin/catalog behind the admin guard. */
export const catalogImportRoutes = new Hono<AppEnv>();

export const IMPORT_BODY_LIMIT_BYTES = 8 * 1024 * 1024;
/** These paths take catalog files, up to their own limit rather than the forms' 1 MB. */
export const isCatalogImport = (path: string) => /^\/admin\/catalog\/(preview|apply)$/.test(path);

const fileLimit = bodyLimit({
  maxSize: IMPORT_BODY_LIMIT_BYTES,
  onError: (c) => renderPage(c as Context<AppEnv>, "Catalog import", <CatalogImportPage problem="That file is over 8 MB: split it into smaller files." />, { status: 413 }),
});

catalogImportRoutes.get("/", (c) => renderPage(c, "Catalog import", <CatalogImportPage />));

catalogImportRoutes.get("/export.csv", async (c) => {
  const csv = await exportCatalogCsv(c.var.deps.database.db);
  c.header("Content-Type", "text/csv; charset=utf-8");
  c.header("Content-Disposition", `attachment; filename="catalog-${c.var.deps.clock.now().toISOString().slice(0, 10)}.csv"`);
  c.header("Cache-Control", "no-store");
  return c.body(csv);
});

async function readCsv(c: Context<AppEnv>): Promise<{ csv: string; file: string } | null> {
  const body = await c.req.parseBody().catch(() => null);
  if (!body) return null;
  if (body.file instanceof File && body.file.size > 0) return { csv: await body.file.text(), file: body.file.name || "catalog.csv" };
  if (typeof body.csv === "string" && body.csv) return { csv: body.csv, file: typeof body.name === "string" ? body.name.slice(0, 100) : "catalog.csv" };
  return null;
}

catalogImportRoutes.post("/preview", fileLimit, async (c) => {
  const upload = await readCsv(c);
  if (!upload) return renderPage(c, "Catalog import", <CatalogImportPage problem="Choose a CSV file to check." />, { status: 422 });
  const plan = await planCatalogImport(c.var.deps.database.db, upload.csv);
  return renderPage(c, "Catalog import: preview", <ImportPreview plan={plan} csv={upload.csv} file={upload.file} />, { status: plan.errors.length ? 422 : 200 });
});

catalogImportRoutes.post("/apply", fileLimit, async (c) => {
  const upload = await readCsv(c);
  if (!upload) return renderPage(c, "Catalog import", <CatalogImportPage problem="Nothing to import: check a file first." />, { status: 422 });
  const { deps } = c.var;
  const plan = await planCatalogImport(deps.database.db, upload.csv);
  if (plan.errors.length) return renderPage(c, "Catalog import: preview", <ImportPreview plan={plan} csv={upload.csv} file={upload.file} />, { status: 422 });
  const job = await enqueue(deps.database.db, CATALOG_IMPORT, { csv: upload.csv, actorId: c.var.user!.id, file: upload.file }, deps.clock.now(), { maxAttempts: 1 });
  return redirectAfterPost(c, "/admin/jobs", { kind: "success", text: `Importing ${upload.file} (job ${job.id}): ${plan.rows.length} rows, applied all together or not at all.` });
});
