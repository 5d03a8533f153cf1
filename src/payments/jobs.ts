import { z } from "zod";
import { defineJob, type JobRegistry } from "../jobs/registry";
import type { JobContext } from "../jobs/registry";
import { cancelOrder } from "../orders/cancel";
import { orderWithItems } from "../orders/queries";
import { hostedPaymentExpiry, syncAuthorisation, pendingAuthorisation, VOID_JOB } from "./authorise";
import { ABANDONED_PAYMENT_JOB } from "./placement";
import { CAPTURE_JOB, captureOrder, voidOrder } from "./capture";
import type { PaymentDeps } from "./deps";
import { settleRow } from "./ledger";
import { pendingRefundRow, REFUND_JOB, settleRefund } from "./refunds";
import { STRIPE_EVENT_JOB } from "./webhooks";
import { recordProviderVoid } from "./provider-events";
import { reconcilePayments, RECONCILE_JOB } from "./reconcile";
import { refundRefusedSubstitutes } from "./refused-substitutes";


const depsOf = (context: JobContext): PaymentDeps => context.deps;
const forOrder = z.object({ orderId: z.number().int().positive() });

/** A card order still waiting for its authorisation when its time is up: cancelled, stock and slot returned. */
const cancelUnpaidJob = defineJob(ABANDONED_PAYMENT_JOB, forOrder, async ({ payload, context }) => {
  const deps = depsOf(context);
  const { db } = deps.database;
  const row = await pendingAuthorisation(db, payload.orderId);
  if (row?.sessionId) {
    // Paid at the last moment? The provider says; otherwise its page is closed before the order is.
    if ((await syncAuthorisation(deps, row.sessionId)) === "authorised") return;
    await hostedPaymentExpiry(deps, row.sessionId);
    if ((await syncAuthorisation(deps, row.sessionId)) === "authorised") return;
  }
  const order = await orderWithItems(db, payload.orderId);
  if (!order || order.status !== "awaiting_payment") return;
  const now = deps.clock.now();
  const cancelled = await cancelOrder(deps.database, order, { allowedFrom: ["awaiting_payment"], actorId: null, now });
  if (cancelled.ok && row) await settleRow(db, row.id, { status: "failed", failure: `Not paid within ${deps.config.PAYMENT_TIMEOUT_MINUTES} minutes.` }, now);
});

const captureJob = defineJob(CAPTURE_JOB, forOrder, async ({ payload, context }) => {
  const result = await captureOrder(depsOf(context), payload.orderId);
  // A substitute refused while the capture was under way: what it leaves paid above the amount due goes back.
  if (result.kind === "captured") await refundRefusedSubstitutes(depsOf(context), payload.orderId, null);
  return { payload: { ...payload, result } };
});

/** Releases the order's holds (a cancelled order), or the one named (a hold replaced by a new authorisation). */
const voidJob = defineJob(VOID_JOB, forOrder.extend({ intentId: z.string().optional() }), async ({ payload, context }) => {
  await voidOrder(depsOf(context), payload.orderId, payload.intentId);
});

const refundJob = defineJob(REFUND_JOB, z.object({ ledgerId: z.number().int().positive() }), async ({ payload, context }) => {
  const deps = depsOf(context);
  const row = await pendingRefundRow(deps, payload.ledgerId);
  if (row) await settleRefund(deps, row);
});

/** A Stripe event's work: the object's state is read back from Stripe, so order and repeats do not matter. */
const stripeEventJob = defineJob(
  STRIPE_EVENT_JOB,
  z.object({ eventId: z.string(), type: z.string(), objectId: z.string().nullable() }),
  async ({ payload, context }) => {
    const deps = depsOf(context);
    if (!payload.objectId) return;
    if (payload.type.startsWith("checkout.session.")) await syncAuthorisation(deps, payload.objectId);
    else if (payload.type === "payment_intent.canceled") await recordProviderVoid(deps, payload.objectId);
  },
);

const reconcileJob = defineJob(RECONCILE_JOB, z.object({}).passthrough(), async ({ context }) => {
  const report = await reconcilePayments(depsOf(context));
  return { payload: { report } };
});

export const registerPaymentJobs = (registry: JobRegistry) =>
  registry.register(cancelUnpaidJob).register(captureJob).register(voidJob).register(refundJob).register(stripeEventJob).register(reconcileJob);


export { paymentSchedules } from "./reconcile";
