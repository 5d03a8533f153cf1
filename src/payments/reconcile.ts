import { and, eq, inArray } from "drizzle-orm";
import { paymentLedger, type LedgerRow } from "../db/payment-tables";
import { orders } from "../db/shop-tables";
import { enqueue } from "../jobs/queue";
import type { ScheduledJob } from "../jobs/schedule";
import { notify } from "../notifications/notify";
import { orderNumber } from "../orders/queries";
import type { PaymentDeps } from "./deps";
import { stripeOf, type Stripe } from "./stripe";
import { repairUnrecordedHold, rowsNamedBy, type Repair } from "./unrecorded-holds";

export const RECONCILE_JOB = "payments.reconcile";
/** Holds older than this are past their life at the provider; intents are read back this far. */
const LOOK_BACK_DAYS = 10;
const DAY_MS = 24 * 60 * 60 * 1000;

export type Finding = { kind: "authorised_not_captured" | "captured_not_in_ledger" | "amount_differs" | "hold_not_in_ledger"; orderId: number | null; intentId: string; text: string; repaired?: Repair["action"] };

const settledHere = (rows: LedgerRow[], intentId: string, kind: LedgerRow["kind"]) => rows.find((row) => row.intentId === intentId && row.kind === kind && row.status === "succeeded");

/**
 * The daily comparison of the ledger with the provider (ADR 030): a hold never captured nor
 * released once its order left the shop's hands, money captured that the ledger does not hold, and
 * a captured amount that differs. Managers are told in the bell (once per day's findings).
 */
export async function reconcilePayments(deps: PaymentDeps): Promise<{ checked: number; findings: Finding[] }> {
  if (!deps.config.STRIPE_SECRET_KEY) return { checked: 0, findings: [] };
  const { db } = deps.database;
  const now = deps.clock.now();
  const since = Math.floor((now.getTime() - LOOK_BACK_DAYS * DAY_MS) / 1000);
  const intents: Stripe.PaymentIntent[] = [];
  for await (const intent of stripeOf(deps.config).paymentIntents.list({ created: { gte: since }, limit: 100 })) intents.push(intent);
  const ids = intents.map((intent) => intent.id);
  const rows = ids.length ? await db.select().from(paymentLedger).where(inArray(paymentLedger.intentId, ids)) : [];
  const findings: Finding[] = [];
  const named = await rowsNamedBy(deps, intents.filter((intent) => intent.status === "requires_capture" && !rows.some((row) => row.intentId === intent.id)));
  for (const intent of intents) {
    const hold = settledHere(rows, intent.id, "authorisation");
    const capture = settledHere(rows, intent.id, "capture");
    const orderId = hold?.orderId ?? (Number(intent.metadata?.order_id) || null);
    if (intent.status === "requires_capture" && !rows.some((row) => row.intentId === intent.id)) {
      findings.push(await unrecordedHold(deps, intent, named.get(intent.id) ?? null, now));
    } else if (intent.status === "succeeded" && !capture) {
      findings.push({ kind: "captured_not_in_ledger", orderId, intentId: intent.id, text: `${intent.id}: ${intent.amount_received} cents captured at the provider, not in the ledger.` });
    } else if (capture && intent.amount_received !== capture.amountCents) {
      findings.push({ kind: "amount_differs", orderId, intentId: intent.id, text: `${intent.id}: the ledger captured ${capture.amountCents} cents, the provider ${intent.amount_received}.` });
    }
  }
  findings.push(...(await staleHolds(deps, now)));
  if (findings.length) {
    const day = now.toISOString().slice(0, 10);
    await notify(db, {
      to: { audience: "staff" },
      kind: "payments",
      title: `Payments to check: ${findings.length} difference${findings.length === 1 ? "" : "s"} between the ledger and Stripe`,
      body: findings.map((finding) => finding.text).join("\n"),
      link: "/manage/orders",
      dedupeKey: `payments-reconcile-${day}`,
      now,
    });
  }
  return { checked: intents.length, findings };
}

/** A hold at the provider that no ledger row names: repaired when its own ledger row says it is safe (unrecorded-holds.ts). */
async function unrecordedHold(deps: PaymentDeps, intent: Stripe.PaymentIntent, row: LedgerRow | null, now: Date): Promise<Finding> {
  const orderId = row?.orderId ?? (Number(intent.metadata?.order_id) || null);
  const held = `${intent.id}: ${intent.amount_capturable} cents held on the card, not in the ledger`;
  if (!row) return { kind: "hold_not_in_ledger", orderId, intentId: intent.id, text: `${held}; no ledger row of this store names it, left as it is.` };
  const repair = await repairUnrecordedHold(deps, row, intent, now).catch((error: unknown) => ({ action: "left" as const, text: `not repaired (${error instanceof Error ? error.message : "no answer"}), tried again on the next run` }));
  return { kind: "hold_not_in_ledger", orderId, intentId: intent.id, text: `${held} (order ${orderNumber({ id: row.orderId })}, ledger row ${row.id}); ${repair.text}.`, repaired: repair.action };
}

/** Holds still in force on orders the shop is done with (cancelled, completed) or older than a card hold lasts. */
async function staleHolds(deps: PaymentDeps, now: Date): Promise<Finding[]> {
  const { db } = deps.database;
  const holds = await db
    .select({ row: paymentLedger, status: orders.status, placedAt: orders.placedAt, id: orders.id })
    .from(paymentLedger)
    .innerJoin(orders, eq(orders.id, paymentLedger.orderId))
    .where(and(eq(paymentLedger.kind, "authorisation"), eq(paymentLedger.status, "succeeded")));
  const intentIds = holds.map((hold) => hold.row.intentId).filter((id): id is string => Boolean(id));
  const settled = intentIds.length ? await db.select().from(paymentLedger).where(and(inArray(paymentLedger.intentId, intentIds), inArray(paymentLedger.kind, ["capture", "void"]))) : [];
  return holds
    .filter((hold) => !settled.some((row) => row.intentId === hold.row.intentId && row.status !== "failed"))
    .filter((hold) => hold.status === "cancelled" || hold.status === "completed" || now.getTime() - hold.row.createdAt.getTime() > 7 * DAY_MS)
    .map((hold) => ({
      kind: "authorised_not_captured" as const,
      orderId: hold.id,
      intentId: hold.row.intentId ?? "",
      text: `${orderNumber(hold)}: ${hold.row.amountCents} cents authorised, never captured nor released (order ${hold.status.replace(/_/g, " ")}).`,
    }));
}

export const paymentSchedules: ScheduledJob[] = [
  {
    name: "payments-reconcile",
    cron: "45 4 * * *",
    run: async ({ database, clock }, slot) => void (await enqueue(database.db, RECONCILE_JOB, { slot: slot.toISOString() }, clock.now(), { maxAttempts: 3 })),
  },
];
