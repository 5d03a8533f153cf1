import { and, eq, exists, sql } from "drizzle-orm";
import { randomToken } from "../accounts/tokens";
import { talliedThrough } from "../catalog/popularity";
import type { DatabaseHandle, UnitStatement } from "../db/client";
import { products } from "../db/schema";
import { orders, promoCodes, promoRedemptions, type OrderStatus } from "../db/shop-tables";
import { slotBookings } from "../db/fulfilment-tables";
import { releaseHoldOnCancel } from "../payments/on-cancel";
import { quantityOut } from "../picking/stock";
import { queueOrderStatusEmail } from "./emails";
import { orderEventStatement } from "./history";
import type { OrderWithItems } from "./queries";

/** Popularity gives the line back only if the tally already counted the order (src/catalog/popularity.ts). */
const soldWithout = (orderId: number, quantity: number) =>
  sql`case when ${orderId} <= ${talliedThrough} then max(0, ${products.sold} - ${quantity}) else ${products.sold} end`;

export type CancelResult = { ok: true } | { ok: false; message: string };

const TOO_LATE = "This order can no longer be cancelled: it is already being picked or on its way.";

/**
 * Cancels an order in one atomic unit: the status change (only from the status just read, and
 * only if it is allowed), stock back on the shelf, popularity and the promo use released, and the
 * history row saying who cancelled it (null: the store itself), the slot's place freed, and a card
 * hold queued for release. The status update stamps a random change token; the other
 * statements only act if the order carries that token, so a cancel that lost a race (the order was
 * picked meanwhile) changes nothing at all.
 */
export async function cancelOrder(
  handle: DatabaseHandle,
  order: OrderWithItems,
  options: { allowedFrom: OrderStatus[]; actorId: number | null; now: Date },
): Promise<CancelResult> {
  if (!options.allowedFrom.includes(order.status)) return { ok: false, message: TOO_LATE };
  const { db } = handle;
  const token = randomToken(16);
  const stamped = exists(db.select({ one: sql`1` }).from(orders).where(and(eq(orders.id, order.id), eq(orders.changeToken, token))));
  const statements: [UnitStatement, ...UnitStatement[]] = [
    db.update(orders).set({ status: "cancelled", changeToken: token, updatedAt: options.now }).where(and(eq(orders.id, order.id), eq(orders.status, order.status))),
    orderEventStatement(db, { orderId: order.id, changeToken: token, from: order.status, actorId: options.actorId, now: options.now }),
  ];
  for (const item of order.items) {
    const out = quantityOut(item);
    if (out === 0) continue;
    statements.push(
      db
        .update(products)
        .set({ stock: sql`${products.stock} + ${out}`, sold: soldWithout(order.id, item.quantity), updatedAt: options.now })
        .where(and(eq(products.id, item.productId), stamped)),
    );
  }
  // The slot's place goes back to the window; a card hold is released by a job (src/payments).
  statements.push(db.delete(slotBookings).where(and(eq(slotBookings.orderId, order.id), stamped)), releaseHoldOnCancel(order.id, token, options.now));
  if (order.promoCodeId) {
    statements.push(
      db.update(promoCodes).set({ timesUsed: sql`max(0, ${promoCodes.timesUsed} - 1)` }).where(and(eq(promoCodes.id, order.promoCodeId), stamped)),
      db.delete(promoRedemptions).where(and(eq(promoRedemptions.orderId, order.id), stamped)),
    );
  }
  await handle.atomic(statements);
  const [after] = await db.select({ changeToken: orders.changeToken }).from(orders).where(eq(orders.id, order.id));
  if (after?.changeToken === token) {
    // The shopper hears of the cancel whoever made it (they or staff); a failure is only logged.
    await queueOrderStatusEmail(db, options.now, order.id, "cancelled");
    return { ok: true };
  }
  return { ok: false, message: TOO_LATE };
}
