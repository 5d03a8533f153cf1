import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { slotBookings } from "../src/db/fulfilment-tables";
import { products } from "../src/db/schema";
import { orderItems, orders } from "../src/db/shop-tables";
import { changeOrder, changeRefusalText, type ChangeRefusal } from "../src/orders/changes";
import { orderWithItems } from "../src/orders/queries";
import { orderVat } from "../src/tax/order-vat";
import { apiShopper, expectProblem } from "./support/api";
import { addToCart, productNow, stockShelves, type Shelves } from "./support/shop";
import { addSaturdayWindows, hiddenValue, openSlots, shopperHoldingWindow, windowAt as windowInStore } from "./support/slot-store";
import { createTestStore, textOf, type TestStore } from "./support/store";
import { placeFromCheckoutPage } from "./support/checkout-page";

/*
 * Changing an order before its cut-off (ADR 027): another slot with room, other quantities, the
 * difference shown first, one atomic unit; locked after the cut-off.
 * Store clock: Friday 20 November 2026, 10:00 Dublin; Saturday's windows cut off at 22:00 tonight.
 */

let store: TestStore;
let shelves: Shelves;
const hidden = hiddenValue;

beforeAll(async () => {
  store = await createTestStore({ seed: false, env: { MIN_ORDER_CENTS: "0" } });
  shelves = await stockShelves(store);
  await openSlots(store, { feeCents: 200, freeFromCents: null, minimumBasketCents: 0 }, [
    { starts: 480, ends: 600, capacity: 5, feeCents: 499 },
    { starts: 600, ends: 720, capacity: 5, feeCents: 199 },
    { starts: 720, ends: 840, capacity: 1, feeCents: 0 },
  ]);
});
afterAll(() => store.close());

const windowAt = (iso: string) => windowInStore(store, iso);

/** A delivery order in Saturday 08:00-10:00: 2 l milk and a dozen eggs. */
async function deliveryOrder(startsAt = "2026-11-21T08:00:00Z") {
  const { agent, user } = await shopperHoldingWindow(store, startsAt);
  await addToCart(agent, shelves.milk, "2");
  await addToCart(agent, shelves.eggs, "1");
  const placed = await placeFromCheckoutPage(agent, { fulfilment: "delivery" });
  expect(placed.status).toBe(303);
  const [order] = await store.db.select().from(orders).where(eq(orders.userId, user.id));
  return { agent, user, order: order! };
}

describe("changing an order on its page (no JavaScript)", () => {
  test("see the difference, then confirm: another slot and more milk in one unit; stock, fee, VAT and booking follow", async () => {
    const { agent, order } = await deliveryOrder();
    expect(await textOf(await agent.get(`/orders/${order.id}`))).toContain("Change order");
    const form = await textOf(await agent.get(`/orders/${order.id}/change`));
    expect(form).toContain(`name="qty_${shelves.milk.id}"`);
    const ten = await windowAt("2026-11-21T10:00:00Z");
    const milkBefore = (await productNow(store, shelves.milk)).stock;
    const asked = { [`qty_${shelves.milk.id}`]: "5", [`qty_${shelves.eggs.id}`]: "1", slot_id: String(ten.id) };
    const preview = await agent.post(`/orders/${order.id}/change`, asked);
    expect(preview.status).toBe(200);
    const shown = await textOf(preview);
    expect(shown).toContain("Confirm the change");
    // Milk 2 l → 5 l: +3.87; fee (zone 2.00 + window) 6.99 → 3.99; to pay 13.56 → 14.43.
    expect(shown).toContain("Whole Milk: 2 l → 5 l (+€3.87)");
    expect(shown).toContain("€13.56 → €14.43 (+€0.87)");
    expect((await orderWithItems(store.db, order.id))!.totalCents).toBe(order.totalCents); // nothing changed yet
    const confirmed = await agent.post(`/orders/${order.id}/change`, { ...asked, confirm: "1" });
    expect(confirmed.status).toBe(303);
    const after = (await orderWithItems(store.db, order.id))!;
    expect(after).toMatchObject({ slotWindowId: ten.id, deliveryFeeCents: 399, subtotalCents: 645 + 399, totalCents: 645 + 399 });
    expect(after.items.find((item) => item.productId === shelves.milk.id)!.quantity).toBe(5000);
    expect((await productNow(store, shelves.milk)).stock).toBe(milkBefore - 3000);
    const vat = orderVat(after);
    expect(vat.totalCents).toBe(after.totalCents + after.deliveryFeeCents);
    const bookings = await store.db.select().from(slotBookings).where(eq(slotBookings.orderId, order.id));
    expect(bookings.map((b) => b.windowId)).toEqual([ten.id]);
  });

  test("a full slot, too much milk and removing everything are refused and change nothing", async () => {
    const { agent, order } = await deliveryOrder();
    const noon = await windowAt("2026-11-21T12:00:00Z");
    // Someone else takes noon's only place.
    const other = await deliveryOrder();
    expect((await agent.post(`/orders/${other.order.id}/change`, { slot_id: String(noon.id), confirm: "1" })).status).toBe(404);
    expect((await other.agent.post(`/orders/${other.order.id}/change`, { slot_id: String(noon.id), confirm: "1" })).status).toBe(303);
    const full = await agent.post(`/orders/${order.id}/change`, { slot_id: String(noon.id), confirm: "1" });
    expect(full.status).toBe(409);
    expect(await textOf(full)).toContain("that slot is full now");
    const greedy = await agent.post(`/orders/${order.id}/change`, { [`qty_${shelves.milk.id}`]: "100000", confirm: "1" });
    expect(greedy.status).toBe(422);
    const tooMuch = await agent.post(`/orders/${order.id}/change`, { [`qty_${shelves.milk.id}`]: "39", confirm: "1" });
    expect([409, 422]).toContain(tooMuch.status);
    expect(await textOf(tooMuch)).toContain("left in stock");
    const empty = await agent.post(`/orders/${order.id}/change`, { [`qty_${shelves.milk.id}`]: "0", [`qty_${shelves.eggs.id}`]: "0", confirm: "1" });
    expect(empty.status).toBe(422);
    const still = (await orderWithItems(store.db, order.id))!;
    expect(still.totalCents).toBe(order.totalCents);
    expect(still.slotWindowId).toBe(order.slotWindowId);
  });

  test("an order changed by someone else since it was read is not overwritten", async () => {
    const { order } = await deliveryOrder();
    const stale = { ...(await orderWithItems(store.db, order.id))! };
    await store.db.update(orders).set({ updatedAt: new Date(store.clock.now().getTime() + 1) }).where(eq(orders.id, order.id));
    // The domain reads the order itself, so a stale read can only come from a race; simulate it by a hook that moves it on.
    const result = await changeOrder(
      store.database,
      { orderId: order.id, actor: { id: order.userId, staff: false }, quantities: new Map([[shelves.eggs.id, 2000]]) },
      {
        now: store.clock.now(),
        config: store.config,
        confirm: true,
        hooks: {
          beforeCommit: async () => {
            await store.db.update(orders).set({ updatedAt: new Date(stale.updatedAt.getTime() + 5) }).where(eq(orders.id, order.id));
            return { ok: true };
          },
        },
      },
    );
    expect(result).toMatchObject({ ok: false, refusal: { kind: "conflict" } });
    const lines = await store.db.select().from(orderItems).where(eq(orderItems.orderId, order.id));
    expect(lines.find((line) => line.productId === shelves.eggs.id)!.quantity).toBe(1000);
  });

  test("a payment hook that declines stops the change", async () => {
    const { order } = await deliveryOrder();
    const result = await changeOrder(
      store.database,
      { orderId: order.id, actor: { id: order.userId, staff: false }, quantities: new Map([[shelves.eggs.id, 3000]]) },
      { now: store.clock.now(), config: store.config, confirm: true, hooks: { beforeCommit: async (preview) => (preview.differenceCents > 0 ? { ok: false, message: "Your card was declined." } : { ok: true }) } },
    );
    expect(result).toMatchObject({ ok: false, refusal: { kind: "declined", message: "Your card was declined." } });
  });
});

describe("the API, and the cut-off", () => {
  test("preview, apply, then locked after the cut-off (409 order-locked)", async () => {
    const { client } = await apiShopper(store);
    await client.put(`/cart/items/${shelves.bananas.id}`, { quantity: 1 });
    const eight = await windowAt("2026-11-21T08:00:00Z");
    const placed = await client.post("/checkout", { fulfilment: "delivery", slot_id: eight.id, delivery_address: "3 Dawson Street, Dublin 2", postcode: "D02 Y285" }, { headers: { "idempotency-key": crypto.randomUUID() } });
    expect(placed.status).toBe(201);
    const id = (placed.json as { id: number }).id;
    const look = await client.post(`/orders/${id}/changes`, { items: [{ product_id: shelves.bananas.id, quantity: 2 }, { product_id: shelves.apples.id, quantity: 1 }] });
    expect(look.status).toBe(200);
    expect(look.json).toMatchObject({ applied: false, difference_cents: 189 + 320 });
    const done = await client.post(`/orders/${id}/changes`, { items: [{ product_id: shelves.bananas.id, quantity: 2 }, { product_id: shelves.apples.id, quantity: 1 }], confirm: true });
    expect(done.status).toBe(200);
    const body = done.json as { applied: boolean; order: { items: { product_id: number }[]; amount_due_cents: number; vat: { gross_cents: number }[] } };
    expect(body.applied).toBe(true);
    expect(body.order.items.map((item) => item.product_id).sort()).toEqual([shelves.bananas.id, shelves.apples.id].sort());
    expect(body.order.vat.reduce((sum, rate) => sum + rate.gross_cents, 0)).toBe(body.order.amount_due_cents);
    // 22:00 tonight the window is locked for picking (the domain at that hour; the API says 409 order-locked).
    const late = await changeOrder(store.database, { orderId: id, actor: { id: 0, staff: true }, quantities: new Map([[shelves.bananas.id, 3000]]) }, { now: new Date("2026-11-20T22:00:00Z"), config: store.config, confirm: true });
    expect(late).toMatchObject({ ok: false, refusal: { kind: "locked" } });
    expect(changeRefusalText((late as { refusal: ChangeRefusal }).refusal)).toMatchObject({ status: 409, slug: "order-locked" });
    // Once picking starts, the API refuses too.
    await store.db.update(orders).set({ status: "picking" }).where(eq(orders.id, id));
    const locked = await client.post(`/orders/${id}/changes`, { items: [{ product_id: shelves.bananas.id, quantity: 3 }], confirm: true });
    expectProblem(locked, 409);
    expect((locked.json as { type: string }).type).toContain("order-locked");
    const stock = (await store.db.select().from(products).where(eq(products.id, shelves.apples.id)))[0]!.stock;
    expect(stock).toBe(shelves.apples.stock - 1000);
  });
});

describe("adding products on the order's page", () => {
  const afternoon = "2026-11-21T14:00:00Z";
  beforeAll(async () => {
    await addSaturdayWindows(store, [{ starts: 840, ends: 960, capacity: 20, feeCents: 0 }]);
  });

  test("without JavaScript: find a product, give a quantity, see the difference, confirm; stock and VAT follow", async () => {
    const { agent, order } = await deliveryOrder(afternoon);
    const form = await textOf(await agent.get(`/orders/${order.id}/change`));
    expect(form).toContain(`name="add_q"`);
    const found = await agent.post(`/orders/${order.id}/change`, { [`qty_${shelves.milk.id}`]: "2", [`qty_${shelves.eggs.id}`]: "1", add_q: "bananas", find: "1" });
    expect(found.status).toBe(200);
    const results = await textOf(found);
    expect(results).toContain(`name="add_${shelves.bananas.id}"`);
    expect(results).not.toContain(`name="add_${shelves.milk.id}"`); // already on the order: changed in place
    const bananasBefore = (await productNow(store, shelves.bananas)).stock;
    const asked = { [`qty_${shelves.milk.id}`]: "2", [`qty_${shelves.eggs.id}`]: "1", add_q: "bananas", [`add_${shelves.bananas.id}`]: "1.5" };
    const preview = await agent.post(`/orders/${order.id}/change`, asked);
    expect(preview.status).toBe(200);
    const shown = await textOf(preview);
    // 1.5 kg at €1.89 = €2.84 (rounded half up from 2.835).
    expect(shown).toContain("Bananas: add 1.5 kg (+€2.84)");
    expect(shown.match(new RegExp(`<input [^>]*name="add_${shelves.bananas.id}"[^>]*>`))?.[0]).toContain('value="1.5"');
    expect((await agent.post(`/orders/${order.id}/change`, { ...asked, confirm: "1" })).status).toBe(303);
    const after = (await orderWithItems(store.db, order.id))!;
    const bananas = after.items.find((item) => item.productId === shelves.bananas.id)!;
    expect(bananas).toMatchObject({ quantity: 1500, lineTotalCents: 284, vatRateBp: expect.any(Number) });
    expect(after.totalCents).toBe(order.totalCents + 284);
    expect((await productNow(store, shelves.bananas)).stock).toBe(bananasBefore - 1500);
    expect(orderVat(after).totalCents).toBe(after.totalCents + after.deliveryFeeCents);
    expect(await textOf(await agent.get(`/orders/${order.id}`))).toContain("Bananas");
  });

  test("with htmx: the search and the difference swap the form in place; confirming redirects", async () => {
    const { agent, order } = await deliveryOrder(afternoon);
    const hx = { "hx-request": "true" };
    const found = await textOf(await agent.post(`/orders/${order.id}/change`, { add_q: "apples", find: "1" }, hx));
    expect(found).toStartWith(`<section class="change-order" id="change-order">`);
    expect(found).toContain(`name="add_${shelves.apples.id}"`);
    const asked = { add_q: "apples", [`add_${shelves.apples.id}`]: "0.5" };
    const preview = await textOf(await agent.post(`/orders/${order.id}/change`, asked, hx));
    expect(preview).toContain("Apples: add 0.5 kg (+€1.60)");
    const done = await agent.post(`/orders/${order.id}/change`, { ...asked, confirm: "1" }, hx);
    expect(done.headers.get("hx-redirect")).toBe(`/orders/${order.id}`);
    expect((await orderWithItems(store.db, order.id))!.items.some((item) => item.productId === shelves.apples.id)).toBe(true);
  });

  test("a quantity that isn't one, off the product's step, or of a sold-out product is refused and adds nothing", async () => {
    const { agent, order } = await deliveryOrder(afternoon);
    const junk = await agent.post(`/orders/${order.id}/change`, { [`add_${shelves.bananas.id}`]: "lots", confirm: "1" });
    expect(junk.status).toBe(422);
    expect(await textOf(junk)).toContain("Enter a quantity as a number");
    const offStep = await agent.post(`/orders/${order.id}/change`, { [`add_${shelves.apples.id}`]: "0.3", confirm: "1" });
    expect(offStep.status).toBe(422);
    const soldOut = await agent.post(`/orders/${order.id}/change`, { [`add_${shelves.yoghurt.id}`]: "1", confirm: "1" });
    expect([409, 422]).toContain(soldOut.status);
    const empty = await agent.post(`/orders/${order.id}/change`, { [`add_${shelves.bananas.id}`]: "", confirm: "1" });
    expect(empty.status).toBe(422);
    expect(await textOf(empty)).toContain("Nothing to change");
    const still = (await orderWithItems(store.db, order.id))!;
    expect(still.items.map((item) => item.productId).sort()).toEqual([shelves.milk.id, shelves.eggs.id].sort());
    expect(still.totalCents).toBe(order.totalCents);
  });

  test("refusals about amounts print money in the store's format", async () => {
    const { order } = await deliveryOrder(afternoon);
    const result = await changeOrder(
      store.database,
      { orderId: order.id, actor: { id: order.userId, staff: false }, quantities: new Map([[shelves.eggs.id, 2000]]) },
      { now: store.clock.now(), config: { ...store.config, MIN_ORDER_CENTS: 5000 }, confirm: false },
    );
    expect(result).toMatchObject({ ok: false, refusal: { kind: "below_minimum", message: "Orders need at least €50.00 of groceries." } });
  });
});
