import { and, eq, isNull, sql } from "drizzle-orm";
import type { DatabaseHandle } from "../db/client";
import { notifications, products, users } from "../db/schema";
import { lowStockEvents, type Order } from "../db/shop-tables";
import { quantityLabel } from "../catalog/units";
import { noticeRow, notify } from "./notify";
import { queueOrderConfirmation } from "./order-emails";

/**
 * Turns unhandled low-stock events (raised by a database trigger from checkout and stock edits)
 * into staff notifications. The notice and the "handled" stamp go in one atomic unit, and the
 * dedupe key makes a second runner's insert a no-op, so an event is announced exactly once.
 */
export async function deliverLowStockNotices(handle: DatabaseHandle, now: Date, limit = 50): Promise<number> {
  const { db } = handle;
  const events = await db
    .select({ id: lowStockEvents.id, productId: lowStockEvents.productId, stock: lowStockEvents.stock, threshold: lowStockEvents.threshold, name: products.name, unit: products.unit })
    .from(lowStockEvents)
    .innerJoin(products, eq(products.id, lowStockEvents.productId))
    .where(isNull(lowStockEvents.handledAt))
    .orderBy(lowStockEvents.id)
    .limit(limit);
  for (const event of events) {
    const left = event.stock === 0 ? "is out of stock" : `is down to ${quantityLabel(event.stock, event.unit)}`;
    await handle.atomic([
      db
        .insert(notifications)
        .values(
          noticeRow({
            to: { audience: "staff" },
            kind: "low_stock",
            title: `${event.name} ${left}`,
            body: `Reorder level is ${quantityLabel(event.threshold, event.unit)}.`,
            link: `/manage/stock?filter=low`,
            dedupeKey: `low_stock_event:${event.id}`,
            now,
          }),
        )
        .onConflictDoNothing(),
      db.update(lowStockEvents).set({ handledAt: now }).where(and(eq(lowStockEvents.id, event.id), isNull(lowStockEvents.handledAt))),
    ]);
  }
  return events.length;
}

/** Tells the admin about managers who signed up and wait for approval (one notice per person). */
export async function deliverPendingManagerNotices(handle: DatabaseHandle, now: Date): Promise<void> {
  const { db } = handle;
  const waiting = await db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(
      and(
        eq(users.role, "manager"),
        isNull(users.approvedAt),
        isNull(users.deactivatedAt),
        sql`not exists (select 1 from "notifications" n where n."dedupe_key" = 'manager_signup:' || "users"."id")`,
      ),
    )
    .limit(50);
  for (const manager of waiting) {
    await notify(db, {
      to: { audience: "admin" },
      kind: "pending_approval",
      title: `${manager.name} wants to manage the store`,
      body: `${manager.email} signed up as a manager and waits for your approval.`,
      link: "/admin/people?status=pending",
      dedupeKey: `manager_signup:${manager.id}`,
      now,
    });
  }
}

/** The notices every stock-changing request (and later a scheduled job) leaves behind. */
export async function deliverPendingNotices(handle: DatabaseHandle, now: Date): Promise<void> {
  await deliverLowStockNotices(handle, now);
  await deliverPendingManagerNotices(handle, now);
}

/**
 * Called by checkout once an order is placed: the shopper is emailed the confirmation with the
 * invoice, and staff hear of the order and of any stock it ran low.
 * The order is already placed, so a failure here is logged, never shown to the shopper; the
 * low-stock events stay unhandled and the next delivery picks them up.
 */
export async function afterOrderPlaced(handle: DatabaseHandle, order: Order, context: { now: Date; money: (cents: number) => string }): Promise<void> {
  const { now, money } = context;
  await queueOrderConfirmation(handle.db, now, order); // logs its own failure
  try {
    await notify(handle.db, {
      to: { audience: "staff" },
      kind: "new_order",
      title: `New ${order.fulfilment} order GR-${String(order.id).padStart(6, "0")}`,
      body: `${money(order.totalCents)} to ${order.fulfilment === "delivery" ? "deliver" : "have ready for pickup"}.`,
      link: `/manage/orders/${order.id}`,
      dedupeKey: `new_order:${order.id}`,
      now,
    });
    await deliverLowStockNotices(handle, now);
  } catch (error) {
    console.error(JSON.stringify({ level: "error", msg: "order notices failed", orderId: order.id, error: String(error) }));
  }
}
