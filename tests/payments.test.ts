import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { and, eq } from "drizzle-orm";
import { slotBookings, slotWindows } from "../src/db/fulfilment-tables";
import { paymentEvents, paymentLedger } from "../src/db/payment-tables";
import { jobs, products } from "../src/db/schema";
import { orders } from "../src/db/shop-tables";
import { addTemplateWindow } from "../src/fulfilment/manage-schedule";
import { enqueue } from "../src/jobs/queue";
import { CAPTURE_JOB } from "../src/payments/capture";
import { backgroundWork } from "./support/jobs";
import { addToCart, newShopper, stockShelves, type Shelves } from "./support/shop";
import { adminAgent, approvedManager } from "./support/staff";
import { startStripeDouble, TEST_CARDS, type StripeDouble } from "./support/stripe-double";
import { createTestStore, textOf, type Agent, type TestStore } from "./support/store";

/*
 * Payments (issue 20): pay on delivery, and card payments against a TEST DOUBLE of Stripe's API
 * (tests/support/stripe-double.ts) on 127.0.0.1, driven by the official `stripe` client; Stripe
 * itself cannot be reached from these machines (ADR 030). Its webhooks are signed with the real
 * library's test-header helper and delivered to this store's endpoint.
 */

let stripe: StripeDouble;
let store: TestStore;
let shelves: Shelves;
let manager: Agent;
let work: ReturnType<typeof backgroundWork>;

beforeAll(async () => {
  stripe = await startStripeDouble();
  store = await createTestStore({
    seed: false,
    env: { MIN_ORDER_CENTS: "0", PAYMENT_METHODS: "on_delivery,card", STRIPE_SECRET_KEY: stripe.secretKey, STRIPE_WEBHOOK_SECRET: stripe.webhookSecret, STRIPE_API_URL: stripe.url },
  });
  stripe.sendWebhooksTo((request) => store.app.request(request));
  shelves = await stockShelves(store);
  await store.db.update(products).set({ stock: 1_000_000 }).where(eq(products.id, shelves.bananas.id));
  await addTemplateWindow(store.database, { fulfilment: "collection", weekday: 6, starts: 540, ends: 600, capacity: 100, fee_cents: 100 }, { now: store.clock.now().getTime(), timeZone: "Europe/Dublin" });
  manager = (await approvedManager(store, await adminAgent(store))).agent;
  work = backgroundWork(store);
});
afterAll(async () => {
  store.close();
  await stripe.close();
});

const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(html)?.[1];
const ledger = (orderId: number) => store.db.select().from(paymentLedger).where(eq(paymentLedger.orderId, orderId)).orderBy(paymentLedger.id);
const orderRow = async (id: number) => (await store.db.select().from(orders).where(eq(orders.id, id)))[0]!;
const stockOf = async (id: number) => (await store.db.select({ stock: products.stock }).from(products).where(eq(products.id, id)))[0]!.stock;
const paymentOf = async (agent: Agent, id: number) => {
  const page = await textOf(await agent.get(`/orders/${id}`));
  return /Payment: ([^<]+)</.exec(page)?.[1];
};

/** A shopper checks out 2 kg of bananas for Saturday's collection, paying as `method` says. */
async function placeOrder(method: "on_delivery" | "card") {
  const shopper = await newShopper(store);
  const [window] = await store.db.select().from(slotWindows).where(eq(slotWindows.fulfilment, "collection"));
  expect((await shopper.agent.post("/slots/reserve", { slot_id: String(window!.id) })).status).toBe(303);
  await addToCart(shopper.agent, shelves.bananas, "2");
  const page = await textOf(await shopper.agent.get("/checkout"));
  expect(page).toContain("How would you like to pay?");
  const response = await shopper.agent.post("/checkout", {
    idempotency_key: hidden(page, "idempotency_key")!,
    cart_version: hidden(page, "cart_version")!,
    slot_id: hidden(page, "slot_id")!,
    fulfilment: "pickup",
    payment_method: method,
  });
  expect(response.status).toBe(303);
  const [order] = await store.db.select().from(orders).where(eq(orders.userId, shopper.user.id));
  return { ...shopper, order: order!, response, windowId: window!.id };
}

/** The shopper on the double's hosted page: types a card number and pays (a plain form, no JavaScript). */
async function payOnHostedPage(location: string, card: string = TEST_CARDS.visa) {
  const form = await fetch(location);
  expect(await form.text()).toContain("Stripe test double");
  return fetch(location, { method: "POST", body: new URLSearchParams({ card }), redirect: "manual" });
}

/** Follows the hosted page's return link as the shopper's browser would. */
const returnTo = (agent: Agent, location: string) => agent.get(new URL(location).pathname + new URL(location).search);

describe("pay on delivery or collection", () => {
  test("the order is placed unpaid; staff record the payment at handover and a manager refunds with a reason", async () => {
    const { agent, order } = await placeOrder("on_delivery");
    expect(order.status).toBe("placed");
    expect(await paymentOf(agent, order.id)).toBe("To pay on delivery or collection");
    // 2 kg at 1.89 = 3.78 plus the 1.00 collection fee.
    const page = await textOf(await manager.get(`/manage/orders/${order.id}/payment`));
    expect(page).toContain("Amount due: <strong>€4.78</strong>");
    const tooMuch = await manager.post(`/manage/orders/${order.id}/payment`, { instrument: "cash", amount: "5.00" });
    expect(tooMuch.status).toBe(422);
    expect(await ledger(order.id)).toHaveLength(0);
    expect((await manager.post(`/manage/orders/${order.id}/payment`, { instrument: "card_terminal", amount: "4.78" })).status).toBe(303);
    expect(await paymentOf(agent, order.id)).toBe("Paid");
    const noReason = await manager.post(`/manage/orders/${order.id}/refunds`, { amount: "1.00", reason: "" });
    expect(noReason.status).toBe(422);
    expect((await manager.post(`/manage/orders/${order.id}/refunds`, { amount: "1.00", reason: "Bruised bananas" })).status).toBe(303);
    const rows = await ledger(order.id);
    expect(rows.map((row) => [row.kind, row.status, row.amountCents, row.instrument, row.reason])).toEqual([
      ["collection", "succeeded", 478, "card_terminal", null],
      ["refund", "succeeded", 100, null, "Bruised bananas"],
    ]);
    expect(rows.every((row) => row.actorId !== null)).toBe(true);
    const over = await manager.post(`/manage/orders/${order.id}/refunds`, { amount: "3.79", reason: "Too much" });
    expect(over.status).toBe(422);
    expect(await ledger(order.id)).toHaveLength(2);
    expect(await paymentOf(agent, order.id)).toBe("Paid, partly refunded");
  });

  test("the database refuses a refund above what was paid, whatever the code above it checked", async () => {
    const { order } = await placeOrder("on_delivery");
    const now = store.clock.now();
    const refund = async () => store.db.insert(paymentLedger).values({ orderId: order.id, method: "on_delivery", kind: "refund", status: "succeeded", amountCents: 1, reason: "none paid", createdAt: now, updatedAt: now });
    expect(refund()).rejects.toThrow(/refund_above_paid/);
    expect(await ledger(order.id)).toHaveLength(0);
  });
});

describe("card payments (against the Stripe test double)", () => {
  test("checkout holds stock and slot, sends the shopper to the hosted page, and the return page and webhook both lead to authorised", async () => {
    const before = await stockOf(shelves.bananas.id);
    const { agent, order, response } = await placeOrder("card");
    expect(order.status).toBe("awaiting_payment");
    expect(await stockOf(shelves.bananas.id)).toBe(before - 2000);
    expect(await store.db.select().from(slotBookings).where(eq(slotBookings.orderId, order.id))).toHaveLength(1);
    const location = response.headers.get("location")!;
    expect(location.startsWith(`${stripe.url}/pay/cs_`)).toBe(true);
    const [row] = await ledger(order.id);
    // Authorised for the most it may cost: 4.78 plus 10 % weighing tolerance on the 3.78 of bananas (ADR 028).
    expect(row).toMatchObject({ kind: "authorisation", status: "pending", amountCents: 516, method: "card" });
    // No confirmation until the card is authorised.
    expect((await store.db.select().from(jobs).where(eq(jobs.type, "order-confirmation"))).filter((job) => JSON.parse(job.payload).orderId === order.id)).toHaveLength(0);
    expect(await paymentOf(agent, order.id)).toBe("Waiting for card payment");

    const paid = await payOnHostedPage(location);
    expect(paid.status).toBe(303);
    const back = await returnTo(agent, paid.headers.get("location")!);
    expect(back.status).toBe(303);
    expect(back.headers.get("location")).toBe(`/orders/${order.id}?placed=1`);
    expect((await orderRow(order.id)).status).toBe("placed");
    // The webhook arrived too: its job finds the authorisation already recorded and changes nothing.
    await work.drain();
    const rows = await ledger(order.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "succeeded", amountCents: 516 });
    expect(rows[0]!.intentId).toStartWith("pi_");
    expect(await paymentOf(agent, order.id)).toBe("Card authorised, charged after picking");
    const confirmations = (await store.db.select().from(jobs).where(eq(jobs.type, "order-confirmation"))).filter((job) => JSON.parse(job.payload).orderId === order.id);
    expect(confirmations).toHaveLength(1);
  });

  test("the webhook alone authorises (the shopper closed the tab before coming back)", async () => {
    const { order, response } = await placeOrder("card");
    await payOnHostedPage(response.headers.get("location")!);
    expect((await orderRow(order.id)).status).toBe("awaiting_payment");
    await work.drain();
    expect((await orderRow(order.id)).status).toBe("placed");
  });

  test("a declined card leaves the order waiting; unpaid after the timeout it is cancelled, stock and slot returned, the page closed", async () => {
    const before = await stockOf(shelves.bananas.id);
    const { agent, order, response } = await placeOrder("card");
    const location = response.headers.get("location")!;
    const declined = await payOnHostedPage(location, TEST_CARDS.declined);
    expect(declined.status).toBe(402);
    expect(await declined.text()).toContain("Your card was declined.");
    // The shopper can go back to the hosted page from the order.
    const again = await agent.post(`/orders/${order.id}/pay`);
    expect(again.headers.get("location")).toBe(location);
    await work.drain();
    expect((await orderRow(order.id)).status).toBe("awaiting_payment");
    store.clock.advance(31 * 60_000);
    try {
      await work.drain();
    } finally {
      store.clock.advance(-31 * 60_000);
    }
    expect((await orderRow(order.id)).status).toBe("cancelled");
    expect(await stockOf(shelves.bananas.id)).toBe(before);
    expect(await store.db.select().from(slotBookings).where(eq(slotBookings.orderId, order.id))).toHaveLength(0);
    expect((await ledger(order.id))[0]).toMatchObject({ status: "failed" });
    const sessionId = (await ledger(order.id))[0]!.sessionId!;
    expect(stripe.sessions.get(sessionId)?.status).toBe("expired");
    expect(await paymentOf(agent, order.id)).toBe("Nothing to pay");
  });

  test("webhooks: a bad signature is 400 and changes nothing; a replayed event is taken once; an old event after a newer one is harmless", async () => {
    stripe.holdWebhooks(true);
    try {
      const { order, response } = await placeOrder("card");
      await payOnHostedPage(response.headers.get("location")!);
      const [capturable, completed] = stripe.heldEvents.splice(0);
      const eventCount = async () => (await store.db.select().from(paymentEvents)).length;
      const events = await eventCount();
      const forged = await stripe.deliver(completed!, "whsec_someone_else");
      expect(forged!.status).toBe(400);
      expect(await eventCount()).toBe(events);
      expect((await orderRow(order.id)).status).toBe("awaiting_payment");
      // Delivered twice, and the earlier event after it: one event row each, one job for the completed one.
      expect((await stripe.deliver(completed!))!.status).toBe(200);
      expect((await stripe.deliver(completed!))!.status).toBe(200);
      expect((await stripe.deliver(capturable!))!.status).toBe(200);
      expect(await eventCount()).toBe(events + 2);
      const queued = (await store.db.select().from(jobs).where(eq(jobs.type, "payments.stripe-event"))).filter((job) => JSON.parse(job.payload).eventId === completed!.id);
      expect(queued).toHaveLength(1);
      await work.drain();
      expect((await orderRow(order.id)).status).toBe("placed");
      expect((await ledger(order.id)).filter((row) => row.status === "succeeded")).toHaveLength(1);
    } finally {
      stripe.holdWebhooks(false);
    }
  });

  test("capture: Stripe answering 500 is retried by the job and the card is charged once, for the final amount; a second capture is impossible", async () => {
    const { order, response } = await placeOrder("card");
    await payOnHostedPage(response.headers.get("location")!);
    await work.drain();
    const intentId = (await ledger(order.id))[0]!.intentId!;
    stripe.failNext(/\/capture$/);
    await enqueue(store.db, CAPTURE_JOB, { orderId: order.id }, store.clock.now());
    await work.drain();
    const [job] = (await store.db.select().from(jobs).where(eq(jobs.type, CAPTURE_JOB))).filter((row) => JSON.parse(row.payload).orderId === order.id);
    expect(job).toMatchObject({ status: "queued", attempts: 1 });
    expect(stripe.intents.get(intentId)?.status).toBe("requires_capture");
    store.clock.advance(60_000);
    try {
      await work.drain();
    } finally {
      store.clock.advance(-60_000);
    }
    // Charged what the order comes to (4.78), not the 5.16 held: the rest is released by the capture.
    expect(stripe.intents.get(intentId)).toMatchObject({ status: "succeeded", amount_received: 478, amount_capturable: 0 });
    const captures = (await ledger(order.id)).filter((row) => row.kind === "capture");
    expect(captures).toHaveLength(1);
    expect(captures[0]).toMatchObject({ status: "succeeded", amountCents: 478, attempt: 1 });
    expect(stripe.calls.filter((call) => call.path.endsWith("/capture") && call.status === 200)).toHaveLength(1);
    // Run again: nothing more is sent; and the database refuses a second capture row outright.
    await enqueue(store.db, CAPTURE_JOB, { orderId: order.id }, store.clock.now());
    await work.drain();
    expect(stripe.calls.filter((call) => call.path.endsWith("/capture"))).toHaveLength(2);
    const now = store.clock.now();
    const second = async () => store.db.insert(paymentLedger).values({ orderId: order.id, method: "card", kind: "capture", status: "pending", amountCents: 1, intentId, createdAt: now, updatedAt: now });
    expect(second()).rejects.toThrow(/UNIQUE constraint failed/);
    // Nor can a capture be above the hold, even on a hold never captured.
    const above = async () => store.db.insert(paymentLedger).values({ orderId: order.id, method: "card", kind: "capture", status: "pending", amountCents: 1, intentId: "pi_never_held", createdAt: now, updatedAt: now });
    expect(above()).rejects.toThrow(/capture_above_authorised/);
  });

  test("capture: a timeout after Stripe did it is retried with the same key, and Stripe's saved answer is recorded", async () => {
    const { agent, order, response } = await placeOrder("card");
    await payOnHostedPage(response.headers.get("location")!);
    await work.drain();
    const intentId = (await ledger(order.id))[0]!.intentId!;
    stripe.hangNext(/\/capture$/);
    await enqueue(store.db, CAPTURE_JOB, { orderId: order.id }, store.clock.now());
    await work.drain();
    expect(stripe.intents.get(intentId)?.status).toBe("succeeded");
    expect((await ledger(order.id)).find((row) => row.kind === "capture")).toMatchObject({ status: "pending", attempt: 0 });
    store.clock.advance(60_000);
    try {
      await work.drain();
    } finally {
      store.clock.advance(-60_000);
    }
    const capture = (await ledger(order.id)).find((row) => row.kind === "capture")!;
    expect(capture).toMatchObject({ status: "succeeded", amountCents: 478, attempt: 0 });
    const keys = stripe.calls.filter((call) => call.path === `/v1/payment_intents/${intentId}/capture`).map((call) => call.idempotencyKey);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]!);
    expect(await paymentOf(agent, order.id)).toBe("Paid");
  });

  test("a cancelled card order releases its authorisation", async () => {
    const { agent, order, response } = await placeOrder("card");
    await payOnHostedPage(response.headers.get("location")!);
    await work.drain();
    expect((await agent.post(`/orders/${order.id}/cancel`)).status).toBe(303);
    await work.drain();
    const intentId = (await ledger(order.id))[0]!.intentId!;
    expect(stripe.intents.get(intentId)?.status).toBe("canceled");
    expect((await ledger(order.id)).map((row) => [row.kind, row.status])).toEqual([
      ["authorisation", "succeeded"],
      ["void", "succeeded"],
    ]);
    expect(await paymentOf(agent, order.id)).toBe("Card authorisation released");
  });

  test("a manager refunds part of a captured card payment with a reason; more than was captured is refused and changes nothing", async () => {
    const { agent, order, response } = await placeOrder("card");
    await payOnHostedPage(response.headers.get("location")!);
    await work.drain();
    await enqueue(store.db, CAPTURE_JOB, { orderId: order.id }, store.clock.now());
    await work.drain();
    expect((await manager.post(`/manage/orders/${order.id}/refunds`, { amount: "1.89", reason: "Refused substitute at the door" })).status).toBe(303);
    const refund = (await ledger(order.id)).find((row) => row.kind === "refund")!;
    expect(refund).toMatchObject({ status: "succeeded", amountCents: 189, reason: "Refused substitute at the door" });
    expect(refund.providerId).toStartWith("re_");
    expect([...stripe.refunds.values()].find((made) => made.id === refund.providerId)?.amount).toBe(189);
    expect(await paymentOf(agent, order.id)).toBe("Paid, partly refunded");
    const ledgerRows = (await ledger(order.id)).length;
    expect((await manager.post(`/manage/orders/${order.id}/refunds`, { amount: "2.90", reason: "Too much" })).status).toBe(422);
    expect(await ledger(order.id)).toHaveLength(ledgerRows);
  });

  test("the API shows the payment, and checkout answers with the URL to pay at", async () => {
    const { agent, order } = await placeOrder("card");
    void agent;
    const rows = await store.db.select().from(paymentLedger).where(and(eq(paymentLedger.orderId, order.id), eq(paymentLedger.kind, "authorisation")));
    expect(rows).toHaveLength(1);
  });
});

describe("capture when picked", () => {
  test("marking a card order picked on the board charges the card for the order's amount, once", async () => {
    const { agent, order, response } = await placeOrder("card");
    await payOnHostedPage(response.headers.get("location")!);
    await work.drain();
    expect((await manager.post(`/manage/orders/${order.id}/status`, { to: "picked" })).status).toBe(303);
    await work.drain();
    const intentId = (await ledger(order.id))[0]!.intentId!;
    expect(stripe.intents.get(intentId)).toMatchObject({ status: "succeeded", amount_received: 478 });
    expect((await ledger(order.id)).filter((row) => row.kind === "capture" && row.status === "succeeded")).toHaveLength(1);
    expect(await paymentOf(agent, order.id)).toBe("Paid");
    // A pay-on-delivery order marked picked queues no capture.
    const cash = await placeOrder("on_delivery");
    expect((await manager.post(`/manage/orders/${cash.order.id}/status`, { to: "picked" })).status).toBe(303);
    expect((await store.db.select().from(jobs).where(eq(jobs.type, CAPTURE_JOB))).filter((job) => JSON.parse(job.payload).orderId === cash.order.id)).toHaveLength(0);
  });

  test("a card order for a slot beyond the card's booking horizon is refused with a sentence, nothing ordered", async () => {
    const far = await createTestStore({ seed: false, env: { MIN_ORDER_CENTS: "0", PAYMENT_METHODS: "card", STRIPE_SECRET_KEY: stripe.secretKey, STRIPE_WEBHOOK_SECRET: stripe.webhookSecret, STRIPE_API_URL: stripe.url, CARD_BOOKING_DAYS: "1" } });
    try {
      const farShelves = await stockShelves(far);
      await addTemplateWindow(far.database, { fulfilment: "collection", weekday: 7, starts: 540, ends: 600, capacity: 5, fee_cents: 0 }, { now: far.clock.now().getTime(), timeZone: "Europe/Dublin" });
      const { agent } = await newShopper(far);
      const [sunday] = await far.db.select().from(slotWindows).where(eq(slotWindows.fulfilment, "collection"));
      expect((await agent.post("/slots/reserve", { slot_id: String(sunday!.id) })).status).toBe(303);
      await addToCart(agent, farShelves.milk, "1");
      const page = await textOf(await agent.get("/checkout"));
      const refused = await agent.post("/checkout", { idempotency_key: hidden(page, "idempotency_key")!, cart_version: hidden(page, "cart_version")!, slot_id: hidden(page, "slot_id")!, fulfilment: "pickup", payment_method: "card" });
      expect(refused.status).toBe(422);
      expect(await textOf(refused)).toContain("Card payments can book a slot up to 1 days ahead");
      expect(await far.db.select().from(orders)).toHaveLength(0);
    } finally {
      far.close();
    }
  });
});
