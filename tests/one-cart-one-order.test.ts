// One cart becomes one order, however many requests race for it (issue 18, item 1) and a stale
// checkout form says what happened (item 7). bun:sqlite and @libsql/client on a real file here;
// D1 in tests/workerd.test.ts.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { orders } from "../src/db/shop-tables";
import { ApiClient, apiShopper, expectProblem } from "./support/api";
import { addToCart, newShopper, productNow, stockShelves, type Shelves } from "./support/shop";
import { createTestStore, textOf, type TestStore } from "./support/store";

for (const driver of ["bun-sqlite", "libsql"] as const) {
  describe(`one cart, one order (${driver})`, () => {
    let store: TestStore;
    let shelves: Shelves;
    beforeAll(async () => {
      store = await createTestStore({ seed: false, driver });
      shelves = await stockShelves(store);
    });
    afterAll(() => store.close());

    let keys = 0;
    const newKey = () => `race-key-${Date.now()}-${++keys}-abcdef`;
    const ordersOf = (userId: number) => store.db.select().from(orders).where(eq(orders.userId, userId));

    for (const racers of [8, 50]) {
      test(`${racers} API checkouts of one 1-line cart, each with its own key: one order, the others 409 cart-already-ordered`, async () => {
        const { client, user } = await apiShopper(store);
        await client.put(`/cart/items/${shelves.milk.id}`, { quantity: 5 });
        const before = (await productNow(store, shelves.milk)).stock;
        const answers = await Promise.all(
          Array.from({ length: racers }, () => client.post("/checkout", { fulfilment: "pickup" }, { headers: { "idempotency-key": newKey() } })),
        );
        const statuses = answers.map((answer) => answer.status);
        expect(statuses.filter((status) => status === 201)).toHaveLength(1);
        expect(await ordersOf(user.id)).toHaveLength(1);
        expect((await productNow(store, shelves.milk)).stock).toBe(before - 5000);
        const placed = answers.find((answer) => answer.status === 201)!.json as { id: number };
        for (const loser of answers.filter((answer) => answer.status !== 201)) {
          const problem = expectProblem(loser, loser.status === 409 ? 409 : 422);
          // The cart was consumed by the winner: either it is the same cart version (already ordered,
          // naming the order) or the loser read it after it was emptied (cart empty).
          if (loser.status === 409) {
            expect(problem.type).toBe("/api/docs#problem-cart-already-ordered");
            expect(problem.order_id).toBe(placed.id);
          } else expect(problem.type).toBe("/api/docs#problem-cart-empty");
        }
      });
    }

    test("the cart changed after it was read: 409 cart-changed, nothing ordered", async () => {
      const { client, user } = await apiShopper(store);
      await client.put(`/cart/items/${shelves.milk.id}`, { quantity: 5 });
      // A checkout and an add to the same cart race: either the order has both lines or one line and
      // the add lands in the emptied cart, or the checkout is refused because the cart changed.
      const [placed] = await Promise.all([
        client.post("/checkout", { fulfilment: "pickup" }, { headers: { "idempotency-key": newKey() } }),
        client.put(`/cart/items/${shelves.eggs.id}`, { quantity: 2 }),
      ]);
      const made = await ordersOf(user.id);
      if (placed.status === 409) {
        expect(expectProblem(placed, 409).type).toBe("/api/docs#problem-cart-changed");
        expect(made).toHaveLength(0);
      } else {
        expect(placed.status).toBe(201);
        expect(made).toHaveLength(1);
      }
    });

    test("page checkout from two tabs with their own forms: one order; the other tab lands on it with a sentence", async () => {
      const { agent, user } = await newShopper(store);
      expect((await addToCart(agent, shelves.milk, "5")).status).toBe(303);
      const keyOf = async () => /name="idempotency_key" value="([^"]+)"/.exec(await textOf(await agent.get("/checkout")))![1]!;
      const [first, second] = [await keyOf(), await keyOf()];
      const answers = await Promise.all([first, second, first, second].map((key) => agent.post("/checkout", { fulfilment: "pickup", idempotency_key: key })));
      const made = await ordersOf(user.id);
      expect(made).toHaveLength(1);
      for (const answer of answers) {
        expect(answer.status).toBe(303);
        expect(answer.headers.get("location")).toMatch(new RegExp(`^/orders/${made[0]!.id}|^/cart$`));
      }
      const notices = await Promise.all(answers.map(async (answer) => textOf(await agent.get(answer.headers.get("location")!))));
      expect(notices.some((html) => html.includes("This cart was already ordered"))).toBe(true);
    });

    test("a stale checkout form re-posted after the cart changed says so and shows the cart as it is now", async () => {
      const { agent, user } = await newShopper(store);
      await addToCart(agent, shelves.milk, "5");
      const key = /name="idempotency_key" value="([^"]+)"/.exec(await textOf(await agent.get("/checkout")))![1]!;
      const placed = await agent.post("/checkout", { fulfilment: "pickup", idempotency_key: key });
      expect(placed.headers.get("location")).toMatch(/\?placed=1$/);
      // Back in the other tab: more shopping, then the old checkout page is submitted again.
      await addToCart(agent, shelves.eggs, "2");
      const stale = await agent.post("/checkout", { fulfilment: "pickup", idempotency_key: key });
      expect(stale.status).toBe(409);
      const html = await textOf(stale);
      expect(html).toContain("This checkout form was already used for order GR-");
      expect(html).toContain("Free-range Eggs");
      expect(await ordersOf(user.id)).toHaveLength(1);
      // The same form re-posted with the cart still empty is a double submit: back to the order.
      const other = await newShopper(store);
      await addToCart(other.agent, shelves.milk, "5");
      const otherKey = /name="idempotency_key" value="([^"]+)"/.exec(await textOf(await other.agent.get("/checkout")))![1]!;
      const once = await other.agent.post("/checkout", { fulfilment: "pickup", idempotency_key: otherKey });
      const twice = await other.agent.post("/checkout", { fulfilment: "pickup", idempotency_key: otherKey });
      expect(twice.headers.get("location")).toBe(once.headers.get("location"));
    });

    test("a checkout form for a cart that changed since the page was shown is refused with the cart as it is now", async () => {
      const { agent, user } = await newShopper(store);
      await addToCart(agent, shelves.milk, "5");
      const page = await textOf(await agent.get("/checkout"));
      const key = /name="idempotency_key" value="([^"]+)"/.exec(page)![1]!;
      const version = /name="cart_version" value="(\d+)"/.exec(page)![1]!;
      await addToCart(agent, shelves.eggs, "2");
      const stale = await agent.post("/checkout", { fulfilment: "pickup", idempotency_key: key, cart_version: version });
      expect(stale.status).toBe(409);
      const html = await textOf(stale);
      expect(html).toContain("Your cart changed since this page was shown");
      expect(html).toContain("Free-range Eggs");
      expect(await ordersOf(user.id)).toHaveLength(0);
    });
  });
}
