import type { Order } from "../db/shop-tables";
import { amountDueCents } from "./amounts";
import type { PaymentDeps } from "./deps";
import { ledgerOf, orderForPayment, settleRow } from "./ledger";
import { callFor, claimRow, liveRow } from "./settle";
import { paymentStateOf } from "./state";
import { stripeOf } from "./stripe";

export const CAPTURE_JOB = "payments.capture";

export type CaptureResult = { kind: "captured"; amountCents: number } | { kind: "nothing_to_capture" } | { kind: "refused"; message: string };

/** The final amount of a picked order: what picking charged, else the estimate (never above the hold). */
const finalAmountOf = (order: Order) => amountDueCents(order);

/**
 * Charges a card order for what was picked: captures the final amount (never more than authorised;
 * the rest of the hold is released by the capture itself) and records it. Run by the capture job:
 * a 500 or a timeout is thrown and retried with the same ledger row, so the card is charged once.
 */
export async function captureOrder(deps: PaymentDeps, orderId: number): Promise<CaptureResult> {
  const { db } = deps.database;
  const order = await orderForPayment(db, orderId);
  if (!order) return { kind: "nothing_to_capture" };
  const state = paymentStateOf(await ledgerOf(db, orderId));
  if (state.method !== "card" || !state.intentId) return { kind: "nothing_to_capture" };
  const intentId = state.intentId;
  const existing = await liveRow(deps, intentId, "capture");
  if (existing?.status === "succeeded") return { kind: "captured", amountCents: existing.amountCents };
  const amount = Math.min(finalAmountOf(order), state.authorisedCents);
  if (amount <= 0) return { kind: "nothing_to_capture" };
  const row = existing ?? (await claimRow(deps, { orderId, intentId, kind: "capture", amountCents: amount }));
  const stripe = stripeOf(deps.config);
  const outcome = await callFor(
    deps,
    row,
    (idempotencyKey) => stripe.paymentIntents.capture(intentId, { amount_to_capture: row.amountCents }, { idempotencyKey }),
    async () => ((await stripe.paymentIntents.retrieve(intentId)).status === "requires_capture" ? "not_happened" : "unknown"),
  );
  const now = deps.clock.now();
  if (outcome.kind === "refused") {
    // The hold may have been captured already (a lost answer), or it expired or was released.
    const intent = await stripe.paymentIntents.retrieve(intentId);
    if (intent.status === "succeeded") {
      await settleRow(db, row.id, { status: "succeeded", providerId: intent.latest_charge ? String(intent.latest_charge) : intent.id, amountCents: intent.amount_received }, now);
      return { kind: "captured", amountCents: intent.amount_received };
    }
    await settleRow(db, row.id, { status: "failed", failure: outcome.message }, now);
    return { kind: "refused", message: outcome.message };
  }
  const intent = outcome.result;
  await settleRow(db, row.id, { status: "succeeded", providerId: intent.latest_charge ? String(intent.latest_charge) : intent.id, amountCents: intent.amount_received }, now);
  return { kind: "captured", amountCents: intent.amount_received };
}

/**
 * Releases every card hold of an order that was not captured (a cancelled order), or only the hold
 * of `onlyIntentId` (one replaced by a new authorisation). A hold the provider already released is
 * recorded as released.
 */
export async function voidOrder(deps: PaymentDeps, orderId: number, onlyIntentId?: string): Promise<number> {
  const { db } = deps.database;
  const rows = await ledgerOf(db, orderId);
  const holds = rows.filter((row) => row.kind === "authorisation" && row.status === "succeeded" && row.intentId && (!onlyIntentId || row.intentId === onlyIntentId));
  const stripe = stripeOf(deps.config);
  let released = 0;
  for (const hold of holds) {
    const intentId = hold.intentId!;
    if (await liveRow(deps, intentId, "capture")) continue;
    const existing = await liveRow(deps, intentId, "void");
    if (existing?.status === "succeeded") continue;
    const row = existing ?? (await claimRow(deps, { orderId, intentId, kind: "void", amountCents: hold.amountCents }));
    const outcome = await callFor(
      deps,
      row,
      (idempotencyKey) => stripe.paymentIntents.cancel(intentId, { cancellation_reason: "abandoned" }, { idempotencyKey }),
      async () => ((await stripe.paymentIntents.retrieve(intentId)).status === "requires_capture" ? "not_happened" : "unknown"),
    );
    const intent = outcome.kind === "done" ? outcome.result : await stripe.paymentIntents.retrieve(intentId);
    const now = deps.clock.now();
    if (intent.status === "canceled") {
      await settleRow(db, row.id, { status: "succeeded", providerId: intent.id }, now);
      released++;
    } else {
      await settleRow(db, row.id, { status: "failed", failure: outcome.kind === "refused" ? outcome.message : `The payment is ${intent.status}.` }, now);
    }
  }
  return released;
}
