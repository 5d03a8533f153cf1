import { and, eq, ne } from "drizzle-orm";
import { paymentLedger, type LedgerKind, type LedgerRow } from "../db/payment-tables";
import type { PaymentDeps } from "./deps";
import { idempotencyKeyOf, settleRow } from "./ledger";
import { isFinalRefusal, Stripe } from "./stripe";

/** The live (pending or succeeded) capture or void of a PaymentIntent, if there is one. */
export async function liveRow(deps: PaymentDeps, intentId: string, kind: Extract<LedgerKind, "capture" | "void">): Promise<LedgerRow | null> {
  const [row] = await deps.database.db
    .select()
    .from(paymentLedger)
    .where(and(eq(paymentLedger.intentId, intentId), eq(paymentLedger.kind, kind), ne(paymentLedger.status, "failed")));
  return row ?? null;
}

/**
 * The live row for a capture or void of `intentId`, written before the provider is called: the
 * database's unique index keeps it to one, so two workers (or a retry) share the same row and key.
 */
export async function claimRow(deps: PaymentDeps, values: { orderId: number; intentId: string; kind: "capture" | "void"; amountCents: number; actorId?: number | null; reason?: string | null }): Promise<LedgerRow> {
  const now = deps.clock.now();
  await deps.database.db
    .insert(paymentLedger)
    .values({ orderId: values.orderId, method: "card", kind: values.kind, status: "pending", amountCents: values.amountCents, intentId: values.intentId, actorId: values.actorId ?? null, reason: values.reason ?? null, createdAt: now, updatedAt: now })
    .onConflictDoNothing();
  return (await liveRow(deps, values.intentId, values.kind))!;
}

export type CallOutcome<T> = { kind: "done"; result: T } | { kind: "refused"; message: string; error: Stripe.errors.StripeError };

/**
 * Sends the provider call a pending ledger row stands for with the row's idempotency key. Refusals
 * (declined, wrong state, too large) come back as such; anything else (a 500, a timeout) is thrown
 * for the job queue to retry, after `learn` asked the provider what really happened: if the call
 * did not happen, the row's attempt moves on so the retry is not answered with the saved error.
 */
export async function callFor<T>(deps: PaymentDeps, row: LedgerRow, call: (idempotencyKey: string) => Promise<T>, learn: () => Promise<"happened" | "not_happened" | "unknown">): Promise<CallOutcome<T>> {
  try {
    return { kind: "done", result: await call(idempotencyKeyOf(row)) };
  } catch (error) {
    if (isFinalRefusal(error)) return { kind: "refused", message: error.message, error };
    if (error instanceof Stripe.errors.StripeAPIError && (await learn().catch(() => "unknown" as const)) === "not_happened") {
      await deps.database.db.update(paymentLedger).set({ attempt: row.attempt + 1, updatedAt: deps.clock.now() }).where(and(eq(paymentLedger.id, row.id), eq(paymentLedger.attempt, row.attempt)));
    }
    throw error;
  }
}

export { settleRow };
