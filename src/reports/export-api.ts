import { streamedBody } from "../http/compression";
import { createRoute, z } from "@hono/zod-openapi";
import { findActiveCategory } from "../catalog/queries";
import { REPORT_EXPORT_KINDS, REPORT_EXPORT_STATES, type ReportExport } from "../db/report-export-tables";
import { bearerAuth, requireStaffRole } from "../api/bearer";
import { apiRouter } from "../api/env";
import { ApiProblem, notFound, problems, problemType } from "../api/problem";
import { IdParam } from "../api/schemas";
import { dayRange, parseDay } from "./date-range";
import { exportFileName } from "./export-steps";
import { exportBody, findExport, startExport } from "./exports";
import { exportExpiresAt } from "./export-expiry";
import { BUCKETS } from "./sales";

/** The reports' CSV exports, prepared in the job queue (ADR 046): the same exports the reports page starts. */
export const reportExportApi = apiRouter();
reportExportApi.use("/report-exports", bearerAuth(), requireStaffRole("manager"));
reportExportApi.use("/report-exports/*", bearerAuth(), requireStaffRole("manager"));

const dayMessage = "must be a date as YYYY-MM-DD";
const NewReportExport = z
  .object({
    report: z.enum(REPORT_EXPORT_KINDS, { message: `must be one of ${REPORT_EXPORT_KINDS.join(", ")}` }).openapi({ description: "Which report: sales by product, by category, over time, or fees and VAT." }),
    from: z.string().refine((text) => parseDay(text) !== null, dayMessage).optional().openapi({ description: "First day included (YYYY-MM-DD), a store's day (STORE_TIMEZONE) as on the reports page.", example: "2026-11-01" }),
    to: z.string().refine((text) => parseDay(text) !== null, dayMessage).optional().openapi({ description: "Last day included (YYYY-MM-DD), counted as `from` is; not before `from`.", example: "2026-11-30" }),
    category: z.string().max(100).optional().openapi({ description: "Only this aisle (category slug).", example: "dairy" }),
    interval: z.enum(BUCKETS, { message: `must be one of ${BUCKETS.join(", ")}` }).optional().openapi({ description: "For over-time and fees-vat: days (as `from` counts them), ISO weeks or months (default day)." }),
  })
  .refine((body) => !body.from || !body.to || body.from <= body.to, { message: "must not be before from", path: ["to"] })
  .openapi("NewReportExport", { example: { report: "products", from: "2026-11-01", to: "2026-11-30" } });

const ReportExportSchema = z
  .object({
    id: z.number().int().openapi({ example: 12 }),
    report: z.enum(REPORT_EXPORT_KINDS),
    state: z.enum([...REPORT_EXPORT_STATES, "expired"]).openapi({ description: "`preparing` while the job writes it, then `done` (or `failed`); `expired` once its file was deleted (see `expires_at`)." }),
    progress: z.number().int().min(0).max(100).openapi({ description: "Percent done.", example: 40 }),
    rows_written: z.number().int().openapi({ example: 4000 }),
    rows_total: z.number().int().nullable().openapi({ description: "Known once the rows are counted.", example: 10000 }),
    created_at: z.string().openapi({ example: "2026-12-06T09:30:00.000Z" }),
    finished_at: z.string().nullable(),
    expires_at: z.string().nullable().openapi({ description: "When the file is (or was) deleted: REPORT_EXPORT_KEEP_HOURS after it finished; null while preparing.", example: "2026-12-13T09:31:00.000Z" }),
    download_url: z.string().nullable().openapi({ description: "Where the CSV is, once `done`.", example: "/api/v1/report-exports/12/download" }),
  })
  .openapi("ReportExport");

const exportJson = (row: ReportExport, keepHours: number) => ({
  id: row.id,
  report: row.kind,
  state: row.expiredAt ? ("expired" as const) : row.state,
  progress: row.progress,
  rows_written: row.rowsWritten,
  rows_total: row.rowsTotal,
  created_at: row.createdAt.toISOString(),
  finished_at: row.finishedAt?.toISOString() ?? null,
  expires_at: (row.expiredAt ?? exportExpiresAt(row, keepHours))?.toISOString() ?? null,
  download_url: row.state === "done" && !row.expiredAt ? `/api/v1/report-exports/${row.id}/download` : null,
});
const exportContent = { "application/json": { schema: ReportExportSchema } };

reportExportApi.openapi(
  createRoute({
    method: "post",
    path: "/report-exports",
    operationId: "startReportExport",
    tags: ["Reports"],
    summary: "Prepare a report's CSV in the background (manager)",
    description: "Queues the export and answers at once; poll it until `state` is `done`, then download it. The file is the report's CSV download, written a chunk at a time (a restart goes on where it stopped).",
    request: { body: { required: true, content: { "application/json": { schema: NewReportExport } } } },
    responses: { 202: { description: "The export, queued.", content: exportContent }, ...problems(400, 401, 403, 422) },
  }),
  async (c) => {
    const body = c.req.valid("json");
    const { database, clock } = c.var.deps;
    let category: number | null = null;
    if (body.category) {
      const found = await findActiveCategory(database.db, body.category);
      if (!found) {
        const message = "is not the slug of an aisle (see GET /categories)";
        throw new ApiProblem(422, "Unprocessable Content", `category: ${message}`, { type: problemType("validation"), errors: [{ path: "category", message }] });
      }
      category = found.id;
    }
    const range = dayRange(body.from, body.to);
    const row = await startExport(database.db, body.report, { from: range.fromText, to: range.toText, category, bucket: body.interval ?? "day" }, c.var.apiUser?.id ?? null, clock.now());
    return c.json(exportJson(row, c.var.deps.config.REPORT_EXPORT_KEEP_HOURS), 202);
  },
);

async function exportOr404(c: { var: { deps: { database: { db: Parameters<typeof findExport>[0] } } } }, id: number) {
  const row = await findExport(c.var.deps.database.db, id);
  if (!row) throw notFound("No report export with that id.");
  return row;
}

reportExportApi.openapi(
  createRoute({
    method: "get",
    path: "/report-exports/{id}",
    operationId: "getReportExport",
    tags: ["Reports"],
    summary: "An export's progress (manager)",
    request: { params: IdParam },
    responses: { 200: { description: "The export.", content: exportContent }, ...problems(400, 401, 403, 404) },
  }),
  async (c) => {
    c.header("Cache-Control", "no-store");
    return c.json(exportJson(await exportOr404(c, c.req.valid("param").id), c.var.deps.config.REPORT_EXPORT_KEEP_HOURS), 200);
  },
);

reportExportApi.openapi(
  createRoute({
    method: "get",
    path: "/report-exports/{id}/download",
    operationId: "downloadReportExport",
    tags: ["Reports"],
    summary: "A finished export's CSV (manager)",
    description: "409 while it is still being prepared; 410 once it expired (REPORT_EXPORT_KEEP_HOURS after it was ready) and its file was deleted. Text cells a spreadsheet would run as a formula start with an apostrophe.",
    request: { params: IdParam },
    responses: { 200: { description: "The CSV file.", content: { "text/csv": { schema: z.string() } } }, ...problems(400, 401, 403, 404, 409, 410) },
  }),
  async (c) => {
    const row = await exportOr404(c, c.req.valid("param").id);
    if (row.expiredAt) throw new ApiProblem(410, "Gone", `This export expired on ${row.expiredAt.toISOString()} and its file was deleted: prepare it again with POST /report-exports.`);
    if (row.state !== "done") throw new ApiProblem(409, "Conflict", `This export is ${row.state === "failed" ? "failed" : `still being prepared (${row.progress}%)`}.`);
    const headers = { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${exportFileName(row)}"`, "Cache-Control": "no-store" };
    streamedBody(c);
    return new Response(exportBody(c.var.deps.database.db, row), { status: 200, headers }) as never;
  },
);
