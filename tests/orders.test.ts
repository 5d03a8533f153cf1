import { moveOrder } from "../src/orders/board";
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { cartItems, orders, promoCodes, promoRedemptions } from "../src/db/shop-tables";
import { orderEvents, products } from "../src/db/schema";
import { addPromo, addToCart, checkout, newShopper, productNow, openShop, type Shelves } from "./support/shop";
import { textOf, type TestStore } from "./support/store";

let store: TestStore;
let shelves: Shelves;
beforeEach(async () => {
  ({ store, shelves } = await openShop());
});
afterEach(() => store.close());

async function placedOrder() {
  const shopper = await newShopper(store);
  await addPromo(store, { code: "TENOFF", kind: "percent", value: 10 });
  await addToCart(shopper.agent, shelves.bananas, "2");
  await addToCart(shopper.agent, shelves.eggs, "1");
  await shopper.agent.post("/cart/promo", { code: "TENOFF" });
  await checkout(shopper.agent);
  const [order] = await store.db.select().from(orders).where(eq(orders.userId, shopper.user.id));
  return { ...shopper, order: order! };
}

describe("order history", () => {
  test("lists the shopper's orders and shows the detail and a printable invoice", async () => {
    const { agent, order } = await placedOrder();
    const number = `GR-${String(order.id).padStart(6, "0")}`;
    const list = await textOf(await agent.get("/orders"));
    expect(list).toContain(number);
    expect(list).toContain("Placed");
    const detail = await textOf(await agent.get(`/orders/${order.id}`));
    expect(detail).toContain(`Order ${number}`);
    expect(detail).toContain("Bananas");
    expect(detail).toContain("Discount (TENOFF)");
    // The invoice is issued when the order is completed, not when it is placed (ADR 026).
    const notYet = await agent.get(`/orders/${order.id}/invoice`);
    expect(notYet.status).toBe(404);
    expect(await textOf(notYet)).toContain(`No invoice yet for ${number}`);
    // ...so the order page links to none until then.
    expect(detail).not.toContain(`href="/orders/${order.id}/invoice"`);
    for (const status of ["picked", "ready_for_pickup", "completed"] as const) {
      expect(await moveOrder(store.database, order.id, status, { actorId: order.userId, now: store.clock.now(), config: store.config })).toEqual({ ok: true });
    }
    expect(await textOf(await agent.get(`/orders/${order.id}`))).toContain(`href="/orders/${order.id}/invoice"`);
    const invoice = await textOf(await agent.get(`/orders/${order.id}/invoice`));
    expect(invoice).toContain('class="invoice"');
    expect(invoice).toContain(number);
    expect(invoice).toContain("INV-");
    expect(invoice).toContain("data-print");
  });

  test("when an order was placed is told on the store's clock (Europe/Dublin), in the list and on the order", async () => {
    const { agent, order } = await placedOrder();
    // 12:30 UTC on 1 July is 13:30 in Dublin (summer time).
    await store.db.update(orders).set({ placedAt: new Date("2026-07-01T12:30:00Z") }).where(eq(orders.id, order.id));
    for (const path of ["/orders", `/orders/${order.id}`]) {
      const html = await textOf(await agent.get(path));
      expect(html).toContain("1 Jul 2026, 13:30");
      expect(html).not.toContain("UTC");
    }
  });

  test("someone else's order is not found, in every form", async () => {
    const { order } = await placedOrder();
    const { agent: stranger } = await newShopper(store);
    for (const path of [`/orders/${order.id}`, `/orders/${order.id}/invoice`]) expect((await stranger.get(path)).status).toBe(404);
    expect((await stranger.post(`/orders/${order.id}/cancel`)).status).toBe(404);
    expect((await stranger.post(`/orders/${order.id}/buy-again`)).status).toBe(404);
    expect((await stranger.get("/orders/abc")).status).toBe(404);
    const [after] = await store.db.select().from(orders).where(eq(orders.id, order.id));
    expect(after?.status).toBe("placed");
  });
});

describe("cancelling", () => {
  test("a placed order can be cancelled: stock returns and the promo use is released", async () => {
    const { agent, order } = await placedOrder();
    expect((await productNow(store, shelves.bananas)).stock).toBe(18_000);
    const response = await agent.post(`/orders/${order.id}/cancel`);
    expect(response.status).toBe(303);
    const [after] = await store.db.select().from(orders).where(eq(orders.id, order.id));
    expect(after?.status).toBe("cancelled");
    expect((await productNow(store, shelves.bananas)).stock).toBe(20_000);
    expect((await productNow(store, shelves.bananas)).sold).toBe(0);
    expect((await store.db.select().from(promoCodes))[0]!.timesUsed).toBe(0);
    expect(await store.db.select().from(promoRedemptions)).toHaveLength(0);
    // The history says who cancelled it, written in the same unit as the cancel.
    expect(await store.db.select().from(orderEvents).where(eq(orderEvents.orderId, order.id))).toEqual([
      expect.objectContaining({ fromStatus: "placed", toStatus: "cancelled", actorId: order.userId }),
    ]);
  });

  test("once picked it cannot be cancelled, and nothing moves", async () => {
    const { agent, order } = await placedOrder();
    await store.db.update(orders).set({ status: "picked" }).where(eq(orders.id, order.id));
    const response = await agent.post(`/orders/${order.id}/cancel`);
    expect(response.status).toBe(409);
    expect(await textOf(response)).toContain("This order can no longer be cancelled");
    expect((await productNow(store, shelves.bananas)).stock).toBe(18_000);
    expect((await store.db.select().from(promoCodes))[0]!.timesUsed).toBe(1);
  });

  test("cancelling twice returns the stock once and writes one history row", async () => {
    const { agent, order } = await placedOrder();
    await Promise.all([agent.post(`/orders/${order.id}/cancel`), agent.post(`/orders/${order.id}/cancel`)]);
    expect((await productNow(store, shelves.bananas)).stock).toBe(20_000);
    expect(await store.db.select().from(orderEvents).where(eq(orderEvents.orderId, order.id))).toHaveLength(1);
  });
});

describe("buy again", () => {
  test("refills the cart with what is available and says what is not", async () => {
    const { agent, order, user } = await placedOrder();
    await store.db.update(products).set({ stock: 1000 }).where(eq(products.id, shelves.bananas.id));
    await store.db.update(products).set({ active: false }).where(eq(products.id, shelves.eggs.id));
    const response = await agent.post(`/orders/${order.id}/buy-again`);
    expect(response.status).toBe(303);
    const flash = await textOf(await agent.get("/cart"));
    expect(flash).toContain("Less than last time (not enough in stock): Bananas.");
    expect(flash).toContain("Not available now: Free-range Eggs.");
    const lines = await store.db.select().from(cartItems);
    expect(lines.map((line) => [line.productId, line.quantity])).toEqual([[shelves.bananas.id, 1000]]);
    expect(user.id).toBeGreaterThan(0);
  });
});

describe("sales for reports", () => {
  test("order lines carry their share of the discount; cancelled orders don't count", async () => {
    const { orderSales } = await import("../src/orders/sales-rows");
    const { agent, order } = await placedOrder();
    const period = { start: new Date("2026-11-01T00:00:00Z"), end: new Date("2026-12-01T00:00:00Z") };
    const rows = await orderSales(store.deps, period);
    // 2 kg bananas €3.78 + 1 dozen eggs €3.99 = €7.77, 10% off = €0.78 shared 38/40 cents.
    expect(rows.map((row) => [row.productName, row.categoryName, row.quantityMilli, row.revenueCents])).toEqual([
      ["Bananas", "Fruit", 2000, 378 - 38],
      ["Free-range Eggs", "Dairy", 1000, 399 - 40],
    ]);
    expect(rows.reduce((sum, row) => sum + row.revenueCents, 0)).toBe(order.totalCents);
    await agent.post(`/orders/${order.id}/cancel`);
    expect(await orderSales(store.deps, period)).toEqual([]);
  });
});
