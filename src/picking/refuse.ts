import { and, eq, sql } from "drizzle-orm";
import { randomToken } from "../accounts/tokens";
import type { DatabaseHandle, UnitStatement } from "../db/client";
import { products } from "../db/schema";
import { orderItems, orders, type OrderItem, type OrderStatus } from "../db/shop-tables";
import type { VatRates } from "../tax/vat";
import { finalAmounts, type LinePick } from "./final-amounts";
import { findOrder, orderedItems, orderForFinal, substituteItems } from "./order-lines";
import { stampedSql } from "./complete";

/** From picked until handed over, a substitute can be refused at the door or the collection desk. */
export const REFUSABLE_FROM: OrderStatus[] = ["picked", "out_for_delivery", "ready_for_pickup"];

export type RefuseResult = { ok: true; amountDueCents: number } | { ok: false; status: 404 | 409; message: string };

/** The picks as completed, from the stored lines, without the substitutes refused (now including `refusing`). */
function storedPicks(items: OrderItem[], substitutes: OrderItem[], refusing: number): Map<number, LinePick> {
  const kept = new Map(substitutes.filter((line) => line.refusedAt === null && line.id !== refusing).map((line) => [line.substituteForItemId!, line]));
  return new Map(
    items.map((item) => {
      const sub = kept.get(item.id);
      const substitute = sub
        ? { productId: sub.productId, name: sub.name, unit: sub.unit, priceCents: sub.priceCents, pricePerKgCents: sub.pricePerKgCents, estimatedWeightGrams: sub.estimatedWeightGrams, vatRateBp: sub.vatRateBp ?? 0, quantity: sub.quantity, weightGrams: sub.pickedWeightGrams }
        : null;
      return [item.id, { pickedQuantity: item.pickedQuantity ?? item.quantity, pickedWeightGrams: item.pickedWeightGrams, substitute }];
    }),
  );
}

/**
 * Staff record that the shopper refused a substitute: in one unit, the line is marked refused and
 * charged nothing, its stock goes back, and the discount, VAT and final total are worked out again
 * by the same rules as the pick (ADR 029), with an audit row. Guarded by the change token read.
 */
export async function refuseSubstitute(handle: DatabaseHandle, target: { orderId: number; lineId: number }, context: { actorId: number; now: Date; vatRates: VatRates }): Promise<RefuseResult> {
  const { db } = handle;
  const order = await findOrder(db, target.orderId);
  if (!order) return { ok: false, status: 404, message: "No such order." };
  const substitutes = await substituteItems(db, order.id);
  const line = substitutes.find((candidate) => candidate.id === target.lineId);
  if (!line) return { ok: false, status: 404, message: "No such substitute on this order." };
  if (line.refusedAt !== null) return { ok: false, status: 409, message: `${line.name} was already refused.` };
  if (!REFUSABLE_FROM.includes(order.status)) return { ok: false, status: 409, message: `This order is ${order.status.replace(/_/g, " ")}: a substitute can be refused only once picked and before it is handed over.` };
  const items = await orderedItems(db, order.id);
  const final = finalAmounts(await orderForFinal(db, order, items, context.vatRates), storedPicks(items, substitutes, line.id));
  const token = randomToken(16);
  const stamped = stampedSql(order.id, token);
  const statements: [UnitStatement, ...UnitStatement[]] = [
    db
      .update(orders)
      .set({ changeToken: token, finalSubtotalCents: final.subtotalCents, finalDiscountCents: final.discountCents, finalTotalCents: final.totalCents, finalVatCents: final.vatCents, updatedAt: context.now })
      .where(and(eq(orders.id, order.id), eq(orders.status, order.status), sql`${orders.changeToken} is ${order.changeToken}`)),
    db.update(orderItems).set({ refusedAt: context.now, chargedCents: 0, finalDiscountCents: 0, finalVatCents: 0 }).where(and(eq(orderItems.id, line.id), stamped)),
    db.update(products).set({ stock: sql`${products.stock} + ${line.pickedQuantity ?? line.quantity}`, updatedAt: context.now }).where(and(eq(products.id, line.productId), stamped)),
    {
      sql: `insert into "audit_log" ("actor_id", "action", "subject_type", "subject_id", "details", "created_at") select ?, 'order.substitute_refused', 'order', ?, ?, ? where exists (select 1 from "orders" where "id" = ? and "change_token" = ?)`,
      params: [context.actorId, order.id, JSON.stringify({ line: line.name, chargedCents: line.chargedCents }), context.now.getTime(), order.id, token],
    },
  ];
  for (const charged of final.lines) {
    statements.push(db.update(orderItems).set({ finalDiscountCents: charged.discountCents, finalVatCents: charged.vatCents }).where(and(eq(orderItems.id, charged.lineId), stamped)));
  }
  for (const kept of final.substitutes) {
    const row = substitutes.find((candidate) => candidate.substituteForItemId === kept.substituteFor)!;
    statements.push(db.update(orderItems).set({ finalDiscountCents: kept.discountCents, finalVatCents: kept.vatCents }).where(and(eq(orderItems.id, row.id), stamped)));
  }
  await handle.atomic(statements);
  const after = await findOrder(db, order.id);
  if (after?.changeToken !== token) return { ok: false, status: 409, message: "This order changed meanwhile; here is where it stands now." };
  return { ok: true, amountDueCents: final.amountDueCents };
}
