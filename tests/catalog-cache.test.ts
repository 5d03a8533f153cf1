import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { Database } from "bun:sqlite";
import { join } from "node:path";
import { FragmentCache } from "../src/catalog/fragment-cache";
import { catalogVersion } from "../src/catalog/queries";
import { categories, products } from "../src/db/schema";
import { addToCart } from "./support/shop";
import { adminAgent } from "./support/staff";
import { createTestStore, type TestStore } from "./support/store";

let store: TestStore;
beforeAll(async () => {
  store = await createTestStore();
});
afterAll(() => store.close());

const anonymous = (path: string, headers: Record<string, string> = {}) => store.agent().get(path, headers);

describe("the catalog version, read once per turn of the event loop", () => {
  test("a write by this process is seen at once, in the same turn; a write from another connection from the next turn", async () => {
    const before = await catalogVersion(store.db);
    expect(await catalogVersion(store.db)).toBe(before);
    // Any update of a product moves the version, even one that writes the value it had (so the other tests' prices stay).
    await store.db.update(products).set({ priceCents: 189 }).where(eq(products.slug, "bananas-fairtrade"));
    expect(await catalogVersion(store.db)).toBe(before + 1);

    const other = new Database(join(store.dir, "grocer.db"));
    other.exec("PRAGMA busy_timeout = 5000");
    other.exec("UPDATE products SET price_cents = 189 WHERE slug = 'bananas-fairtrade'");
    other.close();
    await new Promise((resolve) => setImmediate(resolve));
    expect(await catalogVersion(store.db)).toBe(before + 2);
  });
});

describe("ETags and 304 for anonymous catalog pages", () => {
  test("home, aisle, product and search pages carry an ETag and answer 304 to it", async () => {
    for (const path of ["/", "/categories/fruit", "/categories/fruit?sort=price-asc&page=1", "/products/bananas-fairtrade", "/search?q=milk"]) {
      const first = await anonymous(path);
      expect(first.status).toBe(200);
      const etag = first.headers.get("etag")!;
      expect(etag).toMatch(/^"c\d+-[0-9a-z]+"$/);
      expect(first.headers.get("cache-control")).toBe("public, no-cache");
      expect(first.headers.get("vary")).toContain("Cookie");
      const again = await anonymous(path, { "if-none-match": etag });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe("");
      expect((await anonymous(path, { "if-none-match": `W/${etag}` })).status).toBe(304);
      expect((await anonymous(path, { "if-none-match": '"something-else"' })).status).toBe(200);
    }
  });

  test("the page, its htmx fragment and other URLs have different ETags", async () => {
    const page = (await anonymous("/search?q=milk")).headers.get("etag");
    const fragment = (await anonymous("/search?q=milk", { "hx-request": "true", "hx-target": "div#search-results" })).headers.get("etag");
    const other = (await anonymous("/search?q=milks")).headers.get("etag");
    expect(new Set([page, fragment, other]).size).toBe(3);
    expect((await anonymous("/search?q=milk", { "hx-request": "true", "hx-target": "div#search-results", "if-none-match": page! })).status).toBe(200);
  });

  test("any catalog write changes the ETag and the page shows the new data at once", async () => {
    const before = await anonymous("/products/bananas-fairtrade");
    const etag = before.headers.get("etag")!;
    expect(await before.text()).toContain("€1.89 / kg");
    await store.db.update(products).set({ priceCents: 205 }).where(eq(products.slug, "bananas-fairtrade"));
    const after = await anonymous("/products/bananas-fairtrade", { "if-none-match": etag });
    expect(after.status).toBe(200);
    expect(after.headers.get("etag")).not.toBe(etag);
    const html = await after.text();
    expect(html).toContain("€2.05 / kg");
    expect(html).not.toContain("€1.89 / kg");
    // The aisle page (cached before) and search show the new price too.
    expect(await (await anonymous("/search?q=bananas")).text()).toContain("€2.05 / kg");
  });

  test("a newly approved aisle appears in every header at once", async () => {
    // Aisles with nothing on sale stay out of the header, so this one has a jar waiting for it.
    const [aisle] = await store.db.insert(categories).values({ name: "Zz Pickles", slug: "zz-pickles", status: "pending" }).returning();
    await store.db.insert(products).values({ name: "Gherkins 500 g", slug: "gherkins-500-g", categoryId: aisle!.id, priceCents: 249, stock: 40 });
    expect(await (await anonymous("/search?q=milk")).text()).not.toContain('href="/categories/zz-pickles"');
    await store.db.update(categories).set({ status: "active" }).where(eq(categories.id, aisle!.id));
    expect(await (await anonymous("/search?q=milk")).text()).toContain('href="/categories/zz-pickles"');
    expect(await (await anonymous("/no-such-page")).text()).toContain('href="/categories/zz-pickles"');
  });

  test("errors are neither cached nor tagged", async () => {
    const missing = await anonymous("/products/no-such-thing");
    expect(missing.status).toBe(404);
    expect(missing.headers.get("etag")).toBeNull();
    expect((await anonymous("/categories/fruit?page=abc")).headers.get("etag")).toBeNull();
  });
});

describe("signed-in visitors", () => {
  test("never share a header: each sees their own name, anonymous sees none, and no ETag or public caching", async () => {
    const shoppers = [
      { name: "Alma Apricot", email: "alma@example.com", password: "alma-apricot-2026" },
      { name: "Basil Beetroot", email: "basil@example.com", password: "basil-beetroot-2026" },
    ];
    const agents = [];
    for (const shopper of shoppers) {
      const agent = store.agent();
      expect((await agent.signUp(shopper)).status).toBe(303);
      agents.push(agent);
    }
    for (const path of ["/categories/fruit", "/categories/fruit", "/products/bananas-fairtrade", "/search?q=milk", "/"]) {
      for (const [i, agent] of agents.entries()) {
        const response = await agent.get(path);
        expect(response.status).toBe(200);
        expect(response.headers.get("etag")).toBeNull();
        expect(response.headers.get("cache-control")).toBe("private, no-cache");
        const html = await response.text();
        expect(html).toContain(shoppers[i]!.name);
        expect(html).not.toContain(shoppers[1 - i]!.name);
      }
      const html = await (await anonymous(path)).text();
      for (const shopper of shoppers) expect(html).not.toContain(shopper.name);
    }
  });

  test("the shared page template carries each shopper's own cart count and safely escaped name", async () => {
    const [bananas] = await store.db.select().from(products).where(eq(products.slug, "bananas-fairtrade"));
    const tricky = store.agent();
    const name = `Zoë <b>O'Brien</b> & "Sons"`;
    expect((await tricky.signUp({ name, email: "zoe@example.com", password: "zoe-obrien-2026" })).status).toBe(303);
    const plain = store.agent();
    expect((await plain.signUp({ name: "Pia Plain", email: "pia@example.com", password: "pia-plain-2026" })).status).toBe(303);
    await tricky.get("/categories/fruit"); // flash from sign-up shown and spent
    await plain.get("/categories/fruit");
    expect((await addToCart(tricky, bananas!, "1")).status).toBe(303);
    for (let round = 0; round < 2; round++) {
      const trickyHtml = await (await tricky.get("/categories/fruit")).text();
      expect(trickyHtml).toContain("Zoë &lt;b&gt;O&#39;Brien&lt;/b&gt; &amp; &quot;Sons&quot;");
      expect(trickyHtml).not.toContain("<b>O'Brien</b>");
      expect(trickyHtml).toMatch(/id="cart-count">1</);
      const plainHtml = await (await plain.get("/categories/fruit")).text();
      expect(plainHtml).toContain("Pia Plain");
      expect(plainHtml).toMatch(/id="cart-count">0</);
      expect(plainHtml).not.toContain("\u0001");
    }
    const visitor = store.agent();
    expect((await addToCart(visitor, bananas!, "2")).status).toBe(303);
    await visitor.get("/categories/fruit");
    const visitorHtml = await (await visitor.get("/categories/fruit")).text();
    expect(visitorHtml).toMatch(/id="cart-count">1</);
    expect(visitorHtml).toContain('href="/login"');
  });

  test("text that looks like a slot of the shared shell stays inert, in an aisle name and in a product name", async () => {
    const [fruit] = await store.db.select().from(categories).where(eq(categories.slug, "fruit"));
    const [odd] = await store.db.insert(categories).values({ name: "Odd \u0001grocer:body\u0001 Aisle \u0001grocer:", slug: "odd-aisle", status: "active" }).returning();
    // Aisles with nothing on sale stay out of the header: give this one something to sell.
    await store.db.insert(products).values({ name: "Odd Quince", slug: "odd-quince", categoryId: odd!.id, priceCents: 150, stock: 10 });
    await store.db.insert(products).values({ name: "Sly \u0001grocer:name\u0001 Plum", slug: "sly-plum", categoryId: fruit!.id, priceCents: 100, stock: 5000 });
    const shopper = store.agent();
    expect((await shopper.signUp({ name: "Nell Nectarine", email: "nell@example.com", password: "nell-nectarine-2026" })).status).toBe(303);
    await shopper.get("/"); // the welcome message is shown (and the page rendered whole) once
    for (const agent of [store.agent(), shopper, shopper]) {
      const response = await agent.get("/categories/fruit?sort=newest");
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).toContain("Odd \uFFFDgrocer:body\uFFFD Aisle \uFFFDgrocer:");
      expect(html).toContain("Sly \uFFFDgrocer:name\uFFFD Plum");
      expect(html.match(/<main /g)).toHaveLength(1);
      expect(html).not.toContain("\u0001");
    }
  });

  test("staff get their own shell (bell, back-office links) and shoppers never get it, whoever came first", async () => {
    const admin = await adminAgent(store);
    const shopper = store.agent();
    expect((await shopper.signUp({ name: "Cleo Carrot", email: "cleo@example.com", password: "cleo-carrot-2026" })).status).toBe(303);
    await shopper.get("/categories/dairy");
    for (const agent of [admin, shopper, admin]) {
      const html = await (await agent.get("/categories/dairy")).text();
      if (agent === admin) {
        expect(html).toContain('href="/manage"');
        expect(html).toContain('href="/admin/people"');
      } else {
        expect(html).toContain("Cleo Carrot");
        expect(html).not.toContain('href="/manage"');
        expect(html).not.toContain('href="/admin/people"');
      }
    }
  });

  test("a store cookie (such as a visitor's cart) makes the page personal too", async () => {
    const response = await anonymous("/categories/fruit", { cookie: "grocer_cart=abc" });
    expect(response.headers.get("etag")).toBeNull();
    expect(response.headers.get("cache-control")).toBe("private, no-cache");
  });
});

describe("the fragment cache", () => {
  test("is bounded by entries and by size, least recently used out first", () => {
    const cache = new FragmentCache(3, 1000);
    const view = (html: string) => ({ title: "t", html });
    cache.set(1, "a", view("A"));
    cache.set(1, "b", view("B"));
    cache.set(1, "c", view("C"));
    expect(cache.get(1, "a")?.html).toBe("A");
    cache.set(1, "d", view("D"));
    expect(cache.get(1, "b")).toBeUndefined();
    expect(cache.get(1, "a")?.html).toBe("A");
    cache.set(1, "big", view("x".repeat(240)));
    cache.set(1, "big2", view("y".repeat(240)));
    expect(cache.stats.chars).toBeLessThanOrEqual(1000);
    expect(cache.stats.entries).toBeLessThanOrEqual(3);
    cache.set(1, "huge", view("z".repeat(600)));
    expect(cache.get(1, "huge")).toBeUndefined();
  });

  test("a newer catalog version empties it, and an entry built under an older version is dropped", () => {
    const cache = new FragmentCache();
    cache.set(5, "shelf", { title: "t", html: "old" });
    expect(cache.get(6, "shelf")).toBeUndefined();
    cache.set(5, "shelf", { title: "t", html: "stale" });
    expect(cache.get(6, "shelf")).toBeUndefined();
    expect(cache.get(5, "shelf")).toBeUndefined();
    expect(cache.stats.version).toBe(6);
  });
});
