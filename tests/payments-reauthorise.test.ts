import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { orderItems } from "../src/db/shop-tables";
import { openCardShop, type CardShop } from "./support/card-shop";
import { ApiClient } from "./support/api";
import { textOf } from "./support/store";

/*
 * A change that raises what a card order may cost is authorised again first (ADR 042), against the
 * Stripe TEST DOUBLE (tests/support/stripe-double.ts; Stripe itself cannot be reached here): a new
 * off-session hold on the card Checkout saved, the old one released once the change won; a card
 * that refuses keeps the order as it was.
 */

let shop: CardShop;
beforeAll(async () => {
  shop = await openCardShop();
});
afterAll(() => shop.close());

const bananasOf = async (orderId: number) => (await shop.store.db.select().from(orderItems).where(eq(orderItems.orderId, orderId)))[0]!.quantity;

describe("re-authorising a card order that a change makes dearer", () => {
  test("Checkout keeps the card with a Customer for later off-session authorisations", async () => {
    const { order } = await shop.authorisedCardOrder();
    const [hold] = await shop.ledger(order.id);
    const intent = shop.stripe.intents.get(hold!.intentId!)!;
    expect(intent.customer).toStartWith("cus_");
    expect(shop.stripe.paymentMethods.get(intent.payment_method!)?.customer).toBe(intent.customer);
  });

  test("more bananas: a new hold for the new most, the old one released after the change; the capture goes against the new hold", async () => {
    const { agent, order } = await shop.authorisedCardOrder();
    const oldIntent = (await shop.ledger(order.id))[0]!.intentId!;
    const changed = await agent.post(`/orders/${order.id}/change`, { [`qty_${shop.shelves.bananas.id}`]: "4", confirm: "1" });
    expect(changed.status).toBe(303);
    const after = await shop.orderRow(order.id);
    expect(await bananasOf(order.id)).toBe(4000);
    // 4 kg at 1.89 = 7.56 plus 10 % weighing tolerance, plus the 1.00 fee (ADR 028).
    expect(after.maxChargeCents).toBe(932);
    await shop.work.drain();
    const rows = await shop.ledger(order.id);
    expect(rows.map((row) => [row.kind, row.status, row.amountCents])).toEqual([
      ["authorisation", "succeeded", 516],
      ["authorisation", "succeeded", 932],
      ["void", "succeeded", 516],
    ]);
    const newIntent = rows[1]!.intentId!;
    expect(shop.stripe.intents.get(oldIntent)?.status).toBe("canceled");
    expect(shop.stripe.intents.get(newIntent)).toMatchObject({ status: "requires_capture", amount_capturable: 932, customer: shop.stripe.intents.get(oldIntent)!.customer });
    const call = shop.stripe.calls.find((made) => made.method === "POST" && made.path === "/v1/payment_intents")!;
    expect(call.idempotencyKey).toBe(`grocer-authorisation-${rows[1]!.id}-${rows[1]!.nonce}-0`);
    expect(await shop.paymentOf(agent, order.id)).toBe("Card authorised, charged after picking");
    // Picked: the card is charged what the order now comes to, 7.56 + 1.00, against the new hold.
    expect((await shop.manager.post(`/manage/orders/${order.id}/status`, { to: "picked" })).status).toBe(303);
    await shop.work.drain();
    expect(shop.stripe.intents.get(newIntent)).toMatchObject({ status: "succeeded", amount_received: 856 });
    expect((await shop.ledger(order.id)).at(-1)).toMatchObject({ kind: "capture", status: "succeeded", amountCents: 856, intentId: newIntent });
  });

  test("a card that refuses the new amount: the change is refused with why, the order and its hold stay as they were", async () => {
    const { agent, order } = await shop.authorisedCardOrder();
    const [hold] = await shop.ledger(order.id);
    shop.stripe.declineLaterCharges(shop.stripe.intents.get(hold!.intentId!)!.payment_method!);
    const refused = await agent.post(`/orders/${order.id}/change`, { [`qty_${shop.shelves.bananas.id}`]: "5", confirm: "1" });
    expect(refused.status).toBe(409);
    expect(await textOf(refused)).toContain("Your card was not authorised for the new amount");
    expect(await bananasOf(order.id)).toBe(2000);
    expect((await shop.orderRow(order.id)).maxChargeCents).toBe(516);
    await shop.work.drain();
    expect((await shop.ledger(order.id)).map((row) => [row.kind, row.status, row.amountCents])).toEqual([
      ["authorisation", "succeeded", 516],
      ["authorisation", "failed", 1140],
    ]);
    expect(shop.stripe.intents.get(hold!.intentId!)?.status).toBe("requires_capture");
    expect(await shop.paymentOf(agent, order.id)).toBe("Card authorised, charged after picking");
  });

  test("through the API too; a change within the hold needs no new authorisation", async () => {
    const { user, order } = await shop.authorisedCardOrder("3");
    const api = new ApiClient(shop.store);
    await api.logIn(user.email, "fresh-produce-123");
    const lower = await api.post(`/orders/${order.id}/changes`, { items: [{ product_id: shop.shelves.bananas.id, quantity: 2 }], confirm: true });
    expect(lower.status).toBe(200);
    expect((await shop.ledger(order.id)).map((row) => row.kind)).toEqual(["authorisation"]);
    const higher = await api.post(`/orders/${order.id}/changes`, { items: [{ product_id: shop.shelves.bananas.id, quantity: 6 }], confirm: true });
    expect(higher.status).toBe(200);
    expect(higher.json.order.payment).toMatchObject({ method: "card", status: "authorised", authorised_cents: higher.json.after.amount_due_cents + 113 });
  });

  test("the confirmation page says, before the shopper confirms, that the card will be authorised again and for how much; not for a change within the hold", async () => {
    const { agent, order } = await shop.authorisedCardOrder("3");
    const callsBefore = shop.stripe.calls.length;
    // 3 kg held: 5.67 + 10 % of it + 1.00 = 7.24. 4 kg needs 9.32.
    const dearer = await textOf(await agent.post(`/orders/${order.id}/change`, { [`qty_${shop.shelves.bananas.id}`]: "4" }));
    expect(dearer).toContain("Confirm the change to");
    expect(dearer).toContain('id="card-authorised-again"');
    expect(dearer).toContain("<strong>Your card will be authorised again for €9.32</strong>");
    expect(dearer).toContain("above the €7.24 it holds now");
    const cheaper = await textOf(await agent.post(`/orders/${order.id}/change`, { [`qty_${shop.shelves.bananas.id}`]: "2" }));
    expect(cheaper).toContain("Confirm the change to");
    expect(cheaper).not.toContain("card-authorised-again");
    // Showing the page sends nothing to Stripe and changes nothing.
    expect(shop.stripe.calls.length).toBe(callsBefore);
    expect(await bananasOf(order.id)).toBe(3000);
    // A pay-on-delivery order is never warned.
    const cash = await shop.placeOrder("on_delivery");
    const cashPage = await textOf(await cash.agent.post(`/orders/${cash.order.id}/change`, { [`qty_${shop.shelves.bananas.id}`]: "4" }));
    expect(cashPage).toContain("Confirm the change to");
    expect(cashPage).not.toContain("card-authorised-again");
  });

  test("a card Stripe did not keep for later (no Customer) cannot be authorised again: the change is refused with a sentence", async () => {
    const { agent, order } = await shop.authorisedCardOrder();
    const [hold] = await shop.ledger(order.id);
    shop.stripe.intents.get(hold!.intentId!)!.customer = null;
    const refused = await agent.post(`/orders/${order.id}/change`, { [`qty_${shop.shelves.bananas.id}`]: "4", confirm: "1" });
    expect(refused.status).toBe(409);
    expect(await textOf(refused)).toContain("can't be authorised again without you");
    expect(await bananasOf(order.id)).toBe(2000);
    expect(await shop.ledger(order.id)).toHaveLength(1);
  });
});
