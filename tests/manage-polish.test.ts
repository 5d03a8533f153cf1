import { afterAll, beforeAll, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { categories, products, users } from "../src/db/schema";
import { openBackOffice } from "./support/staff";
import { textOf } from "./support/store";

// The back office says what it did: a stock change made with htmx confirms itself in its row.
let office: Awaited<ReturnType<typeof openBackOffice>>;
beforeAll(async () => {
  office = await openBackOffice();
});
afterAll(() => office?.store.close());

test("a stock change made with htmx confirms itself in its row, and without JavaScript in the flash", async () => {
  const htmx = { "hx-request": "true" };
  const row = await office.manager.post(`/manage/stock/${office.shelves.bananas.id}/adjust`, { change: "2.5", reason: "delivery" }, htmx);
  expect(row.status).toBe(200);
  const html = await row.text();
  expect(html).toContain('<p class="field-saved" role="status">Added 2.5 kg: Bananas now has 22.5 kg.</p>');
  const plain = await office.manager.post(`/manage/stock/${office.shelves.bananas.id}/adjust`, { change: "-0.5", reason: "spoilage" });
  expect(plain.status).toBe(303);
  expect(await textOf(await office.manager.get("/manage/stock"))).toContain("Removed 0.5 kg: Bananas now has 22 kg.");
});

test("a second product with a name already in use asks first, and is saved once the box is ticked", async () => {
  const [fruit] = await office.store.db.select().from(categories).where(eq(categories.slug, "fruit"));
  const form = { name: "bananas", description: "", category_id: String(fruit!.id), price: "1.99", unit: "kg", step: "0.25", low_stock_threshold: "0", stock: "0" };
  const warned = await office.manager.post("/manage/products", form);
  expect(warned.status).toBe(422);
  const page = await warned.text();
  expect(page).toContain(`There is already a product called Bananas (#${office.shelves.bananas.id}).`);
  expect(page).toContain('name="confirm_duplicate"');
  expect(await office.store.db.select().from(products).where(eq(products.name, "bananas"))).toHaveLength(0);
  const saved = await office.manager.post("/manage/products", { ...form, confirm_duplicate: "on" });
  expect(saved.status).toBe(303);
  expect(await office.store.db.select().from(products).where(eq(products.name, "bananas"))).toHaveLength(1);
  // Saving a product under its own name is no duplicate.
  const [apples] = await office.store.db.select().from(products).where(eq(products.id, office.shelves.apples.id));
  const edit = await office.manager.post(`/manage/products/${apples!.id}`, { ...form, name: "Apples", price: "3.40", step: "0.5" });
  expect(edit.status).toBe(303);
});

test("approving a manager with htmx refreshes the People summary along with the row", async () => {
  const applicant = office.store.agent();
  expect((await applicant.signUp({ name: "Pat Pending", email: "pat-pending@example.com", password: "stock-room-key-1" }, "/sell")).status).toBe(303);
  expect(await textOf(await office.admin.get("/admin/people"))).toContain("1 manager awaiting approval");
  const [pat] = await office.store.db.select().from(users).where(eq(users.email, "pat-pending@example.com"));
  const answer = await textOf(await office.admin.post(`/admin/people/${pat!.id}/approve`, {}, { "hx-request": "true" }));
  expect(answer).toContain(`id="person-${pat!.id}"`);
  expect(answer).toMatch(/<p class="muted" id="people-summary" hx-swap-oob="true">\d+ accounts · 0 managers awaiting approval<\/p>/);
});
