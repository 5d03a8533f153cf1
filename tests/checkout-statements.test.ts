import { afterAll, beforeAll, expect, test } from "bun:test";
import { Database as Sqlite } from "bun:sqlite";
import { addToCart, newShopper, stockShelves, type Shelves } from "./support/shop";
import { createTestStore, type TestStore } from "./support/store";

/*
 * SQL statements per "Place order" (issue 14: fewer reads before the checkout write), counted by
 * wrapping bun:sqlite's statement methods in this test process only. Not a timing: a count, so a
 * change that adds a read to checkout shows here. The figures are written in BENCHMARKS.md.
 */
let store: TestStore;
let shelves: Shelves;
let counting = false;
let reads = 0;
let writes = 0;

beforeAll(async () => {
  // bun:sqlite gives each statement its own run/all/get/values: wrap them as statements are made.
  const proto = Sqlite.prototype as unknown as Record<string, (this: Sqlite, ...args: unknown[]) => Record<string, unknown>>;
  for (const maker of ["prepare", "query"]) {
    const make = proto[maker]!;
    proto[maker] = function (this: Sqlite, ...args: unknown[]) {
      const statement = make.apply(this, args);
      const sql = String(args[0]);
      const write = /^\s*(insert|update|delete|replace|savepoint|release|with)\b/i.test(sql);
      for (const method of ["all", "get", "run", "values"]) {
        const original = statement[method] as (...params: unknown[]) => unknown;
        if (typeof original !== "function") continue;
        statement[method] = (...params: unknown[]) => {
          if (counting) {
            if (write) writes++;
            else reads++;
          }
          return original.apply(statement, params);
        };
      }
      return statement;
    };
  }
  store = await createTestStore({ seed: false, env: { MIN_ORDER_CENTS: "0" } });
  shelves = await stockShelves(store);
});
afterAll(() => store.close());

test("placing a 3-line order: statements counted before the order's write and in it", async () => {
  const { agent } = await newShopper(store);
  await addToCart(agent, shelves.bananas, "1");
  await addToCart(agent, shelves.milk, "2");
  await addToCart(agent, shelves.eggs, "1");
  const page = await agent.get("/checkout");
  const key = /name="idempotency_key" value="([^"]+)"/.exec(await page.text())?.[1];
  expect(key).toBeDefined();
  reads = 0;
  writes = 0;
  counting = true;
  const response = await agent.post("/checkout", { fulfilment: "pickup", idempotency_key: key! });
  counting = false;
  expect(response.status).toBe(303);
  console.log(JSON.stringify({ checkoutStatements: { reads, writes } }));
  // 6 Dec 2026: 11 reads and 8 writes (the order's atomic unit, its lines, stock, email job...).
  // The bound leaves room for one change in flight; lower it as reads go.
  expect(reads).toBeGreaterThan(0);
  expect(reads).toBeLessThanOrEqual(14);
  expect(writes).toBeLessThanOrEqual(10);
});
