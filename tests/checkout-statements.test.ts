import { afterAll, beforeAll, expect, test } from "bun:test";
import { Database as Sqlite } from "bun:sqlite";
import { addPromo, addToCart, newShopper, stockShelves, type Shelves } from "./support/shop";
import { openSlots, shopperHoldingWindow } from "./support/slot-store";
import { placeFromCheckoutPage } from "./support/checkout-page";
import { createTestStore, textOf, type TestStore } from "./support/store";

/*
 * SQL statements per "Place order" (issue 14: fewer reads before the checkout write), counted by
 * wrapping bun:sqlite's statement methods in this test process only. Not a timing: a count, so a
 * change that adds a read to checkout shows here. The figures are written in BENCHMARKS.md.
 */
// SHOW_SQL=1 prints each statement counted.
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
          if (counting) { if (process.env.SHOW_SQL) console.log("SQL", write ? "W" : "R", sql.slice(0, 160).replace(/\s+/g, " "));
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
  // Saturday 21 Nov 2026, 10:00-12:00 (the store's clock is Friday morning), in the Dublin zone.
  await openSlots(store, { feeCents: 200, freeFromCents: null, minimumBasketCents: 0 }, [{ starts: 600, ends: 720, capacity: 5, feeCents: 199 }]);
  await addPromo(store, { code: "TENOFF", kind: "percent", value: 10 });
});

/** Counts the statements run while `act` runs. */
async function counted(act: () => Promise<Response>): Promise<{ response: Response; reads: number; writes: number }> {
  reads = 0;
  writes = 0;
  counting = true;
  const response = await act();
  counting = false;
  return { response, reads, writes };
}
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
  // 6 Dec 2026: 11 reads and 8 writes before; now 4 reads (the session, ONE read of cart, lines, promo,
  // reservation and key (src/checkout/checkout-read.ts), and the commit group's BEGIN and COMMIT) and
  // the same 8 writes (the order's unit in its savepoint). No slack: a read added to checkout shows here.
  expect(reads).toBeLessThanOrEqual(4);
  expect(writes).toBeLessThanOrEqual(8);
});

test("a delivery in a held slot to an address-book address with a promo code: the slot, promo and cart in the same one read", async () => {
  const { agent } = await shopperHoldingWindow(store, "2026-11-21T10:00:00Z");
  await addToCart(agent, shelves.bananas, "1");
  await addToCart(agent, shelves.milk, "2");
  await addToCart(agent, shelves.eggs, "1");
  expect((await agent.post("/cart/promo", { code: "TENOFF" })).status).toBe(303);
  const page = await textOf(await agent.get("/checkout"));
  const placed = await counted(() => placeFromCheckoutPage(agent, { fulfilment: "delivery" }, page));
  expect(placed.response.status).toBe(303);
  console.log(JSON.stringify({ deliveryCheckoutStatements: { reads: placed.reads, writes: placed.writes } }));
  // 6 Dec 2026: 6 reads: the session, the address-book entry, ONE read of cart, lines, promo and its
  // uses, the held window and its horizon, and the key; the zone of the postcode; BEGIN and COMMIT.
  // The unit's writes: the order, the slot (release + book), lines, stock, the promo (count +
  // redemption), email job, staff notice, emptied cart, cart's code cleared, in a savepoint.
  expect(placed.reads).toBeLessThanOrEqual(6);
  expect(placed.writes).toBeLessThanOrEqual(13);
});
