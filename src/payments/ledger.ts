import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { oncePerDatabase } from "../db/templates";
import { paymentLedger, type LedgerRow } from "../db/payment-tables";
import { orders } from "../db/shop-tables";
import { paymentStateOf, type PaymentState } from "./state";

/** Compiled once per database: every order page and API answer reads its order's ledger. */
const ledgerReads = oncePerDatabase((db: Database) => ({
  ofOrder: db.select().from(paymentLedger).where(eq(paymentLedger.orderId, sql.placeholder("orderId"))).orderBy(asc(paymentLedger.id)).prepare(),
}));

/** An order's ledger, oldest first. */
export const ledgerOf = async (db: Database, orderId: number): Promise<LedgerRow[]> => ledgerReads(db).ofOrder.all({ orderId });

export async function ledgerRow(db: Database, id: number): Promise<LedgerRow | null> {
  const [row] = await db.select().from(paymentLedger).where(eq(paymentLedger.id, id));
  return row ?? null;
}

/** The payment state of one order (its status tells whether anything is still due). */
export async function paymentStateOfOrder(db: Database, order: { id: number; status: string }): Promise<PaymentState> {
  return paymentStateOf(await ledgerOf(db, order.id), order.status !== "cancelled");
}

/** Payment states for a page of orders in one read. */
export async function paymentStates(db: Database, list: { id: number; status: string }[]): Promise<Map<number, PaymentState>> {
  const ids = list.map((order) => order.id);
  const rows = ids.length ? await db.select().from(paymentLedger).where(inArray(paymentLedger.orderId, ids)).orderBy(asc(paymentLedger.id)) : [];
  const byOrder = new Map<number, LedgerRow[]>();
  for (const row of rows) byOrder.set(row.orderId, [...(byOrder.get(row.orderId) ?? []), row]);
  return new Map(list.map((order) => [order.id, paymentStateOf(byOrder.get(order.id) ?? [], order.status !== "cancelled")]));
}

/**
 * The idempotency key of the provider call a ledger row stands for: derived from the row alone, so a
 * retry (a job's next attempt, a second worker) sends the very same key and the provider does the
 * call once. The random nonce keeps keys apart across databases sharing one provider account.
 */
export const idempotencyKeyOf = (row: Pick<LedgerRow, "id" | "nonce" | "attempt" | "kind">) => `grocer-${row.kind}-${row.id}-${row.nonce}-${row.attempt}`;

/** Settles a pending row once (a row already settled is left as it is: a replay changes nothing). */
export async function settleRow(db: Database, id: number, outcome: { status: "succeeded" | "failed"; providerId?: string | null; intentId?: string | null; amountCents?: number; failure?: string | null }, now: Date): Promise<boolean> {
  const rows = await db
    .update(paymentLedger)
    .set({
      status: outcome.status,
      ...(outcome.providerId !== undefined ? { providerId: outcome.providerId } : {}),
      ...(outcome.intentId !== undefined ? { intentId: outcome.intentId } : {}),
      ...(outcome.amountCents !== undefined ? { amountCents: outcome.amountCents } : {}),
      failure: outcome.failure ?? null,
      updatedAt: now,
    })
    .where(and(eq(paymentLedger.id, id), eq(paymentLedger.status, "pending")))
    .returning({ id: paymentLedger.id });
  return rows.length > 0;
}

/** The order row as payments need it. */
export async function orderForPayment(db: Database, orderId: number) {
  const [order] = await db.select().from(orders).where(eq(orders.id, orderId));
  return order ?? null;
}
