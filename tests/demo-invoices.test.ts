import { afterAll, describe, expect, test } from "bun:test";
import { asc, eq } from "drizzle-orm";
import { bunPasswordHasher } from "../src/accounts/passwords";
import { prepareStore } from "../src/bootstrap";
import { invoices } from "../src/db/invoice-tables";
import { users } from "../src/db/schema";
import { orders } from "../src/db/shop-tables";
import { seedDemoOrders } from "../src/demo/orders";
import { invoiceOfOrder } from "../src/invoices/queries";
import { stockShelves } from "./support/shop";
import { createTestStore, type TestStore } from "./support/store";

/*
 * The demo store's completed orders have the invoices a completed order has, issued through the
 * invoice domain (numbered without gaps, oldest first, adding up to the order), and a demo
 * database seeded before invoices existed gets them when it starts again.
 */

const opened: TestStore[] = [];
afterAll(() => opened.forEach((store) => store.close()));

async function invoiceRows(store: TestStore) {
  return store.db.select().from(invoices).where(eq(invoices.kind, "invoice")).orderBy(asc(invoices.number));
}

describe("demo invoices", () => {
  test("every completed demo order has one invoice, numbered 1..n in the order they were completed, adding up to the order", async () => {
    const store = await createTestStore();
    opened.push(store);
    const all = await store.db.select().from(orders);
    const completed = all.filter((order) => order.status === "completed");
    expect(completed.length).toBeGreaterThan(10);
    const rows = await invoiceRows(store);
    expect(rows.map((row) => row.number)).toEqual(completed.map((_, i) => i + 1));
    expect(new Set(rows.map((row) => row.orderId))).toEqual(new Set(completed.map((order) => order.id)));
    const issued = rows.map((row) => row.issuedAt.getTime());
    expect(issued).toEqual([...issued].sort((a, b) => a - b));
    for (const order of completed) {
      const invoice = (await invoiceOfOrder(store.db, order.id))!;
      expect(invoice.totalCents).toBe(order.totalCents + order.deliveryFeeCents);
      expect(invoice.rates.reduce((sum, rate) => sum + rate.grossCents, 0)).toBe(invoice.totalCents);
      expect(invoice.issuedAt.getTime()).toBeGreaterThan(order.placedAt.getTime());
      expect(invoice.issuedAt.getTime()).toBeLessThanOrEqual(store.clock.now().getTime());
    }
    for (const order of all.filter((order) => order.status !== "completed")) expect(await invoiceOfOrder(store.db, order.id)).toBeNull();
    // Starting the store again issues nothing more.
    await prepareStore(store.database, store.config, bunPasswordHasher, store.clock.now());
    expect((await invoiceRows(store)).length).toBe(rows.length);
  });

  test("a demo database from before invoices gets them on its next start", async () => {
    const store = await createTestStore({ seed: false });
    opened.push(store);
    await stockShelves(store);
    const [shopper] = await store.db.insert(users).values({ name: "Sam Shopper", email: "sam@example.com", role: "customer" }).returning();
    await seedDemoOrders(store.database, shopper!.id, store.clock.now(), 12);
    const completed = (await store.db.select().from(orders)).filter((order) => order.status === "completed");
    expect(completed.length).toBeGreaterThan(0);
    expect(await invoiceRows(store)).toEqual([]);
    await prepareStore(store.database, { ...store.config, SEED_DEMO_DATA: true }, bunPasswordHasher, store.clock.now());
    const rows = await invoiceRows(store);
    expect(rows.map((row) => row.number)).toEqual(completed.map((_, i) => i + 1));
    expect(rows.every((row) => row.customerName === "Sam Shopper")).toBe(true);
  });
});
