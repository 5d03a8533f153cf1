import { streamedBody } from "../http/compression";
import { Hono } from "hono";
import { z } from "zod";
import { REPORT_EXPORT_KINDS } from "../db/report-export-tables";
import type { AppEnv } from "../http/env";
import { momentFormatter } from "../http/days";
import { redirectAfterPost, renderNotFound, renderPage } from "../http/render";
import { ExportStatus } from "../../views/manage/report-exports";
import { exportFileName } from "./export-steps";
import { exportBody, findExport, startExport } from "./exports";
import { exportExpiresAt } from "./export-expiry";
import { BUCKETS } from "./sales";
import { dayRange } from "./date-range";

/** The reports page's background downloads (ADR 046): start one, watch it, download it. */
export const exportRoutes = new Hono<AppEnv>();

const StartForm = z.object({
  kind: z.enum(REPORT_EXPORT_KINDS),
  from: z.string().max(20).optional(),
  to: z.string().max(20).optional(),
  category: z.string().regex(/^(\d{1,9})?$/).optional(),
  bucket: z.enum(BUCKETS).optional(),
});

exportRoutes.post("/", async (c) => {
  const form = StartForm.safeParse(Object.fromEntries(Object.entries(await c.req.parseBody()).filter(([, value]) => typeof value === "string")));
  if (!form.success) return c.text("Choose a report to export: products, categories, over-time or fees-vat.", 400);
  const range = dayRange(form.data.from, form.data.to);
  const { database, clock } = c.var.deps;
  const query = { from: range.fromText, to: range.toText, category: form.data.category ? Number(form.data.category) : null, bucket: form.data.bucket ?? "day" };
  const row = await startExport(database.db, form.data.kind, query, c.var.user?.id ?? null, clock.now());
  return redirectAfterPost(c, `/manage/reports/exports/${row.id}`);
});

const exportId = (text: string) => (/^\d{1,9}$/.test(text) ? Number(text) : null);

exportRoutes.get("/:id{[0-9]+}", async (c) => {
  const id = exportId(c.req.param("id"));
  const row = id === null ? null : await findExport(c.var.deps.database.db, id);
  if (!row) return renderNotFound(c);
  c.header("Cache-Control", "no-store");
  return renderPage(c, "Report export", <ExportStatus row={row} expiresAt={exportExpiresAt(row, c.var.deps.config.REPORT_EXPORT_KEEP_HOURS)} moment={momentFormatter(c)} />);
});

exportRoutes.get("/:id{[0-9]+}/download", async (c) => {
  const id = exportId(c.req.param("id"));
  const { db } = c.var.deps.database;
  const row = id === null ? null : await findExport(db, id);
  if (!row) return renderNotFound(c);
  if (row.expiredAt) return c.text("This export expired and its file was deleted: prepare it again from the reports page.", 410);
  if (row.state !== "done") return c.text("This export is not ready yet: its page shows its progress.", 409);
  c.header("Content-Type", "text/csv; charset=utf-8");
  c.header("Content-Disposition", `attachment; filename="${exportFileName(row)}"`);
  c.header("Cache-Control", "no-store");
  streamedBody(c);
  return c.body(exportBody(db, row));
});
