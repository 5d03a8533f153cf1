import { afterAll, beforeAll, expect, test } from "bun:test";
import { count, eq } from "drizzle-orm";
import { listCategories } from "../src/catalog/categories/categories";
import { categories, categoryRequests, products } from "../src/db/schema";
import { DEMO_ACCOUNTS } from "../src/demo/seed";
import { createTestStore, textOf, type TestStore } from "./support/store";

// The back office's Categories page showed "1" product for every aisle (Bakery has 13).
let store: TestStore;
beforeAll(async () => {
  store = await createTestStore();
});
afterAll(() => store.close());

async function actualCounts() {
  const rows = await store.db.select({ id: products.categoryId, n: count() }).from(products).groupBy(products.categoryId);
  return new Map(rows.map((row) => [row.id, row.n]));
}

test("each category's product count is the number of its products, and only a pending request marks it", async () => {
  const [bakery] = await store.db.select().from(categories).where(eq(categories.slug, "bakery"));
  const [pantry] = await store.db.select().from(categories).where(eq(categories.slug, "pantry"));
  await store.db.insert(categoryRequests).values({ kind: "rename", categoryId: pantry!.id, currentName: "Pantry", proposedName: "Store cupboard" });
  const listed = await listCategories(store.db);
  const actual = await actualCounts();
  expect(listed.find((row) => row.id === bakery!.id)!.productCount).toBe(13);
  for (const row of listed) expect(`${row.name}: ${row.productCount}`).toBe(`${row.name}: ${actual.get(row.id) ?? 0}`);
  expect(listed.filter((row) => row.pendingRequest).map((row) => row.slug)).toEqual(["pantry"]);
});

test("the Categories page shows those counts", async () => {
  const manager = store.agent();
  await manager.logInAsStaff(DEMO_ACCOUNTS.manager.email, DEMO_ACCOUNTS.manager.password, store.clock);
  const page = await textOf(await manager.get("/manage/categories"));
  const [bakery] = await store.db.select().from(categories).where(eq(categories.slug, "bakery"));
  const row = page.slice(page.indexOf(`id="category-${bakery!.id}"`));
  expect(row.slice(0, row.indexOf("</tr>"))).toMatch(/<td[^>]*>13<\/td>/);
});

test("the aisles' counts shoppers and the API see follow every change to the shelf, though counted once per catalog version", async () => {
  const bakeryCount = async () => {
    const body = (await (await store.app.request("/api/v1/categories?limit=100")).json()) as { items: { slug: string; product_count: number }[] };
    return body.items.find((item) => item.slug === "bakery")!.product_count;
  };
  const before = await bakeryCount();
  expect(await bakeryCount()).toBe(before);
  const [bakery] = await store.db.select().from(categories).where(eq(categories.slug, "bakery"));
  const [loaf] = await store.db.select().from(products).where(eq(products.categoryId, bakery!.id)).limit(1);
  await store.database.atomic([store.db.update(products).set({ active: false }).where(eq(products.id, loaf!.id))]);
  expect(await bakeryCount()).toBe(before - 1);
  await store.database.atomic([store.db.update(products).set({ active: true }).where(eq(products.id, loaf!.id))]);
  expect(await bakeryCount()).toBe(before);
});
