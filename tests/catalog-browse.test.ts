import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { and, asc, eq } from "drizzle-orm";
import { categories, productImages, products } from "../src/db/schema";
import { createTestStore, type TestStore } from "./support/store";

let store: TestStore;
let fruit: { id: number; slug: string };
beforeAll(async () => {
  store = await createTestStore();
  const [found] = await store.db.select({ id: categories.id, slug: categories.slug }).from(categories).where(eq(categories.slug, "fruit"));
  fruit = found!;
  // Enough fruit for three pages, with known prices and sales.
  const extra = Array.from({ length: 50 }, (_, i) => ({
    name: `Test Plum ${String(i).padStart(2, "0")}`,
    slug: `test-plum-${i}`,
    categoryId: fruit.id,
    priceCents: 100 + ((i * 37) % 50) * 10,
    sold: (i * 7919) % 1000,
    stock: 5000,
  }));
  await store.db.insert(products).values(extra);
});
afterAll(() => store.close());

const get = (path: string, headers: Record<string, string> = {}) => store.agent().get(path, headers);

/** Product slugs in the order the page shows them. */
async function slugsOn(path: string): Promise<string[]> {
  const html = await (await get(path)).text();
  return [...html.matchAll(/<h3 class="product-name"><a href="\/products\/([^"]+)"/g)].map((m) => decodeURIComponent(m[1]!));
}

async function shelf(sortColumn: "priceCents" | "sold") {
  const rows = await store.db.select().from(products).where(and(eq(products.categoryId, fruit.id), eq(products.active, true))).orderBy(asc(products.id));
  return new Map(rows.map((row) => [row.slug, row[sortColumn]]));
}

describe("aisle pages", () => {
  test("24 products a page; pages cover the whole aisle exactly once", async () => {
    const all = await shelf("priceCents");
    const seen: string[] = [];
    for (let page = 1; page <= Math.ceil(all.size / 24); page++) {
      const slugs = await slugsOn(`/categories/fruit?page=${page}`);
      expect(slugs.length).toBe(page < Math.ceil(all.size / 24) ? 24 : all.size - 24 * (page - 1));
      seen.push(...slugs);
    }
    expect(new Set(seen).size).toBe(all.size);
    expect([...all.keys()].sort()).toEqual([...seen].sort());
  });

  test("page links work without JavaScript: plain hrefs with page numbers, current page marked", async () => {
    const html = await (await get("/categories/fruit?page=2&sort=price-asc")).text();
    expect(html).toContain('href="/categories/fruit?sort=price-asc&amp;page=3" rel="next"');
    expect(html).toContain('href="/categories/fruit?sort=price-asc" rel="prev"');
    expect(html).toMatch(/aria-current="page"[^>]*>2</);
  });

  test("price ascending really ascends and descending really descends, across pages", async () => {
    const prices = await shelf("priceCents");
    const up = [...(await slugsOn("/categories/fruit?sort=price-asc")), ...(await slugsOn("/categories/fruit?sort=price-asc&page=2"))].map((s) => prices.get(s)!);
    expect(up.length).toBe(48);
    expect(up).toEqual([...up].sort((a, b) => a - b));
    const down = (await slugsOn("/categories/fruit?sort=price-desc")).map((s) => prices.get(s)!);
    expect(down).toEqual([...down].sort((a, b) => b - a));
    expect(down[0]).toBe(Math.max(...prices.values()));
  });

  test("popularity orders by units sold, the default sort", async () => {
    const sold = await shelf("sold");
    const popular = (await slugsOn("/categories/fruit")).map((s) => sold.get(s)!);
    expect(popular).toEqual([...popular].sort((a, b) => b - a));
    expect(popular[0]).toBe(Math.max(...sold.values()));
    expect(await slugsOn("/categories/fruit?sort=popular")).toEqual(await slugsOn("/categories/fruit"));
  });

  test("newest first", async () => {
    const [newest] = await store.db.insert(products).values({ name: "Brand New Quince", slug: "brand-new-quince", categoryId: fruit.id, priceCents: 250, stock: 1000 }).returning();
    expect((await slugsOn("/categories/fruit?sort=newest"))[0]).toBe(newest!.slug);
  });

  test("bad page and sort parameters answer 400 with a clear message, never 500", async () => {
    const cases: [string, string][] = [
      ["page=-1", "Page numbers start at 1."],
      ["page=0", "Page numbers start at 1."],
      ["page=abc", "Page must be a whole number"],
      ["page=1.5", "Page must be a whole number"],
      ["page=5000", "Page numbers go up to 1000."],
      ["page=99999999999999999999", "Page must be a whole number"],
      ["sort=bogus", "Sort by one of: popular, price-asc, price-desc, newest."],
      ["sort=%00", "Sort by one of"],
    ];
    for (const [query, message] of cases) {
      const response = await get(`/categories/fruit?${query}`);
      expect(response.status).toBe(400);
      expect(await response.text()).toContain(message);
    }
    expect((await get("/categories/fruit?page=")).status).toBe(200);
    expect((await get("/search?q=plum&page=-1")).status).toBe(400);
    expect((await get("/search?q=plum&sort=cheapest")).status).toBe(400);
    expect((await get("/search?q=plum&category=NOT%20A%20SLUG")).status).toBe(400);
    expect((await get("/search?q=plum&category=no-such-aisle")).status).toBe(404);
  });
});

describe("product cards", () => {
  test("a card shows name linking to the product, unit price, stock badge, best-before and the cart and wishlist forms", async () => {
    const [bananas] = await store.db.select().from(products).where(eq(products.slug, "bananas-fairtrade"));
    const html = await (await get("/search?q=bananas")).text();
    const card = html.match(/<article class="product-card">(?:(?!<\/article>).)*Bananas \(Fairtrade\)(?:(?!<\/article>).)*<\/article>/s)![0];
    expect(card).toContain('<a href="/products/bananas-fairtrade">Bananas (Fairtrade)</a>');
    expect(card).toContain("€1.89 / kg");
    expect(card).toContain("In stock");
    expect(card).toMatch(/Best before \d{1,2} [A-Z][a-z]{2}/);
    // The card's form has an id so this shopper's -/+ controls can take its place once it is in the cart.
    expect(card).toContain(`<form method="post" action="/cart/items" id="card-cart-${bananas!.id}" hx-post="/cart/items" hx-target="this" hx-swap="outerHTML">`);
    expect(card).toContain(`<input type="hidden" name="product_id" value="${bananas!.id}"/>`);
    expect(card).toContain('<input type="hidden" name="quantity" value="0.25"/>');
    expect(card).toContain('<button type="submit">Add to cart</button>');
    expect(card).toContain('<form method="post" action="/wishlist/items" hx-post="/wishlist/items" hx-target="this" hx-swap="outerHTML">');
    expect(card).toContain('<button type="submit">Save for later</button>');
    expect(card).not.toContain("Notify me");
  });

  test("low and out-of-stock badges; out of stock disables the button and offers a back-in-stock alert", async () => {
    await store.db.insert(products).values([
      { name: "Rare Persimmon", slug: "rare-persimmon", categoryId: fruit.id, priceCents: 120, stock: 2000, lowStockThreshold: 5000 },
      { name: "Gone Lychee", slug: "gone-lychee", categoryId: fruit.id, priceCents: 120, stock: 0 },
    ]);
    const low = await (await get("/products/rare-persimmon")).text();
    expect(low).toContain("Only 2 left");
    const gone = await (await get("/products/gone-lychee")).text();
    expect(gone).toContain('<span class="badge badge-out">Out of stock</span>');
    expect(gone).toContain('<button type="submit" disabled="">Out of stock</button>');
    const facts = gone.slice(gone.indexOf('<div class="product-facts">'), gone.indexOf("More from"));
    expect(facts).not.toContain(">Add to cart<");
    expect(gone).toContain('<form method="post" action="/stock-alerts" hx-post="/stock-alerts" hx-target="this" hx-swap="outerHTML">');
    expect(gone).toContain("Notify me when back in stock");
  });
});

describe("product page", () => {
  test("gallery, description, category link, a Quantity stepper in the product's step, related products", async () => {
    const [bananas] = await store.db.select().from(products).where(eq(products.slug, "bananas-fairtrade"));
    await store.db.insert(productImages).values([
      { productId: bananas!.id, key: "products/bananas/side.jpg", alt: "A bunch from the side", position: 1 },
      { productId: bananas!.id, key: "products/bananas/main.jpg", alt: "Ripe bananas", position: 0 },
    ]);
    const response = await get("/products/bananas-fairtrade");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("<h1>Bananas (Fairtrade)</h1>");
    expect(html.indexOf("/media/products/bananas/main.jpg")).toBeLessThan(html.indexOf("/media/products/bananas/side.jpg"));
    expect(html).toContain('alt="Ripe bananas"');
    expect(html).toContain(bananas!.description);
    expect(html).toContain('<a href="/categories/fruit">Fruit</a>');
    expect(html).toContain(`<label for="quantity-${bananas!.id}">Quantity</label>`);
    const box = html.match(/<input [^>]*id="quantity-\d+"[^>]*\/>/)?.[0] ?? "";
    for (const attribute of ['type="number"', 'name="quantity"', 'inputmode="decimal"', 'step="0.25"', 'min="0.25"', 'value="0.25"', 'required=""']) expect(box).toContain(attribute);
    // 64.5 kg is "In stock": the box has a most only once the shelf shows the amount (tests/shelf-version.test.ts).
    expect(box).not.toContain("max=");
    expect(html).toContain('<span class="unit">kg</span>');
    expect(html).toContain("More from Fruit");
    const related = html.slice(html.indexOf("More from Fruit"));
    expect((related.match(/class="product-card"/g) ?? []).length).toBe(4);
    expect(related).not.toContain('href="/products/bananas-fairtrade"');
    expect(html).not.toMatch(/<script>|onclick=|style="/);
  });

  test("a card without images shows the placeholder, and a card with one shows it", async () => {
    const html = await (await get("/search?q=bananas")).text();
    expect(html).toContain('src="/media/products/bananas/main.jpg"');
    expect(await (await get("/categories/fruit?sort=newest")).text()).toContain('<div class="product-art" aria-hidden="true">');
  });

  test("inactive products, products in pending aisles and unknown slugs answer 404", async () => {
    const [pending] = await store.db.insert(categories).values({ name: "Hidden Aisle", slug: "hidden-aisle", status: "pending" }).returning();
    await store.db.insert(products).values([
      { name: "Withdrawn Kiwi", slug: "withdrawn-kiwi", categoryId: fruit.id, priceCents: 100, active: false, stock: 1000 },
      { name: "Secret Durian", slug: "secret-durian", categoryId: pending!.id, priceCents: 100, stock: 1000 },
    ]);
    for (const slug of ["withdrawn-kiwi", "secret-durian", "no-such-thing"]) {
      const response = await get(`/products/${slug}`);
      expect(response.status).toBe(404);
      expect(await response.text()).toContain("Product not found");
    }
    const aisle = await (await get("/categories/fruit?sort=newest")).text();
    expect(aisle).not.toContain("Withdrawn Kiwi");
    expect((await get("/categories/hidden-aisle")).status).toBe(404);
  });
});
