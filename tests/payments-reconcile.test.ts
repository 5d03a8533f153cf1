import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { notifications } from "../src/db/schema";
import { reconcilePayments } from "../src/payments/reconcile";
import { openCardShop, type CardShop } from "./support/card-shop";
import { textOf } from "./support/store";

/*
 * The daily reconciliation of the ledger with Stripe (ADR 030, 052), against the Stripe TEST DOUBLE
 * (tests/support/stripe-double.ts; Stripe itself cannot be reached from these machines). Above all:
 * a hold Stripe made whose answer was lost, so the ledger never learnt its PaymentIntent, is found by
 * the ledger row and idempotency key the PaymentIntent names, and released or recorded.
 */

let shop: CardShop;
const reconcile = () => reconcilePayments(shop.store.deps);

beforeAll(async () => {
  shop = await openCardShop();
});
afterAll(() => shop.close());

describe("payments reconciliation", () => {
  test("ledger and Stripe agree: nothing to report, nobody told", async () => {
    const { order } = await shop.authorisedCardOrder();
    expect((await shop.manager.post(`/manage/orders/${order.id}/status`, { to: "picked" })).status).toBe(303);
    await shop.work.drain();
    await shop.authorisedCardOrder();
    const result = await reconcile();
    expect(result.checked).toBe(2);
    expect(result.findings).toEqual([]);
    expect(await shop.store.db.select().from(notifications).where(eq(notifications.kind, "payments"))).toHaveLength(0);
  });

  test("a new hold whose answer was lost twice: the change is refused, and reconciliation releases the hold Stripe made, recorded as a void", async () => {
    const { agent, order } = await shop.authorisedCardOrder();
    const [hold] = await shop.ledger(order.id);
    // Stripe creates the new PaymentIntent, but neither its answer nor the replay under the same key arrives.
    shop.stripe.hangNext(/^\/v1\/payment_intents$/, 2);
    const refused = await agent.post(`/orders/${order.id}/change`, { [`qty_${shop.shelves.bananas.id}`]: "4", confirm: "1" });
    expect(refused.status).toBe(409);
    expect(await textOf(refused)).toContain("We could not reach the card payment service to authorise the new amount");
    const rows = await shop.ledger(order.id);
    expect(rows.map((row) => [row.kind, row.status, row.amountCents, row.intentId])).toEqual([
      ["authorisation", "succeeded", 516, hold!.intentId],
      ["authorisation", "failed", 932, null],
    ]);
    const lost = [...shop.stripe.intents.values()].find((intent) => intent.metadata.ledger_row === String(rows[1]!.id))!;
    expect(lost).toMatchObject({ status: "requires_capture", amount_capturable: 932 });
    expect(lost.metadata.ledger_key).toBe(`grocer-authorisation-${rows[1]!.id}-${rows[1]!.nonce}-0`);

    const result = await reconcile();
    const finding = result.findings.find((found) => found.intentId === lost.id)!;
    expect(finding).toMatchObject({ kind: "hold_not_in_ledger", orderId: order.id, repaired: "released" });
    expect(finding.text).toContain("932 cents held on the card, not in the ledger");
    expect(shop.stripe.intents.get(lost.id)?.status).toBe("canceled");
    expect(shop.stripe.intents.get(hold!.intentId!)?.status).toBe("requires_capture");
    expect((await shop.ledger(order.id)).map((row) => [row.kind, row.status, row.amountCents, row.intentId])).toEqual([
      ["authorisation", "succeeded", 516, hold!.intentId],
      ["authorisation", "failed", 932, null],
      ["void", "succeeded", 932, lost.id],
    ]);
    // The order keeps its own hold, and is captured against it.
    expect(await shop.paymentOf(agent, order.id)).toBe("Card authorised, charged after picking");
    const [bell] = await shop.store.db.select().from(notifications).where(eq(notifications.kind, "payments"));
    expect(bell!.title).toBe("Payments to check: 1 difference between the ledger and Stripe");
    expect(bell!.body).toContain(lost.id);
    // The next run finds nothing more about it and sends nothing to Stripe again.
    const cancels = shop.stripe.calls.filter((call) => call.path.endsWith("/cancel")).length;
    expect((await reconcile()).findings.filter((found) => found.intentId === lost.id)).toEqual([]);
    expect(shop.stripe.calls.filter((call) => call.path.endsWith("/cancel")).length).toBe(cancels);
  });

  test("a payment whose webhook and return were both lost is recorded from its payment page: the order is placed", async () => {
    shop.stripe.holdWebhooks(true);
    try {
      const { order, response } = await shop.placeOrder("card");
      await shop.payOnHostedPage(response.headers.get("location")!);
      shop.stripe.heldEvents.splice(0);
      expect((await shop.orderRow(order.id)).status).toBe("awaiting_payment");
      const result = await reconcile();
      expect(result.findings.filter((found) => found.orderId === order.id)).toMatchObject([{ kind: "hold_not_in_ledger", repaired: "recorded" }]);
      expect((await shop.orderRow(order.id)).status).toBe("placed");
      expect((await shop.ledger(order.id)).map((row) => [row.kind, row.status, row.amountCents])).toEqual([["authorisation", "succeeded", 516]]);
    } finally {
      shop.stripe.holdWebhooks(false);
    }
  });

  test("what it must not repair is reported only: a hold naming a row by the wrong key (another store), money captured outside the ledger", async () => {
    const { order } = await shop.authorisedCardOrder();
    const [hold] = await shop.ledger(order.id);
    const held = shop.stripe.intents.get(hold!.intentId!)!;
    const client = shop.stripe.client();
    const stranger = await client.paymentIntents.create({
      amount: 700,
      currency: "eur",
      customer: held.customer!,
      payment_method: held.payment_method!,
      capture_method: "manual",
      confirm: true,
      off_session: true,
      metadata: { order_id: String(order.id), ledger_row: String(hold!.id), ledger_key: `grocer-authorisation-${hold!.id}-someoneelse-0` },
    });
    await client.paymentIntents.capture(held.id);
    const result = await reconcile();
    const foreign = result.findings.find((found) => found.intentId === stranger.id)!;
    expect(foreign).toMatchObject({ kind: "hold_not_in_ledger", orderId: order.id });
    expect(foreign.repaired).toBeUndefined();
    expect(foreign.text).toContain("no ledger row of this store names it, left as it is");
    expect(shop.stripe.intents.get(stranger.id)?.status).toBe("requires_capture");
    expect(result.findings.find((found) => found.intentId === held.id)).toMatchObject({ kind: "captured_not_in_ledger", orderId: order.id });
    expect((await shop.ledger(order.id)).map((row) => row.kind)).toEqual(["authorisation"]);
  });
});
