import { sql, type SQL } from "drizzle-orm";
import type { Database } from "../db/client";
import type { OrderStatus } from "../db/shop-tables";
import { lineDiscount, lineQuantity, lineRevenue, storeDay } from "./rollup-sql";

/*
 * What a sale is, in one place (ADR 024). A sale is an order line of an order in a counted state:
 * placed and not cancelled. An order awaiting its card payment is not a sale yet; it becomes one when
 * it moves on, and stops being one when it is cancelled. Its day is the store's day (STORE_TIMEZONE)
 * it was placed, its revenue what the line came to before the order's promo discount (ADR 009), with
 * the line's share of that discount beside it (`discount_cents`, ADR 015); once picked, what the line
 * was charged and its share of the final discount (ADR 029, 059). Refunds not for one line are
 * counted per day (`sales_days.refunded_cents`): net sales = revenue - discount - refunded (ADR 059).
 * The SQL of each figure is in src/reports/rollup-sql.ts.
 *
 * The rollups (sales_daily, sales_daily_categories, sales_days; drizzle/0019_sales_rollups.sql) are
 * kept by triggers on this same rule, in the atomic unit of the sale itself, and every report reads
 * them. Extending "a sale" (fees, VAT, refunds) means adding a column to the rollups and their
 * triggers, and the same figure to `orderLineSales` below, whose test keeps both equal.
 */

export const UNCOUNTED_STATES = ["awaiting_payment", "cancelled"] as const satisfies readonly OrderStatus[];

export const isSale = (state: OrderStatus) => !(UNCOUNTED_STATES as readonly string[]).includes(state);

/** The sales condition over orders aliased `o` (as the triggers write it). */
export const saleOrder: SQL = sql.raw(`o.state not in (${UNCOUNTED_STATES.map((state) => `'${state}'`).join(", ")})`);

/** A sale's day in the store's time zone, from orders aliased `o`. */
export const saleDay: SQL = sql.raw(storeDay("o.placed_at"));

export type DayRange = { fromDay?: string; toDay?: string };

/** [fromDay, toDay) as a condition on a rollup's `day` column. */
export function daysWhere(range: DayRange, column: SQL = sql.raw("day")): SQL {
  const parts: SQL[] = [sql`1 = 1`];
  if (range.fromDay) parts.push(sql`${column} >= ${range.fromDay}`);
  if (range.toDay) parts.push(sql`${column} < ${range.toDay}`);
  return sql.join(parts, sql` and `);
}

export type LineSales = { day: string; productId: number; categoryId: number; quantity: number; revenueCents: number; discountCents: number; orders: number };

/**
 * The same figures straight from the order lines, per day and product (for checks and audits: it
 * scans history, so no page or report calls it).
 */
export async function orderLineSales(db: Database, range: DayRange = {}): Promise<LineSales[]> {
  const rows = await db.all<{ day: string; product_id: number; category_id: number; quantity: number; revenue: number; discount: number; orders: number }>(sql`
    select * from (
      select ${saleDay} as day, oi.product_id, p.category_id, sum(${sql.raw(lineQuantity("oi"))}) as quantity, sum(${sql.raw(lineRevenue("oi"))}) as revenue,
             sum(${sql.raw(lineDiscount("oi"))}) as discount, count(distinct o.id) as orders
      from order_items oi join orders o on o.id = oi.order_id join products p on p.id = oi.product_id
      where ${saleOrder}
      group by 1, 2, 3)
    where ${daysWhere(range)}
    order by day, product_id`);
  return rows.map((row) => ({
    day: row.day,
    productId: Number(row.product_id),
    categoryId: Number(row.category_id),
    quantity: Number(row.quantity),
    revenueCents: Number(row.revenue),
    discountCents: Number(row.discount),
    orders: Number(row.orders),
  }));
}
