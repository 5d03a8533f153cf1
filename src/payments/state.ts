import type { LedgerRow, PaymentMethodName } from "../db/payment-tables";

export const PAYMENT_STATUSES = ["none", "due", "awaiting_authorisation", "authorised", "paid", "partially_refunded", "refunded", "voided", "failed"] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** What the order, its pages, emails and the API say about money, derived from the ledger alone. */
export type PaymentState = {
  method: PaymentMethodName;
  status: PaymentStatus;
  /** The card hold in force (or last captured against); 0 without one. */
  authorisedCents: number;
  /** Taken: captured on the card, or collected at the door. */
  capturedCents: number;
  refundedCents: number;
  /** The PaymentIntent of the hold in force, for capture and void. */
  intentId: string | null;
};

const succeeded = (rows: LedgerRow[], kind: LedgerRow["kind"]) => rows.filter((row) => row.kind === kind && row.status === "succeeded");
const sum = (rows: LedgerRow[]) => rows.reduce((total, row) => total + row.amountCents, 0);

/**
 * The payment state of one order from its ledger rows. `orderOpen` is false for a cancelled order:
 * nothing is due on it.
 */
export function paymentStateOf(rows: LedgerRow[], orderOpen = true): PaymentState {
  const method: PaymentMethodName = rows.some((row) => row.method === "card") ? "card" : "on_delivery";
  const voided = new Set(succeeded(rows, "void").map((row) => row.intentId));
  const holds = succeeded(rows, "authorisation");
  const hold = holds.filter((row) => !voided.has(row.intentId)).at(-1) ?? null;
  const capturedCents = sum(succeeded(rows, "capture")) + sum(succeeded(rows, "collection"));
  const refundedCents = sum(succeeded(rows, "refund"));
  const base = { method, authorisedCents: hold?.amountCents ?? 0, capturedCents, refundedCents, intentId: hold?.intentId ?? null };
  return { ...base, status: statusOf(rows, base, orderOpen, holds.length > 0) };
}

function statusOf(rows: LedgerRow[], state: Omit<PaymentState, "status">, orderOpen: boolean, everHeld: boolean): PaymentStatus {
  if (state.capturedCents > 0) {
    if (state.refundedCents >= state.capturedCents) return "refunded";
    return state.refundedCents > 0 ? "partially_refunded" : "paid";
  }
  if (state.method === "on_delivery") return orderOpen ? "due" : "none";
  if (state.authorisedCents > 0) return "authorised";
  if (everHeld) return "voided";
  if (!orderOpen) return "none";
  if (rows.some((row) => row.kind === "authorisation" && row.status === "pending")) return "awaiting_authorisation";
  return rows.some((row) => row.kind === "authorisation" && row.status === "failed") ? "failed" : "none";
}

export const PAYMENT_STATUS_LABELS: Record<PaymentStatus, string> = {
  none: "Nothing to pay",
  due: "To pay on delivery or collection",
  awaiting_authorisation: "Waiting for card payment",
  authorised: "Card authorised, charged after picking",
  paid: "Paid",
  partially_refunded: "Paid, partly refunded",
  refunded: "Refunded",
  voided: "Card authorisation released",
  failed: "Card payment failed",
};

/** True once money was actually taken (emails say "Total paid" only then). */
export const isPaid = (state: PaymentState) => state.capturedCents > 0;
