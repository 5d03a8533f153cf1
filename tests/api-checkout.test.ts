import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { products } from "../src/db/schema";
import { orders } from "../src/db/shop-tables";
import { ApiClient, apiShopper, expectProblem } from "./support/api";
import { productNow, stockShelves, type Shelves } from "./support/shop";
import { createTestStore, type TestStore } from "./support/store";

let store: TestStore;
let shelves: Shelves;
beforeAll(async () => {
  store = await createTestStore({ seed: false });
  shelves = await stockShelves(store);
});
afterAll(() => store.close());

let keys = 0;
const newKey = () => `test-key-${Date.now()}-${++keys}-abcdef`;
const checkout = (client: ApiClient, body: unknown, key: string | null = newKey()) =>
  client.post("/checkout", body, { headers: key === null ? {} : { "idempotency-key": key } });

async function shopperWithCart() {
  const shopper = await apiShopper(store);
  await shopper.client.put(`/cart/items/${shelves.milk.id}`, { quantity: 4 });
  await shopper.client.put(`/cart/items/${shelves.bananas.id}`, { quantity: 1.25 });
  return shopper;
}

describe("POST /checkout", () => {
  test("201 with the order; stock taken off the shelf; cart emptied", async () => {
    const { client } = await shopperWithCart();
    const placed = await checkout(client, { fulfilment: "pickup", note: "Ripe bananas please" });
    expect(placed.status).toBe(201);
    expect(placed.json).toMatchObject({
      number: expect.stringMatching(/^GR-\d{6}$/),
      status: "placed",
      fulfilment: "pickup",
      items: [
        { product_id: shelves.milk.id, name: "Whole Milk", unit: "l", quantity: 4, price_at_purchase_cents: 129, line_total_cents: 516 },
        { product_id: shelves.bananas.id, name: "Bananas", unit: "kg", quantity: 1.25, price_at_purchase_cents: 189, line_total_cents: 236 },
      ],
      subtotal_cents: 752,
      discount_cents: 0,
      total_cents: 752,
      promo_code: null,
    });
    expect((await productNow(store, shelves.milk)).stock).toBe(36_000);
    expect((await client.get("/cart")).json.items).toEqual([]);
  });

  test("the same key and body returns the same order with 200; another body under the key is 422", async () => {
    const { client } = await shopperWithCart();
    const key = newKey();
    const body = { fulfilment: "delivery", delivery_address: "1 Market Street, Dublin" };
    const first = await checkout(client, body, key);
    expect(first.status).toBe(201);
    const retry = await checkout(client, body, key);
    expect(retry.status).toBe(200);
    expect(retry.json).toEqual(first.json);
    const other = expectProblem(await checkout(client, { fulfilment: "pickup" }, key), 422);
    expect(other.type).toBe("/api/docs#problem-idempotency-key-reused");
    const rows = await store.db.select().from(orders).where(eq(orders.idempotencyKey, key));
    expect(rows.length).toBe(1);
  });

  test("three simultaneous sends of one key and body: one order, placed once (201), the others get it (200)", async () => {
    const { client } = await shopperWithCart();
    const key = newKey();
    const answers = await Promise.all([0, 1, 2].map(() => checkout(client, { fulfilment: "pickup" }, key)));
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, 201]);
    expect(new Set(answers.map((answer) => answer.json.id)).size).toBe(1);
    expect(await store.db.select().from(orders).where(eq(orders.idempotencyKey, key))).toHaveLength(1);
  });

  test("a key is the shopper's own: another shopper's order under the same key is a new order", async () => {
    const key = newKey();
    const first = await checkout((await shopperWithCart()).client, { fulfilment: "pickup" }, key);
    const second = await checkout((await shopperWithCart()).client, { fulfilment: "pickup" }, key);
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.json.id).not.toBe(first.json.id);
  });

  test("missing or malformed Idempotency-Key is a 400 problem naming the header", async () => {
    const { client } = await shopperWithCart();
    const missing = expectProblem(await checkout(client, { fulfilment: "pickup" }, null), 400);
    expect(missing.errors![0]!.path).toBe("idempotency-key");
    expect(expectProblem(await checkout(client, { fulfilment: "pickup" }, "short"), 400).errors![0]!.path).toBe("idempotency-key");
    expect((await client.get("/cart")).json.items.length).toBe(2);
  });

  test("each invalid body field is a 422 naming it", async () => {
    const { client } = await shopperWithCart();
    expect(expectProblem(await checkout(client, {}), 422).errors![0]!.path).toBe("fulfilment");
    expect(expectProblem(await checkout(client, { fulfilment: "drone" }), 422).errors![0]!.path).toBe("fulfilment");
    expect(expectProblem(await checkout(client, { fulfilment: "delivery" }), 422).errors![0]!.path).toBe("delivery_address");
    expect(expectProblem(await checkout(client, { fulfilment: "pickup", note: "x".repeat(501) }), 422).errors![0]!.path).toBe("note");
  });

  test("out of stock is a 409 with the items and what is left", async () => {
    const { client } = await shopperWithCart();
    await store.db.update(products).set({ stock: 1_000 }).where(eq(products.id, shelves.bananas.id));
    try {
      const problem = expectProblem(await checkout(client, { fulfilment: "pickup" }), 409);
      expect(problem.type).toBe("/api/docs#problem-out-of-stock");
      expect(problem.items).toEqual([{ product_id: shelves.bananas.id, name: "Bananas", unit: "kg", wanted: 1.25, left: 1 }]);
    } finally {
      await store.db.update(products).set({ stock: 20_000 }).where(eq(products.id, shelves.bananas.id));
    }
  });

  test("an empty cart or one under the minimum is 422; no token is 401", async () => {
    const { client } = await apiShopper(store);
    expect(expectProblem(await checkout(client, { fulfilment: "pickup" }), 422).type).toBe("/api/docs#problem-cart-empty");
    await client.put(`/cart/items/${shelves.milk.id}`, { quantity: 1 });
    expect(expectProblem(await checkout(client, { fulfilment: "pickup" }), 422).type).toBe("/api/docs#problem-below-minimum");
    expectProblem(await checkout(new ApiClient(store), { fulfilment: "pickup" }), 401);
  });
});

describe("orders", () => {
  test("list (newest first, paged), one, cancel once; someone else's order is 404", async () => {
    const { client } = await apiShopper(store);
    const placed: number[] = [];
    for (let i = 0; i < 3; i++) {
      await client.put(`/cart/items/${shelves.eggs.id}`, { quantity: 2 });
      const order = await checkout(client, { fulfilment: "pickup" });
      expect(order.status).toBe(201);
      placed.push(order.json.id);
      store.clock.advance(1000);
    }
    const first = await client.get("/orders?limit=2");
    expect(first.json.items.map((o: { id: number }) => o.id)).toEqual([placed[2], placed[1]]);
    const second = await client.get(`/orders?limit=2&cursor=${first.json.next_cursor}`);
    expect(second.json.items.map((o: { id: number }) => o.id)).toEqual([placed[0]]);
    expect(second.json.next_cursor).toBeNull();
    expect(expectProblem(await client.get("/orders?limit=500"), 400).errors![0]!.path).toBe("limit");

    const one = await client.get(`/orders/${placed[0]}`);
    expect(one.json).toMatchObject({ id: placed[0], status: "placed", total_cents: 798 });
    const stockBefore = (await productNow(store, shelves.eggs)).stock;
    const cancelled = await client.post(`/orders/${placed[0]}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.json.status).toBe("cancelled");
    expect((await productNow(store, shelves.eggs)).stock).toBe(stockBefore + 2_000);
    expectProblem(await client.post(`/orders/${placed[0]}/cancel`), 409);

    const { client: stranger } = await apiShopper(store);
    expectProblem(await stranger.get(`/orders/${placed[1]}`), 404);
    expectProblem(await stranger.post(`/orders/${placed[1]}/cancel`), 404);
    expect(expectProblem(await stranger.get("/orders/one"), 400).errors![0]!.path).toBe("id");
    expect((await stranger.get("/orders")).json).toEqual({ items: [], next_cursor: null });
  });

  test("401 without a token", async () => {
    const anonymous = new ApiClient(store);
    expectProblem(await anonymous.get("/orders"), 401);
    expectProblem(await anonymous.get("/orders/1"), 401);
    expectProblem(await anonymous.post("/orders/1/cancel"), 401);
  });
});
