import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { count, eq } from "drizzle-orm";
import { bunPasswordHasher } from "../src/accounts/passwords";
import { prepareStore } from "../src/bootstrap";
import { categories, products, users } from "../src/db/schema";
import { DEMO_ACCOUNTS } from "../src/demo/seed";
import { createTestStore, type TestStore } from "./support/store";

let store: TestStore;
beforeAll(async () => {
  store = await createTestStore();
});
afterAll(() => store.close());

describe("demo data", () => {
  test("at least 150 products in at least 10 categories, with sensible units", async () => {
    const all = await store.db.select().from(products);
    const cats = await store.db.select().from(categories);
    expect(all.length).toBeGreaterThanOrEqual(150);
    expect(cats.length).toBeGreaterThanOrEqual(10);
    const byName = (needle: RegExp) => all.find((p) => needle.test(p.name));
    expect(byName(/banana/i)?.unit).toBe("kg");
    expect(byName(/milk/i)?.unit).toBeOneOf(["l", "each"]);
    expect(all.some((p) => p.unit === "dozen")).toBe(true);
    expect(all.some((p) => p.unit === "kg" && p.step < 1000)).toBe(true);
    expect(all.some((p) => p.stock === 0)).toBe(true);
  });

  test("demo manager (approved) and demo shopper exist", async () => {
    const [manager] = await store.db.select().from(users).where(eq(users.email, DEMO_ACCOUNTS.manager.email));
    const [shopper] = await store.db.select().from(users).where(eq(users.email, DEMO_ACCOUNTS.shopper.email));
    expect(manager?.role).toBe("manager");
    expect(manager?.approvedAt).not.toBeNull();
    expect(shopper?.role).toBe("customer");
    expect((await store.agent().logIn(DEMO_ACCOUNTS.shopper.email, DEMO_ACCOUNTS.shopper.password)).status).toBe(303);
  });

  test("a second start keeps the data and adds nothing", async () => {
    const before = await store.db.select({ n: count() }).from(products);
    await store.db.update(products).set({ priceCents: 999 }).where(eq(products.id, 1));
    await prepareStore(store.database, store.config, bunPasswordHasher, store.clock.now());
    const after = await store.db.select({ n: count() }).from(products);
    expect(after[0]!.n).toBe(before[0]!.n);
    const [first] = await store.db.select().from(products).where(eq(products.id, 1));
    expect(first?.priceCents).toBe(999);
  });
});

describe("shop pages", () => {
  test("the home page lists categories and products with unit prices and the page shell", async () => {
    const html = await (await store.agent().get("/")).text();
    expect(html).toContain('aria-label="Search products"');
    expect(html).toContain('id="cart-count"');
    expect(html).toContain("/static/vendor/htmx-4.0.1.min.js");
    expect(html).toMatch(/€\d+\.\d{2} \/ kg/);
    expect(html).toContain("Log in");
    const cats = await store.db.select().from(categories);
    for (const category of cats) expect(html).toContain(`/categories/${category.slug}`);
  });

  test("a category page shows its products; pending categories and their products stay hidden", async () => {
    const [fruit] = await store.db.select().from(categories).limit(1);
    const page = await store.agent().get(`/categories/${fruit!.slug}`);
    expect(page.status).toBe(200);
    const [pending] = await store.db.insert(categories).values({ name: "Secret Aisle", slug: "secret-aisle", status: "pending" }).returning();
    await store.db.insert(products).values({ name: "Hidden Truffles", slug: "hidden-truffles", categoryId: pending!.id, priceCents: 5000 });
    expect((await store.agent().get("/categories/secret-aisle")).status).toBe(404);
    const home = await (await store.agent().get("/")).text();
    expect(home).not.toContain("Secret Aisle");
    const search = await (await store.agent().get("/search?q=truffles")).text();
    expect(search).not.toContain("Hidden Truffles");
  });

  test("search finds products by name and rejects an overlong query with 400", async () => {
    const html = await (await store.agent().get("/search?q=banana")).text();
    expect(html).toMatch(/Banana/);
    expect((await store.agent().get(`/search?q=${"a".repeat(101)}`)).status).toBe(400);
  });

  test("unknown pages answer 404 inside the shell", async () => {
    const response = await store.agent().get("/no-such-aisle");
    expect(response.status).toBe(404);
    expect(await response.text()).toContain("Page not found");
  });
});
