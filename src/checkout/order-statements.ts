import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { products } from "../db/schema";
import { cartItems, carts, orderItems, orders, promoCodes, promoRedemptions } from "../db/shop-tables";
import { oncePerDatabase, StatementTemplate } from "../db/templates";
import { newOrderNoticeTemplate } from "../notifications/notices";
import { orderConfirmationTemplate } from "../notifications/order-emails";

const value = sql.placeholder;

/** The order being placed, found inside the unit by its owner and idempotency key (its id is not known yet). */
const placedOrderId = sql`(select ${orders.id} from ${orders} where ${orders.userId} = ${value("userId")} and ${orders.idempotencyKey} = ${value("key")})`;

/**
 * Everything checkout reads and writes, compiled once per database: an order is placed at the
 * rate the database can take it, not at the rate SQL can be generated (BENCHMARKS.md).
 */
export const checkoutStatements = oncePerDatabase((db: Database) => ({
  // The id alone comes from the unique index itself; the whole order is read only for a replay.
  orderIdByKey: db
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.userId, value("userId")), eq(orders.idempotencyKey, value("key"))))
    .prepare(),
  orderById: db.select().from(orders).where(eq(orders.id, value("id"))).prepare(),

  order: new StatementTemplate<{
    userId: number;
    key: string;
    fulfilment: string;
    deliveryAddress: string | null;
    note: string | null;
    subtotalCents: number;
    discountCents: number;
    totalCents: number;
    promoCodeId: number | null;
    promoCode: string | null;
    requestHash: string;
    now: Date;
  }>(
    db.insert(orders).values({
      userId: value("userId"),
      fulfilment: value("fulfilment"),
      deliveryAddress: value("deliveryAddress"),
      note: value("note"),
      subtotalCents: value("subtotalCents"),
      discountCents: value("discountCents"),
      totalCents: value("totalCents"),
      promoCodeId: value("promoCodeId"),
      promoCode: value("promoCode"),
      idempotencyKey: value("key"),
      requestHash: value("requestHash"),
      placedAt: value("now"),
      updatedAt: value("now"),
    }),
  ),
  line: new StatementTemplate<{ userId: number; key: string; productId: number; name: string; unit: string; quantity: number; priceCents: number; lineTotalCents: number }>(
    db.insert(orderItems).values({
      orderId: placedOrderId,
      productId: value("productId"),
      name: value("name"),
      unit: value("unit"),
      quantity: value("quantity"),
      priceCents: value("priceCents"),
      lineTotalCents: value("lineTotalCents"),
    }),
  ),
  // The CHECK (stock >= 0) refuses an oversell and rolls the whole unit back. Popularity (sold) is
  // tallied later (src/catalog/popularity.ts). Updates take placeholders only inside SQL, so their
  // time is bound as epoch milliseconds (the column's storage).
  takeStock: new StatementTemplate<{ productId: number; quantity: number; nowMs: number }>(
    db
      .update(products)
      .set({ stock: sql`${products.stock} - ${value("quantity")}`, updatedAt: sql`${value("nowMs")}` })
      .where(eq(products.id, value("productId"))),
  ),
  countPromoUse: new StatementTemplate<{ promoCodeId: number }>(
    db.update(promoCodes).set({ timesUsed: sql`${promoCodes.timesUsed} + 1` }).where(eq(promoCodes.id, value("promoCodeId"))),
  ),
  redeemPromo: new StatementTemplate<{ userId: number; key: string; promoCodeId: number; now: Date }>(
    db.insert(promoRedemptions).values({ promoCodeId: value("promoCodeId"), userId: value("userId"), orderId: placedOrderId, redeemedAt: value("now") }),
  ),
  confirmation: orderConfirmationTemplate(db, placedOrderId),
  staffNotice: newOrderNoticeTemplate(db, placedOrderId),
  emptyCart: new StatementTemplate<{ cartId: number }>(db.delete(cartItems).where(eq(cartItems.cartId, value("cartId")))),
  clearCartPromo: new StatementTemplate<{ cartId: number; nowMs: number }>(
    db.update(carts).set({ promoCode: null, updatedAt: sql`${value("nowMs")}` }).where(eq(carts.id, value("cartId"))),
  ),
}));
