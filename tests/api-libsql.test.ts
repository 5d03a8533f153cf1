import { afterAll, beforeAll, expect, test } from "bun:test";
import { apiShopper, expectProblem } from "./support/api";
import { stockShelves, type Shelves } from "./support/shop";
import { createTestStore, type TestStore } from "./support/store";

// The same API on the @libsql/client driver (what Turso deployments use), not bun:sqlite.
let store: TestStore;
let shelves: Shelves;
beforeAll(async () => {
  store = await createTestStore({ seed: false, driver: "libsql" });
  shelves = await stockShelves(store);
});
afterAll(() => store.close());

test("on libSQL: rate-limited token, rotation with reuse detection, idempotent checkout, 304", async () => {
  expect(store.database.driver).toBe("libsql");
  const { client, tokens, email } = await apiShopper(store);
  const rotated = await client.post("/auth/refresh", { refresh_token: tokens.refresh_token });
  expect(rotated.status).toBe(200);
  expect(rotated.headers.get("ratelimit-limit")).toBe("30");
  expectProblem(await client.post("/auth/refresh", { refresh_token: tokens.refresh_token }), 401);
  expectProblem(await client.post("/auth/refresh", { refresh_token: rotated.json.refresh_token }), 401);
  // The reuse revoked the whole log-in: its access token stops at once too (ADR 019).
  expectProblem(await client.get("/me"), 401);
  await client.logIn(email, "fresh-produce-123");

  await client.put(`/cart/items/${shelves.bananas.id}`, { quantity: 3 });
  const headers = { "idempotency-key": "libsql-checkout-key-0001" };
  const placed = await client.post("/checkout", { fulfilment: "pickup" }, { headers });
  expect(placed.status).toBe(201);
  const again = await client.post("/checkout", { fulfilment: "pickup" }, { headers });
  expect(again.status).toBe(200);
  expect(again.json.id).toBe(placed.json.id);

  const list = await client.get("/products");
  expect((await client.get("/products", { headers: { "if-none-match": list.headers.get("etag")! } })).status).toBe(304);
});
