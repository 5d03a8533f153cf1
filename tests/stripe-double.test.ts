import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import Stripe from "stripe";
import { startStripeDouble, TEST_CARDS, type StripeDouble } from "./support/stripe-double";

/*
 * The Stripe TEST DOUBLE (tests/support/stripe-double.ts) driven by the official `stripe` client:
 * Stripe itself is not reachable from these machines (ADR 030). These checks pin the double to
 * Stripe's documented behaviour, so the store's tests cannot pass on something Stripe would refuse.
 */

let double: StripeDouble;
let stripe: Stripe;
const received: string[] = [];

beforeAll(async () => {
  double = await startStripeDouble();
  stripe = double.client();
  double.sendWebhooksTo(async (request) => {
    const event = await Stripe.webhooks.constructEventAsync(await request.text(), request.headers.get("stripe-signature")!, double.webhookSecret, undefined, Stripe.createSubtleCryptoProvider());
    received.push(event.type);
    return new Response("ok");
  });
});
afterAll(() => double.close());

async function authorised(amount: number, key = crypto.randomUUID()) {
  const session = await stripe.checkout.sessions.create(
    {
      mode: "payment",
      line_items: [{ quantity: 1, price_data: { currency: "eur", unit_amount: amount, product_data: { name: "Groceries (estimate)" } } }],
      payment_intent_data: { capture_method: "manual", metadata: { order_id: "7" } },
      success_url: "http://localhost/orders/7/paid?session_id={CHECKOUT_SESSION_ID}",
      cancel_url: "http://localhost/orders/7",
    },
    { idempotencyKey: key },
  );
  const paid = await fetch(session.url!, { method: "POST", body: new URLSearchParams({ card: TEST_CARDS.visa }), redirect: "manual" });
  expect(paid.status).toBe(303);
  expect(paid.headers.get("location")).toBe(`http://localhost/orders/7/paid?session_id=${session.id}`);
  const done = await stripe.checkout.sessions.retrieve(session.id, { expand: ["payment_intent"] });
  return { session: done, intent: done.payment_intent as Stripe.PaymentIntent };
}

describe("Stripe test double", () => {
  test("a hosted page authorises the amount; the session completes unpaid, the intent requires capture; webhooks verify with the library", async () => {
    const { session, intent } = await authorised(2599);
    expect(session.status).toBe("complete");
    expect(session.payment_status).toBe("unpaid");
    expect(intent.status).toBe("requires_capture");
    expect(intent.amount_capturable).toBe(2599);
    expect(received).toContain("checkout.session.completed");
  });

  test("a declined card leaves the session open and creates no payment", async () => {
    const session = await stripe.checkout.sessions.create({
      mode: "payment",
      line_items: [{ quantity: 1, price_data: { currency: "eur", unit_amount: 1000, product_data: { name: "Groceries" } } }],
      payment_intent_data: { capture_method: "manual" },
      success_url: "http://localhost/ok",
    });
    const answer = await fetch(session.url!, { method: "POST", body: new URLSearchParams({ card: TEST_CARDS.declined }) });
    expect(answer.status).toBe(402);
    expect(await answer.text()).toContain("Your card was declined.");
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe("open");
  });

  test("capture: never above the authorisation, once only, the rest released; refunds up to what was captured", async () => {
    const { intent } = await authorised(3000);
    const tooMuch = await stripe.paymentIntents.capture(intent.id, { amount_to_capture: 3001 }).catch((e: unknown) => e);
    expect(tooMuch).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect((tooMuch as Stripe.errors.StripeError).code).toBe("amount_too_large");
    const captured = await stripe.paymentIntents.capture(intent.id, { amount_to_capture: 2750 });
    expect(captured.status).toBe("succeeded");
    expect(captured.amount_received).toBe(2750);
    expect(captured.amount_capturable).toBe(0);
    const again = await stripe.paymentIntents.capture(intent.id, { amount_to_capture: 10 }).catch((e: unknown) => e);
    expect((again as Stripe.errors.StripeError).code).toBe("payment_intent_unexpected_state");
    const refund = await stripe.refunds.create({ payment_intent: intent.id, amount: 250 });
    expect(refund.status).toBe("succeeded");
    const over = await stripe.refunds.create({ payment_intent: intent.id, amount: 2501 }).catch((e: unknown) => e);
    expect((over as Stripe.errors.StripeError).code).toBe("amount_too_large");
  });

  test("an expired authorisation cannot be captured; a voided one neither", async () => {
    const first = await authorised(1500);
    double.expireAuthorisation(first.intent.id);
    const late = await stripe.paymentIntents.capture(first.intent.id).catch((e: unknown) => e);
    expect((late as Stripe.errors.StripeError).code).toBe("payment_intent_unexpected_state");
    const second = await authorised(1500);
    expect((await stripe.paymentIntents.cancel(second.intent.id)).status).toBe("canceled");
    const afterVoid = await stripe.paymentIntents.capture(second.intent.id).catch((e: unknown) => e);
    expect((afterVoid as Stripe.errors.StripeError).code).toBe("payment_intent_unexpected_state");
  });

  test("idempotency keys: a replay answers the first result (even a 500); other parameters under the key are refused", async () => {
    const { intent } = await authorised(4000);
    double.failNext(/\/capture$/);
    const failed = await stripe.paymentIntents.capture(intent.id, { amount_to_capture: 3000 }, { idempotencyKey: "k-500" }).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(Stripe.errors.StripeAPIError);
    const replayed = await stripe.paymentIntents.capture(intent.id, { amount_to_capture: 3000 }, { idempotencyKey: "k-500" }).catch((e: unknown) => e);
    expect(replayed).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect((await stripe.paymentIntents.retrieve(intent.id)).status).toBe("requires_capture");
    const captured = await stripe.paymentIntents.capture(intent.id, { amount_to_capture: 3000 }, { idempotencyKey: "k-ok" });
    const same = await stripe.paymentIntents.capture(intent.id, { amount_to_capture: 3000 }, { idempotencyKey: "k-ok" });
    expect(same.id).toBe(captured.id);
    expect(same.amount_received).toBe(3000);
    const other = await stripe.paymentIntents.capture(intent.id, { amount_to_capture: 2000 }, { idempotencyKey: "k-ok" }).catch((e: unknown) => e);
    expect(other).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
  });
  test("off-session authorisations: only on a card Checkout attached to a Customer; a card used without one is refused; a refusing issuer is a 402 naming the intent", async () => {
    const { intent: once } = await authorised(1000);
    expect(once.customer).toBeNull();
    const reuse = stripe.paymentIntents.create({ amount: 1200, currency: "eur", payment_method: once.payment_method as string, capture_method: "manual", confirm: true, off_session: true });
    expect(reuse).rejects.toThrow(/previously used with a PaymentIntent without Customer attachment/);
    const session = await stripe.checkout.sessions.create({
      mode: "payment",
      customer_creation: "always",
      line_items: [{ quantity: 1, price_data: { currency: "eur", unit_amount: 1000, product_data: { name: "Groceries (estimate)" } } }],
      payment_intent_data: { capture_method: "manual", setup_future_usage: "off_session" },
      success_url: "http://localhost/orders/8/paid?session_id={CHECKOUT_SESSION_ID}",
    });
    await fetch(session.url!, { method: "POST", body: new URLSearchParams({ card: TEST_CARDS.visa }), redirect: "manual" });
    const first = (await stripe.checkout.sessions.retrieve(session.id, { expand: ["payment_intent"] })).payment_intent as Stripe.PaymentIntent;
    expect(first.customer).toStartWith("cus_");
    const params = { amount: 1500, currency: "eur", customer: first.customer as string, payment_method: first.payment_method as string, capture_method: "manual" as const, confirm: true, off_session: true };
    expect(stripe.paymentIntents.create({ ...params, confirm: false })).rejects.toThrow(/off_session when confirm is true/);
    expect(stripe.paymentIntents.create({ ...params, customer: "cus_someone_else" })).rejects.toThrow(/belongs to a different Customer/);
    const again = await stripe.paymentIntents.create(params);
    expect(again).toMatchObject({ status: "requires_capture", amount_capturable: 1500, customer: first.customer });
    double.declineLaterCharges(first.payment_method as string);
    const declined = await stripe.paymentIntents.create(params).catch((error: unknown) => error);
    expect(declined).toBeInstanceOf(Stripe.errors.StripeCardError);
    const raw = (declined as Stripe.errors.StripeCardError).raw as { payment_intent?: { id: string; status: string } };
    expect(raw.payment_intent?.status).toBe("requires_payment_method");
    expect((declined as Stripe.errors.StripeCardError).statusCode).toBe(402);
  });
});
