import { and, desc, eq, sql } from "drizzle-orm";
import { randomToken } from "../accounts/tokens";
import { paymentLedger, type LedgerRow } from "../db/payment-tables";
import { orders } from "../db/shop-tables";
import type { Database } from "../db/client";
import { orderEventStatement } from "../orders/history";
import { ORDER_CONFIRMATION } from "../orders/emails";
import { EMAIL_ATTEMPTS } from "../mail/send";
import { jobIfStamped, jobStatement, type PaymentDeps } from "./deps";
import { idempotencyKeyOf, orderForPayment, settleRow } from "./ledger";
import { Stripe, stripeOf } from "./stripe";
import { orderNumber } from "../orders/queries";

export const VOID_JOB = "payments.void";

/** The authorisation a card order is waiting for (pending), if any. */
export async function pendingAuthorisation(db: Database, orderId: number): Promise<LedgerRow | null> {
  const [row] = await db
    .select()
    .from(paymentLedger)
    .where(and(eq(paymentLedger.orderId, orderId), eq(paymentLedger.kind, "authorisation"), eq(paymentLedger.status, "pending")))
    .orderBy(desc(paymentLedger.id))
    .limit(1);
  return row ?? null;
}

export type HostedPage = { ok: true; url: string } | { ok: false; message: string; authorised?: boolean };

const UNREACHABLE = "We could not reach the card payment service just now. Your order and its slot are held: try again in a moment.";

/**
 * The provider's hosted page where the shopper authorises the card for a card order waiting for
 * payment: created once per authorisation (the idempotency key is the ledger row's), then reused
 * while it is open. Card data never touches the store.
 */
export async function hostedPaymentPage(deps: PaymentDeps, orderId: number, siteOrigin: string): Promise<HostedPage> {
  const { db } = deps.database;
  const order = await orderForPayment(db, orderId);
  const row = order ? await pendingAuthorisation(db, orderId) : null;
  if (!order || order.status !== "awaiting_payment" || !row) return { ok: false, message: "This order is not waiting for a card payment." };
  const stripe = stripeOf(deps.config);
  try {
    if (row.sessionId) {
      const session = await stripe.checkout.sessions.retrieve(row.sessionId);
      if (session.status === "open" && session.url) return { ok: true, url: session.url };
      const synced = await syncAuthorisation(deps, row.sessionId);
      return { ok: false, authorised: synced === "authorised", message: synced === "authorised" ? "Your card is already authorised." : "This payment page has expired." };
    }
    const session = await stripe.checkout.sessions.create(
      {
        mode: "payment",
        client_reference_id: String(order.id),
        metadata: { order_id: String(order.id) },
        line_items: [{ quantity: 1, price_data: { currency: deps.config.CURRENCY.toLowerCase(), unit_amount: row.amountCents, product_data: { name: `Groceries, order ${orderNumber(order)} (charged after picking, at most this)` } } }],
        // The card is kept with a Customer at Stripe, so a change that raises the order can be authorised again off-session (ADR 042).
        customer_creation: "always",
        payment_intent_data: { capture_method: "manual", setup_future_usage: "off_session", metadata: { order_id: String(order.id), ledger_row: String(row.id), ledger_key: idempotencyKeyOf(row) } },
        success_url: `${siteOrigin}/orders/${order.id}/payment/return?session_id={CHECKOUT_SESSION_ID}`,
        cancel_url: `${siteOrigin}/orders/${order.id}`,
      },
      { idempotencyKey: idempotencyKeyOf(row) },
    );
    await db.update(paymentLedger).set({ sessionId: session.id, updatedAt: deps.clock.now() }).where(and(eq(paymentLedger.id, row.id), sql`${paymentLedger.sessionId} is null`));
    return session.url ? { ok: true, url: session.url } : { ok: false, message: UNREACHABLE };
  } catch (error) {
    if (error instanceof Stripe.errors.StripeError) console.error(JSON.stringify({ level: "error", msg: "stripe checkout session", orderId, error: error.message }));
    else throw error;
    return { ok: false, message: UNREACHABLE };
  }
}

export type SyncOutcome = "authorised" | "failed" | "waiting" | "unknown";

/**
 * Learns from the provider whether the hosted page's payment was authorised, and records it once:
 * the return page and the webhook both come here, in any order and any number of times.
 */
export async function syncAuthorisation(deps: PaymentDeps, sessionId: string): Promise<SyncOutcome> {
  const { db } = deps.database;
  const [row] = await db.select().from(paymentLedger).where(eq(paymentLedger.sessionId, sessionId));
  if (!row) return "unknown";
  if (row.status !== "pending") return row.status === "succeeded" ? "authorised" : "failed";
  const session = await stripeOf(deps.config).checkout.sessions.retrieve(sessionId, { expand: ["payment_intent"] });
  const intent = typeof session.payment_intent === "object" ? session.payment_intent : null;
  if (intent && intent.status === "requires_capture") {
    await recordAuthorised(deps, row, intent);
    return "authorised";
  }
  if (session.status === "expired" || intent?.status === "canceled") {
    await settleRow(db, row.id, { status: "failed", failure: "The payment page expired without a payment." }, deps.clock.now());
    return "failed";
  }
  return "waiting";
}

/**
 * One unit: the authorisation succeeded, the order goes from awaiting_payment to placed with its
 * history row, and its confirmation is queued. If the order was cancelled meanwhile (the payment came
 * too late), the hold is recorded and released.
 */
async function recordAuthorised(deps: PaymentDeps, row: LedgerRow, intent: Stripe.PaymentIntent): Promise<void> {
  const { database, clock } = deps;
  const now = clock.now();
  const token = randomToken(16);
  await database.atomic([
    database.db
      .update(paymentLedger)
      .set({ status: "succeeded", providerId: intent.id, intentId: intent.id, amountCents: intent.amount_capturable, failure: null, updatedAt: now })
      .where(and(eq(paymentLedger.id, row.id), eq(paymentLedger.status, "pending"))),
    database.db.update(orders).set({ status: "placed", changeToken: token, updatedAt: now }).where(and(eq(orders.id, row.orderId), eq(orders.status, "awaiting_payment"))),
    orderEventStatement(database.db, { orderId: row.orderId, changeToken: token, from: "awaiting_payment", actorId: null, now }),
    jobIfStamped({ type: ORDER_CONFIRMATION, orderId: row.orderId, maxAttempts: EMAIL_ATTEMPTS }, token, now),
  ]);
  const order = await orderForPayment(database.db, row.orderId);
  if (order?.status === "cancelled") await database.atomic([jobStatement({ type: VOID_JOB, orderId: row.orderId }, now)]);
}

/** Closes the hosted page of an authorisation no longer wanted; a page already completed or expired is left as it is. */
export async function hostedPaymentExpiry(deps: PaymentDeps, sessionId: string): Promise<void> {
  try {
    await stripeOf(deps.config).checkout.sessions.expire(sessionId);
  } catch (error) {
    if (!(error instanceof Stripe.errors.StripeInvalidRequestError)) throw error;
  }
}
