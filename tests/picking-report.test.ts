import { afterEach, beforeEach, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { pickRecords } from "../src/db/picking-tables";
import { users } from "../src/db/schema";
import { orders } from "../src/db/shop-tables";
import { completePick } from "../src/picking/complete";
import { pickersByDay, pickingByDay, pickingByProduct } from "../src/picking/report";
import { storeDayBounds } from "../src/reports/date-range";
import { recordPick, type PickLineInput } from "../src/picking/record";
import { startPicking } from "../src/picking/start";
import { IRISH_VAT_RATES } from "../src/tax/vat";
import { openPickingShop, placeOrderOf, type PickingShelves } from "./support/picking";
import { ADMIN, type TestStore } from "./support/store";

/* The picking report from pick_records: substitution and short-pick rates per day and product, lines per hour per picker. */

let store: TestStore;
let shelves: PickingShelves;
let picker: { id: number; name: string };
beforeEach(async () => {
  const shop = await openPickingShop();
  store = shop.store;
  shelves = shop.shelves;
  picker = shop.picker;
});
afterEach(() => store.close());

const pick = (input: Partial<PickLineInput> & { picked: number }): PickLineInput => ({ weight_kg: null, substitute_product_id: null, substitute_quantity: null, substitute_weight_kg: null, ...input });

test("rates per day and product and lines per hour, from what was recorded in the range", async () => {
  const placed = await placeOrderOf(store, [
    [shelves.milk, "3"],
    [shelves.eggs, "2"],
    [shelves.bananas, "1"],
    [shelves.chicken, "1"],
  ]);
  const at = (time: string) => ({ actorId: picker.id, now: new Date(`2026-11-20T${time}Z`), vatRates: IRISH_VAT_RATES });
  expect(await startPicking(store.database, placed.order.id, at("09:00:00"))).toEqual({ ok: true });
  const record = (product: (typeof shelves)["milk"], input: PickLineInput, time: string) => recordPick(store.database, { orderId: placed.order.id, lineId: placed.line(product).id }, input, at(time));
  expect(await record(shelves.milk, pick({ picked: 1000, substitute_product_id: shelves.skimmedMilk.id, substitute_quantity: 2000 }), "09:10:00")).toEqual({ ok: true });
  expect(await record(shelves.eggs, pick({ picked: 1000 }), "09:20:00")).toEqual({ ok: true });
  expect(await record(shelves.bananas, pick({ picked: 900 }), "10:05:00")).toEqual({ ok: true }); // a kg line under its weight: not short
  expect(await record(shelves.chicken, pick({ picked: 0 }), "10:06:00")).toEqual({ ok: true }); // none: short

  const range = { from: new Date("2026-11-20T00:00:00Z"), to: new Date("2026-11-21T00:00:00Z") };
  expect(await pickingByDay(store.db, range)).toEqual([{ day: "2026-11-20", lines: 4, substituted: 1, short: 3 }]);
  // Milk: short by 2 l and substituted; eggs short; chicken none.
  const products = await pickingByProduct(store.db, range);
  expect(products[0]).toEqual({ productId: shelves.milk.id, name: "Whole Milk", lines: 1, substituted: 1, short: 1 });
  expect(products.find((row) => row.name === "Bananas")).toEqual({ productId: shelves.bananas.id, name: "Bananas", lines: 1, substituted: 0, short: 0 });
  expect(await pickersByDay(store.db, range)).toEqual([{ day: "2026-11-20", pickerId: picker.id, picker: "Pat Picker", lines: 4, hours: 2 }]);
  expect(await pickingByDay(store.db, { from: range.to })).toEqual([]);

  const staff = store.agent();
  await staff.logInAsStaff(ADMIN.email, ADMIN.password, store.clock);
  const page = await staff.get("/manage/reports/picking?from=2026-11-20&to=2026-11-20");
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain("substitution rate <strong>25.0 %</strong>");
  expect(html).toContain("short-pick rate <strong>75.0 %</strong>");
  expect(html).toContain("<td>Pat Picker</td><td>4</td><td>2.0</td>");
  expect(await (await staff.get("/manage/reports")).text()).toContain('href="/manage/reports/picking"');
});

test("days are the store's (Europe/Dublin): a line recorded at 23:30 UTC on 30 June counts on 1 July", async () => {
  const placed = await placeOrderOf(store, [
    [shelves.milk, "1"],
    [shelves.eggs, "1"],
  ]);
  const at = (instant: string) => ({ actorId: picker.id, now: new Date(instant), vatRates: IRISH_VAT_RATES });
  expect(await startPicking(store.database, placed.order.id, at("2027-06-30T22:00:00Z"))).toEqual({ ok: true });
  const record = (product: (typeof shelves)["milk"], input: PickLineInput, instant: string) => recordPick(store.database, { orderId: placed.order.id, lineId: placed.line(product).id }, input, at(instant));
  expect(await record(shelves.milk, pick({ picked: 1000 }), "2027-06-30T22:30:00Z")).toEqual({ ok: true }); // 23:30 on 30 June in Dublin
  expect(await record(shelves.eggs, pick({ picked: 0 }), "2027-06-30T23:30:00Z")).toEqual({ ok: true }); // 00:30 on 1 July in Dublin: short

  const july = storeDayBounds("2027-07-01", "Europe/Dublin");
  expect(july).toEqual({ from: new Date("2027-06-30T23:00:00Z"), to: new Date("2027-07-01T23:00:00Z") });
  expect(await pickingByDay(store.db, july)).toEqual([{ day: "2027-07-01", lines: 1, substituted: 0, short: 1 }]);
  expect(await pickingByDay(store.db, {})).toEqual([
    { day: "2027-06-30", lines: 1, substituted: 0, short: 0 },
    { day: "2027-07-01", lines: 1, substituted: 0, short: 1 },
  ]);
  expect(await pickersByDay(store.db, july)).toEqual([{ day: "2027-07-01", pickerId: picker.id, picker: "Pat Picker", lines: 1, hours: 1 }]);

  const staff = store.agent();
  await staff.logInAsStaff(ADMIN.email, ADMIN.password, store.clock);
  const page = await (await staff.get("/manage/reports/picking?from=2027-07-01&to=2027-07-01")).text();
  expect(page).toContain("<strong>1</strong> lines picked");
  expect(page).toContain("short-pick rate <strong>100.0 %</strong> (short counts lines picked short or not at all)");
  expect(page).toContain("<td>2027-07-01</td><td>1</td>");
  expect(page).not.toContain("UTC");
  const june = await (await staff.get("/manage/reports/picking?from=2027-06-30&to=2027-06-30")).text();
  expect(june).toContain("short-pick rate <strong>0.0 %</strong>");
  expect(june).toContain("<td>2027-06-30</td><td>1</td>");
  expect(june).not.toContain("2027-07-01</td>");
});

test("an order marked picked in one step from the board counts: each line recorded as picked as ordered, by who marked it", async () => {
  const placed = await placeOrderOf(store, [
    [shelves.milk, "2"],
    [shelves.chicken, "1"],
  ]);
  // A second order picked line by line, one line left unrecorded: that line is recorded at completion.
  const partly = await placeOrderOf(store, [
    [shelves.eggs, "2"],
    [shelves.bananas, "1"],
  ]);
  const staff = store.agent();
  await staff.logInAsStaff(ADMIN.email, ADMIN.password, store.clock);
  const [admin] = await store.db.select().from(users).where(eq(users.email, ADMIN.email));
  const marked = await staff.post(`/manage/orders/${placed.order.id}/status`, { to: "picked" });
  expect(marked.status).toBe(303);
  const [order] = await store.db.select().from(orders).where(eq(orders.id, placed.order.id));
  expect(order!.status).toBe("picked");

  const at = { actorId: picker.id, now: store.clock.now(), vatRates: IRISH_VAT_RATES };
  expect(await startPicking(store.database, partly.order.id, at)).toEqual({ ok: true });
  expect(await recordPick(store.database, { orderId: partly.order.id, lineId: partly.line(shelves.eggs).id }, pick({ picked: 1000 }), at)).toEqual({ ok: true });
  expect((await completePick(store.database, partly.order.id, { ...at, actorId: admin!.id })).ok).toBe(true);

  const records = await store.db.select().from(pickRecords).orderBy(pickRecords.orderItemId);
  expect(records.map((row) => [row.orderItemId, row.pickedQuantity, row.pickedWeightGrams, row.substituteProductId, row.pickerId])).toEqual([
    [placed.line(shelves.milk).id, 2000, null, null, admin!.id],
    [placed.line(shelves.chicken).id, 1000, 1200, null, admin!.id], // the weighed piece at its estimate, as it was charged
    [partly.line(shelves.eggs).id, 1000, null, null, picker.id], // recorded by the picker, kept
    [partly.line(shelves.bananas).id, 1000, null, null, admin!.id], // left as ordered: recorded at completion
  ]);
  const today = store.clock.now().toISOString().slice(0, 10);
  const range = { from: new Date(`${today}T00:00:00Z`), to: new Date(new Date(`${today}T00:00:00Z`).getTime() + 86_400_000) };
  expect(await pickingByDay(store.db, range)).toEqual([{ day: today, lines: 4, substituted: 0, short: 1 }]);
  const html = await (await staff.get(`/manage/reports/picking?from=${today}&to=${today}`)).text();
  expect(html).toContain("short-pick rate <strong>25.0 %</strong>");
});
