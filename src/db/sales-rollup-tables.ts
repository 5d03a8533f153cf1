import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/*
 * What the sales rollups (src/db/shop-tables.ts, ADR 024, 059) need beside the day tables, kept by
 * the same triggers (drizzle/0028_sales_product_totals.sql):
 * - `sales_products`: every product's figures for all time, per aisle it sold in and once more over
 *   every aisle (category_id 0), with the product's name and whether it is on the shelf in that
 *   aisle, so the best sellers, the report's product table and the product CSV read a page by index.
 * - `store_zone` and `store_zone_offsets`: the store's time zone (STORE_TIMEZONE) as UTC offsets from
 *   each change of offset, so a sale's day is the store's day; set at start (src/reports/store-zone.ts).
 */

/** Category 0 in `sales_products`: the product over every aisle. */
export const EVERY_AISLE = 0;

export const salesProducts = sqliteTable(
  "sales_products",
  {
    productId: integer("product_id").notNull(),
    /** The aisle the sales were made in, or 0 for every aisle. */
    categoryId: integer("category_id").notNull(),
    /** The product's name now (kept by a trigger on products): the report's tie-break. */
    name: text("name").notNull(),
    /** Active and in this aisle now (always for row 0 of an active product): listed even if unsold. */
    onShelf: integer("on_shelf", { mode: "boolean" }).notNull(),
    quantity: integer("quantity").notNull().default(0),
    revenueCents: integer("revenue_cents").notNull().default(0),
    discountCents: integer("discount_cents").notNull().default(0),
    orders: integer("orders").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.productId, t.categoryId] }),
    // The report's two orders over every aisle, most and least sold, each read as a range of one
    // index. Partial (ADR 059): an aisle's row moves no index entry when it sells, so an order line
    // costs two entries, not four; an aisle's all-time table (a few percent of the catalog) is sorted.
    index("sales_products_most_idx").on(sql`${t.revenueCents} desc`, sql`${t.quantity} desc`, t.name, t.productId, t.onShelf).where(sql`${t.categoryId} = 0`),
    index("sales_products_least_idx").on(t.revenueCents, t.quantity, t.name, t.productId, t.onShelf).where(sql`${t.categoryId} = 0`),
    // The same two orders within one aisle (ADR 067): an aisle's all-time table, its least sold and
    // its CSV are ranges of these. Every aisle row's sale moves two more entries: the trade for an
    // aisle's page in milliseconds instead of sorting its rows (1.5 s at 1M products).
    index("sales_products_aisle_most_idx").on(t.categoryId, sql`${t.revenueCents} desc`, sql`${t.quantity} desc`, t.name, t.productId, t.onShelf).where(sql`${t.categoryId} <> 0`),
    index("sales_products_aisle_least_idx").on(t.categoryId, t.revenueCents, t.quantity, t.name, t.productId, t.onShelf).where(sql`${t.categoryId} <> 0`),
    // The products listed in a period that sold nothing in it come by name.
    index("sales_products_name_idx").on(t.categoryId, t.onShelf, t.name, t.productId),
  ],
);

/** The time zone the rollups' days are in (one row). */
export const storeZone = sqliteTable("store_zone", { id: integer("id").primaryKey(), name: text("name").notNull() }, (t) => [check("store_zone_one_row", sql`${t.id} = 1`)]);

/** From `startsAt` (epoch ms) until the next row, the store's clocks are `offsetMinutes` ahead of UTC. */
export const storeZoneOffsets = sqliteTable("store_zone_offsets", {
  startsAt: integer("starts_at").primaryKey(),
  offsetMinutes: integer("offset_minutes").notNull(),
});
