import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { asc, eq, sql } from "drizzle-orm";
import { withFastRows } from "../src/db/fast-rows";
import { categories, productImages, products, sessions, users } from "../src/db/schema";
import { startSession } from "../src/accounts/sessions";
import { createTestStore, type TestStore } from "./support/store";

/*
 * Rows mapped by steps worked out once (src/db/fast-rows.ts, ADR 058) must be exactly what
 * Drizzle's own mapping gives: the same objects, keys in the same order, Dates, booleans and
 * nulls. Each select below runs both ways on the demo store and is compared whole.
 */
let store: TestStore;

beforeAll(async () => {
  store = await createTestStore();
  const [first] = await store.db.select({ id: products.id }).from(products).orderBy(asc(products.id)).limit(1);
  // Food facts filled in on one product, so bit sets, booleans and timestamps are not all defaults or null.
  await store.db
    .update(products)
    .set({ isFood: true, allergensDeclared: true, containsAllergens: 3, mayContainAllergens: 4, dietLabels: 1, ingredients: "Bananas", allergensChangedAt: new Date("2026-11-01T08:00:00Z"), energyKj: 1200 })
    .where(eq(products.id, first!.id));
  await store.db.insert(productImages).values([
    { productId: first!.id, key: "products/1/main.webp", alt: "A bunch of bananas", position: 0 },
    { productId: first!.id, key: "products/1/side.webp", position: 1 },
  ]);
}, 60_000);
afterAll(() => store.close());

/** Both mappings of one select, as JSON (keys in order, Dates as ISO strings) and as values. */
async function bothWays(build: () => { prepare(): { all(values?: Record<string, unknown>): unknown } }, values: Record<string, unknown> = {}) {
  const drizzles = (await build().prepare().all(values)) as unknown[];
  const fast = (await withFastRows(build().prepare()).all(values)) as unknown[];
  return { drizzles, fast };
}

describe("rows mapped by steps worked out once", () => {
  test("a product with its aisle (inner join, nested objects) maps as Drizzle maps it", async () => {
    const { drizzles, fast } = await bothWays(() =>
      store.db
        .select({ product: products, category: { id: categories.id, name: categories.name, slug: categories.slug } })
        .from(products)
        .innerJoin(categories, eq(categories.id, products.categoryId))
        .orderBy(asc(products.id)),
    );
    expect(drizzles.length).toBeGreaterThan(10);
    expect(fast).toEqual(drizzles);
    expect(JSON.stringify(fast)).toBe(JSON.stringify(drizzles));
    const [row] = fast as { product: { createdAt: unknown; active: unknown; allergensChangedAt: unknown; containsAllergens: unknown } }[];
    expect(row!.product.createdAt).toBeInstanceOf(Date);
    expect(row!.product.allergensChangedAt).toEqual(new Date("2026-11-01T08:00:00Z"));
    expect(row!.product.active).toBe(true);
    expect(row!.product.containsAllergens).toBe(3);
  });

  test("a whole table and a placeholder: images by product ids", async () => {
    const ids = (await store.db.select({ id: products.id }).from(products)).map((row) => row.id);
    const { drizzles, fast } = await bothWays(
      () =>
        store.db
          .select()
          .from(productImages)
          .where(sql`${productImages.productId} in (select value from json_each(${sql.placeholder("ids")}))`)
          .orderBy(asc(productImages.position), asc(productImages.id)),
      { ids: JSON.stringify(ids) },
    );
    expect(drizzles.length).toBeGreaterThan(0);
    expect(JSON.stringify(fast)).toBe(JSON.stringify(drizzles));
  });

  test("SQL fields beside a table (the session lookup's counts)", async () => {
    const [shopper] = await store.db.select().from(users).limit(1);
    const token = await startSession(store.db, shopper!.id, store.clock.now());
    const { drizzles, fast } = await bothWays(() =>
      store.db
        .select({ user: users, sessionCount: sql<number>`(select count(*) from "sessions" s where s."user_id" = "users"."id")`, expires: sessions.expiresAt })
        .from(users)
        .innerJoin(sessions, eq(sessions.userId, users.id)),
    );
    expect(token).toBeString();
    expect(drizzles.length).toBeGreaterThan(0);
    expect(JSON.stringify(fast)).toBe(JSON.stringify(drizzles));
  });

  test("a left join keeps Drizzle's own mapping (a missing row is null, not an object of nulls)", async () => {
    const prepared = store.db.select({ category: categories, product: products }).from(categories).leftJoin(products, eq(products.id, -1)).prepare();
    const own = prepared.all;
    expect(withFastRows(prepared).all).toBe(own);
    const rows = await prepared.all();
    expect(rows.every((row) => row.product === null)).toBe(true);
  });
});
