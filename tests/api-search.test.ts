import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { searchShelf } from "../src/catalog/search";
import { categories, products, type Unit } from "../src/db/schema";
import { ApiClient, expectProblem } from "./support/api";
import { createTestStore, type TestStore } from "./support/store";

/* GET /products?q= runs the shop's own search, so an app finds what the search page finds. */

let store: TestStore;
let client: ApiClient;
let fruit: number;
beforeAll(async () => {
  store = await createTestStore({ seed: false });
  client = new ApiClient(store);
  const [fruitAisle] = await store.db.insert(categories).values({ name: "Fruit", slug: "fruit", status: "active" }).returning();
  const [bakery] = await store.db.insert(categories).values({ name: "Bakery", slug: "bakery", status: "active" }).returning();
  fruit = fruitAisle!.id;
  const shelf: [string, number, number, number, Unit][] = [
    ["Bananas", fruit, 189, 20_000, "kg"],
    ["Banana Bread", bakery!.id, 349, 6_000, "each"],
    ["Dried Banana Chips", fruit, 259, 0, "each"],
    ["Baby Bananas", fruit, 299, 4_000, "kg"],
    ["Apples", fruit, 320, 3_000, "kg"],
  ];
  for (const [name, categoryId, priceCents, stock, unit] of shelf) {
    const slug = name.toLowerCase().replaceAll(" ", "-");
    await store.db.insert(products).values({ name, slug, categoryId, priceCents, stock, unit, step: 1000, sold: priceCents });
  }
});
afterAll(() => store.close());

type Page = { json: { items: { id: number; name: string; stock: number; category: { slug: string } }[]; next_cursor: string | null } };
const names = (page: Page) => page.json.items.map((product) => product.name);

describe("GET /products?q=", () => {
  test("the same products, in the same order, as the shop's search", async () => {
    for (const text of ["banana", "ban", "bananna", "bread banana", "apples"]) {
      const shop = await searchShelf(store.db, { text, sort: "relevance", limit: 24 });
      const api: Page = await client.get(`/products?q=${encodeURIComponent(text)}`);
      expect({ text, ids: api.json.items.map((product) => product.id) }).toEqual({ text, ids: shop.products.map((product) => product.id) });
    }
  });

  test("prefixes and typos find products that a plain substring match would miss", async () => {
    expect(names(await client.get("/products?q=banan%20bre"))).toEqual(["Banana Bread"]);
    expect(names(await client.get("/products?q=bananna"))).toContain("Bananas");
    expect((await client.get("/products?q=%25%25")).json).toEqual({ items: [], next_cursor: null });
  });

  test("best match first; another sort on request; relevance needs q", async () => {
    expect(names(await client.get("/products?q=bananas")).slice(0, 2)).toEqual(["Bananas", "Baby Bananas"]);
    expect(names(await client.get("/products?q=banana&sort=price_asc"))).toEqual(["Bananas", "Dried Banana Chips", "Baby Bananas", "Banana Bread"]);
    expect(names(await client.get("/products?q=banana&sort=price_desc"))[0]).toBe("Banana Bread");
    expect(expectProblem(await client.get("/products?sort=relevance"), 400).errors).toEqual([{ path: "sort", message: "relevance needs q: there is nothing to match" }]);
  });

  test("category and in_stock narrow a search", async () => {
    const inFruit: Page = await client.get("/products?q=banana&category=fruit&sort=price_asc");
    expect(names(inFruit)).toEqual(["Bananas", "Dried Banana Chips", "Baby Bananas"]);
    expect(inFruit.json.items.every((product) => product.category.slug === "fruit")).toBe(true);
    const onShelf: Page = await client.get("/products?q=banana&in_stock=true&sort=price_asc");
    expect(names(onShelf)).toEqual(["Bananas", "Baby Bananas", "Banana Bread"]);
    expect((await client.get("/products?q=banana&category=no-such-aisle")).json).toEqual({ items: [], next_cursor: null });
  });

  test("pages walk every match once, in stock or not; a listing's cursor is refused for a search", async () => {
    for (const extra of ["", "&in_stock=true"]) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Page = await client.get(`/products?q=banana&sort=price_asc&limit=1${extra}${cursor ? `&cursor=${cursor}` : ""}`);
        seen.push(...names(page));
        cursor = page.json.next_cursor;
      } while (cursor);
      expect(seen).toEqual(extra ? ["Bananas", "Baby Bananas", "Banana Bread"] : ["Bananas", "Dried Banana Chips", "Baby Bananas", "Banana Bread"]);
    }
    const listing: Page = await client.get("/products?limit=1");
    expect(expectProblem(await client.get(`/products?q=banana&cursor=${listing.json.next_cursor}`), 400).errors![0]!.path).toBe("cursor");
  });

  test("a search is cached like any catalog read", async () => {
    const first = await client.get("/products?q=banana");
    expect(first.headers.get("cache-control")).toBe("public, max-age=60, must-revalidate");
    expect((await client.get("/products?q=banana", { headers: { "if-none-match": first.headers.get("etag")! } })).status).toBe(304);
  });
});
