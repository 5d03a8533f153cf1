import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { products } from "../src/db/schema";
import { ApiClient, apiShopper, expectProblem } from "./support/api";
import { addPromo, stockShelves, type Shelves } from "./support/shop";
import { createTestStore, type TestStore } from "./support/store";

let store: TestStore;
let shelves: Shelves;
beforeAll(async () => {
  store = await createTestStore({ seed: false });
  shelves = await stockShelves(store);
  await addPromo(store, { code: "FRUIT10", kind: "percent", value: 10 });
});
afterAll(() => store.close());

describe("cart", () => {
  test("without a token every cart route is 401", async () => {
    const anonymous = new ApiClient(store);
    expectProblem(await anonymous.get("/cart"), 401);
    expectProblem(await anonymous.put(`/cart/items/${shelves.bananas.id}`, { quantity: 1 }), 401);
    expectProblem(await anonymous.delete(`/cart/items/${shelves.bananas.id}`), 401);
    expectProblem(await anonymous.put("/cart/promo", { code: "FRUIT10" }), 401);
    expectProblem(await anonymous.delete("/cart/promo"), 401);
  });

  test("an empty cart", async () => {
    const { client } = await apiShopper(store);
    const cart = await client.get("/cart");
    expect(cart.status).toBe(200);
    expect(cart.json).toEqual({ items: [], subtotal_cents: 0, discount_cents: 0, total_cents: 0, promo_code: null, promo_problem: null });
  });

  test("PUT sets a decimal quantity in the product's unit, priced on the server; 0 removes", async () => {
    const { client } = await apiShopper(store);
    const set = await client.put(`/cart/items/${shelves.bananas.id}`, { quantity: 0.75 });
    expect(set.status).toBe(200);
    expect(set.json.items).toEqual([
      { product_id: shelves.bananas.id, name: "Bananas", unit: "kg", quantity: 0.75, unit_price_cents: 189, line_total_cents: 142, problem: null, allow_substitute: true, substitute_note: null },
    ]);
    expect(set.json.subtotal_cents).toBe(142);
    const again = await client.put(`/cart/items/${shelves.bananas.id}`, { quantity: 1.5 });
    expect(again.json.items[0].quantity).toBe(1.5);
    expect(again.json.total_cents).toBe(284);
    const removed = await client.put(`/cart/items/${shelves.bananas.id}`, { quantity: 0 });
    expect(removed.json.items).toEqual([]);
  });

  test("each invalid quantity is a 422 on the quantity field", async () => {
    const { client } = await apiShopper(store);
    const path = `/cart/items/${shelves.bananas.id}`;
    const field = async (body: unknown) => expectProblem(await client.put(path, body), 422).errors!;
    expect((await field({}))[0]!.path).toBe("quantity");
    expect((await field({ quantity: "1" }))[0]!.path).toBe("quantity");
    expect((await field({ quantity: -1 }))[0]!.path).toBe("quantity");
    const step = await field({ quantity: 0.3 });
    expect(step).toEqual([{ path: "quantity", message: "Bananas is sold in steps of 0.25 kg." }]);
    expect((await field({ quantity: 21 }))[0]!.message).toContain("Only 20 kg");
    expect((await field({ quantity: 0.0001 }))[0]!.path).toBe("quantity");
    expectProblem(await client.call("PUT", path, { raw: "{" }), 400);
    expect(expectProblem(await client.call("PUT", path, { raw: "[1]" }), 422).errors![0]!.path).toBe("body");
    expect(expectProblem(await client.call("PUT", path, { raw: "quantity=1", headers: { "content-type": "application/x-www-form-urlencoded" } }), 415).detail).toContain("application/json");
  });

  test("unknown, unsold or out-of-stock products", async () => {
    const { client } = await apiShopper(store);
    expectProblem(await client.put("/cart/items/999999", { quantity: 1 }), 404);
    expect(expectProblem(await client.put("/cart/items/abc", { quantity: 1 }), 400).errors![0]!.path).toBe("product_id");
    expect(expectProblem(await client.put(`/cart/items/${shelves.yoghurt.id}`, { quantity: 1 }), 422).detail).toContain("out of stock");
  });

  test("DELETE removes a line; a line not in the cart is 404", async () => {
    const { client } = await apiShopper(store);
    await client.put(`/cart/items/${shelves.milk.id}`, { quantity: 2 });
    const after = await client.delete(`/cart/items/${shelves.milk.id}`);
    expect(after.status).toBe(200);
    expect(after.json.items).toEqual([]);
    expectProblem(await client.delete(`/cart/items/${shelves.milk.id}`), 404);
  });

  test("promo codes: put, discount, unknown code 422 on code, delete", async () => {
    const { client } = await apiShopper(store);
    await client.put(`/cart/items/${shelves.eggs.id}`, { quantity: 2 });
    const applied = await client.put("/cart/promo", { code: "fruit10" });
    expect(applied.status).toBe(200);
    expect(applied.json).toMatchObject({ promo_code: "FRUIT10", subtotal_cents: 798, discount_cents: 80, total_cents: 718, promo_problem: null });
    const unknown = expectProblem(await client.put("/cart/promo", { code: "NOPE" }), 422);
    expect(unknown.errors).toEqual([{ path: "code", message: "We don't know the code NOPE." }]);
    expect(expectProblem(await client.put("/cart/promo", {}), 422).errors![0]!.path).toBe("code");
    const removed = await client.delete("/cart/promo");
    expect(removed.json).toMatchObject({ promo_code: null, discount_cents: 0, total_cents: 798 });
  });

  test("a withdrawn product stays listed with its problem, outside the totals", async () => {
    const { client } = await apiShopper(store);
    await client.put(`/cart/items/${shelves.apples.id}`, { quantity: 1 });
    await store.db.update(products).set({ active: false }).where(eq(products.id, shelves.apples.id));
    try {
      const cart = await client.get("/cart");
      expect(cart.json.items[0].problem).toBe("No longer sold");
      expect(cart.json.total_cents).toBe(0);
    } finally {
      await store.db.update(products).set({ active: true }).where(eq(products.id, shelves.apples.id));
    }
  });
});

describe("wishlist", () => {
  test("401 without a token", async () => {
    const anonymous = new ApiClient(store);
    expectProblem(await anonymous.get("/wishlist"), 401);
    expectProblem(await anonymous.put(`/wishlist/${shelves.milk.id}`), 401);
    expectProblem(await anonymous.delete(`/wishlist/${shelves.milk.id}`), 401);
  });

  test("save (idempotent), list, forget; unknown products 404; bad id 400", async () => {
    const { client } = await apiShopper(store);
    expect((await client.get("/wishlist")).json).toEqual({ items: [], next_cursor: null });
    const saved = await client.put(`/wishlist/${shelves.milk.id}`);
    expect(saved.status).toBe(200);
    expect(saved.json.items.map((p: { slug: string }) => p.slug)).toEqual(["whole-milk"]);
    expect((await client.put(`/wishlist/${shelves.milk.id}`)).json.items.length).toBe(1);
    expectProblem(await client.put("/wishlist/999999"), 404);
    expect(expectProblem(await client.put("/wishlist/x1"), 400).errors![0]!.path).toBe("product_id");
    const forgotten = await client.delete(`/wishlist/${shelves.milk.id}`);
    expect(forgotten.json.items).toEqual([]);
    expectProblem(await client.delete(`/wishlist/${shelves.milk.id}`), 404);
  });

  test("pages with limit and cursor, newest first; a change answers with the first page", async () => {
    const { client } = await apiShopper(store);
    for (const shelf of [shelves.milk, shelves.eggs, shelves.bananas]) {
      expect((await client.put(`/wishlist/${shelf.id}`)).status).toBe(200);
      store.clock.advance(1000);
    }
    const first = await client.get("/wishlist?limit=2");
    expect(first.json.items.map((p: { id: number }) => p.id)).toEqual([shelves.bananas.id, shelves.eggs.id]);
    const second = await client.get(`/wishlist?limit=2&cursor=${first.json.next_cursor}`);
    expect(second.json).toEqual({ items: [expect.objectContaining({ id: shelves.milk.id })], next_cursor: null });
    expect((await client.delete(`/wishlist/${shelves.eggs.id}`)).json.items.map((p: { id: number }) => p.id)).toEqual([shelves.bananas.id, shelves.milk.id]);
    expect(expectProblem(await client.get("/wishlist?limit=0"), 400).errors![0]!.path).toBe("limit");
    expect(expectProblem(await client.get("/wishlist?cursor=WzEuNV0"), 400).errors![0]!.path).toBe("cursor");
  });

  test("bad product ids on removal are 400 naming the parameter", async () => {
    const { client } = await apiShopper(store);
    expect(expectProblem(await client.delete("/cart/items/abc"), 400).errors![0]!.path).toBe("product_id");
    expect(expectProblem(await client.delete("/wishlist/-1"), 400).errors![0]!.path).toBe("product_id");
  });
});
