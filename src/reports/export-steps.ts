import { sql, type SQL } from "drizzle-orm";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import { z } from "zod";
import type { BoundStatement, DatabaseHandle, UnitStatement } from "../db/client";
import type { ReportExport, ReportExportKind } from "../db/report-export-tables";
import type { Unit } from "../db/schema";
import { EVERY_AISLE } from "../db/sales-rollup-tables";
import { categorySalesCsv, csvDocument, csvRows, periodSalesCsv, PRODUCT_SALES_COLUMNS, productSalesCells } from "./csv";
import { dayRange } from "./date-range";
import { daysWhere } from "./sale";
import { feesAndVat, feesAndVatCsv } from "./fees-vat";
import { BUCKETS, daysOf, salesByCategory, salesOverTime, type ReportFilter } from "./sales";

/*
 * One step of a CSV export (ADR 046): reads at most `chunkRows` rows and writes what it found and
 * the cursor after it in one atomic unit. The product report is staged first (per product id, its
 * period's figures from the rollups) and then written in the report's order, a chunk at a time,
 * by a row-value cursor over the staged rows' index: each step costs the chunk, not the catalog.
 * The short reports (aisles, periods, fees and VAT) are one chunk.
 */

const dialect = new SQLiteSyncDialect();
const bound = (query: SQL): BoundStatement => dialect.sqlToQuery(query);

export const ExportQuery = z.object({
  from: z.string().default(""),
  to: z.string().default(""),
  category: z.number().int().positive().nullable().default(null),
  bucket: z.enum(BUCKETS).default("day"),
});
export type ExportQuery = z.infer<typeof ExportQuery>;

const StagingCursor = z.object({ phase: z.literal("stage"), afterId: z.number().int() });
const WritingCursor = z.object({
  phase: z.literal("write"),
  /** The last row written: minus revenue, minus quantity, name, product id. */
  after: z.tuple([z.number(), z.number(), z.string(), z.number()]).nullable(),
});
/** All time: read straight from `sales_products` in the report's order, after the last row written. */
const IndexCursor = z.object({ phase: z.literal("index"), after: z.tuple([z.number(), z.number(), z.string(), z.number()]).nullable() });
const Cursor = z.union([StagingCursor, WritingCursor, IndexCursor]);
type Cursor = z.infer<typeof Cursor>;

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

/** The statements that close an export: done, at 100%, its staged rows gone. */
function finished(row: ReportExport, now: Date, chunk: { seq: number; rows: number }): UnitStatement[] {
  return [
    { sql: `update report_exports set state = 'done', progress = 100, finished_at = ?, cursor = '{}', rows_total = rows_written where id = ? and chunks = ?`, params: [now.getTime(), row.id, chunk.seq + 1] },
    { sql: `delete from report_export_rows where export_id = ?`, params: [row.id] },
  ];
}

/** A chunk of CSV text and the export's counters after it: the chunk number is its guard. */
function chunkStatements(row: ReportExport, body: string, rows: number, cursor: Cursor, progress: number): UnitStatement[] {
  const seq = row.chunks;
  return [
    { sql: `insert into report_export_chunks (export_id, seq, body, rows) values (?, ?, ?, ?)`, params: [row.id, seq, body, rows] },
    {
      sql: `update report_exports set cursor = ?, chunks = chunks + 1, rows_written = rows_written + ?, progress = ? where id = ? and chunks = ?`,
      params: [JSON.stringify(cursor), rows, progress, row.id, seq],
    },
  ];
}

async function run(handle: DatabaseHandle, statements: UnitStatement[]): Promise<void> {
  const [first, ...rest] = statements;
  if (first) await handle.atomic([first, ...rest]);
}

/** Runs one step of the export; true once the export is done. */
export async function exportStep(handle: DatabaseHandle, row: ReportExport, now: Date, chunkRows: number): Promise<boolean> {
  if (row.state !== "preparing") return true;
  const query = ExportQuery.parse(JSON.parse(row.query));
  const filter = exportFilter(query);
  if (row.kind !== "products") {
    const body = await shortReport(handle, row.kind, query, filter);
    await run(handle, [...chunkStatements(row, body.csv, body.rows, { phase: "write", after: null }, 100), ...finished(row, now, { seq: row.chunks, rows: body.rows })]);
    return true;
  }
  const cursor = Cursor.parse(JSON.parse(row.cursor));
  const allTime = !filter.from && !filter.to;
  if (cursor.phase === "index" || (allTime && cursor.phase === "stage" && cursor.afterId === 0)) return writeAllTime(handle, row, now, filter, cursor.phase === "index" ? cursor.after : null, chunkRows);
  return cursor.phase === "stage" ? stageProducts(handle, row, filter, cursor.afterId, chunkRows) : writeProducts(handle, row, now, cursor.after, chunkRows);
}

async function shortReport(handle: DatabaseHandle, kind: Exclude<ReportExportKind, "products">, query: ExportQuery, filter: ReportFilter): Promise<{ csv: string; rows: number }> {
  const { db } = handle;
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

/** Stages the next `chunkRows` products by id with their period's figures (only the rollups of those ids are read). */
async function stageProducts(handle: DatabaseHandle, row: ReportExport, filter: ReportFilter, afterId: number, chunkRows: number): Promise<boolean> {
  const { db } = handle;
  const [range] = await db.all<{ last: number | null; top: number | null }>(
    sql`select max(id) as last, (select max(id) from products) as top from (select id from products where id > ${afterId} order by id limit ${chunkRows})`,
  );
  const last = range?.last == null ? null : Number(range.last);
  if (last === null) {
    // Every product staged: count the rows and start writing.
    await run(handle, [
      {
        sql: `update report_exports set cursor = ?, rows_total = (select count(*) from report_export_rows where export_id = ?), progress = 50 where id = ? and cursor = ?`,
        params: [JSON.stringify({ phase: "write", after: null } satisfies Cursor), row.id, row.id, row.cursor],
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
      sql: `update report_exports set cursor = ?, progress = ? where id = ? and cursor = ?`,
      params: [JSON.stringify({ phase: "stage", afterId: last } satisfies Cursor), Math.min(49, Math.floor((last / top) * 50)), row.id, row.cursor],
    },
  ]);
  return false;
}

type StagedRow = { minus_revenue: number; minus_quantity: number; name: string; category: string; unit: Unit; orders: number; product_id: number };

/** Writes the next chunk of staged rows in the report's order; the last (short) chunk closes the export. */
async function writeProducts(handle: DatabaseHandle, row: ReportExport, now: Date, after: [number, number, string, number] | null, chunkRows: number): Promise<boolean> {
  const { db } = handle;
  const from = after ? sql`and (minus_revenue, minus_quantity, name, product_id) > (${after[0]}, ${after[1]}, ${after[2]}, ${after[3]})` : sql``;
  const rows = await db.all<StagedRow>(sql`
    select minus_revenue, minus_quantity, name, category, unit, orders, product_id
    from report_export_rows
    where export_id = ${row.id} ${from}
    order by minus_revenue, minus_quantity, name, product_id
    limit ${chunkRows}`);
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
  const cursor: Cursor = { phase: "write", after: lastRow ? [Number(lastRow.minus_revenue), Number(lastRow.minus_quantity), lastRow.name, Number(lastRow.product_id)] : after };
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
  await run(handle, [...chunkStatements(row, body, rows.length, cursor, progress), ...written, ...(done ? finished(row, now, { seq: row.chunks, rows: rows.length }) : [])]);
  return done;
}

type TotalRow = { revenue: number; quantity: number; name: string; product_id: number; category: string; unit: Unit; orders: number };
type After = [number, number, string, number];

/**
 * The next chunk of the all-time product report, in the order of `sales_products_most_idx`, after the
 * last row written: three ranges of the index (the rest of the same revenue and quantity by name, the
 * rest of the same revenue by quantity, lower revenues), so each chunk costs its rows. One aisle's
 * rows have no index in that order: each chunk sorts the aisle's rest (a few percent of the catalog).
 */
async function totalsAfter(handle: DatabaseHandle, aisle: number, after: After | null, chunkRows: number): Promise<TotalRow[]> {
  const select = sql`select s.revenue_cents as revenue, s.quantity, s.name, s.product_id, c.name as category, p.unit, s.orders
    from ${aisle === EVERY_AISLE ? sql.raw("sales_products s indexed by sales_products_most_idx") : sql`sales_products s`} join products p on p.id = s.product_id join categories c on c.id = p.category_id
    where ${aisle === EVERY_AISLE ? sql`s.category_id = 0` : sql`s.category_id = ${aisle}`} and (s.on_shelf = 1 or s.quantity <> 0 or s.revenue_cents <> 0)`;
  const order = sql`order by s.revenue_cents desc, s.quantity desc, s.name, s.product_id`;
  const ranges = after
    ? [
        sql`and s.revenue_cents = ${after[0]} and s.quantity = ${after[1]} and (s.name, s.product_id) > (${after[2]}, ${after[3]})`,
        sql`and s.revenue_cents = ${after[0]} and s.quantity < ${after[1]}`,
        sql`and s.revenue_cents < ${after[0]}`,
      ]
    : [sql``];
  const rows: TotalRow[] = [];
  for (const range of ranges) {
    if (rows.length >= chunkRows) break;
    rows.push(...(await handle.db.all<TotalRow>(sql`${select} ${range} ${order} limit ${chunkRows - rows.length}`)));
  }
  return rows;
}

async function writeAllTime(handle: DatabaseHandle, row: ReportExport, now: Date, filter: ReportFilter, after: After | null, chunkRows: number): Promise<boolean> {
  const aisle = filter.categoryId ?? EVERY_AISLE;
  const rows = await totalsAfter(handle, aisle, after, chunkRows);
  const cells = rows.map((total) =>
    productSalesCells({ productId: Number(total.product_id), name: total.name, category: total.category, unit: total.unit, quantity: Number(total.quantity), revenueCents: Number(total.revenue), orders: Number(total.orders) }),
  );
  const body = row.chunks === 0 ? csvDocument(PRODUCT_SALES_COLUMNS, cells) : csvRows(cells);
  const lastRow = rows.at(-1);
  const cursor: Cursor = { phase: "index", after: lastRow ? [Number(lastRow.revenue), Number(lastRow.quantity), lastRow.name, Number(lastRow.product_id)] : after };
  const done = rows.length < chunkRows;
  // The total is counted once, by the first chunk, from the index (a count, not the report).
  const counted: UnitStatement[] =
    row.chunks === 0
      ? [{ sql: `update report_exports set rows_total = (select count(*) from sales_products where category_id = ? and (on_shelf = 1 or quantity <> 0 or revenue_cents <> 0)) where id = ? and chunks = ?`, params: [aisle, row.id, row.chunks + 1] }]
      : [];
  const progress = done ? 100 : row.rowsTotal ? Math.min(99, Math.floor(((row.rowsWritten + rows.length) / Math.max(1, row.rowsTotal)) * 100)) : 1;
  await run(handle, [...chunkStatements(row, body, rows.length, cursor, progress), ...counted, ...(done ? finished(row, now, { seq: row.chunks, rows: rows.length }) : [])]);
  return done;
}
