import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { paymentLedger, type LedgerRow } from "../db/payment-tables";
import { enqueue } from "../jobs/queue";
import { creditNoteOfRefund, creditNoteStatements, queueCreditNoteEmail } from "../invoices/credit-notes";
import { invoiceContext } from "../invoices/seller";
import type { PaymentDeps } from "./deps";
import { ledgerOf, orderForPayment, settleRow } from "./ledger";
import { callFor } from "./settle";
import { paymentStateOf } from "./state";
import { stripeOf } from "./stripe";
import { orderItems } from "../db/shop-tables";
import { vatInGross } from "../tax/vat";
import { vatRatesOf } from "../tax/rates";

export const REFUND_JOB = "payments.refund";

/** A manager's refund (a complaint, a refused substitute, a goodwill gesture): one schema for page and API. */
export const refundInput = z.object({
  amount_cents: z.coerce.number({ message: "Enter the amount to refund." }).int("Enter the amount in cents.").positive("Enter the amount to refund."),
  reason: z.string({ message: "Say why the money is refunded." }).trim().min(3, "Say why the money is refunded.").max(300, "Keep the reason under 300 characters."),
});
export type RefundInput = z.infer<typeof refundInput>;

export type RefundResult = { ok: true; row: LedgerRow } | { ok: false; status: 404 | 409 | 422; message: string };

const pendingRefunds = (rows: LedgerRow[]) => rows.filter((row) => row.kind === "refund" && row.status === "pending").reduce((sum, row) => sum + row.amountCents, 0);

/**
 * Refunds part or all of what an order paid, recorded with who and why. A card refund goes to the
 * provider with the ledger row's idempotency key (a failed call stays pending and the refund job
 * retries it); money given back at the door or counter is recorded as done. The database refuses
 * refunds above what was taken (a trigger), whatever races.
 */
export async function refundOrder(deps: PaymentDeps, orderId: number, input: RefundInput, actorId: number | null, line?: { orderItemId: number }): Promise<RefundResult> {
  const { db } = deps.database;
  const order = await orderForPayment(db, orderId);
  if (!order) return { ok: false, status: 404, message: "No order with that id." };
  const rows = await ledgerOf(db, orderId);
  const state = paymentStateOf(rows);
  const refundable = state.capturedCents - state.refundedCents - pendingRefunds(rows);
  if (refundable <= 0) return { ok: false, status: 409, message: "Nothing was paid on this order that is not refunded already." };
  if (input.amount_cents > refundable) return { ok: false, status: 422, message: `At most ${refundable} cents can be refunded.` };
  const now = deps.clock.now();
  const card = state.method === "card";
  const captured = card ? rows.filter((row) => row.kind === "capture" && row.status === "succeeded").at(-1) : undefined;
  try {
    const [row] = await db
      .insert(paymentLedger)
      .values({
        orderId,
        method: state.method,
        kind: "refund",
        status: "pending",
        amountCents: input.amount_cents,
        intentId: captured?.intentId ?? null,
        reason: input.reason,
        orderItemId: line?.orderItemId ?? null,
        actorId,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    // Money given back at the door or counter is done at once; a card refund goes to the provider first.
    if (!card) await refundDone(deps, row!, null);
    else await sendRefund(deps, row!);
    const [after] = await db.select().from(paymentLedger).where(eq(paymentLedger.id, row!.id));
    return { ok: true, row: after ?? row! };
  } catch (error) {
    const text = String(error instanceof Error ? `${error.message} ${String(error.cause)}` : error);
    if (/refund_above_paid/.test(text)) return { ok: false, status: 409, message: "Another refund was recorded meanwhile; nothing more can be refunded." };
    if (/payment_ledger_one_refund_per_line|UNIQUE constraint failed: payment_ledger\.order_item_id/.test(text)) return { ok: false, status: 409, message: "This line is refunded already." };
    throw error;
  }
}

/** Sends a pending card refund; on a transient failure it stays pending and the refund job takes it up. */
async function sendRefund(deps: PaymentDeps, row: LedgerRow): Promise<void> {
  try {
    await settleRefund(deps, row);
  } catch {
    await enqueue(deps.database.db, REFUND_JOB, { ledgerId: row.id }, deps.clock.now(), { maxAttempts: 10 });
  }
}

/**
 * One unit: the refund recorded as done and, for an invoiced order, its credit note (ADR 043),
 * issued only if the refund row is settled and has none yet; then the credit note is emailed.
 */
export async function refundDone(deps: PaymentDeps, row: LedgerRow, providerId: string | null): Promise<void> {
  const { database, clock, config } = deps;
  const now = clock.now();
  const settled = sql`exists (select 1 from ${paymentLedger} where ${paymentLedger.id} = ${row.id} and ${paymentLedger.status} = 'succeeded')`;
  const hadNote = (await creditNoteOfRefund(database.db, row.id)) !== null;
  const lines = row.orderItemId ? await refusedLineCredit(deps, row) : undefined;
  const credit = await creditNoteStatements(database.db, row.orderId, { refundLedgerId: row.id, amountCents: row.amountCents, reason: row.reason ?? "Refund", lines }, invoiceContext(config, now), settled);
  await database.atomic([
    database.db
      .update(paymentLedger)
      .set({ status: "succeeded", providerId, failure: null, updatedAt: now })
      .where(and(eq(paymentLedger.id, row.id), eq(paymentLedger.status, "pending"))),
    ...credit,
  ]);
  const note = hadNote ? null : await creditNoteOfRefund(database.db, row.id);
  if (note) await queueCreditNoteEmail(database.db, config, now, note);
}

/** Carries out a pending card refund at the provider, once (the refund job retries through here). */
export async function settleRefund(deps: PaymentDeps, row: LedgerRow): Promise<void> {
  if (row.status !== "pending" || !row.intentId) return;
  const stripe = stripeOf(deps.config);
  const intentId = row.intentId;
  const outcome = await callFor(
    deps,
    row,
    (idempotencyKey) => stripe.refunds.create({ payment_intent: intentId, amount: row.amountCents, metadata: { order_id: String(row.orderId), ledger_row: String(row.id) } }, { idempotencyKey }),
    async () => "unknown",
  );
  const now = deps.clock.now();
  if (outcome.kind === "refused") await settleRow(deps.database.db, row.id, { status: "failed", failure: outcome.message }, now);
  else await refundDone(deps, row, outcome.result.id);
}

export async function pendingRefundRow(deps: PaymentDeps, ledgerId: number): Promise<LedgerRow | null> {
  const [row] = await deps.database.db.select().from(paymentLedger).where(and(eq(paymentLedger.id, ledgerId), eq(paymentLedger.kind, "refund")));
  return row ?? null;
}

/** A refund for one line credits that line: its product, quantity and VAT rate, for the amount refunded. */
async function refusedLineCredit(deps: PaymentDeps, row: LedgerRow) {
  const [item] = await deps.database.db.select().from(orderItems).where(eq(orderItems.id, row.orderItemId!));
  if (!item) return undefined;
  const rateBp = item.vatRateBp ?? vatRatesOf(deps.config).standard;
  return [
    {
      productId: item.productId,
      description: `${item.name}: ${row.reason ?? "refunded"}`,
      unit: item.unit,
      quantity: item.pickedQuantity ?? item.quantity,
      unitPriceCents: item.priceCents,
      lineTotalCents: row.amountCents,
      discountCents: 0,
      vatRateBp: rateBp,
      vatCents: vatInGross(row.amountCents, rateBp),
    },
  ];
}
