import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ApiClient, apiShopper, logInStaff, type Exchange } from "./support/api";
import { checkAgainstDocument, openApiDocument, operationsOf, type OpenApiDoc } from "./support/openapi";
import { backgroundWork } from "./support/jobs";
import { expireOldExports } from "../src/reports/export-expiry";
import { addPromo, stockShelves, type Shelves } from "./support/shop";
import { ADMIN, createTestStore, type TestStore } from "./support/store";

let store: TestStore;
let shelves: Shelves;
let doc: OpenApiDoc;
beforeAll(async () => {
  store = await createTestStore({ seed: false });
  shelves = await stockShelves(store);
  await addPromo(store, { code: "SAVE5", kind: "fixed", value: 50 });
  doc = await openApiDocument(store);
});
afterAll(() => store.close());

/** Drives every operation with real requests: successes and the usual failures. */
async function exerciseEverything(): Promise<Exchange[]> {
  const anonymous = new ApiClient(store, "198.51.100.240");
  await anonymous.get("/categories");
  await anonymous.get("/categories?limit=1");
  const aisles = await anonymous.get("/categories");
  await anonymous.get(`/categories/${aisles.json.items[0].id}`);
  await anonymous.get("/categories/999999");
  await anonymous.get("/products?limit=2");
  await anonymous.get("/products?q=banan&limit=1");
  await anonymous.get("/products?q=bananna&in_stock=true");
  await anonymous.get("/products?sort=relevance");
  await anonymous.get("/products?free_from=milk&free_from=peanuts&diet=vegan&limit=2");
  await anonymous.get("/products?q=banan&free_from=milk,gluten&sort=price_asc");
  await anonymous.get("/products?free_from=pork");
  await anonymous.get("/products?diet=keto");
  await anonymous.get("/products?limit=0");
  await anonymous.get(`/products/${shelves.bananas.id}`);
  await anonymous.get("/products/999999");
  await anonymous.get("/me");
  await anonymous.post("/auth/register", { email: "bad" });
  await anonymous.post("/auth/token", { email: ADMIN.email, password: "wrong-password-1" });

  const { client, tokens, email } = await apiShopper(store, "198.51.100.241");
  await client.get("/me");
  const refreshed = await client.post("/auth/refresh", { refresh_token: tokens.refresh_token });
  await client.post("/auth/revoke", { refresh_token: refreshed.json.refresh_token });
  await client.get("/me"); // revoked: the log-in's access tokens stop at once (401)
  await client.logIn(email, "fresh-produce-123");
  await client.get("/cart");
  await client.put(`/cart/items/${shelves.bananas.id}`, { quantity: 5 });
  await client.put(`/cart/items/${shelves.bananas.id}`, { quantity: 0.1 });
  await client.put(`/cart/items/${shelves.milk.id}`, { quantity: 3 });
  await client.put(`/cart/items/${shelves.milk.id}/substitution`, { allow_substitute: false, substitute_note: "only this one" });
  await client.put(`/cart/items/${shelves.milk.id}/substitution`, { allow_substitute: "maybe" });
  await client.put(`/cart/items/${shelves.eggs.id}/substitution`, { allow_substitute: true });
  await client.delete(`/cart/items/${shelves.milk.id}`);
  await client.put("/cart/promo", { code: "SAVE5" });
  await client.put("/cart/promo", { code: "NOPE" });
  await client.delete("/cart/promo");
  await client.put(`/wishlist/${shelves.eggs.id}`);
  await client.get("/wishlist");
  await client.get("/wishlist?limit=1&cursor=nope");
  await client.delete(`/wishlist/${shelves.eggs.id}`);
  await client.post("/checkout", { fulfilment: "pickup" }, { headers: {} });
  const key = "contract-test-key-000001";
  const order = await client.post("/checkout", { fulfilment: "pickup" }, { headers: { "idempotency-key": key } });
  await client.post("/checkout", { fulfilment: "pickup" }, { headers: { "idempotency-key": key } });
  await client.post("/checkout", { fulfilment: "pickup", note: "other" }, { headers: { "idempotency-key": key } });
  await client.put(`/cart/items/${shelves.apples.id}`, { quantity: 3 });
  const { products } = await import("../src/db/schema");
  const { eq } = await import("drizzle-orm");
  await store.db.update(products).set({ stock: 500 }).where(eq(products.id, shelves.apples.id));
  await client.post("/checkout", { fulfilment: "pickup" }, { headers: { "idempotency-key": "contract-test-key-000002" } });
  await client.get("/orders");
  await client.get(`/orders/${order.json.id}`);
  await client.post(`/orders/${order.json.id}/cancel`);
  await client.post(`/orders/${order.json.id}/cancel`);
  await client.get("/users");

  const admin = new ApiClient(store, "198.51.100.242");
  await logInStaff(admin, store, ADMIN.email, ADMIN.password);
  await admin.get("/users");
  const someone = await apiShopper(store, "198.51.100.243");
  await admin.patch(`/users/${someone.user.id}`, { role: "manager" });
  await admin.patch(`/users/${someone.user.id}`, { role: "owner" });

  // Manager endpoints: promo codes, every order and its status, reports.
  const manager = someone.client;
  await logInStaff(manager, store, someone.email, "fresh-produce-123");
  await client.get("/promo-codes");
  const promo = await manager.post("/promo-codes", { code: "CONTRACT10", kind: "percent", percent_off: 10, expires_at: "2027-01-01" });
  await manager.post("/promo-codes", { code: "contract10", kind: "percent", percent_off: 10 });
  await manager.post("/promo-codes", { code: "x", kind: "fixed", amount_off_cents: 0 });
  await manager.get("/promo-codes");
  await manager.patch(`/promo-codes/${promo.json.id}`, { active: false, usage_limit: 20 });
  await manager.patch("/promo-codes/999999", { active: true });
  await client.put(`/cart/items/${shelves.apples.id}`, { quantity: 0 });
  await client.put(`/cart/items/${shelves.bananas.id}`, { quantity: 3 });
  const toMove = await client.post("/checkout", { fulfilment: "pickup" }, { headers: { "idempotency-key": "contract-test-key-000003" } });
  await client.post(`/orders/${toMove.json.id}/changes`, { items: [{ product_id: shelves.bananas.id, quantity: 4 }], confirm: false });
  await manager.get("/orders?status=placed");
  await manager.get("/orders?status=lost");
  await manager.get(`/orders/${toMove.json.id}`);
  await manager.post(`/orders/${toMove.json.id}/status`, { status: "picked" });
  await manager.post(`/orders/${toMove.json.id}/status`, { status: "completed" });
  await manager.post(`/orders/${toMove.json.id}/status`, { status: "shipped" });
  await client.post(`/orders/${toMove.json.id}/status`, { status: "cancelled" });
  await client.get(`/orders/${toMove.json.id}/invoice`);
  await client.post(`/orders/${toMove.json.id}/changes`, { items: [{ product_id: shelves.bananas.id, quantity: 2 }], confirm: false });
  await manager.post(`/orders/${toMove.json.id}/status`, { status: "ready_for_pickup" });
  await manager.post(`/orders/${toMove.json.id}/status`, { status: "completed" });
  await client.get(`/orders/${toMove.json.id}/invoice`);
  // Paid at the counter, then partly refunded with a reason; more than was paid is refused.
  await manager.post(`/orders/${toMove.json.id}/payments`, { instrument: "cash", amount_cents: toMove.json.amount_due_cents });
  await manager.post(`/orders/${toMove.json.id}/refunds`, { amount_cents: 1, reason: "A bruised banana" });
  await manager.post(`/orders/${toMove.json.id}/refunds`, { amount_cents: 1_000_000, reason: "Too much" });
  await client.post(`/orders/${toMove.json.id}/refunds`, { amount_cents: 1, reason: "Shoppers can't" });
  // The refund came after the invoice: a credit note for it, for the shopper and staff alike.
  await client.get(`/orders/${toMove.json.id}/credit-notes`);
  await manager.get(`/orders/${toMove.json.id}/credit-notes`);
  // Picking on a handheld: the list, start, record a line (and a refused one), substitutes, complete (twice: 409).
  await client.put(`/cart/items/${shelves.bananas.id}`, { quantity: 2 });
  await client.put(`/cart/items/${shelves.milk.id}`, { quantity: 2 });
  const toPick = await client.post("/checkout", { fulfilment: "pickup" }, { headers: { "idempotency-key": "contract-test-key-000004" } });
  await manager.post(`/picking/orders/${toPick.json.id}/start`);
  const pickList = await manager.get("/picking/lists");
  await manager.get("/picking/lists?date=2026-02-30");
  await manager.get("/picking/lists?slot=none");
  const pickLines = (pickList.json.lines as { order_id: number; line_id: number; name: string }[]).filter((line) => line.order_id === toPick.json.id);
  const bananaLine = pickLines.find((line) => line.name.includes("Banana"))!;
  const milkLine = pickLines.find((line) => line.name.includes("Milk"))!;
  await manager.put(`/picking/orders/${toPick.json.id}/lines/${bananaLine.line_id}`, { picked: 1.5 });
  await manager.put(`/picking/orders/${toPick.json.id}/lines/${bananaLine.line_id}`, { picked: 100 });
  const offered = await manager.get(`/picking/orders/${toPick.json.id}/lines/${milkLine.line_id}/substitutes?q=`);
  const other = (offered.json.items as { product_id: number }[])[0];
  await manager.put(`/picking/orders/${toPick.json.id}/lines/${milkLine.line_id}`, other ? { picked: 1, substitute_product_id: other.product_id, substitute_quantity: 1 } : { picked: 1 });
  await manager.post(`/picking/orders/${toPick.json.id}/complete`);
  await manager.post(`/picking/orders/${toPick.json.id}/complete`);
  await manager.post(`/picking/orders/999999/complete`);
  await manager.get("/reports/sales-by-product?sort=least");
  await manager.get("/reports/sales-by-product?category=nope");
  await manager.get("/reports/sales-over-time?interval=week&from=2026-11-01&to=2026-11-30");
  await manager.get("/reports/sales-over-time?from=2026-11-30&to=2026-11-01");
  // Report CSVs prepared in the job queue: queued, watched, refused until done, then downloaded.
  const reportExport = await manager.post("/report-exports", { report: "products", from: "2026-11-01", to: "2026-11-30" });
  await manager.post("/report-exports", { report: "customers" });
  await manager.post("/report-exports", { report: "products", category: "nope" });
  await manager.get(`/report-exports/${reportExport.json.id}`);
  await manager.get(`/report-exports/${reportExport.json.id}/download`);
  await manager.get("/report-exports/999999");
  await backgroundWork(store).drain();
  await manager.get(`/report-exports/${reportExport.json.id}`);
  await manager.get(`/report-exports/${reportExport.json.id}/download`);
  // A week after it was ready the hourly sweep deletes its file (ADR 062): shown as expired, download 410 Gone.
  await expireOldExports(store.database, new Date(store.clock.now().getTime() + (store.config.REPORT_EXPORT_KEEP_HOURS + 1) * 3_600_000), store.config.REPORT_EXPORT_KEEP_HOURS);
  await manager.get(`/report-exports/${reportExport.json.id}`);
  await manager.get(`/report-exports/${reportExport.json.id}/download`);
  await exerciseSlots(manager, client, anonymous);
  const catalogManagement = await exerciseCatalogManagement(admin);
  const account = await exerciseAccount();
  return [...anonymous.exchanges, ...client.exchanges, ...admin.exchanges, ...someone.client.exchanges, ...catalogManagement, ...account];
}

/** Slots: the manager's schedule, zones and one-off windows; a shopper's listing, reservation and addresses. */
async function exerciseSlots(manager: ApiClient, shopper: ApiClient, anonymous: ApiClient) {
  await manager.get("/slot-schedule");
  const made = await manager.post("/slot-schedule/template", { fulfilment: "delivery", weekday: 6, starts: "08:00", ends: "10:00", capacity: 1, fee_cents: 499 });
  await manager.post("/slot-schedule/template", { fulfilment: "delivery", weekday: 9, starts: "8", ends: "7", capacity: -1, fee_cents: 0 });
  await manager.post("/slot-schedule/template", { fulfilment: "delivery", weekday: 3, starts: "18:00", ends: "20:00", capacity: 1, fee_cents: 0 });
  const spare = (await manager.get("/slot-schedule")).json.template.find((window: { weekday: number }) => window.weekday === 3);
  await manager.delete(`/slot-schedule/template/${spare.id}`);
  await manager.delete("/slot-schedule/template/999999");
  await manager.put("/slot-schedule/rules", { fulfilment: "delivery", horizon_days: 7, cutoff_kind: "day_before", cutoff_time: "22:00" });
  await manager.put("/slot-schedule/rules", { fulfilment: "delivery", horizon_days: 0, cutoff_kind: "day_before" });
  const closed = await manager.put("/slot-schedule/exceptions", { fulfilment: "delivery", date: "2026-11-24", kind: "closed" });
  await manager.put("/slot-schedule/exceptions", { fulfilment: "delivery", date: "2026-02-30", kind: "capacity" });
  await manager.delete(`/slot-schedule/exceptions/${closed.json.exceptions[0].id}`);
  await manager.delete("/slot-schedule/exceptions/999999");
  const zone = await manager.post("/delivery-zones", { name: "Dublin 2", prefixes: "D02 D04", fee_cents: 200, free_from_cents: 6000, minimum_basket_cents: 1000 });
  await manager.post("/delivery-zones", { name: "", prefixes: "" , fee_cents: -1 });
  await manager.get("/delivery-zones");
  await manager.put(`/delivery-zones/${zone.json.id}`, { name: "Dublin 2 and 4", prefixes: "D02 D04", fee_cents: 200 });
  await manager.put("/delivery-zones/999999", { name: "Nowhere", prefixes: "X99", fee_cents: 0 });
  await manager.post("/slots", { fulfilment: "collection", starts_at: "2026-11-25T17:00:00Z", ends_at: "2026-11-25T19:00:00Z", capacity: 2, fee_cents: 0 });
  await manager.post("/slots", { fulfilment: "collection", starts_at: "2026-11-25T17:00:00Z", ends_at: "2026-11-25T19:00:00Z", capacity: 2, fee_cents: 0 });
  await manager.post("/slots", { fulfilment: "collection", starts_at: "2026-11-25T19:00:00Z", ends_at: "2026-11-25T17:00:00Z", capacity: 0, fee_cents: 0 });
  await shopper.post("/slots", { fulfilment: "delivery" });
  const listed = await anonymous.get("/slots?fulfilment=delivery&postcode=D02X285");
  await anonymous.get("/slots?fulfilment=pickup");
  await anonymous.get("/slots?fulfilment=delivery&postcode=T12AB34");
  await anonymous.get("/slots?fulfilment=van");
  await shopper.get("/reservation");
  await shopper.put("/reservation", { slot_id: listed.json.items[0].id });
  await manager.put("/reservation", { slot_id: listed.json.items[0].id });
  await shopper.put("/reservation", { slot_id: 999999 });
  await shopper.get("/reservation");
  await shopper.delete("/reservation");
  const home = await shopper.post("/addresses", { label: "Home", line1: "12 Grafton Street", town: "Dublin 2", postcode: "d02x285" });
  await shopper.post("/addresses", { line1: "1 Main Street", town: "Cork", postcode: "T12 AB34" });
  await shopper.put(`/addresses/${home.json.id}`, { label: "Home", line1: "12 Grafton Street", line2: "Top floor", town: "Dublin 2", postcode: "D02 X285" });
  await shopper.get("/addresses");
  await shopper.delete(`/addresses/${home.json.id}`);
  await shopper.delete(`/addresses/${home.json.id}`);
  return made;
}

/** Catalog writes, images, stock and categories: the admin's answers and a manager's (202s for category changes). */
async function exerciseCatalogManagement(admin: ApiClient): Promise<Exchange[]> {
  const manager = new ApiClient(store, "198.51.100.244");
  const hired = await apiShopper(store, "198.51.100.245");
  await admin.patch(`/users/${hired.user.id}`, { role: "manager" });
  await logInStaff(manager, store, hired.email, "fresh-produce-123");
  const fruit = shelves.bananas.categoryId;
  const made = await manager.post("/products", { name: "Contract Plums", category_id: fruit, price_cents: 250, unit: "kg", step: 0.5, stock: 4 });
  await manager.post("/products", { name: "P", category_id: fruit, price_cents: 0, unit: "box" });
  await manager.patch(`/products/${made.json.id}`, { price_cents: 275, active: false });
  await manager.patch(`/products/${made.json.id}`, { stock: 9 });
  const png = Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="), (ch) => ch.charCodeAt(0));
  const form = new FormData();
  form.append("image", new File([png], "plums.png"));
  form.append("image", new File([png], "plums-side.png"));
  const images = await manager.call("POST", `/products/${made.json.id}/images`, { form });
  await manager.get(`/products/${made.json.id}/images`);
  await manager.get("/products/999999/images");
  const wrong = new FormData();
  wrong.append("image", new File(["a shopping list"], "list.png"));
  await manager.call("POST", `/products/${made.json.id}/images`, { form: wrong });
  await manager.post(`/products/${made.json.id}/images`, { image: "plums.png" });
  await manager.patch(`/products/${made.json.id}/images/${images.json.images[0].id}`, { alt: "Plums in a bowl" });
  await manager.patch(`/products/${made.json.id}/images/${images.json.images[0].id}`, { alt: "" });
  await manager.delete(`/products/${made.json.id}/images/${images.json.images[0].id}`);
  await manager.post(`/products/${made.json.id}/stock`, { delta: 6, reason: "delivery" });
  await manager.post(`/products/${made.json.id}/stock`, { delta: -50, reason: "count_correction" });
  await manager.delete(`/products/${made.json.id}`);
  await manager.delete(`/products/${shelves.bananas.id}`); // ordered above: deactivated instead, 200
  await manager.delete("/products/999999");
  await admin.patch(`/products/${shelves.bananas.id}`, { active: true });

  const aisle = await admin.post("/categories", { name: "Contract Snacks" });
  await admin.patch(`/categories/${aisle.json.id}`, { description: "Crisps and nuts." });
  const asked = await manager.post("/categories", { name: "Contract Frozen" });
  const rename = await manager.patch(`/categories/${aisle.json.id}`, { name: "Contract Crisps" });
  await manager.patch(`/categories/${aisle.json.id}`, { name: "Contract Nuts" });
  await manager.get("/category-requests");
  await admin.get("/category-requests?status=all");
  await admin.post(`/category-requests/${asked.json.id}/approve`);
  await admin.post(`/category-requests/${asked.json.id}/approve`);
  await admin.post(`/category-requests/${rename.json.id}/decline`, {});
  await admin.post(`/category-requests/${rename.json.id}/decline`, { reason: "Crisps are only part of it." });
  return [...manager.exchanges, ...hired.client.exchanges];
}

/** The account itself: name and emails, email change, password, log-ins, a copy of the data, closing. */
async function exerciseAccount(): Promise<Exchange[]> {
  const me = await apiShopper(store, "198.51.100.246");
  const elsewhere = new ApiClient(store, "198.51.100.247");
  await elsewhere.logIn(me.email, "fresh-produce-123");
  const client = me.client;
  await client.patch("/me", { name: "Sam Sorrel", email_preferences: { we_miss_you: false } });
  await client.patch("/me", { email_preferences: { spam: true } });
  await client.patch("/me", { substitutes: "forbid" });
  await client.patch("/me", { substitutes: "sometimes" });
  await client.patch("/me", { email: `sorrel-${Date.now()}@example.com`, current_password: "fresh-produce-123" });
  await client.patch("/me", { email: me.email, current_password: "fresh-produce-123" });
  await client.post("/me/password", { current_password: "wrong-password-9", new_password: "crisp-apples-2026" });
  await client.post("/me/password", { current_password: "fresh-produce-123", new_password: "crisp-apples-2026" });
  await elsewhere.logIn(me.email, "crisp-apples-2026");
  const sessions = await client.get("/me/sessions");
  const other = (sessions.json.items as { id: number; current: boolean }[]).find((row) => !row.current)!;
  await client.delete(`/me/sessions/${other.id}`);
  await client.delete(`/me/sessions/${other.id}`);
  await client.delete("/me/sessions");
  const requested = await client.post("/me/export");
  await client.get(`/me/exports/${requested.json.id}`);
  await backgroundWork(store).drain();
  await client.get(`/me/exports/${requested.json.id}`);
  await client.delete("/me", { body: { current_password: "fresh-produce-123" } });
  await client.delete("/me", { body: { current_password: "crisp-apples-2026" } });
  return [...client.exchanges, ...elsewhere.exchanges];
}

test("every real response matches the OpenAPI document, and every operation was exercised", async () => {
  const exchanges = await exerciseEverything();
  const { failures, succeeded, compile } = checkAgainstDocument(doc, exchanges);
  expect(failures).toEqual([]);
  // Every operationId in the document answered with a success at least once: a new route fails here until it is driven above.
  const operationIds = operationsOf(doc).map(({ operation }) => operation.operationId);
  expect(operationIds.every((id) => typeof id === "string" && id.length > 0)).toBe(true);
  expect(new Set(operationIds).size).toBe(operationIds.length);
  expect(operationIds.filter((id) => !succeeded.has(id))).toEqual([]);
  expect(exchanges.filter((exchange) => exchange.status >= 400).length).toBeGreaterThan(10);
  // The check has teeth: a cart with the wrong shape is refused by the same schemas.
  const validateCart = compile(doc.paths["/cart"]!.get!.responses["200"]!.content!["application/json"]!.schema);
  expect(validateCart({ items: [{ product_id: "1" }], subtotal_cents: 1.5 })).toBe(false);
});

test("the generated document passes `redocly lint` with no errors", async () => {
  const dir = mkdtempSync(join(tmpdir(), "grocer-openapi-"));
  try {
    const file = join(dir, "openapi.json");
    writeFileSync(file, JSON.stringify(doc));
    const lint = Bun.spawnSync(["node_modules/.bin/redocly", "lint", file, "--format=stylish"], {
      env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
      stdout: "pipe",
      stderr: "pipe",
    });
    const output = lint.stdout.toString() + lint.stderr.toString();
    expect(output).toContain("validated");
    expect(output).not.toMatch(/\berror\b/i);
    expect(lint.exitCode).toBe(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);

test("the document is OpenAPI 3.1 with a bearer scheme, tags and public catalog reads", () => {
  expect((doc as unknown as { openapi: string }).openapi).toBe("3.1.0");
  const full = doc as unknown as { components: { securitySchemes: Record<string, { scheme: string }> }; tags: unknown[]; security: unknown[] };
  expect(full.components.securitySchemes.bearerAuth!.scheme).toBe("bearer");
  expect(full.tags.length).toBeGreaterThan(5);
  expect(doc.paths["/products"]!.get!.security).toEqual([]);
});
