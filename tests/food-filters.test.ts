import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { ALLERGEN_LABELS, allergenMask, ALLERGENS, type Allergen } from "../src/catalog/food-info/allergens";
import { dietMask, type DietLabel } from "../src/catalog/food-info/diet";
import { categories, products, type Product } from "../src/db/schema";
import { ApiClient } from "./support/api";
import { createTestStore, type TestStore } from "./support/store";

/*
 * "Free from" and dietary filters return exactly the products on sale whose allergens are declared
 * without the flags asked about (neither contains nor may contain), with the dietary labels asked
 * for: on the aisle pages, on search, and in the API, combined with sort and paging.
 */

type ApiProduct = {
  slug: string;
  unit_price: { cents: number; per: string } | null;
  net_quantity: { amount: number; unit: string } | null;
  food: { allergens: { contains: Allergen[]; may_contain: Allergen[] } | null; diet: string[]; nutrition: { energy_kj: number; energy_kcal: number } | null; origin: string | null };
};

let store: TestStore;
let onSale: (Product & { aisle: string })[];
beforeAll(async () => {
  store = await createTestStore();
  // A product without allergen information: never "free from" anything.
  const [bakery] = await store.db.select().from(categories).where(eq(categories.slug, "bakery"));
  await store.db.insert(products).values({ name: "Mystery Loaf", slug: "mystery-loaf", categoryId: bakery!.id, priceCents: 250, stock: 5000, sku: "TEST-1" });
  const rows = await store.db.select({ product: products, aisle: categories.slug }).from(products).innerJoin(categories, eq(categories.id, products.categoryId));
  onSale = rows.filter((row) => row.product.active).map((row) => ({ ...row.product, aisle: row.aisle }));
});
afterAll(() => store.close());

function expected(options: { freeFrom?: Allergen[]; diet?: DietLabel[]; aisle?: string }): Set<string> {
  const allergens = allergenMask(options.freeFrom ?? []);
  const diet = dietMask(options.diet ?? []);
  return new Set(
    onSale
      .filter((product) => !options.aisle || product.aisle === options.aisle)
      .filter((product) => allergens === 0 || (product.allergensDeclared && ((product.containsAllergens | product.mayContainAllergens) & allergens) === 0))
      .filter((product) => (product.dietLabels & diet) === diet)
      .map((product) => product.slug),
  );
}

/** The product slugs a catalog page lists, in order, following its pages. */
async function listed(path: string): Promise<string[]> {
  const slugs: string[] = [];
  let next: string | null = path;
  while (next) {
    const response = await store.agent().get(next);
    expect(response.status).toBe(200);
    const html = await response.text();
    const grid = html.slice(html.indexOf('class="product-grid"'));
    for (const [, slug] of grid.matchAll(/<h3 class="product-name">\s*<a href="\/products\/([^"?]+)"/g)) if (!slugs.includes(slug!)) slugs.push(slug!);
    next = /<a href="([^"]+)" rel="next">/.exec(html)?.[1]?.replaceAll("&amp;", "&") ?? null;
    if (html.indexOf('class="product-grid"') < 0) break;
  }
  return slugs;
}

const aisles = ["dairy-eggs", "bakery", "snacks-sweets", "breakfast-cereals", "frozen", "pantry"];

describe("aisle pages", () => {
  test("free from each of the 14 allergens lists exactly the aisle's products without that flag", async () => {
    for (const allergen of ALLERGENS) {
      for (const aisle of aisles.slice(0, allergen === "milk" ? aisles.length : 2)) {
        const slugs = await listed(`/categories/${aisle}?free_from=${allergen}`);
        expect({ allergen, aisle, slugs: new Set(slugs) }).toEqual({ allergen, aisle, slugs: expected({ freeFrom: [allergen], aisle }) });
      }
    }
  });

  test("a product without allergen information is in the aisle but never free from anything", async () => {
    expect(await listed("/categories/bakery")).toContain("mystery-loaf");
    expect(await listed("/categories/bakery?free_from=lupin")).not.toContain("mystery-loaf");
  });

  test("combinations: free from milk and peanuts, vegan, sorted by price, and the filter survives sorting links", async () => {
    const path = "/categories/snacks-sweets?sort=price-asc&free_from=milk&free_from=peanuts&diet=vegan";
    const slugs = await listed(path);
    expect(new Set(slugs)).toEqual(expected({ freeFrom: ["milk", "peanuts"], diet: ["vegan"], aisle: "snacks-sweets" }));
    expect(slugs.length).toBeGreaterThan(2);
    const prices = slugs.map((slug) => onSale.find((product) => product.slug === slug)!.priceCents);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
    const html = await (await store.agent().get(path)).text();
    expect(html).toContain('href="/categories/snacks-sweets?sort=price-desc&amp;free_from=peanuts&amp;free_from=milk&amp;diet=vegan"');
    expect(html).toMatch(/<input type="checkbox" name="free_from" value="milk" checked=""\/>/);
    expect(html).toContain("Clear filters");
    // Comma-separated works too, in any order, and means the same.
    expect(new Set(await listed("/categories/snacks-sweets?free_from=peanuts,milk&diet=vegan"))).toEqual(new Set(slugs));
  });

  test("filters page through a long aisle, every page keeping them", async () => {
    const [frozen] = await store.db.select().from(categories).where(eq(categories.slug, "frozen"));
    await store.db.insert(products).values(
      Array.from({ length: 30 }, (_, index) => ({ name: `Frozen Peas Pack ${index + 1}`, slug: `frozen-peas-pack-${index + 1}`, categoryId: frozen!.id, priceCents: 100 + index, stock: 1000, allergensDeclared: true, dietLabels: dietMask(["vegetarian", "vegan"]) })),
    );
    onSale = (await store.db.select({ product: products, aisle: categories.slug }).from(products).innerJoin(categories, eq(categories.id, products.categoryId))).filter((row) => row.product.active).map((row) => ({ ...row.product, aisle: row.aisle }));
    const slugs = await listed("/categories/frozen?free_from=milk&diet=vegan");
    expect(slugs.length).toBeGreaterThan(24);
    expect(new Set(slugs)).toEqual(expected({ freeFrom: ["milk"], diet: ["vegan"], aisle: "frozen" }));
    const second = await (await store.agent().get("/categories/frozen?free_from=milk&diet=vegan&page=2")).text();
    expect(second).toContain('href="/categories/frozen?free_from=milk&amp;diet=vegan" rel="prev"');
  });

  test("an unknown allergen is a 400 that says which ones exist", async () => {
    const response = await store.agent().get("/categories/bakery?free_from=pork");
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("pork is not one of: gluten");
  });
});

describe("search", () => {
  test("search with free-from and diet filters, in each order", async () => {
    for (const sort of ["relevance", "price-asc", "popular"]) {
      const slugs = await listed(`/search?q=chocolate&free_from=milk&sort=${sort}`);
      const matching = new Set([...expected({ freeFrom: ["milk"] })].filter((slug) => /chocolate|choc/i.test(onSale.find((p) => p.slug === slug)!.name + onSale.find((p) => p.slug === slug)!.description)));
      expect({ sort, slugs: new Set(slugs) }).toEqual({ sort, slugs: matching });
    }
    const gluten = await listed("/search?q=bread&free_from=gluten");
    for (const slug of gluten) expect(expected({ freeFrom: ["gluten"] }).has(slug)).toBe(true);
    const vegan = await listed("/search?q=milk&diet=vegan");
    expect(new Set(vegan)).toEqual(new Set([...expected({ diet: ["vegan"] })].filter((slug) => (onSale.find((p) => p.slug === slug)!.name + " " + onSale.find((p) => p.slug === slug)!.description).toLowerCase().includes("milk"))));
  });
});

describe("API", () => {
  const api = () => new ApiClient(store, "198.51.100.77");
  async function allIds(query: string, limit = 50): Promise<string[]> {
    const slugs: string[] = [];
    let cursor: string | null = "";
    while (cursor !== null) {
      const answer = await api().get(`/products?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`);
      expect(answer.status).toBe(200);
      slugs.push(...answer.json.items.map((item: { slug: string }) => item.slug));
      cursor = answer.json.next_cursor;
    }
    return slugs;
  }

  test("the same filters, paged by cursor, return exactly the same products as the pages", async () => {
    for (const allergen of ALLERGENS) {
      expect({ allergen, slugs: new Set(await allIds(`free_from=${allergen}`)) }).toEqual({ allergen, slugs: expected({ freeFrom: [allergen] }) });
    }
    const combined = await allIds("category=snacks-sweets&sort=price_asc&free_from=milk&free_from=peanuts&diet=vegan", 2);
    expect(combined).toEqual(await listed("/categories/snacks-sweets?sort=price-asc&free_from=milk&free_from=peanuts&diet=vegan"));
    expect(new Set(await allIds("q=chocolate&free_from=milk&sort=price_asc", 3))).toEqual(new Set(await listed("/search?q=chocolate&free_from=milk&sort=price-asc")));
  }, 60_000);

  test("API fields match the pages: unit price, net quantity, allergens, diet and nutrition", async () => {
    const items = (await api().get("/products?category=dairy-eggs&limit=100")).json.items as ApiProduct[];
    expect(items.length).toBeGreaterThan(10);
    for (const item of [...items, ...((await api().get("/products?category=snacks-sweets&limit=100")).json.items as ApiProduct[])]) {
      const page = (await (await store.agent().get(`/products/${item.slug}`)).text()).replaceAll("&amp;", "&");
      if (item.unit_price) expect(page).toContain(`€${(item.unit_price.cents / 100).toFixed(2)} / ${item.unit_price.per}`);
      if (item.net_quantity) expect(page).toContain(`${item.net_quantity.amount} ${item.net_quantity.unit === "piece" ? (item.net_quantity.amount === 1 ? "piece" : "pieces") : item.net_quantity.unit}`);
      const allergens = item.food.allergens!;
      if (allergens.contains.length) expect(page).toContain(`<strong>Contains:</strong> ${allergens.contains.map((a) => ALLERGEN_LABELS[a]).join(", ")}`);
      if (allergens.may_contain.length) expect(page).toContain(`<strong>May contain:</strong> ${allergens.may_contain.map((a) => ALLERGEN_LABELS[a]).join(", ")}`);
      for (const label of item.food.diet) expect(page).toContain(`badge-diet-${label}`);
      expect(page).toContain(`${item.food.nutrition!.energy_kj} kJ / ${item.food.nutrition!.energy_kcal} kcal`);
      expect(page).toContain(item.food.origin!);
    }
  });

  test("bad filter values are a 400 naming the parameter", async () => {
    const answer = await api().get("/products?free_from=pork");
    expect(answer.status).toBe(400);
    expect(answer.json.errors).toEqual([{ path: "free_from", message: expect.stringContaining("pork is not one of") }]);
    expect((await api().get("/products?diet=keto")).status).toBe(400);
  });
});
