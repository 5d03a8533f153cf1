import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import { products, UNITS, users } from "./schema";

/*
 * The shopper's side: carts, wishlists, back-in-stock requests, promo codes, orders.
 * Same units as schema.ts: cents, thousandths of the product's unit, epoch milliseconds.
 * Invariants the database holds itself (see drizzle/*_storefront_rules.sql for the triggers):
 * - an order line is always at the product's current price and for an active product;
 * - a promo code is never used past its total or per-customer limit, nor outside its dates.
 */

const createdAt = () =>
  integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);

/** A signed-in shopper's cart (user_id) or a visitor's cart (token_hash from the cart cookie). */
export const carts = sqliteTable(
  "carts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id").references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash"),
    promoCode: text("promo_code"),
    /** Moved by the database on every change to the cart or its lines; an order is placed from one version only. */
    version: integer("version").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    uniqueIndex("carts_user_unique").on(t.userId),
    uniqueIndex("carts_token_unique").on(t.tokenHash),
    check("carts_has_owner", sql`${t.userId} is not null or ${t.tokenHash} is not null`),
  ],
);

export const cartItems = sqliteTable(
  "cart_items",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    cartId: integer("cart_id")
      .notNull()
      .references(() => carts.id, { onDelete: "cascade" }),
    productId: integer("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    quantity: integer("quantity").notNull(),
    addedAt: integer("added_at", { mode: "timestamp_ms" }).notNull(),
    /** "Allow a substitute" for this line; null follows the shopper's setting, then the store's (ADR 028). */
    allowSubstitute: integer("allow_substitute", { mode: "boolean" }),
    /** A note for the picker ("a green one, please"). */
    substituteNote: text("substitute_note"),
  },
  (t) => [
    uniqueIndex("cart_items_line_unique").on(t.cartId, t.productId),
    check("cart_items_quantity_positive", sql`${t.quantity} > 0`),
    check("cart_items_note_length", sql`${t.substituteNote} is null or length(${t.substituteNote}) between 1 and 200`),
  ],
);

export const wishlistItems = sqliteTable(
  "wishlist_items",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    productId: integer("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    addedAt: integer("added_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("wishlist_items_unique").on(t.userId, t.productId)],
);

/** "Notify me when back in stock"; notified_at is set when the email goes out. */
export const stockAlerts = sqliteTable(
  "stock_alerts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    productId: integer("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    notifiedAt: integer("notified_at", { mode: "timestamp_ms" }),
  },
  (t) => [uniqueIndex("stock_alerts_unique").on(t.userId, t.productId)],
);

export const PROMO_KINDS = ["percent", "fixed"] as const;

export const promoCodes = sqliteTable(
  "promo_codes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** Stored upper-case; shoppers type it in any case. */
    code: text("code").notNull(),
    kind: text("kind", { enum: PROMO_KINDS }).notNull(),
    /** Percent (1-100) or a fixed amount in cents. */
    value: integer("value").notNull(),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    startsAt: integer("starts_at", { mode: "timestamp_ms" }),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }),
    minSubtotalCents: integer("min_subtotal_cents").notNull().default(0),
    usageLimit: integer("usage_limit"),
    perCustomerLimit: integer("per_customer_limit"),
    timesUsed: integer("times_used").notNull().default(0),
    createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("promo_codes_code_unique").on(t.code),
    check("promo_codes_code_upper", sql`${t.code} = upper(${t.code})`),
    check("promo_codes_kind_valid", sql`${t.kind} in ('percent', 'fixed')`),
    check("promo_codes_value_valid", sql`(${t.kind} = 'percent' and ${t.value} between 1 and 100) or (${t.kind} = 'fixed' and ${t.value} > 0)`),
    check("promo_codes_within_limit", sql`${t.usageLimit} is null or ${t.timesUsed} <= ${t.usageLimit}`),
    check("promo_codes_used_not_negative", sql`${t.timesUsed} >= 0`),
    check("promo_codes_dates_ordered", sql`${t.startsAt} is null or ${t.expiresAt} is null or ${t.expiresAt} > ${t.startsAt}`),
  ],
);

/**
 * An order's states, in the order it moves through them (ADR 032).
 * awaiting_payment: placed with a card not yet authorised (stock and slot held); picking/picked:
 * in the store's hands. 'packed' was the name of 'picked' before migration 0016.
 */
export const ORDER_STATUSES = ["awaiting_payment", "placed", "picking", "picked", "out_for_delivery", "ready_for_pickup", "completed", "cancelled"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const FULFILMENTS = ["delivery", "pickup"] as const;
export type Fulfilment = (typeof FULFILMENTS)[number];

export const orders = sqliteTable(
  "orders",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    /** Stored in the column `state` since migration 0016 (the column `status` below is its retired predecessor). */
    status: text("state", { enum: ORDER_STATUSES }).notNull().default("placed"),
    /**
     * Retired by migration 0016: SQLite cannot drop a column its CHECK names, and rebuilding `orders`
     * inside the migration's transaction would cascade-delete its lines. Never read or written.
     */
    retiredStatus: text("status").notNull().default("placed"),
    fulfilment: text("fulfilment", { enum: FULFILMENTS }).notNull(),
    deliveryAddress: text("delivery_address"),
    note: text("note"),
    subtotalCents: integer("subtotal_cents").notNull(),
    discountCents: integer("discount_cents").notNull().default(0),
    totalCents: integer("total_cents").notNull(),
    promoCodeId: integer("promo_code_id").references(() => promoCodes.id, { onDelete: "set null" }),
    promoCode: text("promo_code"),
    /** From the checkout form or Idempotency-Key header: the same key returns the same order. */
    idempotencyKey: text("idempotency_key").notNull(),
    /** Fingerprint of what was ordered under the key, to tell a retry from a different order. */
    requestHash: text("request_hash").notNull(),
    /** Random token set by the statement that changes the status; later statements of the same unit match on it. */
    changeToken: text("change_token"),
    /** The cart and the version of it this order was placed from: the database refuses a second order from one version. */
    cartId: integer("cart_id"),
    cartVersion: integer("cart_version"),
    /** The delivery or collection window booked for the order (slot_bookings holds its place). */
    slotWindowId: integer("slot_window_id"),
    /** Delivery (or collection) fee charged on top of total_cents; VAT at its own class (ADR 015). */
    deliveryFeeCents: integer("delivery_fee_cents").notNull().default(0),
    deliveryFeeVatRateBp: integer("delivery_fee_vat_rate_bp"),
    deliveryFeeVatCents: integer("delivery_fee_vat_cents"),
    /** How far above its estimate a weighed line may be picked, in basis points, as agreed at checkout (ADR 028). */
    weightToleranceBp: integer("weight_tolerance_bp"),
    /** The most this order may ever be charged (maxChargeCents in src/picking): the estimate plus the weighed lines' tolerance. */
    maxChargeCents: integer("max_charge_cents"),
    /** Picking (ADR 029): who started it and when, when it was completed. */
    pickingBy: integer("picking_by").references(() => users.id, { onDelete: "set null" }),
    pickingStartedAt: integer("picking_started_at", { mode: "timestamp_ms" }),
    pickedAt: integer("picked_at", { mode: "timestamp_ms" }),
    /** The final amounts once picked (ADR 029): charged lines, the promo re-applied, and what is due with the fee. Null until picked. */
    finalSubtotalCents: integer("final_subtotal_cents"),
    finalDiscountCents: integer("final_discount_cents"),
    finalTotalCents: integer("final_total_cents"),
    finalVatCents: integer("final_vat_cents"),
    placedAt: integer("placed_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    uniqueIndex("orders_idempotency_unique").on(t.userId, t.idempotencyKey),
    uniqueIndex("orders_cart_version_unique").on(t.cartId, t.cartVersion),
    index("orders_user_idx").on(t.userId, t.placedAt),
    index("orders_state_idx").on(t.status, t.placedAt),
    index("orders_slot_idx").on(t.slotWindowId),
    check("orders_status_valid", sql`${t.retiredStatus} in ('placed', 'packed', 'out_for_delivery', 'ready_for_pickup', 'completed', 'cancelled')`),
    check(
      "orders_state_valid",
      sql`${t.status} in ('awaiting_payment', 'placed', 'picking', 'picked', 'out_for_delivery', 'ready_for_pickup', 'completed', 'cancelled')`,
    ),
    check("orders_fulfilment_valid", sql`${t.fulfilment} in ('delivery', 'pickup')`),
    check("orders_totals_consistent", sql`${t.totalCents} = ${t.subtotalCents} - ${t.discountCents} and ${t.discountCents} between 0 and ${t.subtotalCents}`),
    check("orders_weight_tolerance_valid", sql`${t.weightToleranceBp} is null or ${t.weightToleranceBp} between 0 and 5000`),
    check("orders_max_charge_valid", sql`${t.maxChargeCents} is null or ${t.maxChargeCents} >= ${t.totalCents} + ${t.deliveryFeeCents}`),
    check(
      "orders_final_amounts_valid",
      sql`(${t.finalSubtotalCents} is null and ${t.finalDiscountCents} is null and ${t.finalTotalCents} is null and ${t.finalVatCents} is null) or (${t.finalTotalCents} = ${t.finalSubtotalCents} - ${t.finalDiscountCents} and ${t.finalDiscountCents} between 0 and ${t.finalSubtotalCents} and ${t.finalVatCents} between 0 and ${t.finalTotalCents} + ${t.deliveryFeeCents} and (${t.maxChargeCents} is null or ${t.finalTotalCents} + ${t.deliveryFeeCents} <= ${t.maxChargeCents}))`,
    ),
  ],
);

export const orderItems = sqliteTable(
  "order_items",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    orderId: integer("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    productId: integer("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "restrict" }),
    name: text("name").notNull(),
    unit: text("unit", { enum: UNITS }).notNull(),
    quantity: integer("quantity").notNull(),
    priceCents: integer("price_cents").notNull(),
    lineTotalCents: integer("line_total_cents").notNull(),
    /** VAT at purchase (ADR 015): the line's rate in basis points, its share of the order discount, its VAT. Null on lines sold before VAT was recorded. */
    vatRateBp: integer("vat_rate_bp"),
    discountCents: integer("discount_cents"),
    vatCents: integer("vat_cents"),
    /** The shopper's substitution choice for this line, carried from the cart (ADR 028). */
    allowSubstitute: integer("allow_substitute", { mode: "boolean" }).notNull().default(false),
    substituteNote: text("substitute_note"),
    /** A piece priced by weight: its price per kg and estimated grams per piece when ordered. */
    pricePerKgCents: integer("price_per_kg_cents"),
    estimatedWeightGrams: integer("estimated_weight_g"),
    /** A substitute picked for another line of the order (ADR 029); null for a line the shopper ordered. */
    substituteForItemId: integer("substitute_for_item_id").references((): AnySQLiteColumn => orderItems.id, { onDelete: "cascade" }),
    /** What was picked (thousandths of the unit; the weight in thousandths for kg lines) and, for a piece priced by weight, its grams. Null until picked. */
    pickedQuantity: integer("picked_quantity"),
    pickedWeightGrams: integer("picked_weight_g"),
    /** What the line costs once picked (ADR 029), its share of the final discount and its VAT. Null until picked. */
    chargedCents: integer("charged_cents"),
    finalDiscountCents: integer("final_discount_cents"),
    finalVatCents: integer("final_vat_cents"),
    /** A substitute the shopper refused at the door: off the bill, back to stock. */
    refusedAt: integer("refused_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    uniqueIndex("order_items_line_unique").on(t.orderId, t.productId).where(sql`${t.substituteForItemId} is null`),
    // An order's lines by order: the partial unique index above serves only queries that also say
    // "not a substitute", so without this every read of an order's lines scanned all of them.
    index("order_items_order_idx").on(t.orderId),
    uniqueIndex("order_items_one_substitute").on(t.substituteForItemId).where(sql`${t.substituteForItemId} is not null`),
    check(
      "order_items_picked_valid",
      sql`(${t.pickedQuantity} is null or ${t.pickedQuantity} >= 0) and (${t.pickedWeightGrams} is null or ${t.pickedWeightGrams} >= 0) and (${t.chargedCents} is null or ${t.chargedCents} >= 0) and (${t.finalDiscountCents} is null or ${t.finalDiscountCents} between 0 and ${t.chargedCents}) and (${t.finalVatCents} is null or ${t.finalVatCents} between 0 and ${t.chargedCents}) and (${t.refusedAt} is null or ${t.substituteForItemId} is not null)`,
    ),
    check("order_items_quantity_positive", sql`${t.quantity} > 0`),
    check(
      "order_items_priced_by_weight_valid",
      sql`(${t.pricePerKgCents} is null and ${t.estimatedWeightGrams} is null) or (${t.pricePerKgCents} > 0 and ${t.estimatedWeightGrams} > 0)`,
    ),
    check("order_items_note_length", sql`${t.substituteNote} is null or length(${t.substituteNote}) between 1 and 200`),
  ],
);

export const promoRedemptions = sqliteTable(
  "promo_redemptions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    promoCodeId: integer("promo_code_id")
      .notNull()
      .references(() => promoCodes.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    orderId: integer("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    redeemedAt: integer("redeemed_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("promo_redemptions_order_unique").on(t.orderId), index("promo_redemptions_user_idx").on(t.promoCodeId, t.userId)],
);

/** Raised by a trigger whenever a product's stock crosses down to or below its threshold. */
export const lowStockEvents = sqliteTable(
  "low_stock_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    productId: integer("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    stock: integer("stock").notNull(),
    threshold: integer("threshold").notNull(),
    createdAt: createdAt(),
    handledAt: integer("handled_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("low_stock_events_pending_idx").on(t.handledAt)],
);

export type Cart = typeof carts.$inferSelect;
export type CartItem = typeof cartItems.$inferSelect;
export type PromoCode = typeof promoCodes.$inferSelect;
export type Order = typeof orders.$inferSelect;
export type OrderItem = typeof orderItems.$inferSelect;

/*
 * Sales rollups (ADR 024): what sold per UTC day, kept by triggers on orders and order_items in the
 * same atomic unit as the sale, its changes and its cancellation (drizzle/*_sales_rollups.sql). A
 * sale is an order line of an order in a counted state (not awaiting_payment, not cancelled);
 * src/reports/sale.ts says the same in words. Reports read these, in time proportional to the days
 * asked. `orders` counts orders (an order with two lines of an aisle counts once for that aisle).
 */

/** Per UTC day, aisle (the product's aisle when sold) and product. */
export const salesDaily = sqliteTable(
  "sales_daily",
  {
    day: text("day").notNull(),
    categoryId: integer("category_id").notNull(),
    productId: integer("product_id").notNull(),
    quantity: integer("quantity").notNull().default(0),
    revenueCents: integer("revenue_cents").notNull().default(0),
    discountCents: integer("discount_cents").notNull().default(0),
    orders: integer("orders").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.day, t.categoryId, t.productId] }),
    // Covering (ADR 064): a report sums a product's days from the index alone, in product order,
    // instead of one table lookup per rollup row (2 s of the 100k-product report went there).
    index("sales_daily_product_figures_idx").on(t.productId, t.day, t.categoryId, t.quantity, t.revenueCents, t.orders),
  ],
);

/** Per UTC day and aisle: orders with a line of the aisle, and what its lines came to. */
export const salesDailyCategories = sqliteTable(
  "sales_daily_categories",
  {
    day: text("day").notNull(),
    categoryId: integer("category_id").notNull(),
    revenueCents: integer("revenue_cents").notNull().default(0),
    discountCents: integer("discount_cents").notNull().default(0),
    orders: integer("orders").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.day, t.categoryId] })],
);

/** Per UTC day: orders and what their lines came to. */
export const salesDays = sqliteTable("sales_days", {
  day: text("day").primaryKey(),
  revenueCents: integer("revenue_cents").notNull().default(0),
  discountCents: integer("discount_cents").notNull().default(0),
  orders: integer("orders").notNull().default(0),
  /** Refunds settled that are not for one line, on the day of the order they refund (ADR 059). */
  refundedCents: integer("refunded_cents").notNull().default(0),
});
