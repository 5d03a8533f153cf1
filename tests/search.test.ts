import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { eq, sql } from "drizzle-orm";
import { matchExpression, RANKED_CANDIDATES, searchShelf } from "../src/catalog/search";
import { COUNTED_MATCHES } from "../src/catalog/search-sorted";
import { aisleToken } from "../src/catalog/search-facets";
import { relevanceOf } from "../src/catalog/relevance";
import { categories, products } from "../src/db/schema";
import { createTestStore, type TestStore } from "./support/store";

let store: TestStore;
beforeAll(async () => {
  store = await createTestStore();
});
afterAll(() => store.close());

const names = async (text: string, extra: { categoryId?: number; sort?: "relevance" | "price-asc" | "popular" } = {}) =>
  (await searchShelf(store.db, { text, sort: extra.sort ?? "relevance", categoryId: extra.categoryId, limit: 24 })).products.map((p) => p.name);

/** `count` products named "<name> 0", "<name> 1"... in aisle 1, each a cent dearer than the one before. */
async function shelveMany(name: string, count: number) {
  for (let start = 0; start < count; start += 200) {
    const rows = Array.from({ length: Math.min(200, count - start) }, (_, i) => start + i);
    await store.db.insert(products).values(rows.map((n) => ({ name: `${name} ${n}`, slug: `${name.toLowerCase()}-${n}`, categoryId: 1, priceCents: 100 + n, stock: 1000 })));
  }
}

const indexed = async (id: number) =>
  (await store.db.all<{ name: string }>(sql`select name from product_search where rowid = ${id}`)).map((row) => row.name);

describe("ranking", () => {
  test('"banan" finds Bananas first (prefix match, name weighted above description)', async () => {
    const found = await names("banan");
    expect(found[0]).toMatch(/^Bananas/);
    // A product that mentions bananas only in its description still comes, but after.
    await store.db.insert(products).values({
      name: "Breakfast Smoothie Mix",
      slug: "breakfast-smoothie-mix",
      description: "Frozen banana, mango and berries for blending.",
      categoryId: 1,
      priceCents: 300,
      stock: 1000,
    });
    const again = await names("banan");
    expect(again).toContain("Breakfast Smoothie Mix");
    expect(again.indexOf("Breakfast Smoothie Mix")).toBeGreaterThan(again.findIndex((n) => /^Bananas/.test(n)));
  });

  test("relevance: a whole name word beats the start of one, which beats the aisle, which beats the description; accents and case do not matter", () => {
    expect(relevanceOf(["creme"], { name: "Crème Fraîche", category: "Dairy" })).toBe(100);
    expect(relevanceOf(["crem"], { name: "Crème Fraîche", category: "Dairy" })).toBe(60);
    expect(relevanceOf(["dairy"], { name: "Crème Fraîche", category: "Dairy & Eggs" })).toBe(15);
    expect(relevanceOf(["ban"], { name: "Urban Loaf", category: "Bakery" })).toBe(5); // inside a word: not a name match
    // Both words in the name (the last one, the thing itself, weighs a fifth more), plus 20 for having them all.
    expect(relevanceOf(["organic", "milk"], { name: "Organic Whole Milk", category: "Dairy" })).toBe(240);
    expect(relevanceOf(["organic", "milk"], { name: "Whole Milk", category: "Dairy" })).toBe(125);
    // The aisle's own words (name and description) boost its products.
    expect(relevanceOf(["milk"], { name: "Whole Milk", category: "Dairy" }, new Map([["Dairy", new Set(["dairy", "milk"])]]))).toBe(115);
  });

  test("matches in the description and in the category name", async () => {
    expect(await names("colombia")).toContain("Bananas (Fairtrade)");
    const [dairy] = await store.db.select().from(categories).where(eq(categories.slug, "dairy-eggs"));
    const dairyProducts = await store.db.select().from(products).where(eq(products.categoryId, dairy!.id));
    const byCategory = await names("dairy");
    const plainDairy = dairyProducts.find((p) => !/dairy/i.test(p.name + p.description))!;
    expect(byCategory).toContain(plainDairy.name);
  });

  test("every word must match; words in any order", async () => {
    const both = await names("fairtrade banan");
    expect(both[0]).toBe("Bananas (Fairtrade)");
    expect(await names("banan fairtrade")).toEqual(both);
    expect(await names("banana zzzzqqq")).toEqual([]);
  });

  test("a one-letter typo still finds the product (corrected against the catalog's words: did you mean)", async () => {
    const result = await searchShelf(store.db, { text: "bananna", sort: "relevance", limit: 24 });
    expect(result.correctedText).toBe("bananas");
    expect(result.products[0]?.name).toMatch(/^Bananas/);
    const swapped = await searchShelf(store.db, { text: "bnanas", sort: "relevance", limit: 24 });
    expect(swapped.products.map((p) => p.name)).toContain("Bananas (Fairtrade)");
  });

  test("a number some product's name has counts as a known word: no look-alikes for words the catalog knows", async () => {
    // "250" is in names (Blueberries 250 g), never beside strawberries; "251" is in none.
    const known = await searchShelf(store.db, { text: "strawberries 250", sort: "relevance", limit: 24 });
    expect({ total: known.total, closeMatches: known.closeMatches }).toEqual({ total: 0, closeMatches: false });
    const unknown = await searchShelf(store.db, { text: "strawberries 251", sort: "relevance", limit: 24 });
    expect(unknown.closeMatches).toBe(true);
    expect(unknown.products.map((p) => p.name)).toContain("Strawberries 500 g");
  });

  test("combinable with an aisle and a sort", async () => {
    const [fruit] = await store.db.select().from(categories).where(eq(categories.slug, "fruit"));
    const inFruit = await searchShelf(store.db, { text: "a", sort: "price-asc", limit: 24 });
    expect(inFruit.total).toBeGreaterThanOrEqual(0);
    const sweet = await searchShelf(store.db, { text: "sweet", sort: "price-asc", categoryId: fruit!.id, limit: 24 });
    expect(sweet.products.length).toBeGreaterThan(1);
    expect(sweet.products.every((p) => p.categoryId === fruit!.id)).toBe(true);
    const prices = sweet.products.map((p) => p.priceCents);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
    const everywhere = await searchShelf(store.db, { text: "sweet", sort: "price-asc", limit: 24 });
    expect(everywhere.total).toBeGreaterThan(sweet.total);
  });
});

describe("safety", () => {
  test("FTS syntax is only text: quotes, stars, parentheses, NEAR, OR, column filters", async () => {
    expect(matchExpression('ba"n*')).toBe('"ba"* "n"');
    expect(matchExpression("NEAR(a b)")).toBe('"near"* "a" "b"');
    for (const q of ['"', '""', "*", "(", ")", "NEAR", "NEAR(banana", "banana OR", "AND", "name:banana", "{name}:x", "^banana", "-", "'; drop table products; --", "\u0000", "🍌", "ü"]) {
      const response = await store.agent().get(`/search?q=${encodeURIComponent(q)}`);
      expect(response.status).toBe(200);
      const fragment = await store.agent().get(`/search?q=${encodeURIComponent(q)}`, { "hx-request": "true", "hx-target": "div#search-results" });
      expect(fragment.status).toBe(200);
    }
    expect((await store.db.select().from(products)).length).toBeGreaterThan(100);
  });

  test("the index's facet tokens are not shoppers' words, nor the start of one", async () => {
    const [aisle] = await store.db.select({ id: categories.id }).from(categories).where(eq(categories.status, "active")).limit(1);
    const token = aisleToken(aisle!.id);
    expect((await store.db.all<{ n: number }>(sql`select count(*) as n from product_search where product_search match ${`facets : "${token}"`}`))[0]!.n).toBeGreaterThan(0);
    // A shopper's words keep letters and digits only: the token's first character never gets through.
    expect(matchExpression(token)).toBe(`"${aisle!.id}"`);
    expect(matchExpression("\uE000")).toBeNull();
    // No prefix of what a shopper types reaches the facets column's entries.
    for (const typed of ["a", "ai", "ais", String(aisle!.id), "0", "1"]) {
      const reached = await store.db.all<{ n: number }>(sql`select count(*) as n from product_search where product_search match ${`facets : "${typed}"*`}`);
      expect(reached[0]!.n).toBe(0);
    }
  });

  test("inactive products and pending aisles are never found", async () => {
    const [pending] = await store.db.insert(categories).values({ name: "Zzsecret Aisle", slug: "zzsecret-aisle", status: "pending" }).returning();
    await store.db.insert(products).values([
      { name: "Zzhidden Truffle", slug: "zzhidden-truffle", categoryId: pending!.id, priceCents: 5000 },
      { name: "Zzretired Truffle", slug: "zzretired-truffle", categoryId: 1, priceCents: 5000, active: false },
    ]);
    expect(await names("truffle")).not.toContain("Zzhidden Truffle");
    expect(await names("zzretired")).toEqual([]);
    expect(await names("zzsecret")).toEqual([]);
    // Approving the aisle puts its products on the shelf, and in the index.
    await store.db.update(categories).set({ status: "active" }).where(eq(categories.id, pending!.id));
    expect(await names("zzhidden")).toEqual(["Zzhidden Truffle"]);
    expect(await names("zzsecret")).toEqual(["Zzhidden Truffle"]);
  });
});

describe("kept in sync by the database", () => {
  test("insert, rename, deactivate, reactivate, move aisle, rename aisle and delete", async () => {
    const [created] = await store.db
      .insert(products)
      .values({ name: "Quokkaberry Jam", slug: "quokkaberry-jam", description: "Spread it thick.", categoryId: 1, priceCents: 450, stock: 1000 })
      .returning();
    const id = created!.id;
    expect(await names("quokka")).toEqual(["Quokkaberry Jam"]);

    await store.db.update(products).set({ name: "Wallabyberry Jam" }).where(eq(products.id, id));
    expect(await names("quokka")).toEqual([]);
    expect(await names("wallaby")).toEqual(["Wallabyberry Jam"]);

    await store.db.update(products).set({ description: "Made with numbat honey." }).where(eq(products.id, id));
    expect(await names("numbat")).toEqual(["Wallabyberry Jam"]);

    // Stock and sales moving do not touch the index but the product stays findable.
    await store.db.update(products).set({ stock: 5000, sold: 12000 }).where(eq(products.id, id));
    expect(await indexed(id)).toEqual(["Wallabyberry Jam"]);

    await store.db.update(products).set({ active: false }).where(eq(products.id, id));
    expect(await names("wallaby")).toEqual([]);
    expect(await indexed(id)).toEqual([]);
    await store.db.update(products).set({ active: true }).where(eq(products.id, id));
    expect(await names("wallaby")).toEqual(["Wallabyberry Jam"]);

    const [aisle] = await store.db.insert(categories).values({ name: "Preserves", slug: "preserves", status: "active" }).returning();
    await store.db.update(products).set({ categoryId: aisle!.id }).where(eq(products.id, id));
    expect(await names("preserves")).toEqual(["Wallabyberry Jam"]);
    // A search in an aisle finds it in its new aisle only, whichever way it is sorted.
    for (const sort of ["relevance", "price-asc", "popular"] as const) {
      expect(await names("wallaby", { categoryId: aisle!.id, sort })).toEqual(["Wallabyberry Jam"]);
      expect(await names("wallaby", { categoryId: 1, sort })).toEqual([]);
    }
    await store.db.update(categories).set({ name: "Jams and Spreads" }).where(eq(categories.id, aisle!.id));
    expect(await names("preserves")).toEqual([]);
    expect(await names("spreads")).toContain("Wallabyberry Jam");

    await store.db.delete(products).where(eq(products.id, id));
    expect(await names("wallaby")).toEqual([]);
    expect(await indexed(id)).toEqual([]);
  });
});

describe("the search page", () => {
  test("full page for a plain request, only the results for htmx, same URL", async () => {
    const page = await store.agent().get("/search?q=banan");
    const html = await page.text();
    expect(html).toContain("<html");
    expect(html).toContain('id="search-results"');
    expect(html).toContain('hx-trigger="input changed delay:250ms"');
    expect(html).toContain('hx-target="#search-results"');
    expect(html).toContain('hx-push-url="true"');
    expect(html).toContain('value="banan"');

    const fragment = await (await store.agent().get("/search?q=banan", { "hx-request": "true", "hx-target": "div#search-results" })).text();
    expect(fragment).not.toContain("<html");
    expect(fragment).not.toContain('id="search-results"');
    expect(fragment).toContain("Results for “banan”");
    expect(fragment).toContain("Bananas (Fairtrade)");

    // Typing from another page targets the page body, which becomes the search page.
    const home = await (await store.agent().get("/")).text();
    expect(home).toContain('hx-target="#main"');
    const body = await (await store.agent().get("/search?q=banan", { "hx-request": "true", "hx-target": "main#main" })).text();
    expect(body).toContain('<div id="search-results">');
    expect(body).not.toContain("<html");
  });

  test("a very broad search says there are more than it ranks, and a column sort still counts and pages them all", async () => {
    const many = RANKED_CANDIDATES + 20;
    await shelveMany("Kohlrabi", many);
    const ranked = await (await store.agent().get("/search?q=kohlrabi")).text();
    expect(ranked).toContain(`More than ${RANKED_CANDIDATES.toLocaleString("en-GB")} products found; the best ${RANKED_CANDIDATES.toLocaleString("en-GB")} are listed.`);
    const byPrice = await (await store.agent().get("/search?q=kohlrabi&sort=price-asc")).text();
    expect(byPrice).toContain(`${many} products found`);
    const lastPage = Math.ceil(many / 24);
    const last = await (await store.agent().get(`/search?q=kohlrabi&sort=price-asc&page=${lastPage}`)).text();
    expect(last).toContain(`>Kohlrabi ${many - 1}<`);
  });

  test("a column sort counts up to a thousand matches, then says there are more and pages through the first thousand", async () => {
    const many = COUNTED_MATCHES + 30;
    await shelveMany("Romanesco", many);
    const byPrice = await (await store.agent().get("/search?q=romanesco&sort=price-asc")).text();
    expect(byPrice).toContain("More than 1,000 products found; the first 1,000 (price: low to high) are listed. Add a word or pick an aisle to see others.");
    const lastPage = Math.ceil(COUNTED_MATCHES / 24);
    const last = await (await store.agent().get(`/search?q=romanesco&sort=price-asc&page=${lastPage}`)).text();
    expect(last).toContain(`>Romanesco ${COUNTED_MATCHES - 1}<`);
    expect(last).toContain("Showing 985–1,000 of 1,000");
    expect(last).not.toContain(`>Romanesco ${COUNTED_MATCHES}<`);
    const found = await searchShelf(store.db, { text: "romanesco", sort: "price-desc", limit: 24 });
    expect(found).toMatchObject({ total: COUNTED_MATCHES, totalIsAtLeast: true, reachable: COUNTED_MATCHES });
    expect(found.products[0]!.name).toBe(`Romanesco ${many - 1}`);
  });

  test("the aisle filter and sort travel in the URL and in the pagination links", async () => {
    await store.db.insert(products).values(
      Array.from({ length: 30 }, (_, i) => ({ name: `Zesty Lime ${i}`, slug: `zesty-lime-${i}`, categoryId: 1, priceCents: 100 + i, stock: 1000 })),
    );
    const html = await (await store.agent().get("/search?q=zesty&sort=price-desc")).text();
    expect(html).toMatch(/<option value="price-desc" selected="">/);
    expect(html).toContain("30 products found");
    // Over several pages the count is followed by where this page is; on one page the count says it all.
    expect(html).toContain("Showing 1–24 of 30");
    expect(html).toContain('href="/search?q=zesty&amp;sort=price-desc&amp;page=2"');
    const second = await (await store.agent().get("/search?q=zesty&sort=price-desc&page=2")).text();
    expect([...second.matchAll(/>Zesty Lime (\d+)</g)].map((m) => Number(m[1]))).toEqual([5, 4, 3, 2, 1, 0]);
    const onePage = await (await store.agent().get("/search?q=zesty+lime+2")).text();
    expect(onePage).toMatch(/\d+ products? found/);
    expect(onePage).not.toContain("Showing 1–");
    const fruitOnly = await (await store.agent().get("/search?q=sweet&category=fruit")).text();
    expect(fruitOnly).toMatch(/<option value="fruit" selected="">/);
    expect(fruitOnly).not.toContain("Sweet Potatoes");
  });

  test("the header search box keeps its label", async () => {
    const html = await (await store.agent().get("/search?q=milk")).text();
    expect(html).toContain('<label for="search-q" class="visually-hidden">Search products</label>');
  });
});
