import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { desc, eq } from "drizzle-orm";
import { orders } from "../src/db/shop-tables";
import { apiShopper, expectProblem } from "./support/api";
import { addToCart, checkout, newShopper, openShop, type Shelves } from "./support/shop";
import { type TestStore } from "./support/store";

// One checkout contract (src/checkout/contract.ts) for the page's form and the API's body.
let store: TestStore;
let shelves: Shelves;
beforeAll(async () => {
  ({ store, shelves } = await openShop());
});
afterAll(() => store.close());

let keys = 0;
const newKey = () => `contract-key-${Date.now()}-${++keys}-abcdef`;

async function viaPage(form: Record<string, string>) {
  const { agent, user } = await newShopper(store);
  await addToCart(agent, shelves.milk, "2");
  const { response } = await checkout(agent, form);
  const [order] = await store.db.select().from(orders).where(eq(orders.userId, user.id)).orderBy(desc(orders.id));
  return { status: response.status, order, html: response.status === 422 ? await response.text() : "" };
}

async function viaApi(body: Record<string, string>) {
  const { client, user } = await apiShopper(store);
  await client.put(`/cart/items/${shelves.milk.id}`, { quantity: 2 });
  const response = await client.post("/checkout", body, { headers: { "idempotency-key": newKey() } });
  const [order] = await store.db.select().from(orders).where(eq(orders.userId, user.id)).orderBy(desc(orders.id));
  return { response, order };
}

describe("the click & collect address follows one rule on page and API", () => {
  test("click & collect ignores whatever is in the address box, on the page and in the API", async () => {
    const page = await viaPage({ fulfilment: "pickup", delivery_address: "n/a" });
    expect(page.status).toBe(303);
    expect(page.order).toMatchObject({ fulfilment: "pickup", deliveryAddress: null });

    const api = await viaApi({ fulfilment: "pickup", delivery_address: "n/a" });
    expect(api.response.status).toBe(201);
    expect(api.order).toMatchObject({ fulfilment: "pickup", deliveryAddress: null });
  });

  test("delivery needs an address of at least 5 characters, on the page and in the API", async () => {
    const page = await viaPage({ fulfilment: "delivery", delivery_address: "n/a" });
    expect(page.status).toBe(422);
    expect(page.html).toContain("Enter the delivery address.");
    expect(page.order).toBeUndefined();

    const api = await viaApi({ fulfilment: "delivery", delivery_address: "n/a" });
    const problem = expectProblem(api.response, 422);
    expect(problem.errors![0]).toMatchObject({ path: "delivery_address", message: "Enter the delivery address." });
    expect(api.order).toBeUndefined();

    const placed = await viaApi({ fulfilment: "delivery", delivery_address: "12 Orchard Lane" });
    expect(placed.response.status).toBe(201);
    expect(placed.order).toMatchObject({ fulfilment: "delivery", deliveryAddress: "12 Orchard Lane" });
  });

  test("a retry under the same key is told apart by the same comparison on page and API", async () => {
    const { agent } = await newShopper(store);
    await addToCart(agent, shelves.milk, "1");
    const { response, key } = await checkout(agent, { fulfilment: "delivery", delivery_address: "12 Orchard Lane" });
    expect(response.status).toBe(303);
    const again = await agent.post("/checkout", { fulfilment: "delivery", delivery_address: "12 Orchard Lane", idempotency_key: key });
    expect(again.status).toBe(303);
    expect(again.headers.get("location")).toBe(response.headers.get("location"));

    const { client } = await apiShopper(store);
    await client.put(`/cart/items/${shelves.milk.id}`, { quantity: 1 });
    const apiKey = newKey();
    const body = { fulfilment: "pickup", delivery_address: "ignored", note: "Ring twice" };
    const first = await client.post("/checkout", body, { headers: { "idempotency-key": apiKey } });
    expect(first.status).toBe(201);
    // The address box is ignored for click & collect, so a retry without it is the same request.
    const retry = await client.post("/checkout", { fulfilment: "pickup", note: "Ring twice" }, { headers: { "idempotency-key": apiKey } });
    expect(retry.status).toBe(200);
    expectProblem(await client.post("/checkout", { fulfilment: "pickup", note: "Ring once" }, { headers: { "idempotency-key": apiKey } }), 422);
  });
});
