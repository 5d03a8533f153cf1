import { afterEach, describe, expect, test } from "bun:test";
import { eq, sql } from "drizzle-orm";
import { mkdtempSync, rmSync, statSync, watch } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase, pickDriver } from "../src/db/client";
import { categories, products } from "../src/db/schema";
import { createTestStore, type TestStore } from "./support/store";
import { failureOf } from "./support/failure";

let store: TestStore | undefined;

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

for (const driver of ["bun-sqlite", "libsql"] as const) {
  describe(`atomic units arriving together on ${driver} (one transaction for the group: bun:sqlite with a savepoint each, libSQL one batch)`, () => {
    test("each unit is still all or nothing: a failing one is undone alone and its caller gets the error", async () => {
      store = await createTestStore({ seed: false, driver });
      const { db } = store;
      const [category] = await db.insert(categories).values({ name: "Dairy", slug: "dairy", status: "active" }).returning();
      await db.insert(products).values({ name: "Milk", slug: "milk", categoryId: category!.id, priceCents: 129, unit: "l", step: 500, stock: 2000 });
      const take = (milli: number) => db.update(products).set({ stock: sql`${products.stock} - ${milli}` }).where(eq(products.slug, "milk"));
      // Started in the same turn: they share one transaction, in order of arrival.
      const first = store.database.atomic([take(500), db.insert(categories).values({ name: "Bakery", slug: "bakery" })]);
      const second = store.database.atomic([db.insert(categories).values({ name: "Frozen", slug: "frozen" }), take(1000), take(1000)]);
      const third = store.database.atomic([take(1500)]);
      const outcomes = await Promise.allSettled([first, second, third]);
      expect(outcomes.map((outcome) => outcome.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
      expect(String((outcomes[1] as PromiseRejectedResult).reason)).toContain("CHECK constraint failed");
      const [milk] = await db.select().from(products).where(eq(products.slug, "milk"));
      expect(milk?.stock).toBe(0); // 2000 - 500 (first) - 1500 (third); the second took nothing
      const slugs = (await db.select().from(categories)).map((row) => row.slug).sort();
      expect(slugs).toEqual(["bakery", "dairy"]); // the second unit's insert was undone with it
    });

    test("each unit of a group learns the row its own first statement inserted", async () => {
      store = await createTestStore({ seed: false, driver });
      const { db } = store;
      const units = ["dairy", "bakery", "frozen"].map((slug) => store!.database.atomic([db.insert(categories).values({ name: slug, slug }), db.insert(categories).values({ name: `${slug} 2`, slug: `${slug}-2` })]));
      const ids = (await Promise.all(units)).map((result) => result.firstInsertId);
      const rows = await db.select({ id: categories.id, slug: categories.slug }).from(categories);
      expect(ids).toEqual(["dairy", "bakery", "frozen"].map((slug) => rows.find((row) => row.slug === slug)!.id));
    });
  });
}

describe("a refusal on bun:sqlite", () => {
  test("a unit's refusal keeps the database's words and code, and what it wrote is read at once", async () => {
    store = await createTestStore({ seed: false });
    const { db } = store;
    await store.database.atomic([db.insert(categories).values({ name: "Dairy", slug: "dairy", status: "active" })]);
    expect((await db.select().from(categories)).map((row) => row.slug)).toEqual(["dairy"]);
    const twice = await store.database.atomic([db.insert(categories).values({ name: "Dairy again", slug: "dairy" })]).catch((error: unknown) => error);
    expect(String((twice as Error).message)).toContain("UNIQUE constraint failed: categories.slug");
    expect((twice as { code?: string }).code).toBe("SQLITE_CONSTRAINT_UNIQUE");
  });
});

describe("background checkpoints (bun:sqlite, as the server opens it)", () => {
  test("a worker thread copies committed writes from the log into the database file; closing stops it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "grocer-checkpoint-"));
    const url = `file:${join(dir, "store.db")}`;
    try {
      const handle = await openDatabase({ url, backgroundCheckpoints: true });
      await handle.db.run(sql`CREATE TABLE shelf (id INTEGER PRIMARY KEY, label TEXT NOT NULL)`);
      const before = statSync(join(dir, "store.db")).size;
      const shelve = () => handle.db.run(sql`INSERT INTO shelf (label) VALUES (${"x".repeat(20_000)})`);
      for (let i = 0; i < 199; i++) await shelve();
      // Left to itself SQLite would wait for 40 MB of log; the worker checkpoints every 10 ms. Each
      // write it makes to the file is an event: look at the size on each until the rows are in. The
      // last row is written once the file is watched, so a checkpoint always comes after the watch
      // (one that finished in between would otherwise leave nothing to wake the test).
      const file = join(dir, "store.db");
      const grown = await new Promise<number>((resolve, reject) => {
        const look = () => {
          const size = statSync(file).size - before;
          if (size <= 3_000_000) return;
          watcher.close();
          resolve(size);
        };
        const watcher = watch(file, look);
        (async () => {
          await shelve();
          look();
        })().catch(reject);
      });
      expect(grown).toBeGreaterThan(3_000_000);
      await handle.close();
      const reopened = await openDatabase({ url });
      expect(await reopened.db.all(sql`SELECT count(*) AS n FROM shelf`)).toEqual([{ n: 200 }]);
      await reopened.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
