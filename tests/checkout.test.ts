import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { eq, sql } from "drizzle-orm";
import { tallyAllSales } from "../src/catalog/popularity";
import { categories, jobs, notifications, products } from "../src/db/schema";
import { cartItems, carts, lowStockEvents, orderItems, orders, promoCodes, promoRedemptions } from "../src/db/shop-tables";
import { addPromo, addToCart, checkout, newShopper, productNow, openShop, type Shelves } from "./support/shop";
import { createTestStore, textOf, type TestStore } from "./support/store";

let store: TestStore;
let shelves: Shelves;
beforeEach(async () => {
  ({ store, shelves } = await openShop({ MIN_ORDER_CENTS: "500" }));
});
afterEach(() => store.close());

describe("placing an order", () => {
  test("records the order at database prices, takes the stock, counts the promo and empties the cart", async () => {
    const { agent, user } = await newShopper(store);
    await addPromo(store, { code: "FRESH10", kind: "percent", value: 10 });
    await addToCart(agent, shelves.bananas, "1.25");
    await addToCart(agent, shelves.milk, "3");
    await agent.post("/cart/promo", { code: "fresh10" });

    const { response } = await checkout(agent, { fulfilment: "delivery", delivery_address: "12 Orchard Lane, Cork" });
    expect(response.status).toBe(303);
    const [order] = await store.db.select().from(orders).where(eq(orders.userId, user.id));
    expect(response.headers.get("location")).toBe(`/orders/${order!.id}?placed=1`);
    // 1.25 kg x €1.89 = €2.3625 -> €2.36; 3 l x €1.29 = €3.87; 10% of €6.23 = €0.623 -> €0.62
    expect(order).toMatchObject({ subtotalCents: 623, discountCents: 62, totalCents: 561, promoCode: "FRESH10", fulfilment: "delivery" });

    const items = await store.db.select().from(orderItems).where(eq(orderItems.orderId, order!.id));
    expect(items.map((item) => [item.name, item.quantity, item.priceCents, item.lineTotalCents])).toEqual([
      ["Bananas", 1250, 189, 236],
      ["Whole Milk", 3000, 129, 387],
    ]);
    expect((await productNow(store, shelves.bananas)).stock).toBe(20_000 - 1250);
    // The database marks a product as ordered with its first order line; later orders leave the mark.
    expect((await productNow(store, shelves.bananas)).firstOrderedAt).toEqual(order!.placedAt);
    expect((await productNow(store, shelves.apples)).firstOrderedAt).toBeNull();
    // Popularity is counted by the sales tally, not by checkout (ADR 013).
    expect((await productNow(store, shelves.bananas)).sold).toBe(0);
    await tallyAllSales(store.database);
    expect((await productNow(store, shelves.bananas)).sold).toBe(1250);
    expect((await store.db.select().from(promoCodes))[0]!.timesUsed).toBe(1);
    expect(await store.db.select().from(cartItems)).toHaveLength(0);
    // The code was used up with this order: the next cart starts without it.
    expect((await store.db.select().from(carts).where(eq(carts.userId, user.id)))[0]!.promoCode).toBeNull();

    await addToCart(agent, shelves.eggs, "2");
    expect(await textOf(await agent.get("/checkout"))).toContain("12 Orchard Lane, Cork</textarea>");

    const confirmation = await textOf(await agent.get(`/orders/${order!.id}?placed=1`));
    expect(confirmation).toContain(`Thank you! Your order GR-${String(order!.id).padStart(6, "0")} is placed.`);
  });

  test("the same idempotency key returns the same order instead of a second one", async () => {
    const { agent, user } = await newShopper(store);
    await addToCart(agent, shelves.eggs, "2");
    const { response, key } = await checkout(agent);
    const again = await agent.post("/checkout", { fulfilment: "pickup", idempotency_key: key });
    expect(again.status).toBe(303);
    expect(again.headers.get("location")).toBe(response.headers.get("location")!);
    expect(await store.db.select().from(orders).where(eq(orders.userId, user.id))).toHaveLength(1);
    expect((await productNow(store, shelves.eggs)).stock).toBe(8_000);
  });

  test("double-submitting the same form at once still makes one order", async () => {
    const { agent, user } = await newShopper(store);
    await addToCart(agent, shelves.eggs, "2");
    const page = await (await agent.get("/checkout")).text();
    const key = /name="idempotency_key" value="([^"]+)"/.exec(page)![1]!;
    const responses = await Promise.all(Array.from({ length: 5 }, () => agent.post("/checkout", { fulfilment: "pickup", idempotency_key: key })));
    expect(responses.map((r) => r.status)).toEqual([303, 303, 303, 303, 303]);
    expect(await store.db.select().from(orders).where(eq(orders.userId, user.id))).toHaveLength(1);
    expect((await productNow(store, shelves.eggs)).stock).toBe(8_000);
  });

  test("out of stock at checkout names the items and what is left, and changes nothing", async () => {
    const { agent, user } = await newShopper(store);
    await addToCart(agent, shelves.apples, "2.5");
    await addToCart(agent, shelves.eggs, "1");
    await store.db.update(products).set({ stock: 1000 }).where(eq(products.id, shelves.apples.id));
    const { response } = await checkout(agent);
    expect(response.status).toBe(409);
    const html = await textOf(response);
    expect(html).toContain("Apples: you asked for 2.5 kg, only 1 kg left.");
    expect(html).not.toContain("Free-range Eggs: you asked");
    expect(await store.db.select().from(orders).where(eq(orders.userId, user.id))).toHaveLength(0);
    expect((await productNow(store, shelves.eggs)).stock).toBe(10_000);
  });

  test("the confirmation email and the staff notice are written in the order's own unit, and vanish with it", async () => {
    const { agent, user } = await newShopper(store);
    await addToCart(agent, shelves.eggs, "2");
    expect((await checkout(agent)).response.status).toBe(303);
    const [order] = await store.db.select().from(orders).where(eq(orders.userId, user.id));
    const number = `GR-${String(order!.id).padStart(6, "0")}`;
    const confirmations = async () => (await store.db.select().from(jobs).where(eq(jobs.type, "order-confirmation"))).map((job) => JSON.parse(job.payload));
    expect(await confirmations()).toEqual([{ orderId: order!.id }]);
    const notices = await store.db.select().from(notifications).where(eq(notifications.kind, "new_order"));
    expect(notices).toEqual([expect.objectContaining({ title: `New pickup order ${number}`, link: `/manage/orders/${order!.id}`, audience: "staff" })]);

    // A failure late in the unit (here: the cart cannot be emptied) takes the email and the notice with it.
    await store.database.db.run(sql`CREATE TRIGGER test_refuse_emptying BEFORE DELETE ON cart_items BEGIN SELECT RAISE(ABORT, 'cart locked'); END`);
    const other = await newShopper(store);
    await addToCart(other.agent, shelves.eggs, "2");
    expect((await checkout(other.agent)).response.status).toBe(500);
    expect(await store.db.select().from(orders).where(eq(orders.userId, other.user.id))).toHaveLength(0);
    expect(await confirmations()).toHaveLength(1);
    expect(await store.db.select().from(notifications).where(eq(notifications.kind, "new_order"))).toHaveLength(1);
    expect((await productNow(store, shelves.eggs)).stock).toBe(8_000);
  });

  test("the minimum order value is enforced", async () => {
    const { agent } = await newShopper(store);
    await addToCart(agent, shelves.milk, "1");
    const { response } = await checkout(agent);
    expect(response.status).toBe(422);
    expect(await textOf(response)).toContain("The minimum order is €5.00; your items come to €1.29.");
    expect(await store.db.select().from(orders)).toHaveLength(0);
  });

  test("bad checkout input answers 422 with the form and its errors", async () => {
    const { agent } = await newShopper(store);
    await addToCart(agent, shelves.eggs, "2");
    const cases: [Record<string, string>, string][] = [
      [{ fulfilment: "teleport", idempotency_key: "k".repeat(20) }, "Choose delivery or click &amp; collect."],
      [{ fulfilment: "delivery", idempotency_key: "k".repeat(20) }, "Enter the delivery address."],
      [{ fulfilment: "pickup", idempotency_key: "short" }, "This checkout form has expired."],
      [{ fulfilment: "pickup" }, "This checkout form has expired."],
    ];
    for (const [form, message] of cases) {
      const response = await agent.post("/checkout", form);
      expect(response.status).toBe(422);
      expect(await response.text()).toContain(message);
    }
    expect(await store.db.select().from(orders)).toHaveLength(0);
  });

  test("a visitor is asked to log in before checkout", async () => {
    const response = await store.agent().get("/checkout");
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/login?next=%2Fcheckout");
  });

  test("crossing the low-stock threshold at checkout records a low-stock event", async () => {
    const { agent } = await newShopper(store);
    await addToCart(agent, shelves.apples, "2");
    await checkout(agent);
    const events = await store.db.select().from(lowStockEvents);
    expect(events.map((event) => [event.productId, event.stock, event.threshold])).toEqual([[shelves.apples.id, 1000, 1000]]);
  });
});

describe("rules the database holds even if the application were wrong", () => {
  test("an order line at a stale price is refused", async () => {
    const { user } = await newShopper(store);
    const [order] = await store.db
      .insert(orders)
      .values({ userId: user.id, fulfilment: "pickup", subtotalCents: 100, totalCents: 100, idempotencyKey: "k".repeat(20), requestHash: "x", placedAt: new Date(), updatedAt: new Date() })
      .returning();
    const attempt = store.db.insert(orderItems).values({ orderId: order!.id, productId: shelves.eggs.id, name: "Eggs", unit: "dozen", quantity: 1000, priceCents: 1, lineTotalCents: 1 });
    expect(await attempt.then(() => "accepted", (error: Error) => `${error.message} ${String(error.cause)}`)).toContain("order_item_price_changed");
  });

  test("a promo code cannot be used past its total limit", async () => {
    const promo = await addPromo(store, { code: "ONCE", kind: "fixed", value: 100, usageLimit: 1, timesUsed: 1 });
    const attempt = store.db.update(promoCodes).set({ timesUsed: sql`${promoCodes.timesUsed} + 1` }).where(eq(promoCodes.id, promo.id));
    expect(await attempt.then(() => "accepted", (error: Error) => `${error.message} ${String(error.cause)}`)).toContain("promo_codes_within_limit");
  });

  test("a promo used up between cart and checkout rolls the whole order back", async () => {
    const { agent, user } = await newShopper(store);
    const promo = await addPromo(store, { code: "LAST1", kind: "fixed", value: 200, usageLimit: 1 });
    await addToCart(agent, shelves.eggs, "2");
    await agent.post("/cart/promo", { code: "LAST1" });
    const page = await (await agent.get("/checkout")).text();
    const key = /name="idempotency_key" value="([^"]+)"/.exec(page)![1]!;
    await store.db.update(promoCodes).set({ timesUsed: 1 }).where(eq(promoCodes.id, promo.id));
    const response = await agent.post("/checkout", { fulfilment: "pickup", idempotency_key: key });
    expect(response.status).toBe(422);
    expect(await textOf(response)).toContain("The code LAST1 has been used up.");
    expect(await store.db.select().from(orders).where(eq(orders.userId, user.id))).toHaveLength(0);
    expect(await store.db.select().from(promoRedemptions)).toHaveLength(0);
    expect((await productNow(store, shelves.eggs)).stock).toBe(10_000);
  });
});

for (const driver of ["bun-sqlite", "libsql"] as const) {
  describe(`a big cart on ${driver}`, () => {
    test("twelve lines are written and taken from stock in chunks, and one short line refuses them all", async () => {
      const big = await createTestStore({ seed: false, driver, env: { MIN_ORDER_CENTS: "0" } });
      try {
        const [aisle] = await big.db.insert(categories).values({ name: "Pantry", slug: "pantry", status: "active" }).returning();
        const shelf = await big.db
          .insert(products)
          .values(Array.from({ length: 12 }, (_, i) => ({ name: `Jar ${i + 1}`, slug: `jar-${i + 1}`, categoryId: aisle!.id, priceCents: 100 + i, unit: "each" as const, step: 1000, stock: 5000 })))
          .returning();
        const { agent, user } = await newShopper(big);
        for (const jar of shelf) expect((await addToCart(agent, jar, "2")).status).toBe(303);
        // The last jar, in the second statement, has one left by the time the order is placed.
        await big.db.update(products).set({ stock: 1000 }).where(eq(products.id, shelf[11]!.id));
        const short = await checkout(agent);
        expect(short.response.status).toBe(409);
        expect(await big.db.select().from(orders).where(eq(orders.userId, user.id))).toHaveLength(0);
        expect((await big.db.select().from(products).where(eq(products.id, shelf[0]!.id)))[0]!.stock).toBe(5000);

        // Sold elsewhere between the shopper's look and the order's unit: the database refuses the second statement's line and undoes all.
        await big.db.update(products).set({ stock: 5000 }).where(eq(products.id, shelf[11]!.id));
        await big.db.run(sql.raw(`CREATE TRIGGER test_sold_meanwhile AFTER INSERT ON orders BEGIN UPDATE products SET stock = 1000 WHERE id = ${shelf[11]!.id}; END`));
        const raced = await checkout(agent);
        expect(raced.response.status).toBe(409);
        expect(await textOf(raced.response)).toContain("Jar 12");
        expect(await big.db.select().from(orders).where(eq(orders.userId, user.id))).toHaveLength(0);
        expect(await big.db.select().from(orderItems)).toHaveLength(0);
        expect((await big.db.select().from(products).where(eq(products.id, shelf[0]!.id)))[0]!.stock).toBe(5000);
        await big.db.run(sql`DROP TRIGGER test_sold_meanwhile`);

        await big.db.update(products).set({ stock: 5000 }).where(eq(products.id, shelf[11]!.id));
        expect((await checkout(agent)).response.status).toBe(303);
        const [order] = await big.db.select().from(orders).where(eq(orders.userId, user.id));
        const lines = await big.db.select().from(orderItems).where(eq(orderItems.orderId, order!.id));
        expect(lines.map((line) => [line.name, line.quantity, line.priceCents])).toEqual(shelf.map((jar) => [jar.name, 2000, jar.priceCents]));
        expect(order!.subtotalCents).toBe(shelf.reduce((sum, jar) => sum + 2 * jar.priceCents, 0));
        const stocks = await big.db.select({ stock: products.stock }).from(products).where(eq(products.categoryId, aisle!.id));
        expect(stocks.map((row) => row.stock)).toEqual(Array(12).fill(3000));
      } finally {
        big.close();
      }
    });
  });
}
