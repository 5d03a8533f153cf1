import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, uniqueIndex } from "drizzle-orm/sqlite-core";
import { products, users } from "./schema";
import { orderItems, orders } from "./shop-tables";

/*
 * Picking (ADR 029): what the picker recorded for each ordered line while the order is being
 * picked. Nothing on the order or its lines changes until the pick is completed, in one atomic
 * unit (src/picking/complete.ts); the records stay as the history the reports count.
 * Same units as schema.ts: thousandths of the unit, grams, epoch milliseconds.
 */
export const pickRecords = sqliteTable(
  "pick_records",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    orderId: integer("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    orderItemId: integer("order_item_id")
      .notNull()
      .references(() => orderItems.id, { onDelete: "cascade" }),
    /** Of the ordered product: thousandths of its unit (the weight for a kg line), 0 when none was found. */
    pickedQuantity: integer("picked_quantity").notNull(),
    /** Grams, for a piece priced by weight. */
    pickedWeightGrams: integer("picked_weight_g"),
    /** A substitute for what was not found, with its quantity (its own unit) and grams when priced by weight. */
    substituteProductId: integer("substitute_product_id").references(() => products.id, { onDelete: "restrict" }),
    substituteQuantity: integer("substitute_quantity"),
    substituteWeightGrams: integer("substitute_weight_g"),
    pickerId: integer("picker_id").references(() => users.id, { onDelete: "set null" }),
    recordedAt: integer("recorded_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    uniqueIndex("pick_records_line_unique").on(t.orderItemId),
    index("pick_records_order_idx").on(t.orderId),
    index("pick_records_picker_idx").on(t.pickerId, t.recordedAt),
    check("pick_records_quantity_valid", sql`${t.pickedQuantity} >= 0 and (${t.pickedWeightGrams} is null or ${t.pickedWeightGrams} > 0)`),
    check(
      "pick_records_substitute_valid",
      sql`(${t.substituteProductId} is null and ${t.substituteQuantity} is null and ${t.substituteWeightGrams} is null) or (${t.substituteProductId} is not null and ${t.substituteQuantity} > 0 and (${t.substituteWeightGrams} is null or ${t.substituteWeightGrams} > 0))`,
    ),
  ],
);

export type PickRecord = typeof pickRecords.$inferSelect;
