import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { queueSalesTally, tallyAllSales, tallyNextOrders, untalliedOrders } from "../src/catalog/popularity";
import { salesTally } from "../src/db/schema";
import { storeJobs } from "../src/store-jobs";
import { drainJobs } from "../src/jobs/worker";
import { pickMailer } from "../src/mail/transport";
import { addToCart, checkout, newShopper, productNow, stockShelves, type Shelves } from "./support/shop";
import { createTestStore, type Agent, type TestStore } from "./support/store";

for (const driver of ["bun-sqlite", "libsql"] as const) {
  describe(`popularity tally on ${driver}`, () => {
    let store: TestStore;
    let shelves: Shelves;
    beforeEach(async () => {
      store = await createTestStore({ seed: false, driver, env: { MIN_ORDER_CENTS: "0" } });
      shelves = await stockShelves(store);
    });
    afterEach(() => store.close());

    const order = async (agent: Agent, lines: [keyof Shelves, string][]) => {
      for (const [name, quantity] of lines) expect((await addToCart(agent, shelves[name], quantity)).status).toBe(303);
      const { response } = await checkout(agent);
      expect(response.status).toBe(303);
      return Number(/\/orders\/(\d+)/.exec(response.headers.get("location")!)![1]);
    };
    const sold = async (name: keyof Shelves) => (await productNow(store, shelves[name])).sold;
    const mark = async () => (await store.db.select().from(salesTally).where(eq(salesTally.id, 1)))[0]!.throughOrderId;

    test("checkout leaves popularity alone; the tally counts every line once, in batches", async () => {
      const { agent } = await newShopper(store);
      for (let n = 0; n < 5; n++) await order(agent, [["bananas", "0.5"], ["milk", "2"]]);
      await order(agent, [["eggs", "1"]]);
      expect([await sold("bananas"), await sold("milk"), await sold("eggs")]).toEqual([0, 0, 0]);
      expect(await untalliedOrders(store.db)).toBe(6);

      // Two orders per unit: three units, the last one says nothing is left.
      expect(await tallyNextOrders(store.database, 2)).toBe(true);
      expect(await sold("bananas")).toBe(1000);
      expect(await tallyNextOrders(store.database, 2)).toBe(true);
      expect(await tallyNextOrders(store.database, 2)).toBe(false);
      expect([await sold("bananas"), await sold("milk"), await sold("eggs")]).toEqual([2500, 10_000, 1000]);
      expect(await untalliedOrders(store.db)).toBe(0);

      // Again, with nothing new: nothing moves, and the mark stays on the last order.
      const through = await mark();
      await tallyAllSales(store.database);
      expect([await sold("bananas"), await sold("milk"), await sold("eggs")]).toEqual([2500, 10_000, 1000]);
      expect(await mark()).toBe(through);
    });

    test("an order cancelled before the tally is never counted; one cancelled after is taken back", async () => {
      const { agent } = await newShopper(store);
      const early = await order(agent, [["bananas", "1"]]);
      expect((await agent.post(`/orders/${early}/cancel`)).status).toBe(303);
      const late = await order(agent, [["bananas", "0.25"], ["apples", "1"]]);
      await tallyAllSales(store.database);
      expect([await sold("bananas"), await sold("apples")]).toEqual([250, 1000]);

      expect((await agent.post(`/orders/${late}/cancel`)).status).toBe(303);
      expect([await sold("bananas"), await sold("apples")]).toEqual([0, 0]);
      await tallyAllSales(store.database);
      expect([await sold("bananas"), await sold("apples")]).toEqual([0, 0]);
      // Stock came back both times, whatever the tally did.
      expect((await productNow(store, shelves.bananas)).stock).toBe(20_000);
    });

    test("the scheduled job folds new orders in, and the most popular product leads its aisle", async () => {
      const { agent } = await newShopper(store);
      const firstInAisle = async () => /<h3 class="product-name"><a href="\/products\/([^"]+)"/.exec(await (await agent.get("/categories/fruit")).text())?.[1];
      await order(agent, [["apples", "1"]]);
      await tallyAllSales(store.database);
      expect(await firstInAisle()).toBe("apples");

      await order(agent, [["bananas", "2"]]);
      expect(await firstInAisle()).toBe("apples");
      await queueSalesTally(store.db, store.clock.now(), store.clock.now());
      const ran = await drainJobs({ deps: store.deps, mailer: pickMailer(store.config, store.database, store.clock) }, storeJobs(), "test");
      expect(ran).toBeGreaterThanOrEqual(1);
      expect([await sold("bananas"), await sold("apples")]).toEqual([2000, 1000]);
      expect(await firstInAisle()).toBe("bananas");
    });
  });
}
