import { z } from "zod";
import { COLLECTION_INSTRUMENTS, paymentLedger } from "../db/payment-tables";
import { owedCents } from "./amounts";
import type { PaymentDeps } from "./deps";
import { ledgerOf, orderForPayment } from "./ledger";
import { paymentStateOf } from "./state";

/** Staff recording a payment taken at the door or the counter: one schema for the page and the API. */
export const collectionInput = z.object({
  instrument: z.enum(COLLECTION_INSTRUMENTS, { message: "Choose card terminal or cash." }),
  amount_cents: z.coerce.number({ message: "Enter the amount taken." }).int("Enter the amount in cents.").positive("Enter the amount taken."),
});
export type CollectionInput = z.infer<typeof collectionInput>;

export type CollectionResult = { ok: true; paidCents: number } | { ok: false; status: 404 | 409 | 422; message: string };

/**
 * Records a payment taken at handover (card terminal or cash) for a pay-on-delivery order. The
 * amount is at most what is still owed; the order then shows as paid.
 */
export async function recordCollection(deps: PaymentDeps, orderId: number, input: CollectionInput, actorId: number): Promise<CollectionResult> {
  const { db } = deps.database;
  const order = await orderForPayment(db, orderId);
  if (!order) return { ok: false, status: 404, message: "No order with that id." };
  if (order.status === "cancelled" || order.status === "awaiting_payment") return { ok: false, status: 409, message: "A cancelled or unconfirmed order takes no payment." };
  const state = paymentStateOf(await ledgerOf(db, orderId));
  if (state.method !== "on_delivery") return { ok: false, status: 409, message: "This order is paid by card online; there is nothing to take at the door." };
  const owed = owedCents(order, state);
  if (owed <= 0) return { ok: false, status: 409, message: "This order is already paid." };
  if (input.amount_cents > owed) return { ok: false, status: 422, message: `That is more than is owed (${owed} cents).` };
  const now = deps.clock.now();
  await db.insert(paymentLedger).values({
    orderId,
    method: "on_delivery",
    kind: "collection",
    status: "succeeded",
    amountCents: input.amount_cents,
    instrument: input.instrument,
    actorId,
    createdAt: now,
    updatedAt: now,
  });
  return { ok: true, paidCents: state.capturedCents + input.amount_cents };
}
