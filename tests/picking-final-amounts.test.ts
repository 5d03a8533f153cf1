import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { jobs, orderEvents, products, type Product } from "../src/db/schema";
import { pickRecords } from "../src/db/picking-tables";
import { orderItems, orders } from "../src/db/shop-tables";
import { completePick, completionStatements, ORDER_PICKED_EMAIL } from "../src/picking/complete";
import { finalAmounts } from "../src/picking/final-amounts";
import { orderForFinal, orderedItems } from "../src/picking/order-lines";
import { recordPick, type PickLineInput } from "../src/picking/record";
import { startPicking } from "../src/picking/start";
import { IRISH_VAT_RATES, taxBasket } from "../src/tax/vat";
import { openPickingShop, placeOrderOf, type PickingShelves } from "./support/picking";
import { addPromo } from "./support/shop";
import type { TestStore } from "./support/store";

let store: TestStore;
let shelves: PickingShelves;
let pickerId: number;
beforeEach(async () => {
  const shop = await openPickingShop();
  store = shop.store;
  shelves = shop.shelves;
  pickerId = shop.picker.id;
});
afterEach(() => store.close());

const now = () => new Date();
const context = () => ({ actorId: pickerId, now: now(), vatRates: IRISH_VAT_RATES });
const stockOf = async (product: Product) => (await store.db.select({ stock: products.stock }).from(products).where(eq(products.id, product.id)))[0]!.stock;
const pick = (input: Partial<PickLineInput> & { picked: number }): PickLineInput => ({ weight_kg: null, substitute_product_id: null, substitute_quantity: null, substitute_weight_kg: null, ...input });

/** Two chickens, 3 l of milk, 1.25 kg of bananas and 2 dozen eggs: €17.98 + €3.87 + €2.36 + €7.98 = €32.19. */
async function weeklyShop(promo?: string) {
  return placeOrderOf(
    store,
    [
      [shelves.chicken, "2"],
      [shelves.milk, "3"],
      [shelves.bananas, "1.25"],
      [shelves.eggs, "2"],
    ],
    {},
    promo ? async (agent) => void (await agent.post("/cart/promo", { code: promo })) : undefined,
  );
}

/** Chicken weighed at 2.5 kg, milk short by 2 l with a substitute, bananas at 1.31 kg, no eggs. */
async function pickWeeklyShop(placed: Awaited<ReturnType<typeof weeklyShop>>, substitute: Product) {
  expect(await startPicking(store.database, placed.order.id, context())).toEqual({ ok: true });
  const record = (product: Product, input: PickLineInput) => recordPick(store.database, { orderId: placed.order.id, lineId: placed.line(product).id }, input, context());
  expect(await record(shelves.chicken, pick({ picked: 2000, weight_kg: 2500 }))).toEqual({ ok: true });
  expect(await record(shelves.milk, pick({ picked: 1000, substitute_product_id: substitute.id, substitute_quantity: 2000 }))).toEqual({ ok: true });
  expect(await record(shelves.bananas, pick({ picked: 1310 }))).toEqual({ ok: true });
  expect(await record(shelves.eggs, pick({ picked: 0 }))).toEqual({ ok: true });
}

describe("completing the pick", () => {
  test("weighed, short and dearer-substitute lines: charges, the substitute as its own linked line, stock, the final total, the email job", async () => {
    const placed = await weeklyShop();
    expect(placed.order).toMatchObject({ totalCents: 3219, maxChargeCents: 3219 + 179 + 24 });
    await pickWeeklyShop(placed, shelves.organicMilk);
    const result = await completePick(store.database, placed.order.id, context());
    expect(result.ok).toBe(true);

    const [order] = await store.db.select().from(orders).where(eq(orders.id, placed.order.id));
    // Chicken 2.5 kg x €7.49 = €18.725 -> €18.73; milk 1 l €1.29; organic milk 2 l €3.58 charged as 2 l of milk €2.58;
    // bananas 1.31 kg x €1.89 = €2.4759 -> €2.48; eggs none.
    expect(order).toMatchObject({ status: "picked", finalSubtotalCents: 1873 + 129 + 258 + 248, finalDiscountCents: 0, finalTotalCents: 2508, subtotalCents: 3219, totalCents: 3219 });
    const items = await store.db.select().from(orderItems).where(eq(orderItems.orderId, placed.order.id)).orderBy(orderItems.id);
    expect(items.map((item) => [item.name, item.quantity, item.pickedQuantity, item.pickedWeightGrams, item.lineTotalCents, item.chargedCents, item.substituteForItemId])).toEqual([
      ["Whole Chicken", 2000, 2000, 2500, 1798, 1873, null],
      ["Whole Milk", 3000, 1000, null, 387, 129, null],
      ["Bananas", 1250, 1310, null, 236, 248, null],
      ["Free-range Eggs", 2000, 0, null, 798, 0, null],
      ["Organic Milk", 2000, 2000, null, 358, 258, placed.line(shelves.milk).id],
    ]);
    // What was ordered stays as it was; VAT per line adds up to the order's.
    expect(items.reduce((sum, item) => sum + (item.finalVatCents ?? 0), 0)).toBe(order!.finalVatCents!);
    expect(order!.finalVatCents).toBe(taxBasket(items.map((item) => ({ grossCents: item.chargedCents!, rateBp: item.vatRateBp! })), 0, null).vatCents);

    expect(await stockOf(shelves.chicken)).toBe(10_000 - 2000);
    expect(await stockOf(shelves.milk)).toBe(40_000 - 3000 + 2000);
    expect(await stockOf(shelves.organicMilk)).toBe(10_000 - 2000);
    expect(await stockOf(shelves.bananas)).toBe(20_000 - 1310);
    expect(await stockOf(shelves.eggs)).toBe(10_000);
    const emails = await store.db.select().from(jobs).where(eq(jobs.type, ORDER_PICKED_EMAIL));
    expect(emails.map((job) => JSON.parse(job.payload))).toEqual([{ orderId: placed.order.id }]);
    const events = await store.db.select().from(orderEvents).where(eq(orderEvents.orderId, placed.order.id)).orderBy(orderEvents.id);
    expect(events.map((event) => [event.fromStatus, event.toStatus])).toEqual([["placed", "picking"], ["picking", "picked"]]);
  });

  test("a cheaper substitute is charged at its own price", async () => {
    const placed = await weeklyShop();
    await pickWeeklyShop(placed, shelves.skimmedMilk);
    expect((await completePick(store.database, placed.order.id, context())).ok).toBe(true);
    const [substitute] = await store.db.select().from(orderItems).where(eq(orderItems.productId, shelves.skimmedMilk.id));
    expect(substitute).toMatchObject({ quantity: 2000, priceCents: 99, chargedCents: 198 });
    const [order] = await store.db.select().from(orders).where(eq(orders.id, placed.order.id));
    expect(order!.finalTotalCents).toBe(1873 + 129 + 198 + 248);
  });

  test("a weight beyond the tolerance is refused with what is allowed, and nothing is recorded", async () => {
    const placed = await weeklyShop();
    await startPicking(store.database, placed.order.id, context());
    const result = await recordPick(store.database, { orderId: placed.order.id, lineId: placed.line(shelves.chicken).id }, pick({ picked: 2000, weight_kg: 2700 }), context());
    expect(result).toMatchObject({ ok: false, status: 422, message: "2.7 kg is more than 10 % over the estimate (at most 2.64 kg): pick a lighter one." });
    const over = await recordPick(store.database, { orderId: placed.order.id, lineId: placed.line(shelves.bananas).id }, pick({ picked: 1400 }), context());
    expect(over).toMatchObject({ ok: false, status: 422, message: "At most 1.375 kg of Bananas may be picked (10 % over the 1.25 kg ordered): pick less." });
    const missingWeight = await recordPick(store.database, { orderId: placed.order.id, lineId: placed.line(shelves.chicken).id }, pick({ picked: 1000 }), context());
    expect(missingWeight).toMatchObject({ ok: false, status: 422, message: "Weigh Whole Chicken and enter its weight." });
    expect(await store.db.select().from(pickRecords)).toHaveLength(0);
    // Within tolerance it is taken, up to the last gram.
    expect(await recordPick(store.database, { orderId: placed.order.id, lineId: placed.line(shelves.chicken).id }, pick({ picked: 2000, weight_kg: 2640 }), context())).toEqual({ ok: true });
  });

  test("no substitute where the shopper said no, none of the same product, none for a line picked in full", async () => {
    const placed = await weeklyShop();
    await store.db.update(orderItems).set({ allowSubstitute: false }).where(eq(orderItems.id, placed.line(shelves.eggs).id));
    await startPicking(store.database, placed.order.id, context());
    const line = (product: Product) => ({ orderId: placed.order.id, lineId: placed.line(product).id });
    expect(await recordPick(store.database, line(shelves.eggs), pick({ picked: 0, substitute_product_id: shelves.oatDrink.id, substitute_quantity: 1000 }), context())).toMatchObject({
      status: 422,
      message: "The shopper asked for no substitute for this line.",
    });
    expect(await recordPick(store.database, line(shelves.milk), pick({ picked: 0, substitute_product_id: shelves.milk.id, substitute_quantity: 1000 }), context())).toMatchObject({
      message: "A substitute must be another product.",
    });
    expect(await recordPick(store.database, line(shelves.milk), pick({ picked: 3000, substitute_product_id: shelves.oatDrink.id, substitute_quantity: 1000 }), context())).toMatchObject({
      message: "Everything ordered was picked: there is nothing to substitute.",
    });
    expect(await recordPick(store.database, line(shelves.milk), pick({ picked: 4000 }), context())).toMatchObject({ message: "Only 3 Whole Milk were ordered." });
  });

  test("a percent code is re-applied to the final subtotal", async () => {
    await addPromo(store, { code: "FRESH10", kind: "percent", value: 10 });
    const placed = await weeklyShop("FRESH10");
    expect(placed.order).toMatchObject({ subtotalCents: 3219, discountCents: 322, totalCents: 2897 });
    await pickWeeklyShop(placed, shelves.organicMilk);
    expect((await completePick(store.database, placed.order.id, context())).ok).toBe(true);
    const [order] = await store.db.select().from(orders).where(eq(orders.id, placed.order.id));
    // 10 % of €25.08 = €2.508 -> €2.51.
    expect(order).toMatchObject({ finalSubtotalCents: 2508, finalDiscountCents: 251, finalTotalCents: 2257 });
    const items = await store.db.select().from(orderItems).where(eq(orderItems.orderId, placed.order.id));
    expect(items.reduce((sum, item) => sum + item.finalDiscountCents!, 0)).toBe(251);
  });

  test("a fixed code whose minimum the short pick no longer meets stays met", async () => {
    await addPromo(store, { code: "FIVEOFF", kind: "fixed", value: 500, minSubtotalCents: 3000 });
    const placed = await weeklyShop("FIVEOFF");
    expect(placed.order).toMatchObject({ discountCents: 500, totalCents: 2719 });
    await pickWeeklyShop(placed, shelves.organicMilk);
    expect((await completePick(store.database, placed.order.id, context())).ok).toBe(true);
    const [order] = await store.db.select().from(orders).where(eq(orders.id, placed.order.id));
    expect(order).toMatchObject({ finalSubtotalCents: 2508, finalDiscountCents: 500, finalTotalCents: 2008 });
  });

  test("completing an order straight from placed charges every line as ordered (weighed pieces at their estimate)", async () => {
    const placed = await weeklyShop();
    expect((await completePick(store.database, placed.order.id, context())).ok).toBe(true);
    const [order] = await store.db.select().from(orders).where(eq(orders.id, placed.order.id));
    expect(order).toMatchObject({ status: "picked", finalSubtotalCents: 3219, finalTotalCents: 3219 });
    expect(await stockOf(shelves.bananas)).toBe(20_000 - 1250);
  });
});

describe("two people at once", () => {
  test("two pickers completing the same order: one wins, the other is told, and everything is written once", async () => {
    const placed = await weeklyShop();
    await pickWeeklyShop(placed, shelves.organicMilk);
    const results = await Promise.all([completePick(store.database, placed.order.id, context()), completePick(store.database, placed.order.id, context())]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.find((result) => !result.ok)).toMatchObject({ ok: false, status: 409 });
    expect(await store.db.select().from(orderItems).where(eq(orderItems.productId, shelves.organicMilk.id))).toHaveLength(1);
    expect(await stockOf(shelves.organicMilk)).toBe(10_000 - 2000);
    expect(await store.db.select().from(jobs).where(eq(jobs.type, ORDER_PICKED_EMAIL))).toHaveLength(1);
  });

  test("a completion worked out before another completed (or before a line was re-recorded) writes nothing at all", async () => {
    const placed = await weeklyShop();
    await pickWeeklyShop(placed, shelves.organicMilk);
    const [stale] = await store.db.select().from(orders).where(eq(orders.id, placed.order.id));
    const final = finalAmounts(await orderForFinal(store.db, stale!, await orderedItems(store.db, stale!.id), IRISH_VAT_RATES), new Map());
    // Another picker re-records a line: the change token moves.
    await recordPick(store.database, { orderId: placed.order.id, lineId: placed.line(shelves.eggs).id }, pick({ picked: 1000 }), context());
    await store.database.atomic(completionStatements(store.database, stale!, final, "stale-token", context()));
    const [order] = await store.db.select().from(orders).where(eq(orders.id, placed.order.id));
    expect(order).toMatchObject({ status: "picking", finalTotalCents: null });
    expect((await store.db.select().from(orderItems).where(eq(orderItems.orderId, placed.order.id))).every((item) => item.chargedCents === null)).toBe(true);
    expect(await stockOf(shelves.organicMilk)).toBe(10_000);
    expect(await store.db.select().from(jobs).where(eq(jobs.type, ORDER_PICKED_EMAIL))).toHaveLength(0);
  });

  test("a picker cannot start an order that changed since it was read, nor one already picked", async () => {
    const placed = await weeklyShop();
    expect((await completePick(store.database, placed.order.id, context())).ok).toBe(true);
    expect(await startPicking(store.database, placed.order.id, context())).toMatchObject({ ok: false, status: 409 });
    expect(await completePick(store.database, placed.order.id, context())).toMatchObject({ ok: false, status: 409, code: "not-picking" });
  });
});

describe("at the door", () => {
  test("a refused substitute comes off the bill and goes back to stock; the discount and VAT follow", async () => {
    await addPromo(store, { code: "FRESH10", kind: "percent", value: 10 });
    const placed = await weeklyShop("FRESH10");
    await pickWeeklyShop(placed, shelves.organicMilk);
    expect((await completePick(store.database, placed.order.id, context())).ok).toBe(true);
    const [substitute] = await store.db.select().from(orderItems).where(eq(orderItems.productId, shelves.organicMilk.id));
    const { refuseSubstitute } = await import("../src/picking/refuse");
    const refused = await refuseSubstitute(store.database, { orderId: placed.order.id, lineId: substitute!.id }, context());
    // €25.08 less the €2.58 substitute: €22.50, 10 % off: €20.25.
    expect(refused).toEqual({ ok: true, amountDueCents: 2025 });
    const [order] = await store.db.select().from(orders).where(eq(orders.id, placed.order.id));
    expect(order).toMatchObject({ finalSubtotalCents: 2250, finalDiscountCents: 225, finalTotalCents: 2025 });
    const items = await store.db.select().from(orderItems).where(eq(orderItems.orderId, placed.order.id));
    expect(items.reduce((sum, item) => sum + item.finalDiscountCents!, 0)).toBe(225);
    expect(items.reduce((sum, item) => sum + item.finalVatCents!, 0)).toBe(order!.finalVatCents!);
    expect(await stockOf(shelves.organicMilk)).toBe(10_000);
    expect(await refuseSubstitute(store.database, { orderId: placed.order.id, lineId: substitute!.id }, context())).toMatchObject({ ok: false, status: 409 });
  });
});
