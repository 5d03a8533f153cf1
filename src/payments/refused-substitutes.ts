import { and, asc, eq, isNotNull } from "drizzle-orm";
import { orderItems } from "../db/shop-tables";
import { amountDueCents } from "./amounts";
import type { PaymentDeps } from "./deps";
import { ledgerOf, orderForPayment } from "./ledger";
import { refundOrder, type RefundResult } from "./refunds";
import { paymentStateOf } from "./state";

/**
 * A substitute refused at the door (src/picking/refuse.ts) comes off the bill. What that leaves
 * paid above the new amount due is refunded (ADR 043): on the card when it was captured already,
 * recorded as given back for money taken at the door. Before any payment nothing is sent: the
 * capture (or the payment taken at handover) is for the lowered amount. Each refused line is
 * refunded at most once (a unique index on the ledger's order_item_id), so repeating this changes
 * nothing; the capture job runs it too, for a refusal that came while the capture was under way.
 */
export async function refundRefusedSubstitutes(deps: PaymentDeps, orderId: number, actorId: number | null): Promise<RefundResult[]> {
  const { db } = deps.database;
  const refused = await db.select().from(orderItems).where(and(eq(orderItems.orderId, orderId), isNotNull(orderItems.refusedAt))).orderBy(asc(orderItems.id));
  const results: RefundResult[] = [];
  for (const line of refused) {
    const order = await orderForPayment(db, orderId);
    if (!order) break;
    const rows = await ledgerOf(db, orderId);
    if (rows.some((row) => row.kind === "refund" && row.orderItemId === line.id && row.status !== "failed")) continue;
    const state = paymentStateOf(rows);
    const pending = rows.filter((row) => row.kind === "refund" && row.status === "pending").reduce((sum, row) => sum + row.amountCents, 0);
    const excess = state.capturedCents - state.refundedCents - pending - amountDueCents(order);
    if (excess <= 0) continue;
    results.push(await refundOrder(deps, orderId, { amount_cents: excess, reason: `Substitute refused at the door: ${line.name}` }, actorId, { orderItemId: line.id }));
  }
  return results;
}
