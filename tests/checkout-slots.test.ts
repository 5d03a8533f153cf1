import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { slotBookings, slotWindows } from "../src/db/fulfilment-tables";
import { products } from "../src/db/schema";
import { orderItems, orders } from "../src/db/shop-tables";
import { apiShopper, expectProblem } from "./support/api";
import { addToCart, newShopper, stockShelves, type Shelves } from "./support/shop";
import { hiddenValue, openSlots, shopperHoldingWindow, windowAt as windowInStore } from "./support/slot-store";
import { createTestStore, textOf, type TestStore } from "./support/store";
import { placeFromCheckoutPage } from "./support/checkout-page";

/*
 * Checkout with a slot, a zone fee and VAT per line, on the page (no JavaScript) and in the API.
 * Store clock: Friday 20 November 2026, 10:00 Dublin; Saturday's windows cut off at 22:00 tonight.
 */

let store: TestStore;
let shelves: Shelves;
const hidden = hiddenValue;

beforeAll(async () => {
  store = await createTestStore({ seed: false, env: { MIN_ORDER_CENTS: "0" } });
  shelves = await stockShelves(store);
  // Milk zero-rated, eggs at the reduced rate, bananas standard (to see three rates).
  await store.db.update(products).set({ vatClass: "zero" }).where(eq(products.id, shelves.milk.id));
  await store.db.update(products).set({ vatClass: "reduced" }).where(eq(products.id, shelves.eggs.id));
  await openSlots(store, { feeCents: 200, freeFromCents: 6000, minimumBasketCents: 500 }, [
    { starts: 480, ends: 600, capacity: 1, feeCents: 499 },
    { starts: 600, ends: 720, capacity: 5, feeCents: 199 },
    { fulfilment: "collection", starts: 540, ends: 600, capacity: 5, feeCents: 0 },
  ]);
});
afterAll(() => store.close());

const windowAt = (iso: string) => windowInStore(store, iso);

describe("the checkout page", () => {
  test("address in a zone, reserve, shop, check out with the fee: the order books the slot and stores VAT per line", async () => {
    const { agent, user, window: eight } = await shopperHoldingWindow(store, "2026-11-21T08:00:00Z");
    await addToCart(agent, shelves.bananas, "2");
    await addToCart(agent, shelves.milk, "3");
    await addToCart(agent, shelves.eggs, "1");
    const page = await textOf(await agent.get("/checkout"));
    expect(page).toContain("Delivery: Sat, 21 Nov, 08:00–10:00");
    expect(page).toContain("Reserved until 11:00. To 12 Grafton Street, Dublin 2, D02 X285. Fee €6.99.");
    // 2 kg bananas 3.78 + 3 l milk 3.87 + eggs 3.99 = 11.64; with the fee 18.63.
    expect(page).toContain("Place order · €18.63");
    const placed = await placeFromCheckoutPage(agent, { fulfilment: "delivery" }, page);
    expect(placed.status).toBe(303);
    const [order] = await store.db.select().from(orders).where(eq(orders.userId, user.id));
    expect(order).toMatchObject({ slotWindowId: eight.id, deliveryFeeCents: 699, deliveryFeeVatRateBp: 2300, deliveryFeeVatCents: 131, deliveryAddress: "12 Grafton Street, Dublin 2, D02 X285" });
    const lines = await store.db.select().from(orderItems).where(eq(orderItems.orderId, order!.id)).orderBy(orderItems.productId);
    expect(lines.map((l) => [l.name, l.lineTotalCents, l.vatRateBp, l.vatCents])).toEqual([
      ["Bananas", 378, 2300, 71],
      ["Whole Milk", 387, 0, 0],
      ["Free-range Eggs", 399, 1350, 47],
    ]);
    const bookings = await store.db.select().from(slotBookings).where(eq(slotBookings.userId, user.id));
    expect(bookings).toEqual([expect.objectContaining({ windowId: eight.id, orderId: order!.id, expiresAt: null })]);
    const shown = await textOf(await agent.get(`/orders/${order!.id}`));
    expect(shown).toContain("Sat, 21 Nov, 08:00–10:00");
  });

  test("a full slot refuses the order with a 409 and the form again, nothing ordered", async () => {
    const { agent, user } = await newShopper(store);
    await agent.post("/slots/address", { postcode: "D02 Y285", line1: "1 Dawson Street", town: "Dublin 2" });
    const eight = await windowAt("2026-11-21T08:00:00Z");
    await addToCart(agent, shelves.milk, "4");
    const page = await textOf(await agent.get("/checkout"));
    const refused = await agent.post("/checkout", { idempotency_key: hidden(page, "idempotency_key")!, slot_id: String(eight.id), fulfilment: "delivery", delivery_address: "1 Dawson Street", postcode: "D02 Y285" });
    expect(refused.status).toBe(409);
    expect(await textOf(refused)).toContain("Sorry, that slot is full now; choose another.");
    expect(await store.db.select().from(orders).where(eq(orders.userId, user.id))).toEqual([]);
  });
});

describe("the checkout API", () => {
  test("slot_id with a typed address and postcode: fee, slot and VAT lines on the order that add up", async () => {
    const { client } = await apiShopper(store, "198.51.100.150");
    await client.put(`/cart/items/${shelves.eggs.id}`, { quantity: 2 });
    const ten = await windowAt("2026-11-21T10:00:00Z");
    const placed = await client.post("/checkout", { fulfilment: "delivery", slot_id: ten.id, delivery_address: "4 Kildare Street, Dublin 2", postcode: "d02 x285" }, { headers: { "idempotency-key": "slots-api-order-00001" } });
    expect(placed.status).toBe(201);
    expect(placed.json).toMatchObject({ delivery_fee_cents: 399, total_cents: 798, amount_due_cents: 1197, slot: { id: ten.id, starts_at: "2026-11-21T10:00:00.000Z", fulfilment: "delivery" } });
    expect(placed.json.vat).toEqual([
      { rate_percent: 23, gross_cents: 399, vat_cents: 75, net_cents: 324 },
      { rate_percent: 13.5, gross_cents: 798, vat_cents: 95, net_cents: 703 },
    ]);
    expect(placed.json.vat.reduce((sum: number, rate: { gross_cents: number }) => sum + rate.gross_cents, 0)).toBe(placed.json.amount_due_cents);
  });

  test("full and past-cut-off slots are 409 problems; outside every zone 422; pickup books a collection slot", async () => {
    const { client } = await apiShopper(store, "198.51.100.151");
    await client.put(`/cart/items/${shelves.milk.id}`, { quantity: 4 });
    const eight = await windowAt("2026-11-21T08:00:00Z");
    const key = (n: number) => ({ headers: { "idempotency-key": `slots-api-refusal-${String(n).padStart(4, "0")}` } });
    expect(expectProblem(await client.post("/checkout", { fulfilment: "delivery", slot_id: eight.id, delivery_address: "4 Kildare Street", postcode: "D02X285" }, key(1)), 409).type).toBe("/api/docs#problem-slot-full");
    expect(expectProblem(await client.post("/checkout", { fulfilment: "delivery", delivery_address: "1 Main Street, Cork", postcode: "T12 AB34" }, key(2)), 422).type).toBe("/api/docs#problem-outside-delivery-zones");
    const collection = await windowAt("2026-11-21T09:00:00Z");
    expect(expectProblem(await client.post("/checkout", { fulfilment: "delivery", slot_id: collection.id, delivery_address: "4 Kildare Street", postcode: "D02X285" }, key(3)), 422).type).toBe("/api/docs#problem-slot-mismatch");
    // A window whose cut-off has passed (written directly: the schedule never makes one).
    await store.db.insert(slotWindows).values({ fulfilment: "delivery", place: "delivery", source: "one_off", startsAt: new Date("2026-11-21T16:00:00Z"), endsAt: new Date("2026-11-21T18:00:00Z"), cutoffAt: new Date("2026-11-20T09:00:00Z"), capacity: 9, feeCents: 0 });
    const late = await windowAt("2026-11-21T16:00:00Z");
    expect(expectProblem(await client.post("/checkout", { fulfilment: "delivery", slot_id: late.id, delivery_address: "4 Kildare Street", postcode: "D02X285" }, key(5)), 409).type).toBe("/api/docs#problem-slot-past-cutoff");
    expect(expectProblem(await client.post("/checkout", { fulfilment: "pickup", slot_id: (await windowAt("2026-11-21T10:00:00Z")).id }, key(4)), 422).type).toBe("/api/docs#problem-slot-mismatch");
    const picked = await client.post("/checkout", { fulfilment: "pickup", slot_id: collection.id }, key(6));
    expect(picked.status).toBe(201);
    expect(picked.json).toMatchObject({ fulfilment: "pickup", delivery_fee_cents: 0, slot: { fulfilment: "collection", collection_point: "The store" } });
  });
});
