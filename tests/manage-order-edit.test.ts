import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { and, eq } from "drizzle-orm";
import { auditLog, products } from "../src/db/schema";
import { orderItems, orders } from "../src/db/shop-tables";
import { placeOrderOf } from "./support/picking";
import { type Shelves } from "./support/shop";
import { openBackOffice } from "./support/staff";
import { textOf, type Agent, type TestStore } from "./support/store";

/*
 * Staff edit a shopper's order on its back-office page (a phone call, a fix): the shopper's change
 * pages and the same changeOrder, a confirmation step, an order.staff_edit audit row in the unit,
 * without JavaScript (POST + 303).
 */

let store: TestStore;
let shelves: Shelves;
let manager: Agent;
let managerId: number;

beforeAll(async () => {
  ({ store, shelves, manager, managerId } = await openBackOffice());
});
afterAll(() => store.close());

const staffEdits = (orderId: number) => store.db.select().from(auditLog).where(and(eq(auditLog.action, "order.staff_edit"), eq(auditLog.subjectId, orderId)));
const orderNow = async (orderId: number) => (await store.db.select().from(orders).where(eq(orders.id, orderId)))[0]!;
const milkLine = async (orderId: number) => (await store.db.select().from(orderItems).where(and(eq(orderItems.orderId, orderId), eq(orderItems.productId, shelves.milk.id))))[0];
const milkStock = async () => (await store.db.select().from(products).where(eq(products.id, shelves.milk.id)))[0]!.stock;

describe("staff edit an order on its back-office page", () => {
  test("the order page links the edit; see the difference, confirm: the total changes and the audit row is written", async () => {
    const { order } = await placeOrderOf(store, [[shelves.milk, "2"]]);
    const id = order.id;
    expect(await textOf(await manager.get(`/manage/orders/${id}`))).toContain(`href="/manage/orders/${id}/edit"`);
    const form = await textOf(await manager.get(`/manage/orders/${id}/edit`));
    expect(form).toContain(`action="/manage/orders/${id}/edit"`);
    expect(form).toContain(`name="qty_${shelves.milk.id}"`);

    const asked = { [`qty_${shelves.milk.id}`]: "3" };
    const preview = await manager.post(`/manage/orders/${id}/edit`, asked);
    expect(preview.status).toBe(200);
    const shown = await textOf(preview);
    expect(shown).toContain(`Confirm the change to`);
    expect(shown).toContain(`action="/manage/orders/${id}/edit"`);
    expect(shown).toContain('name="confirm" value="1"');
    expect((await milkLine(id))!.quantity).toBe(2000);
    expect(await staffEdits(id)).toHaveLength(0);

    const stockBefore = await milkStock();
    const confirmed = await manager.post(`/manage/orders/${id}/edit`, { ...asked, confirm: "1" });
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get("location")).toBe(`/manage/orders/${id}`);
    expect((await milkLine(id))!.quantity).toBe(3000);
    const after = await orderNow(id);
    // One more litre of milk at €1.29.
    expect(after.totalCents).toBe(order.totalCents + 129);
    expect(after.subtotalCents).toBe(order.subtotalCents + 129);
    expect(await milkStock()).toBe(stockBefore - 1000);
    const edits = await staffEdits(id);
    expect(edits).toHaveLength(1);
    expect(edits[0]!.actorId).toBe(managerId);
    expect(JSON.parse(edits[0]!.details!)).toMatchObject({ lines: [{ product_id: shelves.milk.id, before: 2000, after: 3000 }], difference_cents: 129 });
  });

  test("a shopper can't open or post the staff edit, not even for their own order", async () => {
    const { agent, order } = await placeOrderOf(store, [[shelves.milk, "2"]]);
    const page = await agent.get(`/manage/orders/${order.id}/edit`);
    expect(page.status).toBe(403);
    const posted = await agent.post(`/manage/orders/${order.id}/edit`, { [`qty_${shelves.milk.id}`]: "5", confirm: "1" });
    expect(posted.status).toBe(403);
    expect((await milkLine(order.id))!.quantity).toBe(2000);
    expect(await staffEdits(order.id)).toHaveLength(0);
  });

  test("bad input is a 422 on the form that changes nothing; an unknown order is 404; an order being picked can't be edited", async () => {
    const { order } = await placeOrderOf(store, [[shelves.milk, "2"]]);
    const id = order.id;
    const stockBefore = await milkStock();
    for (const typed of ["lots", "-1"]) {
      const bad = await manager.post(`/manage/orders/${id}/edit`, { [`qty_${shelves.milk.id}`]: typed, confirm: "1" });
      expect(bad.status).toBe(422);
      expect(await textOf(bad)).toContain('role="alert"');
    }
    // Removing the only line is refused by changeOrder itself (cancel instead).
    const empty = await manager.post(`/manage/orders/${id}/edit`, { [`qty_${shelves.milk.id}`]: "0", confirm: "1" });
    expect(empty.status).toBe(422);
    expect(await textOf(empty)).toContain("cancel the order instead");
    expect((await milkLine(id))!.quantity).toBe(2000);
    expect((await orderNow(id)).totalCents).toBe(order.totalCents);
    expect(await milkStock()).toBe(stockBefore);
    expect(await staffEdits(id)).toHaveLength(0);

    expect((await manager.get("/manage/orders/999999/edit")).status).toBe(404);
    expect((await manager.post("/manage/orders/999999/edit", { [`qty_${shelves.milk.id}`]: "3", confirm: "1" })).status).toBe(404);

    await store.db.update(orders).set({ status: "picking" }).where(eq(orders.id, id));
    expect(await textOf(await manager.get(`/manage/orders/${id}`))).not.toContain(`/manage/orders/${id}/edit`);
    const locked = await manager.post(`/manage/orders/${id}/edit`, { [`qty_${shelves.milk.id}`]: "3", confirm: "1" });
    expect(locked.status).toBe(303);
    expect(locked.headers.get("location")).toBe(`/manage/orders/${id}`);
    expect((await milkLine(id))!.quantity).toBe(2000);
    expect(await staffEdits(id)).toHaveLength(0);
  });
});
