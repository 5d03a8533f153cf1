import { and, eq, isNull, sql, type SQL } from "drizzle-orm";
import type { Database, DatabaseHandle } from "../db/client";
import { oncePerDatabase, StatementTemplate } from "../db/templates";
import { notifications, products, users } from "../db/schema";
import { lowStockEvents, type Order } from "../db/shop-tables";
import { quantityLabel } from "../catalog/units";
import { orderNumberSql } from "../orders/queries";
import { noticeRow, notify } from "./notify";

// Checked after every order and stock change: compiled once per database.
const unhandledLowStock = oncePerDatabase((db) =>
  db
    .select({ id: lowStockEvents.id, productId: lowStockEvents.productId, stock: lowStockEvents.stock, threshold: lowStockEvents.threshold, name: products.name, unit: products.unit })
    .from(lowStockEvents)
    .innerJoin(products, eq(products.id, lowStockEvents.productId))
    .where(isNull(lowStockEvents.handledAt))
    .orderBy(lowStockEvents.id)
    .limit(sql.placeholder("limit"))
    .prepare(),
);

/**
 * Turns unhandled low-stock events (raised by a database trigger from checkout and stock edits)
 * into staff notifications. The notice and the "handled" stamp go in one atomic unit, and the
 * dedupe key makes a second runner's insert a no-op, so an event is announced exactly once.
 */
export async function deliverLowStockNotices(handle: DatabaseHandle, now: Date, limit = 50): Promise<number> {
  const { db } = handle;
  const events = await unhandledLowStock(db).all({ limit });
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

/** Staff hear of a new order: a template for checkout's atomic unit, where the order's id is SQL. */
export function newOrderNoticeTemplate(db: Database, orderId: SQL) {
  return new StatementTemplate<{ kindOfOrder: string; body: string; now: Date }>(
    db
      .insert(notifications)
      .values({
        audience: "staff",
        kind: "new_order",
        title: sql`'New ' || ${sql.placeholder("kindOfOrder")} || ' order ' || ${orderNumberSql(orderId)}`,
        body: sql.placeholder("body"),
        link: sql`'/manage/orders/' || ${orderId}`,
        dedupeKey: sql`'new_order:' || ${orderId}`,
        createdAt: sql.placeholder("now"),
      })
      .onConflictDoNothing(),
  );
}

export const newOrderNoticeValues = (order: { fulfilment: Order["fulfilment"]; totalCents: number }, context: { now: Date; money: (cents: number) => string }) => ({
  kindOfOrder: order.fulfilment,
  body: `${context.money(order.totalCents)} to ${order.fulfilment === "delivery" ? "deliver" : "have ready for pickup"}.`,
  now: context.now,
});

/**
 * Called by checkout once an order is placed (its confirmation email and the staff notice were
 * part of the order's unit): announces any stock it ran low. The order is already placed, so a
 * failure here is logged, never shown; the low-stock events stay unhandled for the next delivery.
 */
export async function afterOrderPlaced(handle: DatabaseHandle, orderId: number, now: Date): Promise<void> {
  try {
    await deliverLowStockNotices(handle, now);
  } catch (error) {
    console.error(JSON.stringify({ level: "error", msg: "order notices failed", orderId, error: String(error) }));
  }
}
