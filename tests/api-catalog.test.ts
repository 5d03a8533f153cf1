import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { categories, products } from "../src/db/schema";
import { ApiClient, apiShopper, expectProblem } from "./support/api";
import { stockShelves, type Shelves } from "./support/shop";
import { createTestStore, type TestStore } from "./support/store";

let store: TestStore;
let shelves: Shelves;
let client: ApiClient;
beforeAll(async () => {
  store = await createTestStore({ seed: false });
  shelves = await stockShelves(store);
  await store.db.update(products).set({ sold: 5_000 }).where(eq(products.id, shelves.milk.id));
  client = new ApiClient(store);
});
afterAll(() => store.close());

describe("GET /categories", () => {
  test("active aisles with product counts, an ETag and a public, revalidated cache", async () => {
    const response = await client.get("/categories");
    expect(response.status).toBe(200);
    expect(response.json.items).toEqual([
      { id: expect.any(Number), name: "Dairy", slug: "dairy", description: "", product_count: 3 },
      { id: expect.any(Number), name: "Fruit", slug: "fruit", description: "", product_count: 2 },
    ]);
    expect(response.json.next_cursor).toBeNull();
    expect(response.headers.get("etag")).toMatch(/^"c\d+-[0-9a-z]+"$/);
    expect(response.headers.get("cache-control")).toBe("public, max-age=60, must-revalidate");
  });

  test("If-None-Match with the ETag is a 304 until the catalog changes", async () => {
    const first = await client.get("/categories");
    const etag = first.headers.get("etag")!;
    const again = await client.get("/categories", { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
    expect(again.json).toBe("");
    expect(again.headers.get("etag")).toBe(etag);
    await store.db.update(products).set({ priceCents: 199 }).where(eq(products.id, shelves.bananas.id));
    const changed = await client.get("/categories", { headers: { "if-none-match": etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);
  });
  test("pages with limit and cursor like every list, default 24", async () => {
    const first = await client.get("/categories?limit=1");
    expect(first.json.items.map((item: { slug: string }) => item.slug)).toEqual(["dairy"]);
    expect(first.json.next_cursor).toEqual(expect.any(String));
    expect(first.headers.get("etag")).not.toBe((await client.get("/categories")).headers.get("etag"));
    const second = await client.get(`/categories?limit=1&cursor=${first.json.next_cursor}`);
    expect(second.json).toEqual({ items: [expect.objectContaining({ slug: "fruit" })], next_cursor: null });
    expect(expectProblem(await client.get("/categories?limit=101"), 400).errors![0]!.path).toBe("limit");
    expect(expectProblem(await client.get("/categories?cursor=nope"), 400).errors![0]!.path).toBe("cursor");
  });

  test("GET /categories/{id}: one aisle as the list shows it, 304 on its ETag; a pending or unknown one 404, a bad id 400", async () => {
    const listed = (await client.get("/categories")).json.items as { id: number; slug: string }[];
    const dairy = listed.find((item) => item.slug === "dairy")!;
    const one = await client.get(`/categories/${dairy.id}`);
    expect(one.status).toBe(200);
    expect(one.json).toEqual(dairy);
    expect(one.headers.get("cache-control")).toBe("public, max-age=60, must-revalidate");
    expect((await client.get(`/categories/${dairy.id}`, { headers: { "if-none-match": one.headers.get("etag")! } })).status).toBe(304);
    const [pending] = await store.db.insert(categories).values({ name: "Frozen", slug: "frozen", status: "pending" }).returning();
    expectProblem(await client.get(`/categories/${pending!.id}`), 404);
    expectProblem(await client.get("/categories/999999"), 404);
    expect(expectProblem(await client.get("/categories/dairy"), 400).errors![0]!.path).toBe("id");
  });
});

describe("GET /products", () => {
  test("product shape: cents, quantities in the unit, category, stock", async () => {
    const response = await client.get("/products?category=fruit&sort=price_asc");
    expect(response.status).toBe(200);
    const bananas = response.json.items[0];
    expect(bananas).toEqual({
      id: shelves.bananas.id,
      name: "Bananas",
      slug: "bananas",
      description: "",
      category: { id: shelves.bananas.categoryId, name: "Fruit", slug: "fruit" },
      price_cents: 199,
      unit: "kg",
      step: 0.25,
      stock: 20,
      in_stock: true,
      best_before: null,
      images: [],
      // No food information was given for these bananas: every field says so (null), never a guess.
      sku: null,
      gtin: null,
      net_quantity: null,
      unit_price: null,
      food: { is_food: true, ingredients: null, allergens: null, allergens_changed_at: null, recipe_changed_until: null, diet: [], nutrition: null, storage: null, origin: null },
    });
    expect(response.json.items.map((p: { slug: string }) => p.slug)).toEqual(["bananas", "apples"]);
  });

  test("filters: q, in_stock; sorts: popular, price_desc", async () => {
    expect((await client.get("/products?q=milk")).json.items.map((p: { slug: string }) => p.slug)).toEqual(["whole-milk"]);
    const inStock = (await client.get("/products?in_stock=true&limit=100")).json.items.map((p: { slug: string }) => p.slug);
    expect(inStock).not.toContain("greek-yoghurt");
    expect(inStock.length).toBe(4);
    expect((await client.get("/products?sort=popular")).json.items[0].slug).toBe("whole-milk");
    const prices = (await client.get("/products?sort=price_desc")).json.items.map((p: { price_cents: number }) => p.price_cents);
    expect(prices).toEqual([...prices].sort((a: number, b: number) => b - a));
    expect((await client.get("/products?category=no-such-aisle")).json.items).toEqual([]);
  });

  test("cursor pagination walks every product exactly once, for every sort", async () => {
    for (const sort of ["popular", "price_asc", "price_desc", "newest"]) {
      const seen: number[] = [];
      let cursor: string | null = null;
      do {
        const page: { json: { items: { id: number }[]; next_cursor: string | null } } = await client.get(
          `/products?sort=${sort}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
        );
        seen.push(...page.json.items.map((p) => p.id));
        cursor = page.json.next_cursor;
      } while (cursor);
      expect(seen.length).toBe(5);
      expect(new Set(seen).size).toBe(5);
    }
  });

  test("each bad query parameter is a 400 problem naming it", async () => {
    const paths = (response: Awaited<ReturnType<ApiClient["get"]>>) => expectProblem(response, 400).errors!.map((e) => e.path).sort();
    expect(paths(await client.get("/products?limit=0"))).toEqual(["limit"]);
    expect(paths(await client.get("/products?limit=101"))).toEqual(["limit"]);
    expect(paths(await client.get("/products?limit=two"))).toEqual(["limit"]);
    expect(paths(await client.get("/products?sort=cheapest"))).toEqual(["sort"]);
    expect(paths(await client.get("/products?in_stock=yes"))).toEqual(["in_stock"]);
    expect(paths(await client.get(`/products?q=${"x".repeat(101)}`))).toEqual(["q"]);
    expect(paths(await client.get("/products?cursor=garbage"))).toEqual(["cursor"]);
  });

  test("304 for a repeated list request; a different URL has a different ETag", async () => {
    const first = await client.get("/products?sort=newest");
    expect((await client.get("/products?sort=newest", { headers: { "if-none-match": first.headers.get("etag")! } })).status).toBe(304);
    const other = await client.get("/products?sort=popular");
    expect(other.headers.get("etag")).not.toBe(first.headers.get("etag"));
  });
});

describe("GET /products/{id}", () => {
  test("one product, 304 on its ETag, 404 when not on sale, 400 for a bad id", async () => {
    const response = await client.get(`/products/${shelves.eggs.id}`);
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ name: "Free-range Eggs", unit: "dozen", step: 1, stock: 10 });
    expect((await client.get(`/products/${shelves.eggs.id}`, { headers: { "if-none-match": response.headers.get("etag")! } })).status).toBe(304);
    expectProblem(await client.get("/products/999999"), 404);
    await store.db.update(products).set({ active: false }).where(eq(products.id, shelves.eggs.id));
    expectProblem(await client.get(`/products/${shelves.eggs.id}`), 404);
    expect(expectProblem(await client.get("/products/abc"), 400).errors![0]!.path).toBe("id");
  });
});

describe("unknown routes and methods", () => {
  test("404 and 405 (with Allow) are problem details, not the shop's HTML", async () => {
    expectProblem(await client.get("/no-such-thing"), 404);
    const wrongMethod = await client.delete("/categories");
    expectProblem(wrongMethod, 405);
    expect(wrongMethod.headers.get("allow")).toBe("GET, HEAD, POST");
    // Signed in (unauthenticated callers of private paths get 401 first).
    const { client: shopper } = await apiShopper(store);
    const put = await shopper.call("POST", "/cart/items/1");
    expectProblem(put, 405);
    expect(put.headers.get("allow")).toBe("DELETE, PUT");
  });

  test("a trailing slash is a 404 that says so, not a 405 listing the method used", async () => {
    for (const path of ["/products/", "/categories/", `/products/${shelves.milk.id}/`]) {
      const answer = expectProblem(await client.get(path), 404);
      expect(answer.detail).toContain("drop the trailing slash");
    }
  });

  test("paths under /api outside v1 are problems too, not the shop's HTML page", async () => {
    for (const path of ["/api/v2/products", "/api/", "/api/docs/extra"]) {
      const answer = await store.app.request(`http://localhost${path}`);
      expect(answer.status).toBe(404);
      expect(answer.headers.get("content-type")).toStartWith("application/problem+json");
      expect(((await answer.json()) as { detail: string }).detail).toContain("/api/v1");
    }
  });

  test("the API gets the security headers of an API: nothing loads or frames it, no sniffing, and none of a document's", async () => {
    const response = await client.get("/categories");
    expect(response.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(response.headers.get("cross-origin-resource-policy")).toBe("same-origin");
    for (const documentOnly of ["cross-origin-opener-policy", "origin-agent-cluster", "x-xss-protection", "x-download-options", "x-dns-prefetch-control"]) {
      expect(response.headers.get(documentOnly)).toBeNull();
    }
    // The shop's pages keep the whole set.
    const page = await store.app.request("http://localhost/");
    expect(page.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(page.headers.get("cross-origin-opener-policy")).toBe("same-origin");
    expect(page.headers.get("x-frame-options")).toBe("SAMEORIGIN");
  });
});
