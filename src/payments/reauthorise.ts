import type { BoundStatement } from "../db/client";
import { paymentLedger, type LedgerRow } from "../db/payment-tables";
import type { ChangeHooks, ChangePreview } from "../orders/changes";
import { moneyFormat } from "../values/money";
import { VOID_JOB } from "./authorise";
import { voidOrder } from "./capture";
import type { PaymentDeps } from "./deps";
import { idempotencyKeyOf, ledgerOf, settleRow } from "./ledger";
import { paymentStateOf, type PaymentState } from "./state";
import { isFinalRefusal, Stripe, stripeOf } from "./stripe";

/*
 * A change to a card order that raises the most it may cost above the card's hold is authorised
 * again first (ADR 042): a new PaymentIntent for the new most, off-session on the card Checkout
 * saved with a Customer, its ledger row written before the call. Declined: the change is refused
 * and the order stays as it was. Authorised: the change's unit queues the release of the old hold
 * (only if the change wins); if the change does not apply after all, the new hold is released.
 */

type Reauthorised = { ok: true; intentId: string } | { ok: false; message: string };

/** The most the changed order may be charged: what its card must cover. */
const neededCents = (preview: ChangePreview) => preview.after.maxChargeCents ?? preview.after.amountDueCents;

/**
 * Whether a change needs the card authorised again, and for how much: a card order whose change
 * raises the most it may cost above the hold in force. The confirmation page warns with it before
 * the shopper confirms; `beforeCommit` acts on it. Null: nothing is sent to the card.
 */
export function reauthorisationNeeded(state: PaymentState, preview: ChangePreview): { heldCents: number; neededCents: number } | null {
  const needed = neededCents(preview);
  return state.method === "card" && needed > state.authorisedCents ? { heldCents: state.authorisedCents, neededCents: needed } : null;
}

/** The hooks a change of an order runs with: pages, API and staff edits pass them to changeOrder. */
export function cardReauthorisation(deps: PaymentDeps): ChangeHooks {
  let fresh: { orderId: number; intentId: string } | null = null;
  return {
    async beforeCommit(preview, changeToken) {
      const rows = await ledgerOf(deps.database.db, preview.order.id);
      const state = paymentStateOf(rows);
      const needs = reauthorisationNeeded(state, preview);
      if (!needs) return { ok: true };
      const needed = needs.neededCents;
      const held = rows.filter((row) => row.kind === "authorisation" && row.status === "succeeded" && row.intentId).at(-1);
      const money = moneyFormat(deps.config.CURRENCY, deps.config.LOCALE);
      if (!held) return { ok: false, message: `This change needs your card authorised for ${money(needed)} and the order holds no card authorisation. Keep it as it is, or cancel it and order again.` };
      const outcome = await authoriseAgain(deps, held, needed);
      if (!outcome.ok) return outcome;
      fresh = { orderId: preview.order.id, intentId: outcome.intentId };
      return { ok: true, statements: state.intentId ? [releaseReplacedHold(preview.order.id, state.intentId, changeToken, deps.clock.now())] : [] };
    },
    async afterUnit(applied) {
      if (!fresh || applied) return;
      // The change lost (another change, the cut-off, stock): the hold made for it goes.
      await voidOrder(deps, fresh.orderId, fresh.intentId).catch(() => undefined);
    },
  };
}

/** For the change's unit: queues the release of the replaced hold, only if the change stamped the order. */
function releaseReplacedHold(orderId: number, intentId: string, token: string, now: Date): BoundStatement {
  const at = now.getTime();
  return {
    sql: `insert into "jobs" ("type", "payload", "run_at", "max_attempts", "created_at")
      select ?, json_object('orderId', o."id", 'intentId', ?), ?, 10, ? from "orders" o where o."id" = ? and o."change_token" = ?`,
    params: [VOID_JOB, intentId, at, at, orderId, token],
  };
}

/**
 * A new hold for `amountCents` on the card of `held` (its Customer and PaymentMethod at Stripe),
 * recorded in the ledger: pending before the call (its key), settled after.
 */
async function authoriseAgain(deps: PaymentDeps, held: LedgerRow, amountCents: number): Promise<Reauthorised> {
  const { db } = deps.database;
  const money = moneyFormat(deps.config.CURRENCY, deps.config.LOCALE);
  const unreachable = { ok: false as const, message: `We could not reach the card payment service to authorise the new amount (${money(amountCents)}); your order is unchanged. Try again in a moment.` };
  const stripe = stripeOf(deps.config);
  let previous: Stripe.PaymentIntent;
  try {
    previous = await stripe.paymentIntents.retrieve(held.intentId!);
  } catch (error) {
    if (error instanceof Stripe.errors.StripeError) return unreachable;
    throw error;
  }
  const customer = typeof previous.customer === "string" ? previous.customer : (previous.customer?.id ?? null);
  const card = typeof previous.payment_method === "string" ? previous.payment_method : (previous.payment_method?.id ?? null);
  if (!customer || !card) {
    return { ok: false, message: `This change brings the most your order may cost to ${money(amountCents)}, above the ${money(held.amountCents)} your card is authorised for, and this card can't be authorised again without you. Keep the order within ${money(held.amountCents)}, or cancel it and order again.` };
  }
  const now = deps.clock.now();
  const [row] = await db
    .insert(paymentLedger)
    .values({ orderId: held.orderId, method: "card", kind: "authorisation", status: "pending", amountCents, reason: "Authorised again for a change to the order", createdAt: now, updatedAt: now })
    .returning();
  const create = () =>
    stripe.paymentIntents.create(
      { amount: amountCents, currency: previous.currency, customer, payment_method: card, capture_method: "manual", confirm: true, off_session: true, metadata: { order_id: String(held.orderId), ledger_row: String(row!.id), ledger_key: idempotencyKeyOf(row!), replaces: previous.id } },
      { idempotencyKey: idempotencyKeyOf(row!) },
    );
  try {
    // A lost answer is asked again once with the same key: Stripe answers with what it did.
    const intent = await create().catch((error: unknown) => (error instanceof Stripe.errors.StripeConnectionError ? create() : Promise.reject(error)));
    if (intent.status !== "requires_capture") {
      await settleRow(db, row!.id, { status: "failed", intentId: intent.id, failure: `The payment is ${intent.status}.` }, deps.clock.now());
      return { ok: false, message: `Your card was not authorised for the new amount (${money(amountCents)}); your order is unchanged.` };
    }
    await settleRow(db, row!.id, { status: "succeeded", intentId: intent.id, providerId: intent.id, amountCents: intent.amount_capturable }, deps.clock.now());
    return { ok: true, intentId: intent.id };
  } catch (error) {
    if (!(error instanceof Stripe.errors.StripeError)) throw error;
    const intentId = (error.raw as { payment_intent?: { id?: string } } | undefined)?.payment_intent?.id ?? null;
    await settleRow(db, row!.id, { status: "failed", intentId, failure: error.message }, deps.clock.now());
    if (error instanceof Stripe.errors.StripeCardError) return { ok: false, message: `Your card was not authorised for the new amount (${money(amountCents)}): ${error.message} Your order is unchanged.` };
    return isFinalRefusal(error) ? { ok: false, message: `The card payment service refused the new amount (${money(amountCents)}): ${error.message} Your order is unchanged.` } : unreachable;
  }
}
