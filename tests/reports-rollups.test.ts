import { afterEach, beforeEach, expect, test } from "bun:test";
import { eq, sql } from "drizzle-orm";
import { orderItems, orders } from "../src/db/shop-tables";
import { lineDiscount, lineRevenue } from "../src/reports/rollup-sql";
import { orderLineSales, saleDay, saleOrder } from "../src/reports/sale";
import { salesByCategory, salesByProduct, salesOverTime } from "../src/reports/sales";
import { addPromo, addToCart, checkout, newShopper, type Shelves } from "./support/shop";
import { type Agent, type TestStore } from "./support/store";
import { openBackOffice } from "./support/staff";

/*
 * The reports read daily rollups kept by triggers (ADR 024). Whatever happens to orders (placed
 * either side of midnight UTC, cancelled, a promo's discount shared over the lines, a line changed
 * or removed, a card order that waits for payment), the rollups give the same figures as the order
 * lines they summarise.
 */

let store: TestStore;
let shelves: Shelves;
let manager: Agent;

async function sell(lines: [keyof Shelves, string][], promo?: string) {
  const { agent, user } = await newShopper(store);
  for (const [shelf, quantity] of lines) await addToCart(agent, shelves[shelf], quantity);
  if (promo) expect((await agent.post("/cart/promo", { code: promo })).status).toBe(303);
  const { response } = await checkout(agent);
  expect(response.status).toBe(303);
  return (await store.db.select().from(orders).where(eq(orders.userId, user.id)))[0]!;
}

/** Rollup rows per day and product, as orderLineSales reports them. */
async function rollups() {
  const rows = await store.db.all<{ day: string; product_id: number; category_id: number; quantity: number; revenue_cents: number; discount_cents: number; orders: number }>(
    sql`select * from sales_daily where quantity <> 0 or revenue_cents <> 0 or orders <> 0 order by day, product_id`,
  );
  return rows.map((row) => ({ day: row.day, productId: row.product_id, categoryId: row.category_id, quantity: row.quantity, revenueCents: row.revenue_cents, discountCents: row.discount_cents, orders: row.orders }));
}

const revenue = sql.raw(lineRevenue("oi"));
const discount = sql.raw(lineDiscount("oi"));

/** Orders and revenue per day and per day × aisle, straight from the order lines (a sale's SQL: src/reports/rollup-sql.ts). */
async function lineTotals() {
  const days = await store.db.all<{ day: string; orders: number; revenue: number; discount: number }>(sql`
    select ${saleDay} as day, count(distinct o.id) as orders, sum(${revenue}) as revenue, sum(${discount}) as discount
    from order_items oi join orders o on o.id = oi.order_id where ${saleOrder} group by 1 order by 1`);
  const aisles = await store.db.all<{ day: string; category_id: number; orders: number; revenue: number }>(sql`
    select ${saleDay} as day, p.category_id, count(distinct o.id) as orders, sum(${revenue}) as revenue
    from order_items oi join orders o on o.id = oi.order_id join products p on p.id = oi.product_id
    where ${saleOrder} group by 1, 2 order by 1, 2`);
  return { days, aisles };
}

async function rollupTotals() {
  const days = await store.db.all(sql`select day, orders, revenue_cents as revenue, discount_cents as discount from sales_days where orders <> 0 or revenue_cents <> 0 order by 1`);
  const aisles = await store.db.all(sql`select day, category_id, orders, revenue_cents as revenue from sales_daily_categories where orders <> 0 or revenue_cents <> 0 order by 1, 2`);
  return { days, aisles };
}

/** All-time figures per product (aisle 0) and per aisle and product, summed from the order lines. */
async function productTotals() {
  const totals = new Map<string, { productId: number; categoryId: number; quantity: number; revenueCents: number; discountCents: number; orders: number }>();
  for (const line of await orderLineSales(store.db)) {
    for (const categoryId of [0, line.categoryId]) {
      const key = `${line.productId}/${categoryId}`;
      const total = totals.get(key) ?? { productId: line.productId, categoryId, quantity: 0, revenueCents: 0, discountCents: 0, orders: 0 };
      totals.set(key, { ...total, quantity: total.quantity + line.quantity, revenueCents: total.revenueCents + line.revenueCents, discountCents: total.discountCents + line.discountCents, orders: total.orders + line.orders });
    }
  }
  return [...totals.values()].sort((a, b) => a.productId - b.productId || a.categoryId - b.categoryId);
}

async function productRollups() {
  const rows = await store.db.all<{ product_id: number; category_id: number; quantity: number; revenue_cents: number; discount_cents: number; orders: number }>(
    sql`select * from sales_products where quantity <> 0 or revenue_cents <> 0 or orders <> 0 order by product_id, category_id`,
  );
  return rows.map((row) => ({ productId: row.product_id, categoryId: row.category_id, quantity: row.quantity, revenueCents: row.revenue_cents, discountCents: row.discount_cents, orders: row.orders }));
}

async function expectRollupsMatchLines() {
  expect(await rollups()).toEqual(await orderLineSales(store.db));
  expect(await rollupTotals()).toEqual(await lineTotals());
  expect(await productRollups()).toEqual(await productTotals());
}

beforeEach(async () => {
  ({ store, shelves, manager } = await openBackOffice());
  await addPromo(store, { code: "TENOFF", kind: "percent", value: 10 });
  store.clock.set(new Date("2026-11-20T23:59:00Z"));
  await sell([["bananas", "1.5"], ["milk", "2"], ["eggs", "1"]]);
  store.clock.set(new Date("2026-11-21T00:01:00Z"));
  await sell([["milk", "1"], ["apples", "2"]], "TENOFF");
  await sell([["eggs", "1"], ["milk", "1"]]);
});
afterEach(() => store.close());

test("rollups equal the order lines: days either side of midnight UTC, a promo's discount share", async () => {
  const lines = await orderLineSales(store.db);
  expect(lines.map((line) => line.day)).toContain("2026-11-20");
  expect(lines.map((line) => line.day)).toContain("2026-11-21");
  expect(lines.some((line) => line.discountCents > 0)).toBe(true);
  await expectRollupsMatchLines();
});

test("a cancelled order leaves the rollups; the reports follow", async () => {
  const before = await salesByCategory(store.db);
  const order = await sell([["eggs", "2"], ["milk", "1"]]);
  expect((await manager.post(`/manage/orders/${order.id}/status`, { to: "cancelled" })).status).toBe(303);
  await expectRollupsMatchLines();
  expect(await salesByCategory(store.db)).toEqual(before);
});

test("a changed or removed line, and a card order that waits for payment, move the rollups with them", async () => {
  const order = await sell([["bananas", "1"], ["milk", "1"], ["eggs", "1"]]);
  const [first, second] = await store.db.select().from(orderItems).where(eq(orderItems.orderId, order.id));
  await store.db.update(orderItems).set({ quantity: 500, lineTotalCents: Math.round(first!.lineTotalCents / 2) }).where(eq(orderItems.id, first!.id));
  await store.db.delete(orderItems).where(eq(orderItems.id, second!.id));
  await expectRollupsMatchLines();
  await store.db.update(orders).set({ status: "awaiting_payment" }).where(eq(orders.id, order.id));
  await expectRollupsMatchLines();
  await store.db.update(orders).set({ status: "placed" }).where(eq(orders.id, order.id));
  await expectRollupsMatchLines();
});

test("reports over a period give the order lines' figures for that period", async () => {
  const range = { from: new Date("2026-11-21T00:00:00Z"), to: new Date("2026-11-22T00:00:00Z") };
  const lines = await orderLineSales(store.db, { fromDay: "2026-11-21", toDay: "2026-11-22" });
  const byProduct = await salesByProduct(store.db, range);
  for (const line of lines) {
    const row = byProduct.find((product) => product.productId === line.productId)!;
    expect([row.quantity, row.revenueCents, row.orders]).toEqual([line.quantity, line.revenueCents, line.orders]);
  }
  const [day] = await salesOverTime(store.db, "day", range);
  const totals = (await lineTotals()).days.find((row) => row.day === "2026-11-21")!;
  expect(day).toEqual({ period: "2026-11-21", orders: totals.orders, revenueCents: totals.revenue, discountCents: totals.discount, refundedCents: 0, netCents: totals.revenue - totals.discount });
  expect(byProduct.reduce((sum, row) => sum + row.revenueCents, 0)).toBe(totals.revenue);
});
