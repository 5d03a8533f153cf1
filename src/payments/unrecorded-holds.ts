import { inArray } from "drizzle-orm";
import { paymentLedger, type LedgerRow } from "../db/payment-tables";
import { syncAuthorisation } from "./authorise";
import type { PaymentDeps } from "./deps";
import { settleRow } from "./ledger";
import { callFor, claimRow, liveRow } from "./settle";
import type { Stripe } from "./stripe";
import { stripeOf } from "./stripe";

/*
 * A hold Stripe made whose ledger row never learnt of it (ADR 052): the answer to the authorising
 * call was lost (twice, or the process stopped before settling the row), so the row stayed pending
 * or was settled as failed without the PaymentIntent's id, while the card is held. Every
 * PaymentIntent the store creates names its ledger row in its metadata (`ledger_row`, and
 * `ledger_key`, the row's idempotency key, so a row of another database sharing the account is
 * never taken for this one's). Reconciliation finds such holds and repairs what is safe.
 */

/** A row still pending this long is no longer waiting for an answer (a call times out in seconds). */
export const PENDING_GRACE_MS = 60 * 60 * 1000;

const keyPrefix = (row: Pick<LedgerRow, "kind" | "id" | "nonce">) => `grocer-${row.kind}-${row.id}-${row.nonce}-`;

/** The ledger rows (of this database) that the given PaymentIntents say they were made for, by intent id. */
export async function rowsNamedBy(deps: PaymentDeps, intents: Stripe.PaymentIntent[]): Promise<Map<string, LedgerRow>> {
  const ids = intents.map((intent) => Number(intent.metadata?.ledger_row)).filter((id) => Number.isInteger(id) && id > 0);
  const rows = ids.length ? await deps.database.db.select().from(paymentLedger).where(inArray(paymentLedger.id, ids)) : [];
  const named = new Map<string, LedgerRow>();
  for (const intent of intents) {
    const row = rows.find((candidate) => candidate.id === Number(intent.metadata?.ledger_row));
    const key = intent.metadata?.ledger_key ?? "";
    if (row && row.kind === "authorisation" && String(row.orderId) === intent.metadata?.order_id && key.startsWith(keyPrefix(row))) named.set(intent.id, row);
  }
  return named;
}

export type Repair = { action: "recorded" | "released" | "left"; text: string };

/**
 * Repairs a hold (`requires_capture`) the ledger does not know, made for `row`:
 * - the hosted page's authorisation still pending: recorded as the return page and the webhook do
 *   (the order is placed, or the hold released if the order was cancelled meanwhile);
 * - a row settled as failed (the change or checkout it was for was refused or cancelled), or pending
 *   past the grace time: the hold is released, with a void row naming the PaymentIntent;
 * - a row pending within the grace time: left alone, its call may still be answered.
 */
export async function repairUnrecordedHold(deps: PaymentDeps, row: LedgerRow, intent: Stripe.PaymentIntent, now: Date): Promise<Repair> {
  if (row.status === "pending" && row.sessionId) {
    const outcome = await syncAuthorisation(deps, row.sessionId);
    return { action: outcome === "authorised" ? "recorded" : "left", text: outcome === "authorised" ? "recorded from its payment page" : `its payment page says ${outcome}` };
  }
  if (row.status === "succeeded") return { action: "left", text: "its ledger row holds another PaymentIntent" };
  if (row.status === "pending" && now.getTime() - row.createdAt.getTime() < PENDING_GRACE_MS) return { action: "left", text: "its authorisation is still under way" };
  const released = await releaseHold(deps, row.orderId, intent);
  return released ? { action: "released", text: "released" } : { action: "left", text: "could not be released, try again" };
}

/** Cancels a hold at the provider and records it as a void row of the order (one live void per PaymentIntent). */
async function releaseHold(deps: PaymentDeps, orderId: number, intent: Stripe.PaymentIntent): Promise<boolean> {
  const stripe = stripeOf(deps.config);
  const existing = await liveRow(deps, intent.id, "void");
  if (existing?.status === "succeeded") return true;
  const row = existing ?? (await claimRow(deps, { orderId, intentId: intent.id, kind: "void", amountCents: intent.amount_capturable, reason: "A hold the ledger had not recorded (answer lost), released by reconciliation" }));
  const outcome = await callFor(
    deps,
    row,
    (idempotencyKey) => stripe.paymentIntents.cancel(intent.id, { cancellation_reason: "abandoned" }, { idempotencyKey }),
    async () => ((await stripe.paymentIntents.retrieve(intent.id)).status === "requires_capture" ? "not_happened" : "unknown"),
  );
  const after = outcome.kind === "done" ? outcome.result : await stripe.paymentIntents.retrieve(intent.id);
  const settled = after.status === "canceled";
  await settleRow(deps.database.db, row.id, settled ? { status: "succeeded", providerId: after.id } : { status: "failed", failure: outcome.kind === "refused" ? outcome.message : `The payment is ${after.status}.` }, deps.clock.now());
  return settled;
}
