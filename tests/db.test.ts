import { afterEach, describe, expect, test } from "bun:test";
import { eq, sql } from "drizzle-orm";
import { pickDriver } from "../src/db/client";
import { categories, products } from "../src/db/schema";
import { createTestStore, type TestStore } from "./support/store";

let store: TestStore | undefined;

/** The database's own message: Drizzle wraps driver errors and keeps the original as `cause`. */
async function failureOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return "no error";
  } catch (error) {
    const { message, cause } = error as Error & { cause?: Error };
    return `${message} ${cause?.message ?? ""}`;
  }
}
afterEach(() => store?.close());

describe("driver choice", () => {
  test("file: URLs use bun:sqlite, remote URLs use libSQL, and it can be forced", () => {
    expect(pickDriver({ url: "file:data/grocer.db" })).toBe("bun-sqlite");
    expect(pickDriver({ url: "libsql://shop.turso.io" })).toBe("libsql");
    expect(pickDriver({ url: "https://shop.turso.io" })).toBe("libsql");
    expect(pickDriver({ url: "file:data/grocer.db", driver: "libsql" })).toBe("libsql");
  });
});

for (const driver of ["bun-sqlite", "libsql"] as const) {
  describe(`database on ${driver}`, () => {
    test("migrations applied, WAL and foreign keys on", async () => {
      store = await createTestStore({ seed: false, driver });
      const journal = await store.db.all<{ journal_mode: string }>(sql`pragma journal_mode`);
      expect(journal[0]?.journal_mode).toBe("wal");
      const fk = await store.db.all<{ foreign_keys: number }>(sql`pragma foreign_keys`);
      expect(Number(fk[0]?.foreign_keys)).toBe(1);
      const tables = await store.db.all<{ name: string }>(sql`select name from sqlite_master where type = 'table' order by name`);
      expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(["users", "sessions", "categories", "products", "catalog_state"]));
    });

    test("the table itself refuses negative stock and a zero price", async () => {
      store = await createTestStore({ seed: false, driver });
      const [category] = await store.db.insert(categories).values({ name: "Fruit", slug: "fruit", status: "active" }).returning();
      const apple = { name: "Apples", slug: "apples", categoryId: category!.id, priceCents: 250, unit: "kg" as const, step: 250, stock: 1000 };
      await store.db.insert(products).values(apple);
      const oversell = async () => store!.db.update(products).set({ stock: sql`${products.stock} - 1001` }).where(eq(products.slug, "apples"));
      expect(await failureOf(oversell)).toContain("CHECK constraint failed");
      const giveAway = async () => store!.db.insert(products).values({ ...apple, slug: "free-apples", priceCents: 0 });
      expect(await failureOf(giveAway)).toContain("CHECK constraint failed");
      const [row] = await store.db.select().from(products).where(eq(products.slug, "apples"));
      expect(row?.stock).toBe(1000);
    });

    test("an atomic unit with one failing statement changes nothing", async () => {
      store = await createTestStore({ seed: false, driver });
      const { db } = store;
      const [category] = await db.insert(categories).values({ name: "Dairy", slug: "dairy", status: "active" }).returning();
      await db.insert(products).values({ name: "Milk", slug: "milk", categoryId: category!.id, priceCents: 129, unit: "l", step: 500, stock: 2000 });
      const attempt = store.database.atomic([
        db.update(products).set({ stock: sql`${products.stock} - 500` }).where(eq(products.slug, "milk")),
        db.insert(categories).values({ name: "Bakery", slug: "bakery" }),
        db.update(products).set({ stock: sql`${products.stock} - 5000` }).where(eq(products.slug, "milk")),
      ]);
      expect(await failureOf(() => attempt)).toContain("CHECK constraint failed");
      const [milk] = await db.select().from(products).where(eq(products.slug, "milk"));
      expect(milk?.stock).toBe(2000);
      expect(await db.select().from(categories).where(eq(categories.slug, "bakery"))).toHaveLength(0);
    });
  });
}
