import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { categories, products } from "../src/db/schema";
import { pickRecords } from "../src/db/picking-tables";
import { orderItems, orders } from "../src/db/shop-tables";
import { openPickingShop, placeOrderOf, type PickingShelves } from "./support/picking";
import { ADMIN, type Agent, type TestStore } from "./support/store";

/*
 * The picking screen at /manage/picking without JavaScript (plain forms, 303s) and with htmx's
 * headers (a line comes back as a fragment): a slot's orders, lines in walk order, a weighed
 * line, a substitute found by name, a short line, a refused over-weight, and Finish = completePick.
 */

let store: TestStore;
let shelves: PickingShelves;
let staff: Agent;
beforeEach(async () => {
  const shop = await openPickingShop();
  store = shop.store;
  shelves = shop.shelves;
  await store.db.update(categories).set({ walkOrder: 1 }).where(eq(categories.id, shelves.milk.categoryId));
  staff = store.agent();
  expect((await staff.logInAsStaff(ADMIN.email, ADMIN.password, store.clock)).status).toBe(303);
});
afterEach(() => store.close());

const htmx = { "hx-request": "true" };

async function placed() {
  const order = await placeOrderOf(store, [
    [shelves.bananas, "1"],
    [shelves.chicken, "1"],
    [shelves.milk, "3"],
    [shelves.eggs, "2"],
  ]);
  const list = order.order.slotWindowId ? `/manage/picking?slot=${order.order.slotWindowId}` : `/manage/picking?date=${store.clock.now().toISOString().slice(0, 10)}`;
  return { ...order, list };
}

describe("the picking screen", () => {
  test("the day is shown and typed as the store writes days; YYYY-MM-DD still works; an impossible day is a 422 that says why", async () => {
    const order = await placeOrderOf(store, [[shelves.milk, "1"]]);
    const iso = store.clock.now().toISOString().slice(0, 10);
    const shown = `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
    const number = `GR-${String(order.order.id).padStart(6, "0")}`;
    for (const typed of [iso, shown]) {
      const page = await staff.get(`/manage/picking?date=${encodeURIComponent(typed)}`);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain(`id="pick-date" name="date"`);
      expect(html).toContain(`value="${shown}"`);
      expect(html).toContain("As dd/mm/yyyy.");
      if (!order.order.slotWindowId) expect(html).toContain(number);
    }
    const refused = await staff.get("/manage/picking?date=31%2F02%2F2026");
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain("That date does not exist. Write it as dd/mm/yyyy, such as 24/12/2026.");
    expect(html).toContain('value="31/02/2026"');
    expect(html).toContain('aria-invalid="true"');
  });

  test("a slot's order picked line by line without JavaScript, then finished with its final amount", async () => {
    const order = await placed();
    const page = await staff.get(order.list);
    expect(page.status).toBe(200);
    const html = await page.text();
    // Walk order: Dairy (walk 1), Meat (walk 3), then aisles without a place (Fruit) last.
    const at = (name: string) => html.indexOf(`class="pick-line-name">${name}`);
    expect(at("Whole Milk")).toBeGreaterThan(-1);
    expect(at("Whole Milk")).toBeLessThan(at("Whole Chicken"));
    expect(at("Free-range Eggs")).toBeLessThan(at("Whole Chicken"));
    expect(at("Whole Chicken")).toBeLessThan(at("Bananas"));
    expect(html).toContain("1 × about 1.2 kg · est. €8.99");
    expect(html).toContain("3 l · €3.87");
    expect(html).toContain("Start picking");
    expect(html).not.toContain('name="picked"'); // not started: nothing to record yet

    const base = `/manage/picking/orders/${order.order.id}`;
    const start = await staff.post(`${base}/start`, { back: order.list });
    expect(start.status).toBe(303);
    expect(start.headers.get("location")).toBe(`${order.list}#pick-order-${order.order.id}`);
    const line = (product: { id: number }) => `${base}/lines/${order.line(product as never).id}`;

    // The chicken weighed at 1.3 kg; 1.5 kg is beyond the 10 % tolerance: refused, nothing recorded.
    const heavy = await staff.post(line(shelves.chicken), { picked: "1", weight_kg: "1.5", action: "save", back: order.list });
    expect(heavy.status).toBe(422);
    expect(await heavy.text()).toContain("more than 10 % over the estimate");
    expect(await store.db.select().from(pickRecords).where(eq(pickRecords.orderId, order.order.id))).toHaveLength(0);
    const weighed = await staff.post(line(shelves.chicken), { picked: "1", weight_kg: "1.3", action: "save", back: order.list });
    expect(weighed.status).toBe(303);
    expect(weighed.headers.get("location")).toBe(`${order.list}#pick-line-${order.line(shelves.chicken).id}`);

    // Milk: one litre on the shelf, the rest substituted by Organic Milk found by name.
    const search = await staff.get(`${line(shelves.milk)}/substitute?q=organic&back=${encodeURIComponent(order.list)}`);
    expect(search.status).toBe(200);
    const found = await search.text();
    expect(found).toContain("Use Organic Milk");
    expect(found).not.toContain("Use Whole Milk");
    const byAisle = await (await staff.get(`${line(shelves.milk)}/substitute`)).text();
    expect(byAisle).toContain("From the same aisle");
    expect(byAisle).toContain("Use Skimmed Milk");
    const chickenByBarcode = await (await staff.get(`${line(shelves.milk)}/substitute?q=5391234567890`)).text();
    expect(chickenByBarcode).toContain("Use Whole Chicken");
    const substituted = await staff.post(line(shelves.milk), { picked: "1", substitute_product_id: String(shelves.organicMilk.id), substitute_quantity: "2", action: "save", back: order.list });
    expect(substituted.status).toBe(303);

    // Eggs: none in stock, recorded through htmx: the line comes back as a fragment.
    const none = await staff.post(line(shelves.eggs), { action: "none", back: order.list }, htmx);
    expect(none.status).toBe(200);
    const fragment = await none.text();
    expect(fragment).toStartWith(`<li id="pick-line-${order.line(shelves.eggs).id}"`);
    expect(fragment).toContain("None picked");
    // The order card's count comes along out of band: chicken, milk and eggs of the four lines.
    expect(fragment).toEndWith(`<span id="pick-count-${order.order.id}" class="pick-count" hx-swap-oob="true">3 of 4 lines recorded</span>`);
    const bad = await staff.post(line(shelves.bananas), { picked: "lots", back: order.list }, htmx);
    expect(bad.status).toBe(422);
    const badText = await bad.text();
    expect(badText).toContain("Enter the quantity picked as a number");
    expect(badText).toContain(">3 of 4 lines recorded</span>");

    const walk = await (await staff.get(order.list)).text();
    expect(walk).toContain("Picked 1, 1.3 kg");
    expect(walk).toContain("Short: 1 l of 3 l · substitute: Organic Milk 2 l");

    const finish = await staff.post(`${base}/complete`, { back: order.list });
    expect(finish.status).toBe(303);
    const [after] = await store.db.select().from(orders).where(eq(orders.id, order.order.id));
    // Bananas 1 kg €1.89 (as ordered); chicken 1.3 kg × €7.49 = €9.737 → €9.74; milk 1 l €1.29 + organic 2 l €3.58 charged
    // at most the 2 l of milk it replaces, €2.58; eggs none.
    expect(after).toMatchObject({ status: "picked", finalTotalCents: 189 + 974 + 129 + 258 });
    const again = await staff.post(`${base}/complete`, { back: order.list });
    expect(again.status).toBe(409);
    const done = await (await staff.get(order.list)).text();
    expect(done).toContain("Every order here is picked.");

    // The shopper's order page shows it as picked: ordered and picked, the substitute under its line, the final total.
    const mine = await (await order.agent.get(`/orders/${order.order.id}`)).text();
    expect(mine).toContain("As picked");
    expect(mine).toContain("1 × about 1.2 kg");
    expect(mine).toContain("1, 1.3 kg");
    expect(mine).toContain(`<a href="#picked-line-${order.line(shelves.milk).id}">Instead of Whole Milk</a>: <strong>Organic Milk</strong>`);
    expect(mine).toContain("Unavailable</span>Free-range Eggs");
    expect(mine).toMatch(/Final total<\/th><td class="money"><strong>€15\.50<\/strong>/);
    expect(mine).not.toContain("Refused at the door");

    // Staff record the organic milk refused at the door: off the bill (€2.58), and the shopper sees it.
    const staffPage = await (await staff.get(`/manage/orders/${order.order.id}`)).text();
    expect(staffPage).toContain("Refused at the door");
    const [substitute] = (await store.db.select().from(orderItems).where(eq(orderItems.orderId, order.order.id))).filter((item) => item.substituteForItemId !== null);
    const refuse = await staff.post(`/manage/picking/orders/${order.order.id}/substitutes/${substitute!.id}/refuse`, {});
    expect(refuse.status).toBe(303);
    expect((await staff.post(`/manage/picking/orders/${order.order.id}/substitutes/${substitute!.id}/refuse`, {})).status).toBe(409);
    const after2 = await (await order.agent.get(`/orders/${order.order.id}`)).text();
    expect(after2).toContain("Refused</span>");
    expect(after2).toMatch(/Final total<\/th><td class="money"><strong>€12\.92<\/strong>/);
  });

  test("a line whose shopper refused substitutes offers none, and bad ids or another order's line are 404", async () => {
    const order = await placed();
    const base = `/manage/picking/orders/${order.order.id}`;
    await staff.post(`${base}/start`, { back: order.list });
    await store.db.update(orderItems).set({ allowSubstitute: false }).where(eq(orderItems.id, order.line(shelves.milk).id));
    const page = await (await staff.get(order.list)).text();
    expect(page).toContain("No substitutes");
    const refused = await staff.post(`${base}/lines/${order.line(shelves.milk).id}`, { picked: "0", substitute_product_id: String(shelves.organicMilk.id), substitute_quantity: "3", back: order.list });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain("The shopper asked for no substitute for this line.");
    expect((await staff.post(`${base}/lines/999999`, { picked: "1" })).status).toBe(404);
    expect((await staff.post(`/manage/picking/orders/abc/lines/1`, { picked: "1" })).status).toBe(404);
    expect((await staff.post(`/manage/picking/orders/999999/complete`, {})).status).toBe(404);
    const [product] = await store.db.select().from(products).where(eq(products.id, shelves.milk.id));
    expect(product!.stock).toBe(shelves.milk.stock - 3000); // nothing moved before Finish
  });
});
