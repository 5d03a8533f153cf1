import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { auditLog, notifications, stockAdjustments } from "../src/db/schema";
import { lowStockEvents, orders, promoCodes, promoRedemptions } from "../src/db/shop-tables";
import { addPromo, addToCart, checkout, newShopper, productNow, type Shelves } from "./support/shop";
import { textOf, type Agent, type TestStore } from "./support/store";
import { openBackOffice } from "./support/staff";


let store: TestStore;
let shelves: Shelves;
let admin: Agent;
let manager: Agent;
let managerId: number;
beforeEach(async () => {
  ({ store, shelves, admin, manager, managerId } = await openBackOffice());
});
afterEach(() => store.close());

const adjust = (agent: Agent, productId: number, form: Record<string, string>, headers: Record<string, string> = {}) =>
  agent.post(`/manage/stock/${productId}/adjust`, form, headers);

describe("stock", () => {
  test("a delivery of 2.5 kg is added exactly and audited with who, when, reason and stock after", async () => {
    const response = await adjust(manager, shelves.bananas.id, { change: "2.5", reason: "delivery", note: "Morning van" });
    expect(response.status).toBe(303);
    expect((await productNow(store, shelves.bananas)).stock).toBe(22_500);
    const [entry] = await store.db.select().from(stockAdjustments).where(eq(stockAdjustments.productId, shelves.bananas.id));
    expect(entry).toMatchObject({ delta: 2500, reason: "delivery", note: "Morning van", stockAfter: 22_500, actorId: managerId });
    expect(entry!.createdAt.toISOString()).toBe("2026-11-20T10:00:00.000Z");
    const history = await textOf(await manager.get(`/manage/stock/${shelves.bananas.id}`));
    expect(history).toContain("+2.5 kg");
    expect(history).toContain("Delivery received: Morning van");
  });

  test("a removal below zero is refused with a clear 422 and changes nothing, not even the audit", async () => {
    const response = await adjust(manager, shelves.apples.id, { change: "-3.5", reason: "spoilage" });
    expect(response.status).toBe(422);
    expect(await textOf(response)).toContain("Stock can't go below zero: only 3 kg of Apples is in stock.");
    expect((await productNow(store, shelves.apples)).stock).toBe(3_000);
    expect(await store.db.select().from(stockAdjustments)).toHaveLength(0);
  });

  test("the reason must fit the change, Other needs a note, and the amount must be a number", async () => {
    const cases: [Record<string, string>, string][] = [
      [{ change: "-1", reason: "delivery" }, "A delivery adds stock: enter a positive amount."],
      [{ change: "1", reason: "spoilage" }, "Spoilage removes stock: enter a negative amount, like -1.5."],
      [{ change: "1", reason: "other" }, "Say what happened when the reason is Other."],
      [{ change: "lots", reason: "delivery" }, "Enter the change as a number in the product's unit, like 12 or -1.5."],
      [{ change: "0", reason: "count_correction" }, "Enter a change other than zero."],
      [{ change: "1.2345", reason: "delivery" }, "Enter the change as a number"],
      [{ change: "1", reason: "theft" }, "Pick a reason for the change."],
    ];
    for (const [form, message] of cases) {
      const response = await adjust(manager, shelves.milk.id, form, { "hx-request": "true" });
      expect(response.status).toBe(422);
      const html = await textOf(response);
      expect(html).toStartWith(`<tr id="stock-${shelves.milk.id}"`);
      expect(html).toContain(message);
    }
    expect((await productNow(store, shelves.milk)).stock).toBe(40_000);
  });

  test("htmx gets the updated row; an unknown product is 404", async () => {
    const response = await adjust(manager, shelves.milk.id, { change: "-1", reason: "count_correction" }, { "hx-request": "true" });
    expect(response.status).toBe(200);
    const html = await textOf(response);
    expect(html).toStartWith(`<tr id="stock-${shelves.milk.id}"`);
    expect(html).toContain("39 l");
    expect((await adjust(manager, 99999, { change: "1", reason: "delivery" })).status).toBe(404);
  });

  test("the low-stock view lists products at or below their own threshold, and crossing it notifies staff once", async () => {
    const low = await textOf(await manager.get("/manage/stock?filter=low"));
    expect(low).toContain("Greek Yoghurt"); // 0 <= 0
    expect(low).not.toContain("Bananas");
    expect(await store.db.select().from(notifications).where(eq(notifications.kind, "low_stock"))).toHaveLength(0);

    // 20 kg of bananas, threshold 2 kg: down to exactly 2 kg crosses it.
    expect((await adjust(manager, shelves.bananas.id, { change: "-18", reason: "spoilage" })).status).toBe(303);
    expect(await textOf(await manager.get("/manage/stock?filter=low"))).toContain("Bananas");
    const notices = await store.db.select().from(notifications).where(eq(notifications.kind, "low_stock"));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ audience: "staff", title: "Bananas is down to 2 kg", link: "/manage/stock?filter=low" });
    const [event] = await store.db.select().from(lowStockEvents);
    expect(event!.handledAt).not.toBeNull();

    // Staying low raises no new event and no new notice.
    await adjust(manager, shelves.bananas.id, { change: "-1", reason: "spoilage" });
    expect(await store.db.select().from(notifications).where(eq(notifications.kind, "low_stock"))).toHaveLength(1);
  });

  test("search filters by name as you type", async () => {
    const html = await textOf(await manager.get("/manage/stock?q=mil", { "hx-request": "true" }));
    expect(html).toContain("Whole Milk");
    expect(html).not.toContain("Bananas");
  });
});

describe("promo codes", () => {
  const valid = { code: "spring-5", kind: "fixed", value: "5.00", starts_on: "2026-11-01", expires_on: "2026-12-01", min_subtotal: "20", usage_limit: "100", per_customer_limit: "1" };

  test("creates a code stored upper-case with exact cents, audited", async () => {
    const response = await manager.post("/manage/promo-codes", valid);
    expect(response.status).toBe(303);
    const [promo] = await store.db.select().from(promoCodes);
    expect(promo).toMatchObject({ code: "SPRING-5", kind: "fixed", value: 500, minSubtotalCents: 2000, usageLimit: 100, perCustomerLimit: 1, active: true });
    expect(promo!.startsAt!.toISOString()).toBe("2026-11-01T00:00:00.000Z");
    const [entry] = await store.db.select().from(auditLog).where(eq(auditLog.action, "promo.create"));
    expect(entry).toMatchObject({ subjectType: "promo_code", subjectId: promo!.id, actorId: managerId });
  });

  test("bad input answers 422 with the form and the reason", async () => {
    await addPromo(store, { code: "FRESH10", kind: "percent", value: 10 });
    const cases: [Record<string, string>, string][] = [
      [{ ...valid, kind: "percent", value: "0" }, "A percentage discount is a whole number from 1 to 100."],
      [{ ...valid, kind: "percent", value: "101" }, "A percentage discount is a whole number from 1 to 100."],
      [{ ...valid, kind: "percent", value: "12.5" }, "A percentage discount is a whole number from 1 to 100."],
      [{ ...valid, value: "0.00" }, "A fixed discount is an amount above zero, like 5.00."],
      [{ ...valid, value: "-5" }, "A fixed discount is an amount above zero, like 5.00."],
      [{ ...valid, value: "5.001" }, "A fixed discount is an amount above zero, like 5.00."],
      [{ ...valid, expires_on: "2026-11-01" }, "The expiry must be after the start."],
      [{ ...valid, expires_on: "2026-10-01" }, "The expiry must be after the start."],
      [{ ...valid, starts_on: "2026-02-30" }, "That date does not exist. Write it as dd/mm/yyyy, such as 24/12/2026."],
      [{ ...valid, starts_on: "31/02/2026" }, "That date does not exist. Write it as dd/mm/yyyy, such as 24/12/2026."],
      [{ ...valid, expires_on: "next week" }, "Enter the date as dd/mm/yyyy, such as 24/12/2026."],
      [{ ...valid, code: "fresh10" }, "The code FRESH10 already exists (codes are the same in any case)."],
      [{ ...valid, code: "x" }, "Use 3 to 32 letters, digits, - or _ for the code."],
      [{ ...valid, usage_limit: "0" }, "The usage limit must be a whole number above zero"],
      [{ ...valid, per_customer_limit: "two" }, "The per-customer limit must be a whole number above zero"],
      [{ ...valid, min_subtotal: "abc" }, "Enter the minimum spend as an amount like 20.00"],
    ];
    for (const [form, message] of cases) {
      const response = await manager.post("/manage/promo-codes", form);
      expect(response.status).toBe(422);
      const html = await textOf(response);
      expect(html).toContain(message);
      expect(html).toContain('name="code"');
    }
    expect(await store.db.select().from(promoCodes)).toHaveLength(1);
  });

  test("days are typed and shown as the store writes them, day first (YYYY-MM-DD read too)", async () => {
    const created = await manager.post("/manage/promo-codes", { ...valid, code: "winter-3", starts_on: "01/12/2026", expires_on: " 6.1.2027 " });
    expect(created.status).toBe(303);
    const promo = (await store.db.select().from(promoCodes).where(eq(promoCodes.code, "WINTER-3")))[0]!;
    expect([promo.startsAt!.toISOString(), promo.expiresAt!.toISOString()]).toEqual(["2026-12-01T00:00:00.000Z", "2027-01-06T00:00:00.000Z"]);
    const edit = await textOf(await manager.get(`/manage/promo-codes/${promo.id}/edit`));
    expect(edit).toContain('value="01/12/2026"');
    expect(edit).toContain('value="06/01/2027"');
    expect(edit).toContain('placeholder="dd/mm/yyyy"');
    expect(edit).not.toContain('type="date"');
    expect(await textOf(await manager.get("/manage/promo-codes"))).toContain("1 Dec 2026 → 6 Jan 2027");
    // The same day refused on the edit page changes nothing.
    const refused = await manager.post(`/manage/promo-codes/${promo.id}`, { ...valid, code: "winter-3", expires_on: "30/02/2027" });
    expect(refused.status).toBe(422);
    expect(await textOf(refused)).toContain("That date does not exist.");
    expect((await store.db.select().from(promoCodes).where(eq(promoCodes.id, promo.id)))[0]!.expiresAt!.toISOString()).toBe("2027-01-06T00:00:00.000Z");
  });

  test("edit, deactivate (htmx row) and reactivate; a limit below the uses so far is refused", async () => {
    const promo = await addPromo(store, { code: "FRESH10", kind: "percent", value: 10, timesUsed: 3 });
    const edit = await manager.get(`/manage/promo-codes/${promo.id}/edit`);
    expect(await textOf(edit)).toContain('value="FRESH10"');
    const saved = await manager.post(`/manage/promo-codes/${promo.id}`, { code: "fresh15", kind: "percent", value: "15" });
    expect(saved.status).toBe(303);
    expect((await store.db.select().from(promoCodes))[0]).toMatchObject({ code: "FRESH15", value: 15 });
    const tooLow = await manager.post(`/manage/promo-codes/${promo.id}`, { code: "FRESH15", kind: "percent", value: "15", usage_limit: "2" });
    expect(tooLow.status).toBe(422);
    expect(await textOf(tooLow)).toContain("This code was already used 3 times; the limit can't be lower.");

    const off = await manager.post(`/manage/promo-codes/${promo.id}/deactivate`, {}, { "hx-request": "true" });
    expect(off.status).toBe(200);
    expect(await textOf(off)).toContain("Inactive");
    expect((await store.db.select().from(promoCodes))[0]!.active).toBe(false);
    expect((await manager.post(`/manage/promo-codes/${promo.id}/activate`)).status).toBe(303);
    expect((await store.db.select().from(promoCodes))[0]!.active).toBe(true);
    expect((await manager.post("/manage/promo-codes/99999/deactivate")).status).toBe(404);
  });

  test("shows uses and revenue per code from real orders; a cancelled order does not count", async () => {
    await addPromo(store, { code: "FRESH10", kind: "percent", value: 10 });
    const placed: number[] = [];
    for (let i = 0; i < 2; i += 1) {
      const { agent, user } = await newShopper(store);
      await addToCart(agent, shelves.eggs, "2"); // 2 x 3.99 = 7.98, 10% off = 7.18
      await agent.post("/cart/promo", { code: "fresh10" });
      expect((await checkout(agent)).response.status).toBe(303);
      placed.push((await store.db.select().from(orders).where(eq(orders.userId, user.id)))[0]!.id);
    }
    let page = await textOf(await manager.get("/manage/promo-codes"));
    expect(page).toMatch(/<td>2<\/td><td class="money">€14\.36<\/td><td class="money">€1\.60<\/td>/);
    expect((await manager.post(`/manage/orders/${placed[0]}/status`, { to: "cancelled" })).status).toBe(303);
    page = await textOf(await manager.get("/manage/promo-codes"));
    expect(page).toMatch(/<td>1<\/td><td class="money">€7\.18<\/td><td class="money">€0\.80<\/td>/);
    expect(await store.db.select().from(promoRedemptions)).toHaveLength(1);
  });
});
