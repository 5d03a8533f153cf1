import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./schema";

/*
 * CSV exports prepared in the job queue (ADR 046): the export, the CSV text it has written so far
 * in numbered chunks, and, for the product report, the period's figures staged per product so
 * the file can be written in the report's order a chunk at a time. A chunk and the cursor that
 * follows it are written in one atomic unit; the primary keys refuse a chunk or a staged product
 * written twice, so an export stopped at any point goes on from its cursor without a duplicate.
 * Same units as schema.ts: cents, thousandths of the product's unit, epoch milliseconds.
 */

export const REPORT_EXPORT_KINDS = ["products", "categories", "over-time", "fees-vat"] as const;
export type ReportExportKind = (typeof REPORT_EXPORT_KINDS)[number];
export const REPORT_EXPORT_STATES = ["preparing", "done", "failed"] as const;
export type ReportExportState = (typeof REPORT_EXPORT_STATES)[number];

export const reportExports = sqliteTable(
  "report_exports",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind", { enum: REPORT_EXPORT_KINDS }).notNull(),
    /** The report's query (from, to, category, bucket) as JSON, as the reports page reads it. */
    query: text("query").notNull().default("{}"),
    state: text("state", { enum: REPORT_EXPORT_STATES }).notNull().default("preparing"),
    /** Where the next chunk starts, as JSON (src/reports/export-steps.ts). */
    cursor: text("cursor").notNull().default("{}"),
    /** 0-100, for the progress bar. */
    progress: integer("progress").notNull().default(0),
    rowsWritten: integer("rows_written").notNull().default(0),
    /** Known once the rows are counted (after staging, for the product report). */
    rowsTotal: integer("rows_total"),
    chunks: integer("chunks").notNull().default(0),
    requestedBy: integer("requested_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    finishedAt: integer("finished_at", { mode: "timestamp_ms" }),
    /** When the sweep deleted its file (ADR 062): the row stays so its page and the API can say so. */
    expiredAt: integer("expired_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    check("report_exports_kind_valid", sql`${t.kind} in ('products', 'categories', 'over-time', 'fees-vat')`),
    check("report_exports_state_valid", sql`${t.state} in ('preparing', 'done', 'failed')`),
    check("report_exports_progress_range", sql`${t.progress} between 0 and 100`),
    check("report_exports_done_complete", sql`${t.state} <> 'done' or (${t.progress} = 100 and ${t.finishedAt} is not null)`),
  ],
);

/** The CSV text, in order: chunk 0 starts with the header row. */
export const reportExportChunks = sqliteTable(
  "report_export_chunks",
  {
    exportId: integer("export_id")
      .notNull()
      .references(() => reportExports.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    body: text("body").notNull(),
    rows: integer("rows").notNull(),
  },
  (t) => [primaryKey({ columns: [t.exportId, t.seq] })],
);

/**
 * The product report's rows for one export, staged by product id and read back in the report's
 * order (revenue, then quantity, highest first; then name and id) through the index. Revenue and
 * quantity are kept negated so that order is ascending in every column and a row-value cursor can
 * seek it. Deleted when the export is done.
 */
export const reportExportRows = sqliteTable(
  "report_export_rows",
  {
    exportId: integer("export_id")
      .notNull()
      .references(() => reportExports.id, { onDelete: "cascade" }),
    productId: integer("product_id").notNull(),
    minusRevenue: integer("minus_revenue").notNull(),
    minusQuantity: integer("minus_quantity").notNull(),
    name: text("name").notNull(),
    category: text("category").notNull(),
    unit: text("unit").notNull(),
    orders: integer("orders").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.exportId, t.productId] }),
    index("report_export_rows_order_idx").on(t.exportId, t.minusRevenue, t.minusQuantity, t.name, t.productId),
  ],
);

export type ReportExport = typeof reportExports.$inferSelect;
