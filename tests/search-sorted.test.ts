import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { and, eq, inArray, sql } from "drizzle-orm";
import { matchExpression, searchShelf } from "../src/catalog/search";
import { cheapestWay, COUNTED_MATCHES, countMatches, newestByIds, probeShelfInOrder, sortByHeldSales, sortEveryMatch, walkShelfInOrder, type ColumnSort, type SortedSearch } from "../src/catalog/search-sorted";
import { currentSalesRanks, pageBySold, RELOAD_GAP_MS, salesRanksRead } from "../src/catalog/sales-ranks";
import { searchQuery } from "../src/catalog/search-facets";
import { foodFilterOnAlias, type FoodFilter } from "../src/catalog/food-info/filters";
import { shelfColumns } from "../src/catalog/queries";
import { onShelfById } from "../src/catalog/shelf";
import { categories, products } from "../src/db/schema";
import { createTestStore, type TestStore } from "./support/store";

/*
 * A sorted search finds its page by walking the shelf's index in the sort order against the set of
 * matches, by walking it asking the search index about each product, or by sorting every match
 * (ADR 069, ADR 084). All must give exactly the products, in exactly the order, that sorting all the
 * matches gives: checked here against that answer worked out in the test (with the products table's
 * category, not the index's aisle tokens), for every sort, the whole store and one aisle, broad and
 * narrow words, and pages from the first to past the end.
 */

let store: TestStore;
let aisles: number[];
const SORTS: ColumnSort[] = ["popular", "price-asc", "price-desc", "newest"];

beforeAll(async () => {
  store = await createTestStore();
  aisles = (await store.db.select({ id: categories.id }).from(categories).where(eq(categories.status, "active")).limit(3)).map((row) => row.id);
  // 600 products over three aisles; prices, sales and dates repeat so the id has to settle ties.
  const kinds = ["Pickled Beetroot", "Beetroot Crisps", "Smoked Paprika", "Paprika Crisps", "Quince Jelly"];
  const rows = Array.from({ length: 600 }, (_, i) => ({
    name: `${kinds[i % kinds.length]} ${i}`,
    slug: `sorted-search-${i}`,
    description: i % 7 === 0 ? "A jar from the deli counter" : "From the pantry",
    categoryId: aisles[i % aisles.length]!,
    priceCents: 100 + ((i * 37) % 50),
    sold: ((i * 13) % 9) * 1000,
    createdAt: new Date(Date.UTC(2026, 10, 1 + (i % 11))),
    stock: 10,
    active: i % 50 !== 0,
    ...(i % 4 === 0 ? { allergensDeclared: true } : {}),
  }));
  for (let start = 0; start < rows.length; start += 100) await store.db.insert(products).values(rows.slice(start, start + 100));
});
afterAll(() => store.close());

const order: Record<ColumnSort, string> = {
  popular: "p.sold desc, p.id desc",
  "price-asc": "p.price_cents, p.id",
  "price-desc": "p.price_cents desc, p.id desc",
  newest: "p.created_at desc, p.id desc",
};

/** Every match, sorted: the answer both ways must give a slice of. */
async function everyMatchSorted(search: Omit<SortedSearch, "limit" | "offset">): Promise<number[]> {
  const narrowing = [search.categoryId ? sql`p.category_id = ${search.categoryId}` : undefined, foodFilterOnAlias(search.food, "p")].filter((part) => part !== undefined);
  const rows = await store.db.all<{ id: number }>(sql`
    select p.id as id from products p where p.id in (select rowid from product_search where product_search match ${searchQuery(search.match)})
    ${narrowing.length ? sql`and ${sql.join(narrowing, sql` and `)}` : sql``}
    order by ${sql.raw(order[search.sort])}`);
  return rows.map((row) => row.id);
}

describe("a sorted search walks the shelf in order or sorts the matches, with the same answer", () => {
  test("every sort, the whole store and one aisle, broad and narrow words, every page", async () => {
    let compared = 0;
    let readInPart = 0;
    let newestGaveWay = 0;
    for (const words of ["crisps", "beetroot", "paprika crisps", "deli", "quince jelly 12"]) {
      for (const sort of SORTS) {
        for (const categoryId of [undefined, aisles[1]]) {
          const match = matchExpression(words)!;
          const expected = await everyMatchSorted({ match, sort, categoryId });
          expect(expected.length).toBeGreaterThan(0);
          const counted = await countMatches(store.db, { match, categoryId }, 600);
          expect({ ...counted, read: undefined }).toEqual({ total: expected.length, totalIsAtLeast: false, estimate: expected.length, read: undefined });
          // Where the search has several words the count reads the ids it stepped through: here every
          // match; counted only up to 10, the newest 11, and the index is asked below them.
          expect(counted.read !== undefined).toBe(words.includes(" "));
          const partly = (await countMatches(store.db, { match, categoryId }, 600, 10)).read;
          if (partly && !partly.every) readInPart += 1;
          for (const offset of [0, 7, 24, Math.max(0, expected.length - 5), expected.length + 3]) {
            const search = { match, sort, categoryId, limit: 24, offset };
            const slice = expected.slice(offset, offset + 24);
            expect(await walkShelfInOrder(store.db, search)).toEqual(slice);
            expect(await sortEveryMatch(store.db, search)).toEqual(slice);
            for (const read of [counted.read, partly].filter((read) => read !== undefined)) {
              expect(await walkShelfInOrder(store.db, search, read)).toEqual(slice);
              expect(await sortEveryMatch(store.db, search, read)).toEqual(slice);
            }
            // These products' dates do not follow their ids: the highest ids give the page, or give way to another way.
            if (sort === "newest") {
              const byIds = await newestByIds(store.db, search);
              if (byIds === null) newestGaveWay += 1;
              else expect(byIds).toEqual(slice);
            }
            // Told the true number of matches, the probe walks far enough for any page of these; told far too many, it stops short and says so.
            const probed = await probeShelfInOrder(store.db, search, expected.length, 600);
            expect(probed === null ? "stopped short" : probed).toEqual(slice.length === 24 ? slice : probed === null ? "stopped short" : slice);
            compared += 1;
          }
        }
      }
    }
    expect(compared).toBe(5 * 4 * 2 * 5);
    expect(readInPart).toBeGreaterThanOrEqual(8);
    expect(newestGaveWay).toBeGreaterThan(10);
  });

  test("the search the pages and the API call gives that answer too, whichever way it picks", async () => {
    const cases = [["crisps", "price-asc", undefined], ["quince jelly 12", "newest", undefined], ["paprika", "popular", aisles[2]], ["beetroot", "price-desc", aisles[0]], ["crisps", "newest", aisles[1]]] as const;
    for (const [text, sort, categoryId] of cases) {
      const expected = await everyMatchSorted({ match: matchExpression(text)!, sort, categoryId });
      for (const offset of [0, 48]) {
        const found = await searchShelf(store.db, { text, sort, categoryId, limit: 24, offset });
        expect(found.total).toBe(expected.length);
        expect(found.products.map((product) => product.id)).toEqual(expected.slice(offset, offset + 24));
      }
    }
  });

  test("a food filter narrows the matches whichever way the page is found, in the store and in an aisle", async () => {
    const food: FoodFilter = { freeFrom: ["gluten"], diet: [] };
    const expected = await everyMatchSorted({ match: matchExpression("crisps")!, sort: "price-asc", food });
    expect(expected.length).toBeGreaterThan(0);
    const found = await searchShelf(store.db, { text: "crisps", sort: "price-asc", food, limit: 24 });
    expect(found.total).toBe(expected.length);
    expect(found.products.map((product) => product.id)).toEqual(expected.slice(0, 24));
    // In one aisle too: the aisle's token in the search index and the filter on the rows; and each way to a page.
    for (const sort of SORTS) {
      for (const categoryId of [undefined, aisles[1]]) {
        const match = matchExpression("crisps")!;
        const expected = await everyMatchSorted({ match, sort, food, categoryId });
        expect(expected.length).toBeGreaterThan(0);
        const found = await searchShelf(store.db, { text: "crisps", sort, food, categoryId, limit: 24 });
        expect(found.total).toBe(expected.length);
        expect(found.products.map((product) => product.id)).toEqual(expected.slice(0, 24));
        // Both ways of asking the index (the declared ones with AND when few declare, the NOT alone when many do).
        for (const [offset, fewDeclare] of [[0, false], [10, false], [0, true], [10, true]] as const) {
          const search = { match, sort, food, categoryId, fewDeclare, limit: 24, offset };
          const slice = expected.slice(offset, offset + 24);
          expect(await walkShelfInOrder(store.db, search)).toEqual(slice);
          expect(await sortEveryMatch(store.db, search)).toEqual(slice);
          expect(await probeShelfInOrder(store.db, search, 1, 600)).toEqual(slice);
          expect((await countMatches(store.db, search, 600)).total).toBe(expected.length);
        }
      }
    }
  });

  test("the probe is picked when most products match, the walk when many do, sorting when few do or the page is deep", () => {
    expect(cheapestWay(24, 141_000, 1_000_000, 1)).toBe("probe");
    expect(cheapestWay(24, 13_000, 1_000_000, 1)).toBe("walk");
    expect(cheapestWay(24, 1_900, 1_000_000, 2)).toBe("walk");
    expect(cheapestWay(24, 300, 1_000_000, 1)).toBe("sort");
    expect(cheapestWay(24 * 400, 13_000, 1_000_000, 1)).toBe("sort");
    expect(cheapestWay(24, 200, 600, 1)).toBe("walk");
  });

  test("a probe that reaches the end of its walk before its page is full leaves the page to the walk", async () => {
    // "deli" is in one product in seven; claiming nearly all match makes the probe walk about 4 × 24 products.
    const search = { match: matchExpression("deli")!, sort: "price-asc" as const, limit: 24, offset: 0 };
    expect(await probeShelfInOrder(store.db, search, 590, 600)).toBeNull();
    expect(await probeShelfInOrder(store.db, search, 80, 600)).toEqual((await everyMatchSorted(search)).slice(0, 24));
  });

  test("a page's products are read by id, never by walking an index of the active products (this store has no statistics)", async () => {
    const ids = Array.from({ length: 24 }, (_, i) => i + 1);
    const page = store.db.select(shelfColumns).from(products).innerJoin(categories, eq(categories.id, products.categoryId)).where(and(onShelfById, inArray(products.id, ids)));
    const plan = (await store.db.all<{ detail: string }>(sql`explain query plan ${page.getSQL()}`)).map((row) => row.detail);
    expect(plan[0]).toBe("SEARCH products USING INTEGER PRIMARY KEY (rowid=?)");
    for (const sort of SORTS) {
      const walk = sql`explain query plan select p.id from products p indexed by ${sql.raw(sort === "popular" ? "products_shelf_sold_all_idx" : sort === "newest" ? "products_shelf_newest_all_idx" : "products_shelf_price_all_idx")}
        where p.active = 1 and p.id in (select rowid from product_search where product_search match ${'"crisps"*'}) order by ${sql.raw(order[sort])} limit 24`;
      expect((await store.db.all<{ detail: string }>(walk)).map((row) => row.detail).join(" | ")).not.toContain("TEMP B-TREE");
    }
  });
});

describe("a most popular page from every product's sales held in memory (ADR 089)", () => {
  const popular = (words: string, categoryId?: number, offset = 0): SortedSearch => ({ match: matchExpression(words)!, sort: "popular", categoryId, limit: 24, offset });

  async function heldNow(): Promise<Float64Array> {
    await currentSalesRanks(store.db);
    await salesRanksRead(store.db);
    const held = await currentSalesRanks(store.db);
    expect(held).not.toBeNull();
    return held!;
  }

  test("gives the pages sorting every match gives, in the store and in an aisle, ties settled by the newest id", async () => {
    const held = await heldNow();
    let compared = 0;
    for (const words of ["crisps", "beetroot", "paprika crisps", "deli"]) {
      for (const categoryId of [undefined, aisles[2]]) {
        const expected = await everyMatchSorted({ match: matchExpression(words)!, sort: "popular", categoryId });
        // As the count reads them where the search has several words: every match, or the newest 11 and the index below them.
        const reads = await Promise.all([600, 10].map(async (upTo) => (await countMatches(store.db, popular(words, categoryId), 600, upTo)).read));
        for (const offset of [0, 7, 24, Math.max(0, expected.length - 5), expected.length + 3]) {
          expect(await sortByHeldSales(store.db, popular(words, categoryId, offset), held)).toEqual(expected.slice(offset, offset + 24));
          for (const read of reads.filter((read) => read !== undefined)) expect(await sortByHeldSales(store.db, popular(words, categoryId, offset), held, read)).toEqual(expected.slice(offset, offset + 24));
          compared += 1;
        }
      }
    }
    expect(compared).toBe(4 * 2 * 5);
  });

  test("stops being used when a product's sales change or a product is added, until read again", async () => {
    const held = await heldNow();
    const [top] = await everyMatchSorted({ match: matchExpression("quince")!, sort: "popular" });
    const [last] = (await everyMatchSorted({ match: matchExpression("quince")!, sort: "popular" })).slice(-1);
    // The least sold quince becomes the best sold: the held figures are stale at once.
    await store.db.update(products).set({ sold: 1_000_000 }).where(eq(products.id, last!));
    expect(await currentSalesRanks(store.db, performance.now() + RELOAD_GAP_MS)).toBeNull();
    await salesRanksRead(store.db);
    const again = (await currentSalesRanks(store.db))!;
    expect(again).not.toBe(held);
    expect((await sortByHeldSales(store.db, popular("quince"), again))!.slice(0, 2)).toEqual([last!, top!]);
    const found = await searchShelf(store.db, { text: "quince", sort: "popular", limit: 24 });
    expect(found.products.map((product) => product.id).slice(0, 2)).toEqual([last!, top!]);

    // Writing the same figure moves nothing; a new product does.
    await store.db.update(products).set({ sold: 1_000_000 }).where(eq(products.id, last!));
    expect(await currentSalesRanks(store.db)).toBe(again);
    await store.db.insert(products).values({ name: "Quince Paste", slug: "held-quince-paste", categoryId: aisles[0]!, priceCents: 300, stock: 10, sold: 2_000_000 });
    expect(await currentSalesRanks(store.db)).toBeNull();
    // Not read again before RELOAD_GAP_MS has passed since the last read began: the search sorts in SQL meanwhile.
    await salesRanksRead(store.db);
    expect(await currentSalesRanks(store.db)).toBeNull();
    expect((await searchShelf(store.db, { text: "quince", sort: "popular", limit: 24 })).products[0]!.name).toBe("Quince Paste");
  });

  test("is picked for a most popular search unless so many match that the probe costs less", () => {
    expect(cheapestWay(24, 13_000, 1_000_000, 1, true)).toBe("held");
    expect(cheapestWay(24, 300, 1_000_000, 1, true)).toBe("held");
    expect(cheapestWay(24, 141_000, 1_000_000, 1, true)).toBe("probe");
    expect(cheapestWay(24, 9_500, 50_000, 1, true)).toBe("probe");
  });

  test("sorts by sales, then the newest id, from any offset; refuses ids it does not hold", () => {
    const sold = Float64Array.from([Number.NaN, 5, 9, 5, 0, 9]);
    expect(pageBySold([1, 2, 3, 4, 5], sold, 0, 10)).toEqual([5, 2, 3, 1, 4]);
    expect(pageBySold([1, 2, 3, 4, 5], sold, 2, 2)).toEqual([3, 1]);
    expect(pageBySold([1, 2, 3, 4, 5], sold, 9, 2)).toEqual([]);
    expect(pageBySold([1, 6], sold, 0, 10)).toBeNull();
    // Figures too big to share one number with the id are compared one by one, in the same order.
    const huge = Float64Array.from([Number.NaN, 2 ** 52, 2 ** 52, 3]);
    expect(pageBySold([3, 1, 2], huge, 0, 10)).toEqual([2, 1, 3]);
  });
});

describe("newest first from the highest ids, checked (ADR 091)", () => {
  const newest = (words: string, categoryId?: number, offset = 0): SortedSearch => ({ match: matchExpression(words)!, sort: "newest", categoryId, limit: 24, offset });
  let cordials: number[] = [];

  beforeAll(async () => {
    // Added one after the other, each a minute after the last, all after the store's other products.
    const rows = Array.from({ length: 90 }, (_, i) => ({
      name: `Rhubarb ${i % 3 === 0 ? "Cordial" : "Jam"} ${i}`,
      slug: `newest-rhubarb-${i}`,
      categoryId: aisles[i % 2]!,
      priceCents: 250,
      stock: 10,
      createdAt: new Date(Date.UTC(2026, 11, 1, 0, i)),
    }));
    for (const row of rows) await store.db.insert(products).values(row);
    cordials = (await everyMatchSorted({ match: matchExpression("rhubarb cordial")!, sort: "newest" })).reverse();
  });

  test("gives the pages sorting every match gives when dates follow the ids, in the store and in an aisle", async () => {
    let compared = 0;
    for (const words of ["rhubarb", "rhubarb jam", "rhubarb cordial"]) {
      for (const categoryId of [undefined, aisles[1]]) {
        const expected = await everyMatchSorted({ match: matchExpression(words)!, sort: "newest", categoryId });
        expect(expected.length).toBeGreaterThan(10);
        for (const offset of [0, 7, 24, Math.max(0, expected.length - 5), expected.length + 3]) {
          expect(await newestByIds(store.db, newest(words, categoryId, offset))).toEqual(expected.slice(offset, offset + 24));
          compared += 1;
        }
      }
    }
    expect(compared).toBe(3 * 2 * 5);
  });

  test("gives way when an older id carries a later date, and the search still puts that product first", async () => {
    const oldest = cordials[0]!;
    await store.db.update(products).set({ createdAt: new Date(Date.UTC(2027, 0, 1)) }).where(eq(products.id, oldest));
    try {
      expect(await newestByIds(store.db, newest("rhubarb cordial"))).toBeNull();
      const expected = await everyMatchSorted({ match: matchExpression("rhubarb cordial")!, sort: "newest" });
      expect(expected[0]).toBe(oldest);
      const found = await searchShelf(store.db, { text: "rhubarb cordial", sort: "newest", limit: 24 });
      expect(found.products.map((product) => product.id)).toEqual(expected.slice(0, 24));
      // Out of order below the page's last product (between the 4th and 5th oldest of 30): it cannot be on
      // the first page of 24, which is found; on the last page every match is read, and sorted.
      await store.db.update(products).set({ createdAt: new Date(Date.UTC(2026, 11, 1, 0, 10)) }).where(eq(products.id, oldest));
      const reordered = await everyMatchSorted({ match: matchExpression("rhubarb cordial")!, sort: "newest" });
      expect(reordered.indexOf(oldest)).toBe(26);
      expect(await newestByIds(store.db, newest("rhubarb cordial"))).toEqual(reordered.slice(0, 24));
      expect(await newestByIds(store.db, newest("rhubarb cordial", undefined, 24))).toEqual(reordered.slice(24));
      // Just past the page's last product (the 7th oldest), it must be on the first page: given way.
      await store.db.update(products).set({ createdAt: new Date(Date.UTC(2026, 11, 1, 0, 20)) }).where(eq(products.id, oldest));
      expect(await newestByIds(store.db, newest("rhubarb cordial"))).toBeNull();
      const lastPage = await searchShelf(store.db, { text: "rhubarb cordial", sort: "newest", limit: 24, offset: 24 });
      expect(lastPage.products.map((product) => product.id)).toEqual((await everyMatchSorted({ match: matchExpression("rhubarb cordial")!, sort: "newest" })).slice(24));
    } finally {
      await store.db.update(products).set({ createdAt: new Date(Date.UTC(2026, 11, 1, 0, 0)) }).where(eq(products.id, oldest));
    }
    expect(await newestByIds(store.db, newest("rhubarb cordial"))).toEqual((await everyMatchSorted({ match: matchExpression("rhubarb cordial")!, sort: "newest" })).slice(0, 24));
  });

  test("is picked for newest first unless few match", () => {
    expect(cheapestWay(24, 41_000, 1_000_000, 1, false, true)).toBe("newest ids");
    expect(cheapestWay(24 * 10, 13_000, 1_000_000, 1, false, true)).toBe("newest ids");
    expect(cheapestWay(24, 300, 1_000_000, 1, false, true)).toBe("sort");
    expect(cheapestWay(24, 41_000, 1_000_000, 1)).toBe("probe");
  });
});
