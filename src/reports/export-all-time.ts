import { sql } from "drizzle-orm";
import type { DatabaseHandle, UnitStatement } from "../db/client";
import type { ReportExport } from "../db/report-export-tables";
import type { Unit } from "../db/schema";
import { EVERY_AISLE } from "../db/sales-rollup-tables";
import { csvDocument, csvRows, PRODUCT_SALES_COLUMNS, productSalesCells } from "./csv";
import { chunkStatements, finished, readInPieces, readRows, readScale, run, type Cursor, type Pause, type RowKey } from "./export-chunks";

/*
 * The all-time product report as a CSV (ADR 059, 067): read straight from `sales_products` in the
 * order of an index (every aisle's, or one aisle's), after the last row written, a few reads of
 * READ_ROWS rows a chunk. Before the first chunk, the listed rows are counted for the progress bar,
 * COUNT_IDS product ids a step (a count of the whole catalog at once held the thread 0.5 s at 1M);
 * ten times as many where the reads have their own thread (readScale, ADR 092).
 */

/** Product ids counted per step: about a millisecond at 1M products once the pages are cached. */
const COUNT_IDS = 2_000;

type TotalRow = { revenue: number; quantity: number; name: string; product_id: number; category: string; unit: Unit; orders: number };

const keyOf = (row: TotalRow): RowKey => [Number(row.revenue), Number(row.quantity), row.name, Number(row.product_id)];

/** Counts the listed rows of the next COUNT_IDS product ids; the last step starts the writing. */
export async function countAllTime(handle: DatabaseHandle, row: ReportExport, aisle: number, cursor: { afterId: number; counted: number }): Promise<boolean> {
  const last = cursor.afterId + COUNT_IDS * readScale(handle);
  const [found] = await handle.reports.all<{ n: number; top: number | null }>(sql`
    select (select count(*) from sales_products indexed by sqlite_autoindex_sales_products_1
            where product_id > ${cursor.afterId} and product_id <= ${last} and category_id = ${aisle} and (on_shelf = 1 or quantity <> 0 or revenue_cents <> 0)) as n,
           (select max(product_id) from sales_products) as top`);
  const counted = cursor.counted + Number(found?.n ?? 0);
  const more = last < Number(found?.top ?? 0);
  const next: Cursor = more ? { phase: "count", afterId: last, counted } : { phase: "index", after: null };
  await run(handle, [
    {
      sql: `update report_exports set cursor = ?, rows_total = ? where id = ? and cursor = ?`,
      params: [JSON.stringify(next), more ? null : counted, row.id, row.cursor],
    },
  ]);
  return false;
}

/**
 * The next rows in the report's order after `after`: three ranges of the index (the rest of the same
 * revenue and quantity by name, the rest of the same revenue by quantity, lower revenues), so a read
 * costs its rows.
 */
async function totalsAfter(handle: DatabaseHandle, aisle: number, after: RowKey | null, limit: number): Promise<TotalRow[]> {
  const index = aisle === EVERY_AISLE ? "sales_products_most_idx" : "sales_products_aisle_most_idx";
  const select = sql`select s.revenue_cents as revenue, s.quantity, s.name, s.product_id, c.name as category, p.unit, s.orders
    from ${sql.raw(`sales_products s indexed by ${index}`)} join products p on p.id = s.product_id join categories c on c.id = p.category_id
    where ${aisle === EVERY_AISLE ? sql`s.category_id = 0` : sql`s.category_id = ${aisle} and s.category_id <> 0`} and (s.on_shelf = 1 or s.quantity <> 0 or s.revenue_cents <> 0)`;
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
    if (rows.length >= limit) break;
    rows.push(...(await handle.reports.all<TotalRow>(sql`${select} ${range} ${order} limit ${limit - rows.length}`)));
  }
  return rows;
}

/** Writes the next chunk in the report's order; the last (short) chunk closes the export. */
export async function writeAllTime(handle: DatabaseHandle, row: ReportExport, now: Date, aisle: number, after: RowKey | null, chunkRows: number, pause: Pause): Promise<boolean> {
  const rows = await readInPieces(after, chunkRows, readRows(handle), pause, keyOf, (from, limit) => totalsAfter(handle, aisle, from, limit));
  const cells = rows.map((total) =>
    productSalesCells({ productId: Number(total.product_id), name: total.name, category: total.category, unit: total.unit, quantity: Number(total.quantity), revenueCents: Number(total.revenue), orders: Number(total.orders) }),
  );
  const body = row.chunks === 0 ? csvDocument(PRODUCT_SALES_COLUMNS, cells) : csvRows(cells);
  const lastRow = rows.at(-1);
  const cursor: Cursor = { phase: "index", after: lastRow ? keyOf(lastRow) : after };
  const done = rows.length < chunkRows;
  const progress = done ? 100 : row.rowsTotal ? Math.min(99, Math.floor(((row.rowsWritten + rows.length) / Math.max(1, row.rowsTotal)) * 100)) : 1;
  const statements: UnitStatement[] = [...chunkStatements(row, body, rows.length, cursor, progress), ...(done ? finished(row, now, { seq: row.chunks }) : [])];
  await run(handle, statements);
  return done;
}
