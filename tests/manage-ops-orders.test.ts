import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { and, eq } from "drizzle-orm";
import { auditLog, orderEvents, products, stockAdjustments } from "../src/db/schema";
import { orders } from "../src/db/shop-tables";
import { todayFigures } from "../src/reports/dashboard";
import { addToCart, checkout, newShopper, productNow, stockShelves, type Shelves } from "./support/shop";
import { createTestStore, textOf, type Agent, type TestStore } from "./support/store";
import { adminAgent, openBackOffice } from "./support/staff";


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

/** An order's number as pages show it, written out here rather than taken from the code under test. */
const number = (id: number) => `GR-${String(id).padStart(6, "0")}`;

async function placeOrder(shelf: keyof Shelves, quantity: string, form: Record<string, string> = {}) {
  const { agent, user } = await newShopper(store);
  await addToCart(agent, shelves[shelf], quantity);
  const { response } = await checkout(agent, form);
  expect(response.status).toBe(303);
  return (await store.db.select().from(orders).where(eq(orders.userId, user.id)))[0]!;
}

const move = (orderId: number, to: string, headers: Record<string, string> = {}) => manager.post(`/manage/orders/${orderId}/status`, { to }, headers);
const statusOf = async (orderId: number) => (await store.db.select().from(orders).where(eq(orders.id, orderId)))[0]!.status;

describe("orders board", () => {
  test("a delivery order goes placed → picked → out for delivery → completed, each step recorded", async () => {
    const order = await placeOrder("milk", "2", { fulfilment: "delivery", delivery_address: "1 Quay Street, Galway" });
    for (const to of ["picked", "out_for_delivery", "completed"]) {
      expect((await move(order.id, to)).status).toBe(303);
      expect(await statusOf(order.id)).toBe(to as never);
    }
    const events = await store.db.select().from(orderEvents).where(eq(orderEvents.orderId, order.id)).orderBy(orderEvents.id);
    expect(events.map((event) => [event.fromStatus, event.toStatus, event.actorId])).toEqual([
      ["placed", "picked", managerId],
      ["picked", "out_for_delivery", managerId],
      ["out_for_delivery", "completed", managerId],
    ]);
    const detail = await textOf(await manager.get(`/manage/orders/${order.id}`));
    expect(detail).toContain("Picked → Out for delivery by Manager");
    // Times on the store's clock (Europe/Dublin): 12:30 UTC on 1 July is 13:30 there, in the history and on the board.
    await store.db.update(orders).set({ placedAt: new Date("2026-07-01T12:30:00Z") }).where(eq(orders.id, order.id));
    expect(await textOf(await manager.get(`/manage/orders/${order.id}`))).toContain("1 Jul 2026, 13:30 · placed by");
    expect(await textOf(await manager.get("/manage/orders?status=completed&from=2026-06-01&to=2026-07-31"))).toContain("1 Jul 2026, 13:30");
  });

  test("a pickup order goes to ready for pickup, never out for delivery", async () => {
    const order = await placeOrder("eggs", "1");
    expect((await move(order.id, "picked")).status).toBe(303);
    const wrong = await move(order.id, "out_for_delivery", { "hx-request": "true" });
    expect(wrong.status).toBe(409);
    const row = await textOf(wrong);
    expect(row).toStartWith(`<tr id="order-${order.id}"`);
    expect(row).toContain("An order that is picked can't be marked out for delivery.");
    expect((await move(order.id, "ready_for_pickup")).status).toBe(303);
    expect((await move(order.id, "completed")).status).toBe(303);
    expect(await statusOf(order.id)).toBe("completed");
  });

  test("steps can't be skipped or repeated, a stale second click loses, and junk is refused", async () => {
    const order = await placeOrder("eggs", "1");
    expect((await move(order.id, "completed")).status).toBe(409);
    expect((await move(order.id, "picked")).status).toBe(303);
    expect((await move(order.id, "picked")).status).toBe(409); // the same click again: no second event
    expect((await move(order.id, "shipped")).status).toBe(422);
    expect((await move(99999, "picked")).status).toBe(404);
    expect(await store.db.select().from(orderEvents).where(eq(orderEvents.orderId, order.id))).toHaveLength(1);
  });

  test("two managers moving the same order at once: exactly one wins", async () => {
    const order = await placeOrder("eggs", "1");
    const results = await Promise.all([move(order.id, "picked"), move(order.id, "picked"), move(order.id, "cancelled")]);
    const winners = results.filter((response) => response.status === 303);
    expect(winners.length).toBeGreaterThanOrEqual(1);
    const events = await store.db.select().from(orderEvents).where(eq(orderEvents.orderId, order.id));
    // Every recorded step starts from where the previous one ended.
    let at = "placed";
    for (const event of events) {
      expect(event.fromStatus).toBe(at);
      at = event.toStatus;
    }
    expect(await statusOf(order.id)).toBe(at as never);
    expect(events.filter((event) => event.fromStatus === "placed")).toHaveLength(1);
  });

  test("cancel from picked puts the stock back; a completed order can't be cancelled", async () => {
    const order = await placeOrder("bananas", "1.75");
    expect((await productNow(store, shelves.bananas)).stock).toBe(18_250);
    await move(order.id, "picked");
    const cancelled = await move(order.id, "cancelled", { "hx-request": "true" });
    expect(cancelled.status).toBe(200);
    expect(await textOf(cancelled)).toContain("Cancelled");
    expect((await productNow(store, shelves.bananas)).stock).toBe(20_000);
    const [event] = await store.db.select().from(orderEvents).where(and(eq(orderEvents.orderId, order.id), eq(orderEvents.toStatus, "cancelled")));
    expect(event).toMatchObject({ fromStatus: "picked", actorId: managerId });

    const done = await placeOrder("milk", "1");
    for (const to of ["picked", "ready_for_pickup", "completed"]) await move(done.id, to);
    expect((await move(done.id, "cancelled")).status).toBe(409);
    expect((await productNow(store, shelves.milk)).stock).toBe(39_000);
  });

  test("filters by status and by date range", async () => {
    const first = await placeOrder("eggs", "1");
    store.clock.advance(2 * 24 * 60 * 60 * 1000); // 2026-11-22
    const second = await placeOrder("milk", "1");
    await move(second.id, "picked");
    const picked = await textOf(await manager.get("/manage/orders?status=picked"));
    expect(picked).toContain(number(second.id));
    expect(picked).toMatch(/<td>1<\/td><td class="money">€1\.29<\/td>/); // one line, its total
    expect(picked).not.toContain(number(first.id));
    const early = await textOf(await manager.get("/manage/orders?from=2026-11-20&to=2026-11-20"));
    expect(early).toContain(number(first.id));
    expect(early).not.toContain(number(second.id));
    const late = await textOf(await manager.get("/manage/orders?from=2026-11-21"));
    expect(late).toContain(number(second.id));
    expect(late).not.toContain(number(first.id));
    // The filter's days as the store writes them (en-IE), typed that way too.
    expect(late).toContain('id="orders-from" name="from"');
    expect(late).toContain('value="21/11/2026"');
    const typed = await textOf(await manager.get("/manage/orders?from=20%2F11%2F2026&to=20%2F11%2F2026"));
    expect(typed).toContain(number(first.id));
    expect(typed).not.toContain(number(second.id));
  });

  test("the picking list gathers the day's open orders by category, printable", async () => {
    const a = await placeOrder("bananas", "1.5");
    const b = await placeOrder("bananas", "0.5");
    const c = await placeOrder("milk", "2");
    const gone = await placeOrder("eggs", "1");
    await move(gone.id, "cancelled");
    await move(c.id, "picked");
    const html = await textOf(await manager.get("/manage/orders/picking"));
    expect(html).toContain("Picking list · 20/11/2026");
    expect(html).toContain("data-print");
    expect(html.indexOf("<h2>Dairy</h2>")).toBeLessThan(html.indexOf("<h2>Fruit</h2>"));
    expect(html).toContain("<strong>2 kg</strong>");
    expect(html).toContain(`${number(a.id)}: 1.5 kg · ${number(b.id)}: 0.5 kg`);
    expect(html).toContain("<strong>2 l</strong>");
    expect(html).not.toContain("Free-range Eggs");
    expect(await textOf(await manager.get("/manage/orders/picking?date=2026-11-19"))).toContain("Nothing to pick.");
  });

  test("the picking list's day is the store's day (Europe/Dublin): 23:30 UTC on 30 June is 00:30 on 1 July there", async () => {
    const late = await placeOrder("milk", "2");
    const before = await placeOrder("eggs", "1");
    await store.db.update(orders).set({ placedAt: new Date("2026-06-30T23:30:00Z") }).where(eq(orders.id, late.id));
    await store.db.update(orders).set({ placedAt: new Date("2026-06-30T22:30:00Z") }).where(eq(orders.id, before.id)); // 23:30 on 30 June in Dublin
    const july = await textOf(await manager.get("/manage/orders/picking?date=2026-07-01"));
    expect(july).toContain("Picking list · 01/07/2026");
    expect(july).toContain(`${number(late.id)}: 2 l`);
    expect(july).not.toContain(number(before.id));
    expect(july).toContain("Open orders (placed, being picked or picked) from this day, grouped by aisle.");
    expect(july).not.toContain("UTC");
    const june = await textOf(await manager.get("/manage/orders/picking?date=2026-06-30"));
    expect(june).toContain(number(before.id));
    expect(june).not.toContain(number(late.id));
    // With no day chosen, today is the store's: at 23:30 UTC on 30 June it is already 1 July in Dublin.
    store.clock.set(new Date("2026-06-30T23:30:00Z"));
    const today = await textOf(await manager.get("/manage/orders/picking"));
    expect(today).toContain("Picking list · 01/07/2026");
    expect(today).toContain(number(late.id));
    expect(today).not.toContain(number(before.id));
  });

  test("the board's from and to are the store's days too", async () => {
    const late = await placeOrder("milk", "2");
    const before = await placeOrder("eggs", "1");
    await store.db.update(orders).set({ placedAt: new Date("2026-06-30T23:30:00Z") }).where(eq(orders.id, late.id)); // 00:30 on 1 July in Dublin
    await store.db.update(orders).set({ placedAt: new Date("2026-06-30T22:30:00Z") }).where(eq(orders.id, before.id));
    const july = await textOf(await manager.get("/manage/orders?from=2026-07-01&to=2026-07-01"));
    expect(july).toContain(number(late.id));
    expect(july).not.toContain(number(before.id));
    const june = await textOf(await manager.get("/manage/orders?from=2026-06-30&to=2026-06-30"));
    expect(june).toContain(number(before.id));
    expect(june).not.toContain(number(late.id));
  });
});

describe("dashboard and people", () => {
  test("the dashboard opens on today's figures and pending work", async () => {
    await placeOrder("eggs", "2"); // 7.98
    const second = await placeOrder("milk", "2"); // 2.58
    await placeOrder("milk", "1"); // 1.29, then cancelled: not counted
    const cancelled = (await store.db.select().from(orders)).at(-1)!;
    await move(cancelled.id, "cancelled");
    await move(second.id, "picked");
    const html = await textOf(await manager.get("/manage"));
    expect(html).toContain("<strong>2</strong> orders</li>");
    expect(html).toContain("<strong>€10.56</strong> revenue");
    expect(html).toContain("<strong>€5.28</strong> average basket");
    expect(html).toContain("<strong>1</strong> orders to pack");
    expect(html).toContain("<h2>Today</h2>");
    expect(html).not.toContain("UTC");
    expect(html).not.toContain("managers awaiting approval");
    expect(await textOf(await admin.get("/manage"))).toContain("managers awaiting approval");
  });

  test("today on the dashboard is the store's day (Europe/Dublin): 23:30 UTC on 30 June counts on 1 July", async () => {
    const first = await placeOrder("eggs", "2"); // 7.98, 00:30 on 1 July in Dublin
    const dayBefore = await placeOrder("milk", "2"); // 2.58, 23:30 on 30 June in Dublin
    const dayAfter = await placeOrder("milk", "1"); // 1.29, 00:00 on 2 July in Dublin
    const placedAt = (id: number, at: string) => store.db.update(orders).set({ placedAt: new Date(at) }).where(eq(orders.id, id));
    await placedAt(first.id, "2026-06-30T23:30:00Z");
    await placedAt(dayBefore.id, "2026-06-30T22:30:00Z");
    await placedAt(dayAfter.id, "2026-07-01T23:00:00Z");
    store.clock.set(new Date("2026-07-01T10:00:00Z"));
    const html = await textOf(await manager.get("/manage"));
    expect(html).toContain("<strong>1</strong> orders</li>");
    expect(html).toContain("<strong>€7.98</strong> revenue");
    // Just before midnight in Dublin (22:59 UTC) it is still 1 July; at 23:00 UTC 2 July begins.
    expect(await todayFigures(store.db, new Date("2026-07-01T22:59:00Z"), "Europe/Dublin")).toEqual({ orders: 1, revenueCents: 798, averageBasketCents: 798 });
    expect(await todayFigures(store.db, new Date("2026-07-01T23:00:00Z"), "Europe/Dublin")).toEqual({ orders: 1, revenueCents: 129, averageBasketCents: 129 });
    expect(await todayFigures(store.db, new Date("2026-06-30T22:59:00Z"), "Europe/Dublin")).toEqual({ orders: 1, revenueCents: 258, averageBasketCents: 258 });
    // In a store on UTC the same moment falls on 30 June.
    expect(await todayFigures(store.db, new Date("2026-06-30T12:00:00Z"), "UTC")).toEqual({ orders: 2, revenueCents: 1056, averageBasketCents: 528 });
  });

  test("people shows orders per person and filters by role and status", async () => {
    const { user } = await newShopper(store);
    const pendingManager = store.agent();
    await pendingManager.signUp({ name: "Waiting Walter", email: "walter@example.com", password: "pending-pass-123" }, "/sell");
    const { agent } = await newShopper(store);
    await addToCart(agent, shelves.eggs, "1");
    const placed = await checkout(agent);
    expect([placed.response.status, await placed.response.text()]).toEqual([303, ""]);
    const all = await textOf(await admin.get("/admin/people"));
    expect(all).toContain("<th scope=\"col\">Orders</th>");
    expect(all).toMatch(new RegExp(`id="person-${user.id}">[\\s\\S]*?<td>0</td>`));
    const pending = await textOf(await admin.get("/admin/people?status=pending"));
    expect(pending).toContain("Waiting Walter");
    expect(pending).not.toContain(user.email);
    const customers = await textOf(await admin.get("/admin/people?role=customer"));
    expect(customers).toContain(user.email);
    expect(customers).not.toContain("Waiting Walter");
    expect(customers).toMatch(/<td>1<\/td>/);
  });

  test("approving a manager tells them, and the admin was told of the sign-up", async () => {
    const agent = store.agent();
    await agent.signUp({ name: "Nora New", email: "nora@example.com", password: "pending-pass-123" }, "/sell");
    expect(await textOf(await admin.get("/manage/notifications"))).toContain("Nora New wants to manage the store");
    const [nora] = await store.db.select().from(auditLog).where(eq(auditLog.action, "user.approve"));
    expect(nora).toBeDefined(); // the manager approved in beforeEach
    const page = await textOf(await manager.get("/manage/notifications"));
    expect(page).toContain("Your manager account is approved");
    expect(page).not.toContain("Nora New wants to manage the store"); // admin-only notice
  });
});

describe("access", () => {
  const managerGets = ["/manage", "/manage/stock", "/manage/stock?filter=low", "/manage/promo-codes", "/manage/promo-codes/new", "/manage/orders", "/manage/orders/picking", "/manage/reports", "/manage/notifications", "/manage/notifications/stream"];
  const managerPosts = ["/manage/stock/1/adjust", "/manage/promo-codes", "/manage/promo-codes/1", "/manage/promo-codes/1/deactivate", "/manage/orders/1/status", "/manage/notifications/1/read", "/manage/notifications/read-all"];

  test("a customer gets 403 on every back-office route and changes nothing", async () => {
    const { agent } = await newShopper(store);
    for (const path of [...managerGets, "/manage/stock/1", "/manage/orders/1", "/manage/promo-codes/1/edit", "/admin/people"]) {
      expect([path, (await agent.get(path)).status]).toEqual([path, 403]);
    }
    for (const path of [...managerPosts, "/admin/people/1/approve"]) {
      expect([path, (await agent.post(path, { change: "5", reason: "delivery", to: "picked" })).status]).toEqual([path, 403]);
    }
    expect((await productNow(store, shelves.bananas)).stock).toBe(20_000);
  });

  test("a visitor is sent to log in (the bell's stream answers 401 instead)", async () => {
    expect((await store.agent().get("/manage/notifications/stream")).status).toBe(401);
    for (const path of managerGets.filter((path) => !path.endsWith("/stream"))) {
      const response = await store.agent().get(path);
      expect(response.status).toBe(303);
      expect(response.headers.get("location")).toStartWith("/login");
    }
  });

  test("a manager opens every back-office page but gets 403 on admin-only routes", async () => {
    for (const path of managerGets.filter((path) => !path.endsWith("/stream"))) {
      expect([path, (await manager.get(path)).status]).toEqual([path, 200]);
    }
    expect((await manager.get("/admin/people")).status).toBe(403);
    expect((await manager.get("/admin/people?status=pending")).status).toBe(403);
    expect((await manager.post(`/admin/people/${managerId}/demote`)).status).toBe(403);
    const [me] = await store.db.select().from(products).where(eq(products.id, shelves.milk.id));
    expect(me).toBeDefined();
  });
});

describe("on the libSQL driver (batches instead of transactions)", () => {
  test("a stock refusal rolls back the audit row, and an order step writes its event", async () => {
    const remote = await createTestStore({ seed: false, driver: "libsql", env: { MIN_ORDER_CENTS: "0" } });
    try {
      expect(remote.database.driver).toBe("libsql");
      const shelf = await stockShelves(remote);
      const boss = await adminAgent(remote);
      const refused = await boss.post(`/manage/stock/${shelf.apples.id}/adjust`, { change: "-5", reason: "spoilage" });
      expect(refused.status).toBe(422);
      expect(await remote.db.select().from(stockAdjustments)).toHaveLength(0);
      expect((await boss.post(`/manage/stock/${shelf.apples.id}/adjust`, { change: "-2.5", reason: "spoilage" })).status).toBe(303);
      expect((await productNow(remote, shelf.apples)).stock).toBe(500);
      expect((await remote.db.select().from(stockAdjustments))[0]!.stockAfter).toBe(500);

      const { agent, user } = await newShopper(remote);
      await addToCart(agent, shelf.eggs, "1");
      expect((await checkout(agent)).response.status).toBe(303);
      const [order] = await remote.db.select().from(orders).where(eq(orders.userId, user.id));
      expect((await boss.post(`/manage/orders/${order!.id}/status`, { to: "picked" })).status).toBe(303);
      expect((await boss.post(`/manage/orders/${order!.id}/status`, { to: "picked" })).status).toBe(409);
      expect(await remote.db.select().from(orderEvents)).toHaveLength(1);
    } finally {
      remote.close();
    }
  });
});
