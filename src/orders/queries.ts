import { windowById } from "../fulfilment/windows";
import { paymentStateOfOrder } from "../payments/ledger";
import type { PaymentState } from "../payments/state";
import { and, desc, eq, sql, type SQL } from "drizzle-orm";
import type { Database } from "../db/client";
import { oncePerDatabase } from "../db/templates";
import { orderItems, orders, type Order, type OrderItem, type OrderStatus } from "../db/shop-tables";

/** Shoppers and staff read order numbers, not ids: GR-000042. */
export const orderNumber = (order: Pick<Order, "id">) => `GR-${String(order.id).padStart(6, "0")}`;
/** `orderNumber` in SQL, for statements that run before the order's id is known to the app. */
export const orderNumberSql = (orderId: SQL) => sql<string>`'GR-' || printf('%06d', ${orderId})`;

export const STATUS_LABELS: Record<OrderStatus, string> = {
  awaiting_payment: "Awaiting payment",
  placed: "Placed",
  picking: "Being picked",
  picked: "Picked",
  out_for_delivery: "Out for delivery",
  ready_for_pickup: "Ready for pickup",
  completed: "Completed",
  cancelled: "Cancelled",
};

/** An order line with its product's main image (null when the product or its images are gone). */
export type OrderLine = OrderItem & { imageKey?: string | null };
/** The window an order is booked in, as orders, invoices and emails show it. */
export type OrderSlot = { id: number; fulfilment: "delivery" | "collection"; startsAt: Date; endsAt: Date; cutoffAt: Date; pointName: string | null };
/** With its payment state, derived from the payments ledger (src/payments). */
export type OrderWithItems = Order & { items: OrderLine[]; slot: OrderSlot | null; payment: PaymentState };

/** An order and its lines, compiled once per database: the order pages and every API answer with an order read them. */
const orderReads = oncePerDatabase((db: Database) => ({
  byId: db.select().from(orders).where(eq(orders.id, sql.placeholder("orderId"))).prepare(),
  ownById: db.select().from(orders).where(and(eq(orders.id, sql.placeholder("orderId")), eq(orders.userId, sql.placeholder("userId")))).prepare(),
  lines: db
    .select({ item: orderItems, imageKey: sql<string | null>`(select pi."key" from product_images pi where pi.product_id = "order_items"."product_id" order by pi.position, pi.id limit 1)` })
    .from(orderItems)
    .where(eq(orderItems.orderId, sql.placeholder("orderId")))
    .orderBy(orderItems.id)
    .prepare(),
}));

const linesOf = async (db: Database, orderId: number): Promise<OrderLine[]> => {
  const rows = await orderReads(db).lines.all({ orderId });
  return rows.map((row) => ({ ...row.item, imageKey: row.imageKey }));
};

async function slotOf(db: Database, windowId: number | null): Promise<OrderSlot | null> {
  if (windowId === null) return null;
  const window = await windowById(db, windowId, 0);
  return window && { id: window.id, fulfilment: window.fulfilment, startsAt: window.startsAt, endsAt: window.endsAt, cutoffAt: window.cutoffAt, pointName: window.pointName };
}

/** A page of the shopper's orders, newest first; `more` says whether older ones follow. */
export async function ordersOf(db: Database, userId: number, page: { limit: number; offset: number }): Promise<{ orders: Order[]; more: boolean }> {
  const rows = await db
    .select()
    .from(orders)
    .where(eq(orders.userId, userId))
    .orderBy(desc(orders.placedAt), desc(orders.id))
    .limit(page.limit + 1)
    .offset(page.offset);
  return { orders: rows.slice(0, page.limit), more: rows.length > page.limit };
}

/** An order and its lines by id alone: for staff and background work, never for a shopper's own request. */
export async function orderWithItems(db: Database, id: number): Promise<OrderWithItems | null> {
  const [order] = await orderReads(db).byId.all({ orderId: id });
  if (!order) return null;
  return { ...order, items: await linesOf(db, id), slot: await slotOf(db, order.slotWindowId), payment: await paymentStateOfOrder(db, order) };
}

/** One of the shopper's own orders; someone else's order is as unknown as a missing one. */
export async function findOwnOrder(db: Database, userId: number, orderId: number): Promise<OrderWithItems | null> {
  const [order] = await orderReads(db).ownById.all({ orderId, userId });
  if (!order) return null;
  return { ...order, items: await linesOf(db, order.id), slot: await slotOf(db, order.slotWindowId), payment: await paymentStateOfOrder(db, order) };
}

/** The address of the shopper's latest delivery order, to prefill checkout. */
export async function lastDeliveryAddress(db: Database, userId: number): Promise<string | null> {
  const [row] = await db
    .select({ address: orders.deliveryAddress })
    .from(orders)
    .where(and(eq(orders.userId, userId), eq(orders.fulfilment, "delivery")))
    .orderBy(desc(orders.placedAt))
    .limit(1);
  return row?.address ?? null;
}
