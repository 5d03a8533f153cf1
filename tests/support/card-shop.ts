import { expect } from "bun:test";
import { eq } from "drizzle-orm";
import { slotWindows } from "../../src/db/fulfilment-tables";
import { paymentLedger } from "../../src/db/payment-tables";
import { products } from "../../src/db/schema";
import { orders } from "../../src/db/shop-tables";
import { addTemplateWindow } from "../../src/fulfilment/manage-schedule";
import { placeFromCheckoutPage } from "./checkout-page";
import { backgroundWork } from "./jobs";
import { addToCart, newShopper, stockShelves } from "./shop";
import { adminAgent, approvedManager } from "./staff";
import { startStripeDouble, TEST_CARDS } from "./stripe-double";
import { createTestStore, textOf, type Agent } from "./store";

/*
 * A store taking card payments against the Stripe TEST DOUBLE (tests/support/stripe-double.ts, not
 * Stripe: Stripe cannot be reached from these machines, ADR 030), with a Saturday collection window,
 * a manager, the job worker and the shopper's steps: check out, pay on the hosted page, come back.
 */
export async function openCardShop(env: Record<string, string> = {}) {
  const stripe = await startStripeDouble();
  const store = await createTestStore({
    seed: false,
    env: { MIN_ORDER_CENTS: "0", PAYMENT_METHODS: "on_delivery,card", STRIPE_SECRET_KEY: stripe.secretKey, STRIPE_WEBHOOK_SECRET: stripe.webhookSecret, STRIPE_API_URL: stripe.url, ...env },
  });
  stripe.sendWebhooksTo((request) => store.app.request(request));
  const shelves = await stockShelves(store);
  await store.db.update(products).set({ stock: 1_000_000 }).where(eq(products.id, shelves.bananas.id));
  await addTemplateWindow(store.database, { fulfilment: "collection", weekday: 6, starts: 540, ends: 600, capacity: 100, fee_cents: 100 }, { now: store.clock.now().getTime(), timeZone: "Europe/Dublin" });
  const manager = (await approvedManager(store, await adminAgent(store))).agent;
  const work = backgroundWork(store);

  /** A shopper checks out `kilos` of bananas for Saturday's collection, paying as `method` says. */
  async function placeOrder(method: "on_delivery" | "card", kilos = "2") {
    const shopper = await newShopper(store);
    const [window] = await store.db.select().from(slotWindows).where(eq(slotWindows.fulfilment, "collection"));
    expect((await shopper.agent.post("/slots/reserve", { slot_id: String(window!.id) })).status).toBe(303);
    await addToCart(shopper.agent, shelves.bananas, kilos);
    const response = await placeFromCheckoutPage(shopper.agent, { fulfilment: "pickup", payment_method: method });
    expect(response.status).toBe(303);
    const [order] = await store.db.select().from(orders).where(eq(orders.userId, shopper.user.id));
    return { ...shopper, order: order!, response };
  }

  /** The shopper on the double's hosted page: types a card number and pays (a plain form). */
  async function payOnHostedPage(location: string, card: string = TEST_CARDS.visa) {
    await fetch(location);
    return fetch(location, { method: "POST", body: new URLSearchParams({ card }), redirect: "manual" });
  }

  /** A card order placed, paid on the hosted page and authorised (the webhook's job run). */
  async function authorisedCardOrder(kilos = "2") {
    const placed = await placeOrder("card", kilos);
    await payOnHostedPage(placed.response.headers.get("location")!);
    await work.drain();
    return placed;
  }

  const ledger = (orderId: number) => store.db.select().from(paymentLedger).where(eq(paymentLedger.orderId, orderId)).orderBy(paymentLedger.id);
  const orderRow = async (id: number) => (await store.db.select().from(orders).where(eq(orders.id, id)))[0]!;
  const paymentOf = async (agent: Agent, id: number) => /Payment: ([^<]+)</.exec(await textOf(await agent.get(`/orders/${id}`)))?.[1];

  return {
    stripe,
    store,
    shelves,
    manager,
    work,
    placeOrder,
    payOnHostedPage,
    authorisedCardOrder,
    ledger,
    orderRow,
    paymentOf,
    async close() {
      store.close();
      await stripe.close();
    },
  };
}

export type CardShop = Awaited<ReturnType<typeof openCardShop>>;
