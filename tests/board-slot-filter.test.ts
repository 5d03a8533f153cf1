import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { orders } from "../src/db/shop-tables";
import { addToCart, type Shelves } from "./support/shop";
import { placeFromCheckoutPage } from "./support/checkout-page";
import { openSlots, shopperHoldingWindow, windowAt as windowInStore } from "./support/slot-store";
import { textOf, type Agent, type TestStore } from "./support/store";
import { openBackOffice } from "./support/staff";

/*
 * The orders board and the picking list filter by slot, with JavaScript off (GET form) and on
 * (htmx asks for the board's table only). Store clock: Friday 20 November 2026, 10:00 Dublin.
 */

let store: TestStore;
let shelves: Shelves;
let manager: Agent;
const windowAt = (iso: string) => windowInStore(store, iso);
let eight: { id: number };
let ten: { id: number };
let milkOrder: number;
let eggsOrder: number;

/** A delivery order in the window starting at `iso`, of one product. */
async function orderIn(iso: string, shelf: "milk" | "eggs") {
  const { agent, user } = await shopperHoldingWindow(store, iso);
  await addToCart(agent, shelves[shelf], "1");
  const placed = await placeFromCheckoutPage(agent, { fulfilment: "delivery" });
  expect(placed.status).toBe(303);
  return (await store.db.select().from(orders).where(eq(orders.userId, user.id)))[0]!.id;
}

beforeAll(async () => {
  ({ store, shelves, manager } = await openBackOffice());
  await openSlots(store, { feeCents: 200, freeFromCents: null, minimumBasketCents: 0 }, [
    { starts: 480, ends: 600, capacity: 5, feeCents: 499 },
    { starts: 600, ends: 720, capacity: 5, feeCents: 199 },
  ]);
  eight = await windowAt("2026-11-21T08:00:00Z");
  ten = await windowAt("2026-11-21T10:00:00Z");
  milkOrder = await orderIn("2026-11-21T08:00:00Z", "milk");
  eggsOrder = await orderIn("2026-11-21T10:00:00Z", "eggs");
});
afterAll(() => store.close());

const rowsOf = (html: string) => [...html.matchAll(/<tr id="order-(\d+)"/g)].map((match) => Number(match[1]));

describe("orders board filtered by slot", () => {
  test("without JavaScript: the form offers the coming windows and a slot shows only its orders", async () => {
    const all = await textOf(await manager.get("/manage/orders"));
    expect(rowsOf(all).sort()).toEqual([milkOrder, eggsOrder].sort());
    expect(all).toContain(`<select id="orders-slot" name="slot">`);
    expect(all).toMatch(new RegExp(`<option value="${eight.id}">Delivery [^<]*08:00`));
    const filtered = await manager.get(`/manage/orders?slot=${eight.id}`);
    expect(filtered.status).toBe(200);
    const html = await textOf(filtered);
    expect(rowsOf(html)).toEqual([milkOrder]);
    expect(html).toMatch(new RegExp(`<option value="${eight.id}" selected="">`));
  });

  test("with htmx: the same URL answers the table only, for the slot chosen", async () => {
    const response = await manager.get(`/manage/orders?slot=${ten.id}&status=`, { "hx-request": "true" });
    const html = await textOf(response);
    expect(response.status).toBe(200);
    expect(html).not.toContain("<html");
    expect(html).toContain(`id="orders-table"`);
    expect(rowsOf(html)).toEqual([eggsOrder]);
  });

  test("a slot combined with a status, a slot with no orders, and a slot that isn't a number", async () => {
    expect(rowsOf(await textOf(await manager.get(`/manage/orders?slot=${ten.id}&status=completed`)))).toEqual([]);
    expect(await textOf(await manager.get("/manage/orders?slot=999999"))).toContain("No orders match.");
    const junk = await manager.get("/manage/orders?slot=abc");
    expect(junk.status).toBe(200);
    expect(rowsOf(await textOf(junk)).length).toBe(2);
  });
});

describe("picking list filtered by slot", () => {
  test("one slot's open orders, headed by the slot, whatever day they were placed", async () => {
    const day = await textOf(await manager.get("/manage/orders/picking"));
    expect(day).toContain("Whole Milk");
    expect(day).toContain("Free-range Eggs");
    const html = await textOf(await manager.get(`/manage/orders/picking?slot=${eight.id}&date=2026-11-01`));
    expect(html).toContain("Whole Milk");
    expect(html).not.toContain("Free-range Eggs");
    expect(html).toMatch(/<h1>Picking list · Delivery [^<]*08:00/);
    expect(html).toMatch(new RegExp(`<option value="${eight.id}" selected="">`));
  });
});
