import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { and, eq } from "drizzle-orm";
import { auditLog, jobs, orderEvents, users } from "../src/db/schema";
import { orders, promoCodes } from "../src/db/shop-tables";
import { ApiClient, apiShopper, expectProblem, logInStaff } from "./support/api";
import { addPromo, productNow, stockShelves, type Shelves } from "./support/shop";
import { ADMIN, createTestStore, type TestStore } from "./support/store";

/*
 * The back-office JSON endpoints for managers: promo codes, every order and its status, sales
 * reports. All over real HTTP requests to a store on a real database file.
 */

let store: TestStore;
let shelves: Shelves;
let admin: ApiClient;
let manager: ApiClient;
let managerId: number;
let keys = 0;

/** A customer promoted to manager by the admin, logged in over the API with their authenticator. */
async function newManager(target: TestStore, adminClient: ApiClient) {
  const { client, user, email } = await apiShopper(target);
  expect((await adminClient.patch(`/users/${user.id}`, { role: "manager" })).status).toBe(200);
  await logInStaff(client, target, email, "fresh-produce-123");
  return { client, user };
}

/** A real order through the API's cart and checkout. */
async function placeOrder(client: ApiClient, lines: [keyof Shelves, number][], body: Record<string, unknown> = { fulfilment: "pickup" }, promo?: string) {
  for (const [shelf, quantity] of lines) expect((await client.put(`/cart/items/${shelves[shelf].id}`, { quantity })).status).toBe(200);
  if (promo) expect((await client.put("/cart/promo", { code: promo })).status).toBe(200);
  const placed = await client.post("/checkout", body, { headers: { "idempotency-key": `manage-ops-key-${Date.now()}-${++keys}` } });
  expect(placed.status).toBe(201);
  return placed.json as { id: number; number: string; total_cents: number; discount_cents: number };
}

beforeAll(async () => {
  store = await createTestStore({ seed: false, env: { MIN_ORDER_CENTS: "0" } });
  shelves = await stockShelves(store);
  admin = new ApiClient(store, "198.51.100.250");
  await logInStaff(admin, store, ADMIN.email, ADMIN.password);
  const made = await newManager(store, admin);
  manager = made.client;
  managerId = made.user.id;
});
afterAll(() => store.close());

/** A manager who signed up at /sell and awaits the admin's approval, logged in over the API. */
async function pendingManager() {
  const email = `pending-${Date.now()}-${++keys}@example.com`;
  expect((await store.agent().signUp({ name: "Pending Manager", email, password: "stock-room-key-1" }, "/sell")).status).toBe(303);
  const client = new ApiClient(store, "198.51.100.248");
  await logInStaff(client, store, email, "stock-room-key-1");
  expect((await client.get("/me")).json.role).toBe("manager");
  return client;
}

/** A manager whose approval was withdrawn after they got their token (the user is read on every request). */
async function withdrawnManager() {
  const { client, user } = await newManager(store, admin);
  await store.db.update(users).set({ approvedAt: null }).where(eq(users.id, user.id));
  return client;
}

describe("who may use the back-office endpoints", () => {
  test("401 without a token, 403 for a customer and for a manager not (or no longer) approved", async () => {
    const calls: [string, string, unknown?][] = [
      ["GET", "/promo-codes"],
      ["POST", "/promo-codes", { code: "NOPE10", kind: "percent", percent_off: 10 }],
      ["PATCH", "/promo-codes/1", { active: false }],
      ["POST", "/orders/1/status", { status: "picked" }],
      ["GET", "/reports/sales-by-product"],
      ["GET", "/reports/sales-over-time"],
    ];
    const anonymous = new ApiClient(store);
    const { client: customer } = await apiShopper(store);
    const pending = await pendingManager();
    const withdrawn = await withdrawnManager();
    for (const [method, path, body] of calls) {
      expectProblem(await anonymous.call(method, path, { body }), 401);
      expect(expectProblem(await customer.call(method, path, { body }), 403).detail).toBe("Only approved store managers may do this.");
      expectProblem(await pending.call(method, path, { body }), 403);
      expectProblem(await withdrawn.call(method, path, { body }), 403);
    }
    // Without approval a manager is a shopper as far as orders go: only their own (none).
    expect((await pending.get("/orders")).json).toEqual({ items: [], next_cursor: null });
    expect((await withdrawn.get("/orders")).json).toEqual({ items: [], next_cursor: null });
    expect(await store.db.select().from(promoCodes)).toHaveLength(0);
  });
});

describe("POST /promo-codes", () => {
  test("201: stored upper-case with exact cents and UTC days, audited, listed with no uses yet", async () => {
    const created = await manager.post("/promo-codes", {
      code: " spring-5 ",
      kind: "fixed",
      amount_off_cents: 500,
      starts_at: "2026-11-01",
      expires_at: "2026-12-01T18:30:00+01:00",
      min_subtotal_cents: 2000,
      usage_limit: 100,
      per_customer_limit: 1,
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      code: "SPRING-5",
      kind: "fixed",
      percent_off: null,
      amount_off_cents: 500,
      active: true,
      starts_at: "2026-11-01T00:00:00.000Z",
      expires_at: "2026-12-01T17:30:00.000Z",
      min_subtotal_cents: 2000,
      usage_limit: 100,
      per_customer_limit: 1,
      uses: 0,
      revenue_cents: 0,
      discount_cents: 0,
    });
    const [row] = await store.db.select().from(promoCodes).where(eq(promoCodes.id, created.json.id));
    expect(row).toMatchObject({ code: "SPRING-5", kind: "fixed", value: 500, minSubtotalCents: 2000, usageLimit: 100, perCustomerLimit: 1, active: true, createdBy: managerId });
    expect(row!.expiresAt!.toISOString()).toBe("2026-12-01T17:30:00.000Z");
    const [entry] = await store.db.select().from(auditLog).where(and(eq(auditLog.action, "promo.create"), eq(auditLog.subjectId, created.json.id)));
    expect(entry).toMatchObject({ subjectType: "promo_code", actorId: managerId });

    const percent = await manager.post("/promo-codes", { code: "autumn10", kind: "percent", percent_off: 10 });
    expect(percent.json).toMatchObject({ code: "AUTUMN10", percent_off: 10, amount_off_cents: null, starts_at: null, expires_at: null, min_subtotal_cents: 0, usage_limit: null });
  });

  test("422 naming each field the back office's rules refuse; 409 for a code taken in any case", async () => {
    await addPromo(store, { code: "TAKEN10", kind: "percent", value: 10 });
    const before = (await store.db.select().from(promoCodes)).length;
    const valid = { code: "FRESH20", kind: "percent", percent_off: 20 };
    const cases: [Record<string, unknown>, string, string][] = [
      [{ ...valid, code: "x" }, "code", "Use 3 to 32 letters, digits, - or _ for the code."],
      [{ ...valid, code: "no spaces" }, "code", "Use 3 to 32 letters, digits, - or _ for the code."],
      [{ ...valid, code: 42 }, "code", "must be text"],
      [{ ...valid, kind: "bogof" }, "kind", "must be percent or fixed"],
      [{ code: "FRESH20", kind: "percent" }, "percent_off", "required for a percent code"],
      [{ ...valid, percent_off: 0 }, "percent_off", "A percentage discount is a whole number from 1 to 100."],
      [{ ...valid, percent_off: 101 }, "percent_off", "A percentage discount is a whole number from 1 to 100."],
      [{ ...valid, percent_off: 12.5 }, "percent_off", "must be a whole number"],
      [{ ...valid, amount_off_cents: 500 }, "amount_off_cents", "only for fixed codes; this one is percent"],
      [{ code: "FRESH20", kind: "fixed", amount_off_cents: 0 }, "amount_off_cents", "A fixed discount is an amount above zero."],
      [{ code: "FRESH20", kind: "fixed", amount_off_cents: "5.00" }, "amount_off_cents", "must be a whole number of cents"],
      [{ ...valid, starts_at: "2026-02-30" }, "starts_at", "That date does not exist: 2026-02-30 is not a day on the calendar."],
      [{ ...valid, expires_at: "2026-02-30T09:00:00Z" }, "expires_at", "That date does not exist: 2026-02-30 is not a day on the calendar."],
      [{ ...valid, starts_at: "30/11/2026" }, "starts_at", "must be a date (2026-12-01) or a date-time (2026-12-01T09:00:00Z)"],
      [{ ...valid, expires_at: "tomorrow" }, "expires_at", "must be a date (2026-12-01) or a date-time (2026-12-01T09:00:00Z)"],
      [{ ...valid, starts_at: "2026-12-01", expires_at: "2026-12-01" }, "expires_at", "The expiry must be after the start."],
      [{ ...valid, min_subtotal_cents: -1 }, "min_subtotal_cents", "The minimum spend is an amount of zero or more."],
      [{ ...valid, usage_limit: 0 }, "usage_limit", "The usage limit must be a whole number from 1 to 999999, or none."],
      [{ ...valid, per_customer_limit: 1.5 }, "per_customer_limit", "must be a whole number, or null for no limit"],
    ];
    for (const [body, path, message] of cases) {
      const problem = expectProblem(await manager.post("/promo-codes", body), 422);
      expect(problem.errors).toContainEqual({ path, message });
    }
    const several = expectProblem(await manager.post("/promo-codes", { ...valid, percent_off: 0, usage_limit: 0 }), 422);
    expect(several.errors!.map((error) => error.path)).toEqual(["percent_off", "usage_limit"]);
    const taken = expectProblem(await manager.post("/promo-codes", { ...valid, code: "taken10" }), 409);
    expect(taken.errors).toEqual([{ path: "code", message: "The code TAKEN10 already exists (codes are the same in any case)." }]);
    expect(await store.db.select().from(promoCodes)).toHaveLength(before);
  });
});

describe("GET /promo-codes", () => {
  test("uses, revenue and discount from real orders; a cancelled order does not count; paged", async () => {
    const promo = await addPromo(store, { code: "EGGS10", kind: "percent", value: 10 });
    const placed = [];
    for (let i = 0; i < 2; i += 1) {
      const { client } = await apiShopper(store);
      placed.push({ client, order: await placeOrder(client, [["eggs", 2]], { fulfilment: "pickup" }, "eggs10") }); // 7.98 - 0.80 = 7.18
    }
    expect(placed[0]!.order).toMatchObject({ total_cents: 718, discount_cents: 80 });
    expect((await placed[1]!.client.post(`/orders/${placed[1]!.order.id}/cancel`)).status).toBe(200);

    const all = await manager.get("/promo-codes?limit=100");
    expect(all.status).toBe(200);
    const listed = all.json.items.find((item: { id: number }) => item.id === promo.id);
    expect(listed).toMatchObject({ code: "EGGS10", kind: "percent", percent_off: 10, uses: 1, revenue_cents: 718, discount_cents: 80, active: true });
    // As the back office orders them: active first, then by code.
    const codes = all.json.items.map((item: { code: string }) => item.code);
    expect(codes).toEqual([...codes].sort());

    const first = await manager.get("/promo-codes?limit=1");
    expect(first.json.items).toHaveLength(1);
    expect(first.json.items[0].code).toBe(codes[0]);
    const second = await manager.get(`/promo-codes?limit=1&cursor=${first.json.next_cursor}`);
    expect(second.json.items[0].code).toBe(codes[1]);
    expect(expectProblem(await manager.get("/promo-codes?cursor=nope"), 400).errors![0]!.path).toBe("cursor");
    expect(expectProblem(await manager.get("/promo-codes?limit=0"), 400).errors![0]!.path).toBe("limit");
  });
});

describe("PATCH /promo-codes/{id}", () => {
  test("changes only what is sent, audited; switching off stops shoppers using it, and on again", async () => {
    const promo = await addPromo(store, { code: "MILK15", kind: "percent", value: 15, usageLimit: 50, minSubtotalCents: 1000 });
    const changed = await manager.patch(`/promo-codes/${promo.id}`, { percent_off: 20, expires_at: "2027-01-01" });
    expect(changed.status).toBe(200);
    expect(changed.json).toMatchObject({ code: "MILK15", percent_off: 20, usage_limit: 50, min_subtotal_cents: 1000, expires_at: "2027-01-01T00:00:00.000Z", active: true });
    expect((await store.db.select().from(promoCodes).where(eq(promoCodes.id, promo.id)))[0]).toMatchObject({ value: 20, usageLimit: 50 });
    const kindChange = await manager.patch(`/promo-codes/${promo.id}`, { kind: "fixed", amount_off_cents: 150, expires_at: null, usage_limit: null });
    expect(kindChange.json).toMatchObject({ kind: "fixed", percent_off: null, amount_off_cents: 150, expires_at: null, usage_limit: null });

    const { client: shopper } = await apiShopper(store);
    await shopper.put(`/cart/items/${shelves.milk.id}`, { quantity: 10 });
    const off = await manager.patch(`/promo-codes/${promo.id}`, { active: false });
    expect(off.json.active).toBe(false);
    expect((await store.db.select().from(promoCodes).where(eq(promoCodes.id, promo.id)))[0]!.active).toBe(false);
    expect((await shopper.put("/cart/promo", { code: "milk15" })).json).toMatchObject({ discount_cents: 0, promo_problem: "The code MILK15 is no longer active." });
    const on = await manager.patch(`/promo-codes/${promo.id}`, { active: true, code: "milk-150" });
    expect(on.json).toMatchObject({ active: true, code: "MILK-150" });
    expect((await shopper.put("/cart/promo", { code: "milk-150" })).json).toMatchObject({ promo_code: "MILK-150", discount_cents: 150 });
    const actions = await store.db.select({ action: auditLog.action }).from(auditLog).where(and(eq(auditLog.subjectType, "promo_code"), eq(auditLog.subjectId, promo.id))).orderBy(auditLog.id);
    expect(actions.map((row) => row.action)).toEqual(["promo.update", "promo.update", "promo.deactivate", "promo.update", "promo.activate"]);
  });

  test("422 per field, 409 for a taken code or a limit below the uses so far, 404 unknown, 400 bad id", async () => {
    const promo = await addPromo(store, { code: "USED3", kind: "fixed", value: 200, timesUsed: 3 });
    await addPromo(store, { code: "OTHER5", kind: "percent", value: 5 });
    const path = `/promo-codes/${promo.id}`;
    expect(expectProblem(await manager.patch(path, {}), 422).errors).toEqual([{ path: "code", message: "send at least one field to change" }]);
    expect(expectProblem(await manager.patch(path, { kind: "percent" }), 422).errors).toEqual([{ path: "percent_off", message: "required for a percent code" }]);
    expect(expectProblem(await manager.patch(path, { percent_off: 10 }), 422).errors).toEqual([{ path: "percent_off", message: "only for percent codes; this one is fixed" }]);
    expect(expectProblem(await manager.patch(path, { starts_at: "2027-01-01", expires_at: "2026-12-01" }), 422).errors![0]!.path).toBe("expires_at");
    expect(expectProblem(await manager.patch(path, { active: "no" }), 422).errors![0]!.path).toBe("active");
    const tooLow = expectProblem(await manager.patch(path, { usage_limit: 2 }), 409);
    expect(tooLow.errors).toEqual([{ path: "usage_limit", message: "This code was already used 3 times; the limit can't be lower." }]);
    expect(expectProblem(await manager.patch(path, { code: "other5" }), 409).errors![0]!.path).toBe("code");
    expect((await store.db.select().from(promoCodes).where(eq(promoCodes.id, promo.id)))[0]).toMatchObject({ code: "USED3", kind: "fixed", value: 200, usageLimit: null });
    expectProblem(await manager.patch("/promo-codes/999999", { active: false }), 404);
    expect(expectProblem(await manager.patch("/promo-codes/abc", { active: false }), 400).errors![0]!.path).toBe("id");
  });
});

describe("GET /orders for staff", () => {
  test("staff list every order with its customer; shoppers only theirs; status and mine filter; cursor pages", async () => {
    const alice = await apiShopper(store);
    const bob = await apiShopper(store);
    const aliceOrder = await placeOrder(alice.client, [["bananas", 1.5]]);
    const bobOrder = await placeOrder(bob.client, [["milk", 2]], { fulfilment: "delivery", delivery_address: "1 Orchard Lane\nAppleton" });
    const managerOrder = await placeOrder(manager, [["eggs", 1]]);
    // `packed`, the former name of `picked`, still works for integrators written before picking was tracked.
    expect((await manager.post(`/orders/${bobOrder.id}/status`, { status: "packed" })).status).toBe(200);

    const all = await manager.get("/orders?limit=100");
    expect(all.status).toBe(200);
    const total = (await store.db.select().from(orders)).length;
    expect(all.json.items).toHaveLength(total);
    const byId = new Map(all.json.items.map((item: { id: number }) => [item.id, item]));
    expect(byId.get(aliceOrder.id)).toMatchObject({
      status: "placed",
      customer: { id: alice.user.id, name: alice.user.name, email: alice.email },
      items: [{ product_id: shelves.bananas.id, quantity: 1.5, line_total_cents: 284 }],
    });
    expect(byId.get(bobOrder.id)).toMatchObject({ status: "picked", fulfilment: "delivery", customer: { id: bob.user.id } });

    const picked = await manager.get("/orders?status=packed&limit=100");
    expect(picked.json.items.map((item: { id: number }) => item.id)).toContain(bobOrder.id);
    expect(picked.json.items.every((item: { status: string }) => item.status === "picked")).toBe(true);
    const mine = await manager.get("/orders?mine=true");
    expect(mine.json.items.map((item: { id: number }) => item.id)).toEqual([managerOrder.id]);
    expect(mine.json.items[0].customer.id).toBe(managerId);
    const adminAll = await admin.get("/orders?limit=100");
    expect(adminAll.json.items).toHaveLength(total);

    const own = await alice.client.get("/orders");
    expect(own.json.items.map((item: { id: number }) => item.id)).toEqual([aliceOrder.id]);
    expect(own.json.items[0].customer).toEqual({ id: alice.user.id, name: alice.user.name, email: alice.email });
    expect((await bob.client.get("/orders?status=placed")).json.items).toEqual([]);
    expect((await bob.client.get("/orders?status=picked")).json.items.map((item: { id: number }) => item.id)).toEqual([bobOrder.id]);

    // Newest first, page by page, without repeats or gaps.
    const seen: number[] = [];
    let cursor: string | null = "";
    while (cursor !== null) {
      const page: { json: { items: { id: number }[]; next_cursor: string | null } } = await manager.get(`/orders?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...page.json.items.map((item) => item.id));
      cursor = page.json.next_cursor;
    }
    expect(seen).toEqual(all.json.items.map((item: { id: number }) => item.id));
  });

  test("400 naming a bad status, mine or cursor", async () => {
    expect(expectProblem(await manager.get("/orders?status=shipped"), 400).errors).toEqual([
      { path: "status", message: "must be one of awaiting_payment, placed, picking, picked, out_for_delivery, ready_for_pickup, completed, cancelled" },
    ]);
    const { client } = await apiShopper(store);
    expect(expectProblem(await client.get("/orders?status=lost"), 400).errors![0]!.path).toBe("status");
    expect(expectProblem(await manager.get("/orders?mine=yes"), 400).errors![0]!.path).toBe("mine");
    expect(expectProblem(await manager.get("/orders?cursor=abc"), 400).errors![0]!.path).toBe("cursor");
  });

  test("GET /orders/{id}: staff read anyone's order; a shopper still gets 404 for someone else's", async () => {
    const alice = await apiShopper(store);
    const order = await placeOrder(alice.client, [["apples", 0.5]]);
    const read = await manager.get(`/orders/${order.id}`);
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({ id: order.id, number: order.number, customer: { id: alice.user.id, email: alice.email }, items: [{ product_id: shelves.apples.id, quantity: 0.5 }] });
    expect((await alice.client.get(`/orders/${order.id}`)).json.customer.id).toBe(alice.user.id);
    const { client: stranger } = await apiShopper(store);
    expectProblem(await stranger.get(`/orders/${order.id}`), 404);
    expectProblem(await manager.get("/orders/999999"), 404);
  });
});

/** The "your order is now ..." emails queued for an address, by status label. */
/** The "your order is picked" emails (with the final amounts) queued for an order: marking it picked sends this one, no status email beside it. */
async function pickedEmails(orderId: number): Promise<number> {
  const rows = await store.db.select().from(jobs).where(eq(jobs.type, "order-picked"));
  return rows.filter((row) => (JSON.parse(row.payload) as { orderId: number }).orderId === orderId).length;
}

async function statusEmails(email: string): Promise<string[]> {
  const rows = await store.db.select().from(jobs).where(eq(jobs.type, "send-email"));
  return rows
    .map((row) => JSON.parse(row.payload) as { to: string; template: string; props: { statusLabel?: string } })
    .filter((payload) => payload.to === email && payload.template === "order-status")
    .map((payload) => payload.props.statusLabel!);
}

describe("POST /orders/{id}/status", () => {
  test("one step at a time to completed, each move recorded and emailed to the shopper", async () => {
    const alice = await apiShopper(store);
    const order = await placeOrder(alice.client, [["milk", 1]]);
    for (const status of ["picked", "ready_for_pickup", "completed"]) {
      const moved = await manager.post(`/orders/${order.id}/status`, { status });
      expect(moved.status).toBe(200);
      expect(moved.json).toMatchObject({ id: order.id, status, customer: { id: alice.user.id } });
    }
    expect((await store.db.select().from(orders).where(eq(orders.id, order.id)))[0]!.status).toBe("completed");
    const events = await store.db.select().from(orderEvents).where(eq(orderEvents.orderId, order.id)).orderBy(orderEvents.id);
    expect(events.map((event) => [event.fromStatus, event.toStatus, event.actorId])).toEqual([
      ["placed", "picked", managerId],
      ["picked", "ready_for_pickup", managerId],
      ["ready_for_pickup", "completed", managerId],
    ]);
    expect(await statusEmails(alice.email)).toEqual(["Ready for pickup", "Completed"]);
    expect(await pickedEmails(order.id)).toBe(1);
    const late = expectProblem(await manager.post(`/orders/${order.id}/status`, { status: "cancelled" }), 409);
    expect(late.detail).toBe("An order that is completed can't be cancelled.");
  });

  test("409 for a move the board does not allow, with the reason; nothing changes", async () => {
    const alice = await apiShopper(store);
    const order = await placeOrder(alice.client, [["milk", 1]]);
    expect(expectProblem(await manager.post(`/orders/${order.id}/status`, { status: "completed" }), 409).detail).toBe("An order that is placed can't be marked completed.");
    expect(expectProblem(await manager.post(`/orders/${order.id}/status`, { status: "placed" }), 409).detail).toBe("An order that is placed can't be marked placed.");
    await manager.post(`/orders/${order.id}/status`, { status: "picked" });
    // A pickup order is never out for delivery.
    expect(expectProblem(await manager.post(`/orders/${order.id}/status`, { status: "out_for_delivery" }), 409).detail).toBe(
      "An order that is picked can't be marked out for delivery.",
    );
    expect((await store.db.select().from(orders).where(eq(orders.id, order.id)))[0]!.status).toBe("picked");
    expect(await store.db.select().from(orderEvents).where(eq(orderEvents.orderId, order.id))).toHaveLength(1);
  });

  test("cancelling a picked order puts the stock back, releases the promo use and emails the shopper", async () => {
    const promo = await addPromo(store, { code: "BACK5", kind: "fixed", value: 50 });
    const alice = await apiShopper(store);
    const before = await productNow(store, shelves.bananas);
    const order = await placeOrder(alice.client, [["bananas", 2.5]], { fulfilment: "pickup" }, "back5");
    expect((await productNow(store, shelves.bananas)).stock).toBe(before.stock - 2500);
    expect((await store.db.select().from(promoCodes).where(eq(promoCodes.id, promo.id)))[0]!.timesUsed).toBe(1);
    await manager.post(`/orders/${order.id}/status`, { status: "picked" });
    const cancelled = await manager.post(`/orders/${order.id}/status`, { status: "cancelled" });
    expect(cancelled.status).toBe(200);
    expect(cancelled.json.status).toBe("cancelled");
    expect((await productNow(store, shelves.bananas)).stock).toBe(before.stock);
    expect((await store.db.select().from(promoCodes).where(eq(promoCodes.id, promo.id)))[0]!.timesUsed).toBe(0);
    expect(await statusEmails(alice.email)).toEqual(["Cancelled"]);
    expect(await pickedEmails(order.id)).toBe(1);
    const [event] = await store.db.select().from(orderEvents).where(and(eq(orderEvents.orderId, order.id), eq(orderEvents.toStatus, "cancelled")));
    expect(event).toMatchObject({ fromStatus: "picked", actorId: managerId });
    expect(expectProblem(await manager.post(`/orders/${order.id}/status`, { status: "cancelled" }), 409).detail).toBe("An order that is cancelled can't be cancelled.");
  });

  test("422 naming a bad status, 404 unknown order, 400 bad id", async () => {
    const alice = await apiShopper(store);
    const order = await placeOrder(alice.client, [["milk", 1]]);
    expect(expectProblem(await manager.post(`/orders/${order.id}/status`, { status: "shipped" }), 422).errors![0]!.path).toBe("status");
    expect(expectProblem(await manager.post(`/orders/${order.id}/status`, {}), 422).errors![0]!.path).toBe("status");
    expectProblem(await manager.post("/orders/999999/status", { status: "picked" }), 404);
    expect(expectProblem(await manager.post("/orders/x/status", { status: "picked" }), 400).errors![0]!.path).toBe("id");
    expect((await store.db.select().from(orders).where(eq(orders.id, order.id)))[0]!.status).toBe("placed");
  });
});

describe("reports", () => {
  let shop: TestStore;
  let boss: ApiClient;
  let goods: Shelves;

  /** A real order through the API at the store clock's time (a new shopper each: tokens live 15 minutes). */
  async function sell(lines: [keyof Shelves, number][]) {
    const { client } = await apiShopper(shop);
    for (const [shelf, quantity] of lines) expect((await client.put(`/cart/items/${goods[shelf].id}`, { quantity })).status).toBe(200);
    const placed = await client.post("/checkout", { fulfilment: "pickup" }, { headers: { "idempotency-key": `report-key-${Date.now()}-${++keys}` } });
    expect(placed.status).toBe(201);
    return { client, order: placed.json as { id: number } };
  }

  beforeAll(async () => {
    shop = await createTestStore({ seed: false, env: { MIN_ORDER_CENTS: "0" } });
    goods = await stockShelves(shop);
    // Fri 2026-11-20: bananas 1.5 kg (2.84) + milk 2 l (2.58)
    await sell([["bananas", 1.5], ["milk", 2]]);
    // Mon 2026-11-23: milk 1 l (1.29)
    shop.clock.set(new Date("2026-11-23T08:00:00Z"));
    await sell([["milk", 1]]);
    // Tue 2026-12-01: eggs 2 (7.98), then apples 1 kg that the shopper cancels: not a sale
    shop.clock.set(new Date("2026-12-01T23:59:00Z"));
    await sell([["eggs", 2]]);
    const cancelled = await sell([["apples", 1]]);
    expect((await cancelled.client.post(`/orders/${cancelled.order.id}/cancel`)).status).toBe(200);
    shop.clock.set(new Date("2026-12-02T09:00:00Z"));
    const admin = new ApiClient(shop, "198.51.100.249");
    await logInStaff(admin, shop, ADMIN.email, ADMIN.password);
    boss = (await newManager(shop, admin)).client;
  });
  afterAll(() => shop.close());

  const rowsOf = (response: { json: { items: { name: string; units_sold: number; revenue_cents: number; orders: number }[] } }) =>
    response.json.items.map((row) => [row.name, row.units_sold, row.revenue_cents, row.orders]);

  test("sales by product: every product, units in its unit, cancelled orders excluded; most or least first", async () => {
    const most = await boss.get("/reports/sales-by-product");
    expect(most.status).toBe(200);
    expect(rowsOf(most)).toEqual([
      ["Free-range Eggs", 2, 798, 1],
      ["Whole Milk", 3, 387, 2],
      ["Bananas", 1.5, 284, 1],
      ["Apples", 0, 0, 0],
      ["Greek Yoghurt", 0, 0, 0],
    ]);
    expect(most.json.items[0]).toEqual({ product_id: goods.eggs.id, name: "Free-range Eggs", category: "Dairy", unit: "dozen", units_sold: 2, revenue_cents: 798, orders: 1 });
    const least = await boss.get("/reports/sales-by-product?sort=least&limit=2");
    expect(rowsOf(least)).toEqual([
      ["Apples", 0, 0, 0],
      ["Greek Yoghurt", 0, 0, 0],
    ]);
    const next = await boss.get(`/reports/sales-by-product?sort=least&limit=2&cursor=${least.json.next_cursor}`);
    expect(rowsOf(next).map((row) => row[0])).toEqual(["Bananas", "Whole Milk"]);
  });

  test("sales by product: inclusive UTC days and an aisle by slug", async () => {
    const firstDay = await boss.get("/reports/sales-by-product?from=2026-11-20&to=2026-11-20");
    expect(rowsOf(firstDay).filter((row) => row[1] !== 0)).toEqual([
      ["Bananas", 1.5, 284, 1],
      ["Whole Milk", 2, 258, 1],
    ]);
    const december = await boss.get("/reports/sales-by-product?from=2026-12-01");
    expect(rowsOf(december).filter((row) => row[1] !== 0)).toEqual([["Free-range Eggs", 2, 798, 1]]);
    const dairy = await boss.get("/reports/sales-by-product?category=dairy");
    expect(rowsOf(dairy).map((row) => row[0])).toEqual(["Free-range Eggs", "Whole Milk", "Greek Yoghurt"]);
  });

  test("sales over time by day, week and month, empty periods as 0, cancelled orders excluded", async () => {
    const days = await boss.get("/reports/sales-over-time?interval=day&from=2026-11-20&to=2026-11-24&limit=100");
    expect(days.json).toEqual({
      items: [
        { period: "2026-11-20", orders: 1, revenue_cents: 542, net_cents: 542 },
        { period: "2026-11-21", orders: 0, revenue_cents: 0, net_cents: 0 },
        { period: "2026-11-22", orders: 0, revenue_cents: 0, net_cents: 0 },
        { period: "2026-11-23", orders: 1, revenue_cents: 129, net_cents: 129 },
        { period: "2026-11-24", orders: 0, revenue_cents: 0, net_cents: 0 },
      ],
      next_cursor: null,
    });
    const weeks = await boss.get("/reports/sales-over-time?interval=week");
    expect(weeks.json.items).toEqual([
      { period: "2026-11-16", orders: 1, revenue_cents: 542, net_cents: 542 },
      { period: "2026-11-23", orders: 1, revenue_cents: 129, net_cents: 129 },
      { period: "2026-11-30", orders: 1, revenue_cents: 798, net_cents: 798 },
    ]);
    const months = await boss.get("/reports/sales-over-time?interval=month&category=dairy");
    expect(months.json.items).toEqual([
      { period: "2026-11", orders: 2, revenue_cents: 387, net_cents: 387 },
      { period: "2026-12", orders: 1, revenue_cents: 798, net_cents: 798 },
    ]);
    const paged = await boss.get("/reports/sales-over-time?from=2026-11-20&to=2026-12-01&limit=10");
    expect(paged.json.items).toHaveLength(10);
    const rest = await boss.get(`/reports/sales-over-time?from=2026-11-20&to=2026-12-01&limit=10&cursor=${paged.json.next_cursor}`);
    expect(rest.json).toEqual({ items: [{ period: "2026-11-30", orders: 0, revenue_cents: 0, net_cents: 0 }, { period: "2026-12-01", orders: 1, revenue_cents: 798, net_cents: 798 }], next_cursor: null });
  });

  test("400 naming a bad day, a range backwards, an unknown aisle, sort or interval", async () => {
    const cases: [string, string, string][] = [
      ["/reports/sales-by-product?from=2026-02-30", "from", "must be a date as YYYY-MM-DD"],
      ["/reports/sales-by-product?to=yesterday", "to", "must be a date as YYYY-MM-DD"],
      ["/reports/sales-by-product?from=2026-12-01&to=2026-11-01", "to", "must not be before from"],
      ["/reports/sales-by-product?category=sweets", "category", "is not the slug of an aisle (see GET /categories)"],
      ["/reports/sales-by-product?sort=best", "sort", "must be most or least"],
      ["/reports/sales-over-time?interval=year", "interval", "must be one of day, week, month"],
      ["/reports/sales-over-time?from=2026-11-31", "from", "must be a date as YYYY-MM-DD"],
      ["/reports/sales-over-time?from=2026-12-01&to=2026-11-30", "to", "must not be before from"],
      ["/reports/sales-over-time?category=sweets", "category", "is not the slug of an aisle (see GET /categories)"],
    ];
    for (const [path, field, message] of cases) {
      expect(expectProblem(await boss.get(path), 400).errors).toEqual([{ path: field, message }]);
    }
  });
});
