import { afterAll, beforeAll, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { didYouMean, readCatalogWords } from "../src/catalog/search";
import { categories, products } from "../src/db/schema";
import { longReads, type Database } from "../src/db/client";
import { createTestStore, type TestStore } from "./support/store";

/*
 * "Did you mean" corrects against the catalog's words, read from the search index's word list on
 * the reader thread (ADR 087). Misspelt searches that arrive while they are read wait for that one
 * read: at 1M products it takes 0.3-0.9 s, and a read per search would queue them one after another.
 */

let store: TestStore;
let reads = 0;
beforeAll(async () => {
  store = await createTestStore();
  // Where the words are read (the reader thread's connection), with every read counted.
  const reader = longReads.get(store.db) ?? store.db;
  const counting = new Proxy(reader, {
    get(target, property, receiver) {
      if (property !== "all") return Reflect.get(target, property, receiver);
      return (...args: Parameters<Database["all"]>) => {
        reads += 1;
        return target.all(...args);
      };
    },
  });
  longReads.set(store.db, counting);
});
afterAll(() => store.close());

test("misspelt searches that arrive together wait for one read of the catalog's words, and later ones read nothing", async () => {
  const corrected = await Promise.all(["bananna", "chese", "bnanas", "mlik"].map((text) => didYouMean(store.db, text)));
  expect(corrected.slice(0, 3)).toEqual(["bananas", "cheese", "bananas"]);
  expect(reads).toBe(1);
  expect(await didYouMean(store.db, "yoghrt")).not.toBeNull();
  expect(reads).toBe(1);
});

test("the words are kept ten minutes, then read again while searches go on with the old ones", async () => {
  const start = performance.now();
  await readCatalogWords(store.db, start);
  const before = reads;
  const [fruit] = await store.db.select().from(categories).where(eq(categories.slug, "fruit"));
  await store.db.insert(products).values({ name: "Rambutan", slug: "rambutan", categoryId: fruit!.id, priceCents: 450, stock: 5000 });

  // Nine minutes on: the kept words, which do not have the new product's yet.
  expect(await didYouMean(store.db, "rambutin", start + 9 * 60_000)).toBeNull();
  expect(reads).toBe(before);

  // Eleven minutes on: answered at once with the old words while they are read again, once.
  const later = start + 11 * 60_000;
  expect(await Promise.all([didYouMean(store.db, "rambutin", later), didYouMean(store.db, "rambutin", later)])).toEqual([null, null]);
  await readCatalogWords(store.db, later);
  expect(reads).toBe(before + 1);
  expect(await didYouMean(store.db, "rambutin", later)).toBe("rambutan");
  expect(reads).toBe(before + 1);
});
