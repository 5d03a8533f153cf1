import { sql } from "drizzle-orm";
import { z } from "zod";
import type { DatabaseHandle, UnitStatement } from "../db/client";
import type { ReportExport, ReportExportKind } from "../db/report-export-tables";
import type { Unit } from "../db/schema";
import { EVERY_AISLE } from "../db/sales-rollup-tables";
import { categorySalesCsv, csvDocument, csvRows, periodSalesCsv, PRODUCT_SALES_COLUMNS, productSalesCells } from "./csv";
import { countAllTime, writeAllTime } from "./export-all-time";
import { bound, chunkStatements, Cursor, finished, READ_ROWS, readInPieces, readRows, run, type Pause, type RowKey } from "./export-chunks";
import { dayRange } from "./date-range";
import { daysWhere } from "./sale";
import { feesAndVat, feesAndVatCsv } from "./fees-vat";
import { BUCKETS, daysOf, salesByCategory, salesOverTime, type ReportFilter } from "./sales";

/*
 * One step of a CSV export (ADR 046, 067): reads at most `chunkRows` rows, READ_ROWS a statement with
 * a pause between them, and writes what it found and the cursor after it in one atomic unit. A
 * period's product report is staged first (per product id, its period's figures from the rollups,
 * READ_ROWS ids a step) and then written in the report's order by a row-value cursor over the
 * staged rows' index; all time is read from the per-product totals by index (export-all-time.ts).
 * Each step costs the chunk, not the catalog. The short reports (aisles, periods, fees and VAT) are
 * one chunk. What a step reads it reads where report pages do (`handle.reports`: the reader thread
 * of the embedded file, ADR 075 and 092); only its writes, the staging among them, are the request
 * thread's.
 */

export const ExportQuery = z.object({
  from: z.string().default(""),
  to: z.string().default(""),
  category: z.number().int().positive().nullable().default(null),
  bucket: z.enum(BUCKETS).default("day"),
});
export type ExportQuery = z.infer<typeof ExportQuery>;

export const firstCursor = (kind: ReportExportKind): Cursor => (kind === "products" ? { phase: "stage", afterId: 0 } : { phase: "write", after: null });

export function exportFilter(query: ExportQuery): ReportFilter {
  const range = dayRange(query.from, query.to);
  return { from: range.from, to: range.to, categoryId: query.category ?? undefined };
}

const FILE_NAMES: Record<ReportExportKind, (query: ExportQuery) => string> = {
  products: () => "sales-by-product.csv",
  categories: () => "sales-by-category.csv",
  "over-time": (query) => `sales-by-${query.bucket}.csv`,
  "fees-vat": (query) => `fees-and-vat-by-${query.bucket}.csv`,
};
export const exportFileName = (row: ReportExport) => FILE_NAMES[row.kind](ExportQuery.parse(JSON.parse(row.query)));

/** Runs one step of the export; true once the export is done. */
export async function exportStep(handle: DatabaseHandle, row: ReportExport, now: Date, chunkRows: number, pause: Pause): Promise<boolean> {
  if (row.state !== "preparing") return true;
  const query = ExportQuery.parse(JSON.parse(row.query));
  const filter = exportFilter(query);
  if (row.kind !== "products") {
    const body = await shortReport(handle, row.kind, query, filter);
    await run(handle, [...chunkStatements(row, body.csv, body.rows, { phase: "write", after: null }, 100), ...finished(row, now, { seq: row.chunks })]);
    return true;
  }
  const cursor = Cursor.parse(JSON.parse(row.cursor));
  const allTime = !filter.from && !filter.to;
  const aisle = filter.categoryId ?? EVERY_AISLE;
  if (allTime && cursor.phase === "stage" && cursor.afterId === 0) return countAllTime(handle, row, aisle, { afterId: 0, counted: 0 });
  switch (cursor.phase) {
    case "count":
      return countAllTime(handle, row, aisle, cursor);
    case "index":
      return writeAllTime(handle, row, now, aisle, cursor.after, chunkRows, pause);
    case "stage":
      return stageProducts(handle, row, filter, cursor.afterId, Math.min(READ_ROWS, chunkRows));
    case "write":
      return writeProducts(handle, row, now, cursor.after, chunkRows, pause);
  }
}

async function shortReport(handle: DatabaseHandle, kind: Exclude<ReportExportKind, "products">, query: ExportQuery, filter: ReportFilter): Promise<{ csv: string; rows: number }> {
  const db = handle.reports;
  switch (kind) {
    case "categories": {
      const rows = await salesByCategory(db, filter);
      return { csv: categorySalesCsv(rows), rows: rows.length };
    }
    case "over-time": {
      const rows = await salesOverTime(db, query.bucket, filter);
      return { csv: periodSalesCsv(rows), rows: rows.length };
    }
    case "fees-vat": {
      const report = await feesAndVat(db, query.bucket, filter);
      const csv = feesAndVatCsv(report);
      return { csv, rows: Math.max(0, csv.split("\n").length - 2) };
    }
  }
}

/** Stages the next `ids` products by id with their period's figures (only the rollups of those ids are read). */
async function stageProducts(handle: DatabaseHandle, row: ReportExport, filter: ReportFilter, afterId: number, ids: number): Promise<boolean> {
  const { db } = handle;
  const [range] = await db.all<{ last: number | null; top: number | null }>(
    sql`select max(id) as last, (select max(id) from products) as top from (select id from products where id > ${afterId} order by id limit ${ids})`,
  );
  const last = range?.last == null ? null : Number(range.last);
  if (last === null) {
    // Every product staged (and counted, step by step): start writing.
    await run(handle, [
      {
        sql: `update report_exports set cursor = ?, rows_total = coalesce(json_extract(cursor, '$.staged'), 0), progress = 50 where id = ? and cursor = ?`,
        params: [JSON.stringify({ phase: "write", after: null } satisfies Cursor), row.id, row.cursor],
      },
    ]);
    return false;
  }
  const top = Math.max(1, Number(range?.top ?? last));
  const inCategory = filter.categoryId ? sql`and category_id = ${filter.categoryId}` : sql``;
  const onShelf = filter.categoryId ? sql`and (p.category_id = ${filter.categoryId} or s.product_id is not null)` : sql``;
  const stage = bound(
    sql`insert into report_export_rows (export_id, product_id, minus_revenue, minus_quantity, name, category, unit, orders)
        select ${row.id}, p.id, -coalesce(s.revenue, 0), -coalesce(s.quantity, 0), p.name, c.name, p.unit, coalesce(s.orders, 0)
        from products p
        join categories c on c.id = p.category_id
        left join (
          select product_id, sum(quantity) as quantity, sum(revenue_cents) as revenue, sum(orders) as orders
          from sales_daily
          where product_id > ${afterId} and product_id <= ${last} and ${daysWhere(daysOf(filter))} ${inCategory}
          group by product_id having sum(quantity) <> 0 or sum(revenue_cents) <> 0
        ) s on s.product_id = p.id
        where p.id > ${afterId} and p.id <= ${last} and (p.active = 1 or s.product_id is not null) ${onShelf}`,
  );
  await run(handle, [
    stage,
    {
      // The rows just staged are counted in the cursor by the staging table's key: the total is
      // known when staging ends, without a count of the whole table.
      sql: `update report_exports set progress = ?,
              cursor = json_set(?, '$.staged', coalesce(json_extract(cursor, '$.staged'), 0) + (select count(*) from report_export_rows where export_id = ? and product_id > ? and product_id <= ?))
            where id = ? and cursor = ?`,
      params: [Math.min(49, Math.floor((last / top) * 50)), JSON.stringify({ phase: "stage", afterId: last } satisfies Cursor), row.id, afterId, last, row.id, row.cursor],
    },
  ]);
  return false;
}

type StagedRow = { minus_revenue: number; minus_quantity: number; name: string; category: string; unit: Unit; orders: number; product_id: number };

const stagedKey = (staged: StagedRow): RowKey => [Number(staged.minus_revenue), Number(staged.minus_quantity), staged.name, Number(staged.product_id)];

/** Writes the next chunk of staged rows in the report's order; the last (short) chunk closes the export. */
async function writeProducts(handle: DatabaseHandle, row: ReportExport, now: Date, after: RowKey | null, chunkRows: number, pause: Pause): Promise<boolean> {
  const db = handle.reports;
  const rows = await readInPieces(after, chunkRows, readRows(handle), pause, stagedKey, async (from, limit) =>
    db.all<StagedRow>(sql`
      select minus_revenue, minus_quantity, name, category, unit, orders, product_id
      from report_export_rows
      where export_id = ${row.id} ${from ? sql`and (minus_revenue, minus_quantity, name, product_id) > (${from[0]}, ${from[1]}, ${from[2]}, ${from[3]})` : sql``}
      order by minus_revenue, minus_quantity, name, product_id
      limit ${limit}`),
  );
  const cells = rows.map((staged) =>
    productSalesCells({
      productId: Number(staged.product_id),
      name: staged.name,
      category: staged.category,
      unit: staged.unit,
      quantity: -Number(staged.minus_quantity),
      revenueCents: -Number(staged.minus_revenue),
      orders: Number(staged.orders),
    }),
  );
  const body = row.chunks === 0 ? csvDocument(PRODUCT_SALES_COLUMNS, cells) : csvRows(cells);
  const lastRow = rows.at(-1);
  const cursor: Cursor = { phase: "write", after: lastRow ? stagedKey(lastRow) : after };
  const total = Math.max(1, row.rowsTotal ?? 1);
  const done = rows.length < chunkRows;
  const progress = done ? 100 : Math.min(99, 50 + Math.floor(((row.rowsWritten + rows.length) / total) * 50));
  // The rows just written leave the staging table with their chunk (a delete of the whole table at
  // the end held the thread for hundreds of milliseconds at 100k products).
  const written: UnitStatement[] = lastRow
    ? [
        {
          sql: `delete from report_export_rows where export_id = ? and (minus_revenue, minus_quantity, name, product_id) <= (?, ?, ?, ?)`,
          params: [row.id, Number(lastRow.minus_revenue), Number(lastRow.minus_quantity), lastRow.name, Number(lastRow.product_id)],
        },
      ]
    : [];
  await run(handle, [...chunkStatements(row, body, rows.length, cursor, progress), ...written, ...(done ? finished(row, now, { seq: row.chunks }) : [])]);
  return done;
}
