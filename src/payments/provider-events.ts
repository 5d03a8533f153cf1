import { paymentLedger } from "../db/payment-tables";
import { and, eq } from "drizzle-orm";
import type { PaymentDeps } from "./deps";
import { liveRow } from "./settle";
import { stripeOf } from "./stripe";

/**
 * The provider released a hold by itself (an authorisation that ran out after about 7 days, or one
 * released from its dashboard): recorded as a void once, if the store's ledger holds it.
 */
export async function recordProviderVoid(deps: PaymentDeps, intentId: string): Promise<boolean> {
  const { db } = deps.database;
  const [hold] = await db.select().from(paymentLedger).where(and(eq(paymentLedger.intentId, intentId), eq(paymentLedger.kind, "authorisation"), eq(paymentLedger.status, "succeeded")));
  if (!hold || (await liveRow(deps, intentId, "void")) || (await liveRow(deps, intentId, "capture"))) return false;
  const intent = await stripeOf(deps.config).paymentIntents.retrieve(intentId);
  if (intent.status !== "canceled") return false;
  const now = deps.clock.now();
  const rows = await db
    .insert(paymentLedger)
    .values({ orderId: hold.orderId, method: "card", kind: "void", status: "succeeded", amountCents: hold.amountCents, intentId, providerId: intentId, reason: `Released by the provider (${intent.cancellation_reason ?? "no reason given"}).`, createdAt: now, updatedAt: now })
    .onConflictDoNothing()
    .returning({ id: paymentLedger.id });
  return rows.length > 0;
}
