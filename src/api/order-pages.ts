import { and, desc, eq, inArray, lt, or } from "drizzle-orm";
import type { Database } from "../db/client";
import { orderItems, orders, type OrderItem } from "../db/shop-tables";
import type { OrderWithItems } from "../orders/queries";

/** A shopper's orders, newest first, a page at a time after (placed_at ms, id). */
export async function orderPage(db: Database, userId: number, limit: number, after: [number, number] | null): Promise<{ items: OrderWithItems[]; more: boolean }> {
  const beyond = after ? or(lt(orders.placedAt, new Date(after[0])), and(eq(orders.placedAt, new Date(after[0])), lt(orders.id, after[1]))) : undefined;
  const rows = await db
    .select()
    .from(orders)
    .where(and(eq(orders.userId, userId), beyond))
    .orderBy(desc(orders.placedAt), desc(orders.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const lines = page.length ? await db.select().from(orderItems).where(inArray(orderItems.orderId, page.map((o) => o.id))).orderBy(orderItems.id) : [];
  const byOrder = new Map<number, OrderItem[]>();
  for (const line of lines) byOrder.set(line.orderId, [...(byOrder.get(line.orderId) ?? []), line]);
  return { items: page.map((order) => ({ ...order, items: byOrder.get(order.id) ?? [] })), more: rows.length > limit };
}
