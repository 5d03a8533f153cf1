import { afterEach, describe, expect, test } from "bun:test";
import { asc, eq, sql } from "drizzle-orm";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { categories, products } from "../src/db/schema";
import { READER_NICE } from "../src/db/drivers/reader-thread";
import { createTestStore, type TestStore } from "./support/store";
import { failureOf } from "./support/failure";

/*
 * The report reader (ADR 075): reports read on a second connection, on a worker thread, so a long
 * report never holds up the request thread. It must read what the store's connection reads, rows
 * mapped the same way, see every committed write, refuse to write, and stop with the store.
 */

let store: TestStore | undefined;
afterEach(() => store?.close());


/** A statement that keeps SQLite busy far longer than any read on the request thread. */
const LONG_READ = sql`with recursive n(i) as (select 1 union all select i + 1 from n where i < 3000000) select count(*) as n from n`;

describe("report reader (bun:sqlite file)", () => {
  test("reads what the store's connection reads: raw rows as objects, builder rows mapped (dates, booleans), first rows", async () => {
    store = await createTestStore();
    const { db, reports } = store.database;
    expect(reports).not.toBe(db);
    const raw = sql`select id, name, price_cents from products order by id limit 5`;
    expect(await reports.all(raw)).toEqual(await db.all(raw));
    const built = () => db.select().from(products).orderBy(asc(products.id)).limit(5);
    const viaReader = await reports.select().from(products).orderBy(asc(products.id)).limit(5);
    expect(viaReader).toEqual(await built());
    expect(viaReader[0]!.createdAt).toBeInstanceOf(Date);
    const first = await reports.select({ id: categories.id, name: categories.name }).from(categories).orderBy(asc(categories.id)).get();
    expect(first).toEqual(await db.select({ id: categories.id, name: categories.name }).from(categories).orderBy(asc(categories.id)).get());
    expect(await reports.get(raw)).toEqual(await db.get(raw));
  });

  test("sees a write as soon as it is committed, and cannot write itself", async () => {
    store = await createTestStore();
    const { db, reports, atomic } = store.database;
    const [product] = await db.select({ id: products.id }).from(products).limit(1);
    await atomic([db.update(products).set({ name: "Renamed on the shelf" }).where(eq(products.id, product!.id))]);
    const [read] = await reports.select({ name: products.name }).from(products).where(eq(products.id, product!.id));
    expect(read!.name).toBe("Renamed on the shelf");

    const write = await failureOf(() => reports.all(sql`update products set name = 'Written by a report' where id = ${product!.id} returning id`));
    expect(write).toContain("readonly");
    expect(await failureOf(() => reports.update(products).set({ name: "Written by a report" }).where(eq(products.id, product!.id)))).toContain("only reads");
    const [after] = await db.select({ name: products.name }).from(products).where(eq(products.id, product!.id));
    expect(after!.name).toBe("Renamed on the shelf");
  });

  test("a long report does not hold up the request thread: reads there finish while it runs", async () => {
    store = await createTestStore();
    const { db, reports } = store.database;
    await reports.all(sql`select 1`);
    const finished: string[] = [];
    const report = Promise.resolve(reports.all<{ n: number }>(LONG_READ)).then((rows) => {
      finished.push("report");
      return rows;
    });
    // While the reader counts, the request thread goes round its event loop, reads and answers a page.
    for (let i = 0; i < 20; i++) {
      await new Promise((resolve) => setImmediate(resolve));
      await db.all(sql`select count(*) from products`);
    }
    expect((await store.app.request("/")).status).toBe(200);
    finished.push("shop");
    expect(await report).toEqual([{ n: 3000000 }]);
    expect(finished).toEqual(["shop", "report"]);
  });

  test.if(existsSync("/proc/thread-self"))("on Linux the reader's thread alone runs at a lower priority than the request thread", async () => {
    store = await createTestStore();
    const niceOf = (stat: string) => Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]);
    const threads = () => readdirSync("/proc/self/task").map((tid) => niceOf(readFileSync(`/proc/self/task/${tid}/stat`, "utf8")));
    // Other stores of this process may have readers of their own: this one adds one niced thread.
    const before = threads().filter((nice) => nice === READER_NICE).length;
    await store.database.reports.all(sql`select 1`);
    expect(threads().filter((nice) => nice === READER_NICE)).toHaveLength(before + 1);
    expect(niceOf(readFileSync("/proc/self/stat", "utf8"))).toBeLessThan(READER_NICE);
  });

  test("a bad statement is an error for its caller only; closing the store ends a read in progress", async () => {
    store = await createTestStore();
    const { reports } = store.database;
    expect(await failureOf(() => reports.all(sql`select * from no_such_table`))).toContain("no such table");
    expect(await reports.all(sql`select 2 as two`)).toEqual([{ two: 2 }]);
    const inProgress = Promise.resolve(reports.all(LONG_READ)).then(() => "finished", (error: Error) => error.message);
    store.close();
    store = undefined;
    expect(["finished", "the store was closed"]).toContain(await inProgress);
  });
});
