import { afterEach, beforeEach, expect, test } from "bun:test";
import { cartItems, stockAlerts, wishlistItems } from "../src/db/shop-tables";
import { newShopper, stockShelves, type Shelves } from "./support/shop";
import { createTestStore, textOf, type TestStore } from "./support/store";

let store: TestStore;
let shelves: Shelves;
beforeEach(async () => {
  store = await createTestStore({ seed: false });
  shelves = await stockShelves(store);
});
afterEach(() => store.close());

test("save for later, see the list, move to cart", async () => {
  const { agent } = await newShopper(store);
  expect((await agent.post("/wishlist/items", { product_id: String(shelves.apples.id) })).status).toBe(303);
  await agent.post("/wishlist/items", { product_id: String(shelves.apples.id) });
  expect(await store.db.select().from(wishlistItems)).toHaveLength(1);
  expect(await textOf(await agent.get("/wishlist"))).toContain("Apples");
  expect((await agent.post(`/wishlist/items/${shelves.apples.id}/move-to-cart`)).status).toBe(303);
  expect(await store.db.select().from(wishlistItems)).toHaveLength(0);
  const [line] = await store.db.select().from(cartItems);
  expect(line?.quantity).toBe(500);
});

test("notify me when back in stock stores one subscription and shows it", async () => {
  const { agent, user } = await newShopper(store);
  await agent.post("/stock-alerts", { product_id: String(shelves.yoghurt.id) });
  await agent.post("/stock-alerts", { product_id: String(shelves.yoghurt.id) });
  const alerts = await store.db.select().from(stockAlerts);
  expect(alerts.map((alert) => [alert.userId, alert.productId, alert.notifiedAt])).toEqual([[user.id, shelves.yoghurt.id, null]]);
  expect(await textOf(await agent.get("/wishlist"))).toContain("We'll email you when it's back");
});

test("visitors are asked to log in; bad and unknown products are 404", async () => {
  expect((await store.agent().post("/wishlist/items", { product_id: "1" })).status).toBe(303);
  const { agent } = await newShopper(store);
  for (const id of ["999999", "x", ""]) expect((await agent.post("/wishlist/items", { product_id: id })).status).toBe(404);
  expect((await agent.post("/wishlist/items/999999/remove")).status).toBe(404);
  expect((await agent.post("/wishlist/items/abc/move-to-cart")).status).toBe(404);
});

test("with htmx, Save for later and Notify me answer with their confirmation in place: the shopper stays on the aisle", async () => {
  const { agent } = await newShopper(store);
  const htmx = { "hx-request": "true", referer: "http://localhost/categories/fruit" };
  const saved = await agent.post("/wishlist/items", { product_id: String(shelves.apples.id) }, htmx);
  expect(saved.status).toBe(200);
  expect(saved.headers.get("hx-redirect")).toBeNull();
  const note = await saved.text();
  expect(note).toContain('class="saved-note"');
  expect(note).toContain("Saved Apples.");
  const alert = await agent.post("/stock-alerts", { product_id: String(shelves.yoghurt.id) }, htmx);
  expect(await alert.text()).toContain("We&#39;ll email you when Greek Yoghurt is back in stock.");
  expect(await store.db.select().from(wishlistItems)).toHaveLength(2);
  expect(await store.db.select().from(stockAlerts)).toHaveLength(1);

  // A visitor's htmx press sends the whole page to the log-in page, which brings them back to the aisle.
  const visitor = await store.agent().post("/wishlist/items", { product_id: String(shelves.apples.id) }, htmx);
  expect(visitor.status).toBe(204);
  expect(visitor.headers.get("hx-redirect")).toBe(`/login?next=${encodeURIComponent("/categories/fruit")}`);
});
