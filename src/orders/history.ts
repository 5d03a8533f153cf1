import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { orderEvents } from "../db/schema";
import { orders, type OrderStatus } from "../db/shop-tables";

/**
 * The history row of a status change, for the change's own atomic unit: written only if the
 * unit's status update stamped the order with `changeToken` (a change that lost a race leaves none).
 */
export function orderEventStatement(db: Database, change: { orderId: number; changeToken: string; from: OrderStatus; actorId: number | null; now: Date }) {
  return db.insert(orderEvents).select(
    db
      .select({
        // insert ... select wants every column, in the table's order.
        id: sql<number | null>`null`.as("id"),
        orderId: orders.id,
        fromStatus: sql<string>`${change.from}`.as("from_status"),
        toStatus: orders.status,
        actorId: sql<number | null>`${change.actorId}`.as("actor_id"),
        createdAt: sql<number>`${change.now.getTime()}`.as("created_at"),
      })
      .from(orders)
      .where(and(eq(orders.id, change.orderId), eq(orders.changeToken, change.changeToken))),
  );
}
