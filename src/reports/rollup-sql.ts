/*
 * A sale in SQL, in one place (ADR 024, 059): the day, quantity, revenue and discount of an order
 * line as the rollup triggers (drizzle/0028_sales_product_totals.sql, written from these), the
 * rebuild after a change of time zone and the audit from the order lines (src/reports/sale.ts) all
 * count it. A line counts what it was finally charged once picked (ADR 029: picked quantity, charged
 * amount, its share of the final discount; a refused substitute nothing), what was ordered before.
 */

export const COUNTED = `not in ('awaiting_payment', 'cancelled')`;

/** The store's day (YYYY-MM-DD) at an instant in epoch ms, from the offsets of STORE_TIMEZONE. */
export const storeDay = (instant: string) =>
  `strftime('%Y-%m-%d', ${instant} / 1000 + 60 * coalesce((SELECT z.offset_minutes FROM store_zone_offsets z WHERE z.starts_at <= ${instant} ORDER BY z.starts_at DESC LIMIT 1), 0), 'unixepoch')`;

export const lineQuantity = (line: string) =>
  `(CASE WHEN ${line}.charged_cents IS NULL THEN ${line}.quantity WHEN ${line}.refused_at IS NOT NULL THEN 0 ELSE coalesce(${line}.picked_quantity, ${line}.quantity) END)`;
export const lineRevenue = (line: string) => `coalesce(${line}.charged_cents, ${line}.line_total_cents)`;
export const lineDiscount = (line: string) => `(CASE WHEN ${line}.charged_cents IS NULL THEN coalesce(${line}.discount_cents, 0) ELSE coalesce(${line}.final_discount_cents, 0) END)`;

/** A refund that is not for one line (a refused substitute's line is already charged nothing), settled. */
export const orderRefund = (ledger: string) => `${ledger}.kind = 'refund' AND ${ledger}.status = 'succeeded' AND ${ledger}.order_item_id IS NULL`;

/**
 * Every rollup again from the order lines and the ledger, in the store's days: the migration's
 * backfill, and the rebuild when STORE_TIMEZONE changes (src/reports/store-zone.ts). Order and line
 * tables are only read.
 */
export const REBUILD_ROLLUPS: string[] = [
  `DELETE FROM sales_daily`,
  `DELETE FROM sales_daily_categories`,
  `DELETE FROM sales_days`,
  `DELETE FROM sales_products`,
  `INSERT INTO sales_daily (day, category_id, product_id, quantity, revenue_cents, discount_cents, orders)
SELECT ${storeDay("o.placed_at")}, p.category_id, oi.product_id, sum(${lineQuantity("oi")}), sum(${lineRevenue("oi")}), sum(${lineDiscount("oi")}), count(*)
FROM order_items oi JOIN orders o ON o.id = oi.order_id JOIN products p ON p.id = oi.product_id
WHERE o.state ${COUNTED} GROUP BY 1, 2, 3`,
  `INSERT INTO sales_daily_categories (day, category_id, revenue_cents, discount_cents, orders)
SELECT ${storeDay("o.placed_at")}, p.category_id, sum(${lineRevenue("oi")}), sum(${lineDiscount("oi")}), count(DISTINCT o.id)
FROM order_items oi JOIN orders o ON o.id = oi.order_id JOIN products p ON p.id = oi.product_id
WHERE o.state ${COUNTED} GROUP BY 1, 2`,
  `INSERT INTO sales_days (day, revenue_cents, discount_cents, orders)
SELECT ${storeDay("o.placed_at")}, sum(${lineRevenue("oi")}), sum(${lineDiscount("oi")}), count(DISTINCT o.id)
FROM order_items oi JOIN orders o ON o.id = oi.order_id
WHERE o.state ${COUNTED} GROUP BY 1`,
  `INSERT INTO sales_days (day, refunded_cents)
SELECT ${storeDay("o.placed_at")}, sum(l.amount_cents)
FROM payment_ledger l JOIN orders o ON o.id = l.order_id
WHERE ${orderRefund("l")} AND o.state ${COUNTED} GROUP BY 1
ON CONFLICT (day) DO UPDATE SET refunded_cents = refunded_cents + excluded.refunded_cents`,
  `INSERT INTO sales_products (product_id, category_id, name, on_shelf, quantity, revenue_cents, discount_cents, orders)
SELECT p.id, 0, p.name, p.active, coalesce(s.quantity, 0), coalesce(s.revenue, 0), coalesce(s.discount, 0), coalesce(s.orders, 0)
FROM products p LEFT JOIN (
  SELECT product_id, sum(quantity) AS quantity, sum(revenue_cents) AS revenue, sum(discount_cents) AS discount, sum(orders) AS orders FROM sales_daily GROUP BY product_id
) s ON s.product_id = p.id`,
  `INSERT INTO sales_products (product_id, category_id, name, on_shelf, quantity, revenue_cents, discount_cents, orders)
SELECT s.product_id, s.category_id, p.name, p.active AND p.category_id = s.category_id, s.quantity, s.revenue, s.discount, s.orders
FROM (
  SELECT product_id, category_id, sum(quantity) AS quantity, sum(revenue_cents) AS revenue, sum(discount_cents) AS discount, sum(orders) AS orders FROM sales_daily GROUP BY product_id, category_id
) s JOIN products p ON p.id = s.product_id`,
  `INSERT INTO sales_products (product_id, category_id, name, on_shelf)
SELECT p.id, p.category_id, p.name, p.active FROM products p WHERE true
ON CONFLICT (product_id, category_id) DO NOTHING`,
];
