import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { auditLog, categories, products } from "../src/db/schema";
import { orders } from "../src/db/shop-tables";
import { ApiClient, apiShopper, expectProblem, logInStaff } from "./support/api";
import { openPickingShop, placeOrderOf, type PickingShelves } from "./support/picking";
import { ADMIN, type TestStore } from "./support/store";

/*
 * The handheld picking API (/api/v1/picking): the same domain functions as the picking screen.
 * A list in walk order, a weighed line within and beyond tolerance, a substitute by barcode, a
 * short line, completion with the final amounts, and the second completion refused.
 */

let store: TestStore;
let shelves: PickingShelves;
let picker: ApiClient;
beforeEach(async () => {
  const shop = await openPickingShop();
  store = shop.store;
  shelves = shop.shelves;
  await store.db.update(categories).set({ walkOrder: 1 }).where(eq(categories.id, shelves.milk.categoryId));
  picker = new ApiClient(store, "198.51.100.90");
  await logInStaff(picker, store, ADMIN.email, ADMIN.password);
});
afterEach(() => store.close());

type Line = { order_id: number; line_id: number; name: string; aisle: string; record: null | Record<string, unknown> };

describe("the picking API", () => {
  test("list in walk order, record, substitutes by barcode, complete with the final amounts, once", async () => {
    const placed = await placeOrderOf(store, [
      [shelves.bananas, "1"],
      [shelves.chicken, "1"],
      [shelves.milk, "3"],
    ]);
    const id = placed.order.id;
    const query = placed.order.slotWindowId ? `slot=${placed.order.slotWindowId}` : `date=${placed.order.placedAt.toISOString().slice(0, 10)}`;
    const list = await picker.get(`/picking/lists?${query}`);
    expect(list.status).toBe(200);
    const lines = (list.json.lines as Line[]).filter((line) => line.order_id === id);
    expect(lines.map((line) => line.name)).toEqual(["Whole Milk", "Whole Chicken", "Bananas"]); // Dairy (walk 1), Meat (3), Fruit (none)
    expect(list.json.orders.find((order: { id: number }) => order.id === id)).toMatchObject({ status: "placed", lines: 3, recorded: 0 });
    const lineOf = (name: string) => `/picking/orders/${id}/lines/${lines.find((line) => line.name === name)!.line_id}`;

    expectProblem(await picker.put(lineOf("Whole Chicken"), { picked: 1, weight_kg: 1.3 }), 409); // not started
    expect((await picker.post(`/picking/orders/${id}/start`)).json).toEqual({ order_id: id, status: "picking" });

    const heavy = expectProblem(await picker.put(lineOf("Whole Chicken"), { picked: 1, weight_kg: 1.5 }), 422);
    expect(heavy.errors).toEqual([{ path: "weight_kg", message: expect.stringContaining("at most 1.32 kg") }]);
    const weighed = await picker.put(lineOf("Whole Chicken"), { picked: 1, weight_kg: 1.3 });
    expect(weighed.status).toBe(200);
    expect(weighed.json.record).toMatchObject({ picked: 1, weight_kg: 1.3, substitute_product_id: null });

    await store.db.update(products).set({ gtin: "5000000000011" }).where(eq(products.id, shelves.skimmedMilk.id));
    const offered = await picker.get(`${lineOf("Whole Milk")}/substitutes?q=5000000000011`);
    expect(offered.status).toBe(200);
    expect(offered.json).toEqual({ cap_cents: 387, items: [expect.objectContaining({ product_id: shelves.skimmedMilk.id, name: "Skimmed Milk", same_aisle: true })] });
    const substituted = await picker.put(lineOf("Whole Milk"), { picked: 1, substitute_product_id: shelves.skimmedMilk.id, substitute_quantity: 2 });
    expect(substituted.json.record).toMatchObject({ picked: 1, substitute_name: "Skimmed Milk", substitute_quantity: 2 });
    expectProblem(await picker.put(lineOf("Bananas"), { picked: 5 }), 422);
    expect((await picker.put(lineOf("Bananas"), { picked: 0.75 })).status).toBe(200);

    const done = await picker.post(`/picking/orders/${id}/complete`);
    expect(done.status).toBe(200);
    // Chicken 1.3 kg × €7.49 = €9.74; milk 1 l €1.29 + skimmed 2 l €1.98 (cheaper: its own price); bananas 0.75 kg × €1.89 = €1.42.
    expect(done.json).toMatchObject({ order_id: id, status: "picked", subtotal_cents: 974 + 129 + 198 + 142, discount_cents: 0, total_cents: 1443 });
    expect(done.json.amount_due_cents).toBe(1443 + done.json.fee_cents);
    const [order] = await store.db.select().from(orders).where(eq(orders.id, id));
    expect(order).toMatchObject({ status: "picked", finalTotalCents: 1443 });
    expectProblem(await picker.post(`/picking/orders/${id}/complete`), 409);
    expectProblem(await picker.put(lineOf("Bananas"), { picked: 1 }), 409);
  });

  test("shoppers may not pick; unknown orders and lines are 404; a line that allows no substitute offers none", async () => {
    const placed = await placeOrderOf(store, [[shelves.milk, "2"]]);
    const shopper = (await apiShopper(store, "198.51.100.91")).client;
    expect(expectProblem(await shopper.get("/picking/lists"), 403).detail).toBe("Only approved store managers may do this.");
    expectProblem(await picker.post("/picking/orders/999999/start"), 404);
    expect((await picker.post(`/picking/orders/${placed.order.id}/start`)).status).toBe(200);
    expectProblem(await picker.put(`/picking/orders/${placed.order.id}/lines/999999`, { picked: 1 }), 404);
    expectProblem(await picker.get("/picking/lists?date=tomorrow"), 400);
    const { orderItems } = await import("../src/db/shop-tables");
    await store.db.update(orderItems).set({ allowSubstitute: false }).where(eq(orderItems.orderId, placed.order.id));
    expectProblem(await picker.get(`/picking/orders/${placed.order.id}/lines/${placed.line(shelves.milk).id}/substitutes`), 409);
  });

  test("staff edit a shopper's order before picking through the same change, with an audit row in its unit", async () => {
    const placed = await placeOrderOf(store, [[shelves.milk, "2"]]);
    const id = placed.order.id;
    const preview = await picker.post(`/orders/${id}/changes`, { items: [{ product_id: shelves.milk.id, quantity: 3 }], confirm: false });
    expect(preview.status).toBe(200);
    const edits = () => store.db.select().from(auditLog).where(eq(auditLog.action, "order.staff_edit"));
    expect(await edits()).toHaveLength(0); // a preview changes nothing
    const applied = await picker.post(`/orders/${id}/changes`, { items: [{ product_id: shelves.milk.id, quantity: 3 }], confirm: true });
    expect(applied.status).toBe(200);
    const [row] = await edits();
    expect(row).toMatchObject({ subjectType: "order", subjectId: id });
    expect(JSON.parse(row!.details!)).toEqual({ lines: [{ product_id: shelves.milk.id, name: "Whole Milk", before: 2000, after: 3000 }], window: null, difference_cents: 129 });
    // Once picking started the order is locked for everyone: refused, and no audit row.
    expect((await picker.post(`/picking/orders/${id}/start`)).status).toBe(200);
    expectProblem(await picker.post(`/orders/${id}/changes`, { items: [{ product_id: shelves.milk.id, quantity: 1 }], confirm: true }), 409);
    expect(await edits()).toHaveLength(1);
  });
});
