import { and, eq, isNull, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { oncePerDatabase } from "../db/templates";
import { categories, products, users, type VatClass } from "../db/schema";
import { cartItems, carts, orders, promoCodes, promoRedemptions } from "../db/shop-tables";
import { collectionPoints, slotBookings, slotRules, slotWindows } from "../db/fulfilment-tables";
import { cartLineColumns, type CartLine } from "../cart/carts";
import { EMPTY_CART, pricedLines, subtotalBeforePromo, summaryOf, verdictOn, type CartSummary, type SummaryContext } from "../cart/summary";
import type { HeldForCheckout } from "../fulfilment/reservations";
import { toView, windowColumns } from "../fulfilment/windows";

/*
 * Everything "Place order" reads before its write, in ONE statement (ADR 060): the cart and its
 * lines with each product's VAT class and low-stock level, the promo code on the cart and the
 * shopper's uses of it, the shopper's substitution default, their held slot reservation with its
 * window, and the order already placed under this idempotency key, if any. One statement is one
 * round trip on libSQL/Turso and D1, and the cart's version and lines come from one snapshot.
 * The rules applied to what it reads are the cart's own (summaryOf, verdictOn in src/cart/summary.ts).
 */

const value = sql.placeholder;
const held = windowColumns(value("nowMs"));

const checkoutQuery = oncePerDatabase((db: Database) =>
  db
    .select({
      allowSubstitutes: users.allowSubstitutes,
      previousOrderId: sql<number | null>`(select ${orders.id} from ${orders} where ${orders.userId} = ${value("userId")} and ${orders.idempotencyKey} = ${value("key")})`,
      cartId: carts.id,
      cartVersion: carts.version,
      cartPromoCode: carts.promoCode,
      promo: promoCodes,
      promoUses: sql<number>`(select count(*) from ${promoRedemptions} where ${promoRedemptions.promoCodeId} = ${promoCodes.id} and ${promoRedemptions.userId} = ${users.id})`.mapWith(Number),
      ...cartLineColumns(),
      vatClass: products.vatClass,
      lowStockThreshold: products.lowStockThreshold,
      reservationExpiresAt: slotBookings.expiresAt,
      window: held.window,
      taken: held.taken,
      pointName: held.pointName,
      horizonDays: slotRules.horizonDays,
    })
    .from(users)
    .leftJoin(carts, eq(carts.userId, users.id))
    .leftJoin(cartItems, eq(cartItems.cartId, carts.id))
    .leftJoin(products, eq(products.id, cartItems.productId))
    .leftJoin(categories, eq(categories.id, products.categoryId))
    .leftJoin(promoCodes, eq(promoCodes.code, carts.promoCode))
    // At most one reservation per shopper (unique index slot_bookings_one_reservation).
    .leftJoin(slotBookings, and(eq(slotBookings.userId, users.id), isNull(slotBookings.orderId), sql`${slotBookings.expiresAt} > ${value("nowMs")}`))
    .leftJoin(slotWindows, eq(slotWindows.id, slotBookings.windowId))
    .leftJoin(collectionPoints, eq(collectionPoints.id, slotWindows.pointId))
    .leftJoin(slotRules, eq(slotRules.fulfilment, slotWindows.fulfilment))
    .where(eq(users.id, value("userId")))
    .prepare(),
);

/** A cart line as checkout reads it: with what VAT and the low-stock notice need. */
export type CheckoutLine = CartLine & { vatClass: VatClass; lowStockThreshold: number };

export type CheckoutFacts = {
  summary: CartSummary;
  /** VAT class and low-stock level per product in the cart. */
  lines: Map<number, Pick<CheckoutLine, "vatClass" | "lowStockThreshold">>;
  /** The shopper's own substitution default (null: follow the store). */
  shopperSubstituteDefault: boolean | null;
  /** The shopper's unexpired reservation with its window, if any. */
  held: HeldForCheckout | null;
  /** The order already placed under this idempotency key, if any. */
  previousOrderId: number | null;
};

/** What checkout needs to know before it writes, read in one statement. */
export async function readForCheckout(db: Database, request: { userId: number; key: string }, context: SummaryContext): Promise<CheckoutFacts> {
  const rows = await checkoutQuery(db).all({ userId: request.userId, key: request.key, nowMs: context.now.getTime() });
  const first = rows[0];
  const facts = {
    shopperSubstituteDefault: first?.allowSubstitutes ?? null,
    previousOrderId: first?.previousOrderId ?? null,
    held: first?.window && first.reservationExpiresAt ? { window: toView({ window: first.window, taken: first.taken, pointName: first.pointName }), expiresAt: first.reservationExpiresAt, horizonDays: first.horizonDays } : null,
  };
  if (!first || first.cartId === null) return { ...facts, summary: EMPTY_CART, lines: new Map() };
  const cartLines = rows
    .filter((row) => row.lineId !== null && row.productId !== null)
    .sort((a, b) => a.lineId! - b.lineId!)
    .map((row) => ({
      productId: row.productId!,
      name: row.name!,
      slug: row.slug!,
      unit: row.unit!,
      step: row.step!,
      stock: row.stock!,
      lowStockThreshold: row.lowStockThreshold!,
      priceCents: row.priceCents!,
      netQuantity: row.netQuantity,
      netUnit: row.netUnit,
      quantity: row.quantity!,
      pricePerKgCents: row.pricePerKgCents,
      estimatedWeightGrams: row.estimatedWeightGrams,
      allowSubstitute: row.allowSubstitute,
      substituteNote: row.substituteNote,
      onSale: Boolean(row.onSale),
      imageKey: row.imageKey,
    }));
  const lines = pricedLines(cartLines);
  const cart = { id: first.cartId, version: first.cartVersion!, promoCode: first.cartPromoCode };
  const judged = cart.promoCode ? verdictOn(cart.promoCode, first.promo, first.promo ? first.promoUses : null, subtotalBeforePromo(lines), context) : null;
  const perProduct = new Map(rows.filter((row) => row.productId !== null).map((row) => [row.productId!, { vatClass: row.vatClass!, lowStockThreshold: row.lowStockThreshold! }]));
  return { ...facts, summary: summaryOf(cart, lines, judged), lines: perProduct };
}
