import { windowsByIds } from "../fulfilment/windows";
import type { OrderSlot } from "./queries";
import { inArray } from "drizzle-orm";
import type { Database } from "../db/client";
import { orderItems, type OrderItem, type OrderStatus } from "../db/shop-tables";
import { boardOrders, type BoardOrder } from "./board";
import { paymentStates } from "../payments/ledger";
import type { PaymentState } from "../payments/state";

export type ListedOrder = BoardOrder & { items: OrderItem[]; slot: OrderSlot | null; payment: PaymentState };

/**
 * Orders newest first, a page at a time after (placed_at ms, id): the back office's board query,
 * for one shopper (`customerId`) or, for staff, everyone's; each with its lines.
 */
export async function orderPage(
  db: Database,
  filter: { customerId?: number; status?: OrderStatus },
  limit: number,
  after: [number, number] | null,
): Promise<{ items: ListedOrder[]; more: boolean }> {
  const before = after ? { placedAt: new Date(after[0]), id: after[1] } : undefined;
  const rows = await boardOrders(db, { ...filter, before }, limit + 1);
  const page = rows.slice(0, limit);
  const lines = page.length ? await db.select().from(orderItems).where(inArray(orderItems.orderId, page.map((o) => o.id))).orderBy(orderItems.id) : [];
  const byOrder = new Map<number, OrderItem[]>();
  for (const line of lines) byOrder.set(line.orderId, [...(byOrder.get(line.orderId) ?? []), line]);
  const windowIds = [...new Set(page.map((order) => order.slotWindowId).filter((id): id is number => id !== null))];
  const slots = new Map((await windowsByIds(db, windowIds, 0)).map((w) => [w.id, { id: w.id, fulfilment: w.fulfilment, startsAt: w.startsAt, endsAt: w.endsAt, cutoffAt: w.cutoffAt, pointName: w.pointName }]));
  const payments = await paymentStates(db, page);
  return {
    items: page.map((order) => ({ ...order, items: byOrder.get(order.id) ?? [], slot: (order.slotWindowId && slots.get(order.slotWindowId)) || null, payment: payments.get(order.id)! })),
    more: rows.length > limit,
  };
}
