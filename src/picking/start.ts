import { and, eq, sql } from "drizzle-orm";
import { randomToken } from "../accounts/tokens";
import type { DatabaseHandle } from "../db/client";
import { orders } from "../db/shop-tables";
import { orderEventStatement } from "../orders/history";
import { findOrder } from "./order-lines";

export type StartResult = { ok: true } | { ok: false; status: 404 | 409; code: string; message: string };

/**
 * A picker takes an order: placed → picking, in one unit with its history row. The update only
 * matches the order as it was read (state and change token), so a shopper's or staff edit that
 * landed meanwhile, or another picker starting first, makes this one a clear 409 and changes nothing.
 */
export async function startPicking(handle: DatabaseHandle, orderId: number, context: { actorId: number; now: Date }): Promise<StartResult> {
  const { db } = handle;
  const order = await findOrder(db, orderId);
  if (!order) return { ok: false, status: 404, code: "not-found", message: "No such order." };
  if (order.status === "picking") return { ok: true };
  if (order.status !== "placed") return { ok: false, status: 409, code: "not-placed", message: `This order is ${order.status.replace(/_/g, " ")}: it can't be picked now.` };
  const token = randomToken(16);
  await handle.atomic([
    db
      .update(orders)
      .set({ status: "picking", changeToken: token, pickingBy: context.actorId, pickingStartedAt: context.now, updatedAt: context.now })
      .where(and(eq(orders.id, orderId), eq(orders.status, "placed"), sql`${orders.changeToken} is ${order.changeToken}`, eq(orders.updatedAt, order.updatedAt))),
    orderEventStatement(db, { orderId, changeToken: token, from: "placed", actorId: context.actorId, now: context.now }),
  ]);
  const after = await findOrder(db, orderId);
  if (after?.changeToken === token) return { ok: true };
  return { ok: false, status: 409, code: "changed", message: "This order changed while you opened it (edited, or taken by another picker); here is where it stands now." };
}
