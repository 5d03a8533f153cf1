import { and, desc, eq, gte, inArray, lt, or, sql } from "drizzle-orm";
import { captureWhenPicked } from "../payments/on-cancel";
import { randomToken } from "../accounts/tokens";
import type { Database, DatabaseHandle } from "../db/client";
import { categories, orderEvents, products, users, type Unit } from "../db/schema";
import { orderItems, orders, ORDER_STATUSES, type Order, type OrderStatus } from "../db/shop-tables";
import { cancelOrder } from "./cancel";
import { COMPLETABLE_FROM, completePick } from "../picking/complete";
import { vatRatesOf } from "../tax/rates";
import { queueOrderStatusEmail } from "./emails";
import { orderEventStatement } from "./history";
import { orderWithItems, type OrderWithItems } from "./queries";
import type { Config } from "../config";
import { completedOrderInvoice } from "../invoices/on-complete";

/** Statuses from which staff may still cancel (stock goes back, the promo use is released). */
export const CANCELLABLE: OrderStatus[] = ["awaiting_payment", "placed", "picking", "picked", "out_for_delivery", "ready_for_pickup"];
/** Orders the store still has to pick and pack: what the picking list gathers. */
export const OPEN_STATUSES: OrderStatus[] = ["placed", "picking", "picked"];

/** The one forward step an order can take from its status, which depends on how it is fulfilled. */
export function nextStatus(order: Pick<Order, "status" | "fulfilment">): OrderStatus | null {
  switch (order.status) {
    case "placed":
    case "picking":
      return "picked";
    case "picked":
      return order.fulfilment === "delivery" ? "out_for_delivery" : "ready_for_pickup";
    case "out_for_delivery":
    case "ready_for_pickup":
      return "completed";
    default:
      return null;
  }
}

// Written out in full: drizzle leaves columns unqualified in a one-table select.
const lineCount = sql<number>`(select count(*) from "order_items" oi where oi."order_id" = "orders"."id")`;

/** `customerId` narrows to one shopper's orders; `before` continues a listing after the last order seen. */
export type BoardFilter = { status?: OrderStatus; from?: Date; to?: Date; customerId?: number; slotWindowId?: number; before?: { placedAt: Date; id: number } };
export type BoardOrder = Order & { customerName: string; customerEmail: string; itemCount: number };

export async function boardOrders(db: Database, filter: BoardFilter = {}, limit = 200): Promise<BoardOrder[]> {
  const rows = await db
    .select({
      order: orders,
      customerName: users.name,
      customerEmail: users.email,
      itemCount: lineCount,
    })
    .from(orders)
    .innerJoin(users, eq(users.id, orders.userId))
    .where(
      and(
        filter.status ? eq(orders.status, filter.status) : undefined,
        filter.from ? gte(orders.placedAt, filter.from) : undefined,
        filter.to ? lt(orders.placedAt, filter.to) : undefined,
        filter.customerId !== undefined ? eq(orders.userId, filter.customerId) : undefined,
        filter.slotWindowId !== undefined ? eq(orders.slotWindowId, filter.slotWindowId) : undefined,
        filter.before
          ? or(lt(orders.placedAt, filter.before.placedAt), and(eq(orders.placedAt, filter.before.placedAt), lt(orders.id, filter.before.id)))
          : undefined,
      ),
    )
    .orderBy(desc(orders.placedAt), desc(orders.id))
    .limit(limit);
  return rows.map((row) => ({ ...row.order, customerName: row.customerName, customerEmail: row.customerEmail, itemCount: Number(row.itemCount) }));
}

export async function boardOrder(db: Database, id: number): Promise<BoardOrder | null> {
  const rows = await db
    .select({ order: orders, customerName: users.name, customerEmail: users.email, itemCount: lineCount })
    .from(orders)
    .innerJoin(users, eq(users.id, orders.userId))
    .where(eq(orders.id, id));
  const row = rows[0];
  return row ? { ...row.order, customerName: row.customerName, customerEmail: row.customerEmail, itemCount: Number(row.itemCount) } : null;
}

export async function orderHistory(db: Database, orderId: number) {
  return db
    .select({ id: orderEvents.id, fromStatus: orderEvents.fromStatus, toStatus: orderEvents.toStatus, createdAt: orderEvents.createdAt, actorName: users.name })
    .from(orderEvents)
    .leftJoin(users, eq(users.id, orderEvents.actorId))
    .where(eq(orderEvents.orderId, orderId))
    .orderBy(orderEvents.id);
}

export type MoveResult = { ok: true } | { ok: false; status: 404 | 409; message: string };

/**
 * Moves an order one step forward. The UPDATE only matches while the order is still in the
 * status the manager saw, so two people clicking at once cannot both win (no lost update); the
 * event row is written in the same unit and only if this update stamped the order.
 */
export async function moveOrder(handle: DatabaseHandle, orderId: number, to: OrderStatus, context: { actorId: number; now: Date; config: Config }): Promise<MoveResult> {
  const { db } = handle;
  const order = await orderWithItems(db, orderId);
  if (!order) return { ok: false, status: 404, message: "No such order." };
  if (to === "cancelled") return cancelFromBoard(handle, order, context);
  if (to === "picked" && COMPLETABLE_FROM.includes(order.status)) return pickedFromBoard(handle, orderId, context);
  const expected = nextStatus(order);
  if (expected !== to) {
    return { ok: false, status: 409, message: `An order that is ${label(order.status)} can't be marked ${label(to)}.` };
  }
  const token = randomToken(16);
  // Completing issues the invoice in the same unit (ADR 026), only if this move stamped the order.
  const invoice = to === "completed" ? await completedOrderInvoice.statements(db, orderId, token, context) : [];
  await handle.atomic([
    db
      .update(orders)
      .set({ status: to, changeToken: token, updatedAt: context.now })
      .where(and(eq(orders.id, orderId), eq(orders.status, order.status), eq(orders.fulfilment, order.fulfilment))),
    orderEventStatement(db, { orderId, changeToken: token, from: order.status, actorId: context.actorId, now: context.now }),
    ...invoice,
    // Picked: a card order is charged for what was picked (src/payments), queued in this unit.
    ...(to === "picked" ? [captureWhenPicked(orderId, token, context.now)] : []),
  ]);
  const [after] = await db.select({ changeToken: orders.changeToken }).from(orders).where(eq(orders.id, orderId));
  if (after?.changeToken === token) {
    // The shopper hears of the move (the completed email carries the invoice); a failure is only logged.
    const extra = to === "completed" ? await completedOrderInvoice.emailParts(db, orderId, context.config) : {};
    await queueOrderStatusEmail(db, context.now, orderId, to, extra);
    return { ok: true };
  }
  return { ok: false, status: 409, message: "Someone else changed this order meanwhile; here is where it stands now." };
}

/** "Picked" is the completion of the pick, with its final amounts and the shopper's email (ADR 029). */
async function pickedFromBoard(handle: DatabaseHandle, orderId: number, context: { actorId: number; now: Date; config: Config }): Promise<MoveResult> {
  const result = await completePick(handle, orderId, { actorId: context.actorId, now: context.now, vatRates: vatRatesOf(context.config) });
  if (!result.ok) return { ok: false, status: result.status === 404 ? 404 : 409, message: result.message };
  return { ok: true }; // the completion queued the one "your order is picked" email, with the final amounts
}

async function cancelFromBoard(handle: DatabaseHandle, order: OrderWithItems, context: { actorId: number; now: Date }): Promise<MoveResult> {
  if (!CANCELLABLE.includes(order.status)) {
    return { ok: false, status: 409, message: `An order that is ${label(order.status)} can't be cancelled.` };
  }
  const result = await cancelOrder(handle, order, { allowedFrom: CANCELLABLE, actorId: context.actorId, now: context.now });
  if (!result.ok) return { ok: false, status: 409, message: "Someone else changed this order meanwhile; here is where it stands now." };
  return { ok: true };
}

const label = (status: OrderStatus) => status.replace(/_/g, " ");

export const isOrderStatus = (value: string): value is OrderStatus => (ORDER_STATUSES as readonly string[]).includes(value);


export type PickingLine = { category: string; product: string; unit: Unit; total: number; orders: { id: number; quantity: number }[] };

/** Everything to pick for the day's open orders, grouped by category then product. */
export async function pickingList(db: Database, day: { from: Date; to: Date }, slotWindowId?: number): Promise<PickingLine[]> {
  const rows = await db
    .select({ category: categories.name, product: orderItems.name, productId: orderItems.productId, unit: orderItems.unit, orderId: orders.id, quantity: orderItems.quantity })
    .from(orderItems)
    .innerJoin(orders, eq(orders.id, orderItems.orderId))
    .innerJoin(products, eq(products.id, orderItems.productId))
    .innerJoin(categories, eq(categories.id, products.categoryId))
    // One slot's orders (whenever they were placed), or the day's.
    .where(and(inArray(orders.status, OPEN_STATUSES), slotWindowId !== undefined ? eq(orders.slotWindowId, slotWindowId) : and(gte(orders.placedAt, day.from), lt(orders.placedAt, day.to))))
    .orderBy(categories.name, orderItems.name, orders.id);
  const lines = new Map<number, PickingLine>();
  for (const row of rows) {
    const line = lines.get(row.productId) ?? { category: row.category, product: row.product, unit: row.unit, total: 0, orders: [] };
    line.total += row.quantity;
    line.orders.push({ id: row.orderId, quantity: row.quantity });
    lines.set(row.productId, line);
  }
  return [...lines.values()];
}
