import { afterAll, beforeAll, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { orderItems, orders } from "../src/db/shop-tables";
import { enqueue } from "../src/jobs/queue";
import { CAPTURE_JOB } from "../src/payments/capture";
import { refundRefusedSubstitutes } from "../src/payments/refused-substitutes";
import { openCardShop, type CardShop } from "./support/card-shop";

/*
 * A substitute refused at the door after the card was charged: what it leaves paid above the new
 * amount due is refunded on the card, once (ADR 043), against the Stripe TEST DOUBLE (not Stripe).
 * The refusal itself (src/picking/refuse.ts, tested in picking-screen) is stood in for here by its
 * outcome on the order: the substitute line marked refused and the final total lowered.
 */

let shop: CardShop;
beforeAll(async () => {
  shop = await openCardShop();
});
afterAll(() => shop.close());

test("refused after capture: the difference is refunded on the card once, whatever runs it again; before capture nothing is refunded", async () => {
  const { order } = await shop.authorisedCardOrder();
  const deps = { config: shop.store.config, database: shop.store.database, clock: shop.store.clock };
  const [bananas] = await shop.store.db.select().from(orderItems).where(eq(orderItems.orderId, order.id));
  const now = shop.store.clock.now();
  const [milk] = await shop.store.db
    .insert(orderItems)
    .values({ orderId: order.id, productId: shop.shelves.milk.id, name: "Whole Milk", unit: "l", quantity: 1000, priceCents: shop.shelves.milk.priceCents, lineTotalCents: 129, substituteForItemId: bananas!.id, pickedQuantity: 1000, chargedCents: 0, refusedAt: now })
    .returning();
  // Nothing paid yet: the capture will take the lowered amount, nothing to refund.
  expect(await refundRefusedSubstitutes(deps, order.id, null)).toEqual([]);
  await enqueue(shop.store.db, CAPTURE_JOB, { orderId: order.id }, now);
  await shop.work.drain();
  expect((await shop.ledger(order.id)).find((row) => row.kind === "capture")).toMatchObject({ status: "succeeded", amountCents: 478 });
  // The door: the shopper refuses it, and the bill comes down to 3.50 (goods 2.50 plus the 1.00 fee).
  await shop.store.db.update(orders).set({ status: "picked", finalSubtotalCents: 250, finalDiscountCents: 0, finalTotalCents: 250, finalVatCents: 0 }).where(eq(orders.id, order.id));
  const [first] = await refundRefusedSubstitutes(deps, order.id, null);
  expect(first).toMatchObject({ ok: true, row: { kind: "refund", status: "succeeded", amountCents: 128, orderItemId: milk!.id } });
  expect(await refundRefusedSubstitutes(deps, order.id, null)).toEqual([]);
  await enqueue(shop.store.db, CAPTURE_JOB, { orderId: order.id }, now);
  await shop.work.drain();
  const refunds = (await shop.ledger(order.id)).filter((row) => row.kind === "refund");
  expect(refunds).toHaveLength(1);
  expect([...shop.stripe.refunds.values()].filter((made) => made.payment_intent === refunds[0]!.intentId).map((made) => made.amount)).toEqual([128]);
  // Ledger and order agree to the cent: captured less refunded is what is due.
  expect(478 - 128).toBe(250 + 100);
});
