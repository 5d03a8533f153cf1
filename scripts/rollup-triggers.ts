/**
 * Prints the sales rollup triggers of drizzle/0028_sales_product_totals.sql from the sale's SQL in
 * src/reports/rollup-sql.ts (run once when the rule changes; the migration keeps what it printed).
 *
 *   bun scripts/rollup-triggers.ts
 */
import { COUNTED, lineDiscount, lineQuantity, lineRevenue, orderRefund, REBUILD_ROLLUPS, storeDay } from "../src/reports/rollup-sql";

const add = (columns: string[]) => columns.map((c) => `${c} = ${c} + excluded.${c}`).join(", ");
const DAILY = `ON CONFLICT (day, category_id, product_id) DO UPDATE SET ${add(["quantity", "revenue_cents", "discount_cents", "orders"])}`;
const AISLE = `ON CONFLICT (day, category_id) DO UPDATE SET ${add(["revenue_cents", "discount_cents", "orders"])}`;
const DAY = `ON CONFLICT (day) DO UPDATE SET ${add(["revenue_cents", "discount_cents", "orders"])}`;
const PRODUCT = `ON CONFLICT (product_id, category_id) DO UPDATE SET ${add(["quantity", "revenue_cents", "discount_cents", "orders"])}`;

/** The five upserts for one line (`line` is NEW or OLD) with `sign` 1 or -1 and its order counts. */
function lineUpserts(line: string, sign: string, orders: { line: string; aisle: string; day: string }): string {
  const q = `${sign} * ${lineQuantity(line)}`;
  const r = `${sign} * ${lineRevenue(line)}`;
  const d = `${sign} * ${lineDiscount(line)}`;
  const from = `FROM orders o, products p WHERE o.id = ${line}.order_id AND p.id = ${line}.product_id`;
  const day = storeDay("o.placed_at");
  return [
    `  INSERT INTO sales_daily (day, category_id, product_id, quantity, revenue_cents, discount_cents, orders)
  SELECT ${day}, p.category_id, ${line}.product_id, ${q}, ${r}, ${d}, ${orders.line}
  ${from}
  ${DAILY};`,
    `  INSERT INTO sales_daily_categories (day, category_id, revenue_cents, discount_cents, orders)
  SELECT ${day}, p.category_id, ${r}, ${d}, ${orders.aisle}
  ${from}
  ${AISLE};`,
    `  INSERT INTO sales_days (day, revenue_cents, discount_cents, orders)
  SELECT ${day}, ${r}, ${d}, ${orders.day}
  FROM orders o WHERE o.id = ${line}.order_id
  ${DAY};`,
    `  INSERT INTO sales_products (product_id, category_id, name, on_shelf, quantity, revenue_cents, discount_cents, orders)
  SELECT ${line}.product_id, p.category_id, p.name, p.active, ${q}, ${r}, ${d}, ${orders.line}
  FROM products p WHERE p.id = ${line}.product_id
  ${PRODUCT};`,
    `  INSERT INTO sales_products (product_id, category_id, name, on_shelf, quantity, revenue_cents, discount_cents, orders)
  SELECT ${line}.product_id, 0, p.name, p.active, ${q}, ${r}, ${d}, ${orders.line}
  FROM products p WHERE p.id = ${line}.product_id
  ${PRODUCT};`,
  ].join("\n");
}

const counted = (line: string) => `WHEN EXISTS (SELECT 1 FROM orders o WHERE o.id = ${line}.order_id AND o.state ${COUNTED})`;
const otherInAisle = (line: string, self: boolean) =>
  `NOT EXISTS (SELECT 1 FROM order_items x JOIN products xp ON xp.id = x.product_id WHERE x.order_id = ${line}.order_id${self ? ` AND x.id <> ${line}.id` : ""} AND xp.category_id = p.category_id)`;
const otherInOrder = (line: string, self: boolean) => `NOT EXISTS (SELECT 1 FROM order_items x WHERE x.order_id = ${line}.order_id${self ? ` AND x.id <> ${line}.id` : ""})`;

const sign = `(CASE WHEN NEW.state ${COUNTED} THEN 1 ELSE -1 END)`;
const stateDay = storeDay("NEW.placed_at");

const out: string[] = [
  "DROP TRIGGER IF EXISTS sales_rollup_line_added",
  "DROP TRIGGER IF EXISTS sales_rollup_line_removed",
  "DROP TRIGGER IF EXISTS sales_rollup_line_changed",
  "DROP TRIGGER IF EXISTS sales_rollup_order_state",
  `CREATE TRIGGER sales_rollup_line_added AFTER INSERT ON order_items
${counted("NEW")}
BEGIN
${lineUpserts("NEW", "1", { line: "1", aisle: otherInAisle("NEW", true), day: otherInOrder("NEW", true) })}
END`,
  `CREATE TRIGGER sales_rollup_line_removed AFTER DELETE ON order_items
${counted("OLD")}
BEGIN
${lineUpserts("OLD", "-1", { line: "-1", aisle: `-(${otherInAisle("OLD", false)})`, day: `-(${otherInOrder("OLD", false)})` })}
END`,
  `CREATE TRIGGER sales_rollup_line_changed AFTER UPDATE OF quantity, line_total_cents, discount_cents, picked_quantity, charged_cents, final_discount_cents, refused_at ON order_items
${counted("NEW")}
BEGIN
${lineUpserts("OLD", "-1", { line: "0", aisle: "0", day: "0" })}
${lineUpserts("NEW", "1", { line: "0", aisle: "0", day: "0" })}
END`,
  `CREATE TRIGGER sales_rollup_order_state AFTER UPDATE OF state ON orders
WHEN (OLD.state ${COUNTED}) <> (NEW.state ${COUNTED})
BEGIN
  INSERT INTO sales_daily (day, category_id, product_id, quantity, revenue_cents, discount_cents, orders)
  SELECT ${stateDay}, p.category_id, oi.product_id, ${sign} * ${lineQuantity("oi")}, ${sign} * ${lineRevenue("oi")}, ${sign} * ${lineDiscount("oi")}, ${sign}
  FROM order_items oi JOIN products p ON p.id = oi.product_id WHERE oi.order_id = NEW.id
  ${DAILY};
  INSERT INTO sales_daily_categories (day, category_id, revenue_cents, discount_cents, orders)
  SELECT ${stateDay}, p.category_id, ${sign} * sum(${lineRevenue("oi")}), ${sign} * sum(${lineDiscount("oi")}), ${sign}
  FROM order_items oi JOIN products p ON p.id = oi.product_id WHERE oi.order_id = NEW.id GROUP BY p.category_id
  ${AISLE};
  INSERT INTO sales_days (day, revenue_cents, discount_cents, orders)
  SELECT ${stateDay}, ${sign} * sum(${lineRevenue("oi")}), ${sign} * sum(${lineDiscount("oi")}), ${sign}
  FROM order_items oi WHERE oi.order_id = NEW.id GROUP BY oi.order_id
  ${DAY};
  INSERT INTO sales_days (day, refunded_cents)
  SELECT ${stateDay}, ${sign} * sum(l.amount_cents)
  FROM payment_ledger l WHERE l.order_id = NEW.id AND ${orderRefund("l")} GROUP BY l.order_id
  ON CONFLICT (day) DO UPDATE SET refunded_cents = refunded_cents + excluded.refunded_cents;
  INSERT INTO sales_products (product_id, category_id, name, on_shelf, quantity, revenue_cents, discount_cents, orders)
  SELECT oi.product_id, p.category_id, p.name, p.active, ${sign} * ${lineQuantity("oi")}, ${sign} * ${lineRevenue("oi")}, ${sign} * ${lineDiscount("oi")}, ${sign}
  FROM order_items oi JOIN products p ON p.id = oi.product_id WHERE oi.order_id = NEW.id
  ${PRODUCT};
  INSERT INTO sales_products (product_id, category_id, name, on_shelf, quantity, revenue_cents, discount_cents, orders)
  SELECT oi.product_id, 0, p.name, p.active, ${sign} * ${lineQuantity("oi")}, ${sign} * ${lineRevenue("oi")}, ${sign} * ${lineDiscount("oi")}, ${sign}
  FROM order_items oi JOIN products p ON p.id = oi.product_id WHERE oi.order_id = NEW.id
  ${PRODUCT};
END`,
  `CREATE TRIGGER sales_rollup_refund_added AFTER INSERT ON payment_ledger
WHEN ${orderRefund("NEW")} AND EXISTS (SELECT 1 FROM orders o WHERE o.id = NEW.order_id AND o.state ${COUNTED})
BEGIN
  INSERT INTO sales_days (day, refunded_cents)
  SELECT ${storeDay("o.placed_at")}, NEW.amount_cents FROM orders o WHERE o.id = NEW.order_id
  ON CONFLICT (day) DO UPDATE SET refunded_cents = refunded_cents + excluded.refunded_cents;
END`,
  `CREATE TRIGGER sales_rollup_refund_settled AFTER UPDATE OF status ON payment_ledger
WHEN NEW.kind = 'refund' AND NEW.order_item_id IS NULL AND (OLD.status = 'succeeded') <> (NEW.status = 'succeeded')
 AND EXISTS (SELECT 1 FROM orders o WHERE o.id = NEW.order_id AND o.state ${COUNTED})
BEGIN
  INSERT INTO sales_days (day, refunded_cents)
  SELECT ${storeDay("o.placed_at")}, (CASE WHEN NEW.status = 'succeeded' THEN 1 ELSE -1 END) * NEW.amount_cents FROM orders o WHERE o.id = NEW.order_id
  ON CONFLICT (day) DO UPDATE SET refunded_cents = refunded_cents + excluded.refunded_cents;
END`,
  `CREATE TRIGGER sales_products_product_added AFTER INSERT ON products
BEGIN
  INSERT INTO sales_products (product_id, category_id, name, on_shelf) VALUES (NEW.id, 0, NEW.name, NEW.active), (NEW.id, NEW.category_id, NEW.name, NEW.active)
  ON CONFLICT (product_id, category_id) DO NOTHING;
END`,
  `CREATE TRIGGER sales_products_product_changed AFTER UPDATE OF name, active, category_id ON products
WHEN OLD.name IS NOT NEW.name OR OLD.active IS NOT NEW.active OR OLD.category_id IS NOT NEW.category_id
BEGIN
  INSERT INTO sales_products (product_id, category_id, name, on_shelf) VALUES (NEW.id, NEW.category_id, NEW.name, 0)
  ON CONFLICT (product_id, category_id) DO NOTHING;
  UPDATE sales_products SET name = NEW.name, on_shelf = (NEW.active AND category_id IN (0, NEW.category_id)) WHERE product_id = NEW.id;
END`,
  `CREATE TRIGGER sales_products_product_removed AFTER DELETE ON products
BEGIN
  DELETE FROM sales_products WHERE product_id = OLD.id;
END`,
  ...REBUILD_ROLLUPS.map((statement, i) => (i === 0 ? `-- What sold before: every rollup again from the order lines and the ledger (REBUILD_ROLLUPS).\n${statement}` : statement)),
  "INSERT INTO store_zone (id, name) VALUES (1, 'UTC')",
];
console.log(out.map((statement) => `${statement};`).join("\n--> statement-breakpoint\n"));
