import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { eq, sql } from "drizzle-orm";
import { ALLERGENS } from "../src/catalog/food-info/allergens";
import { DIET_LABELS } from "../src/catalog/food-info/diet";
import { foodFilterOnAlias } from "../src/catalog/food-info/filters";
import { aisleToken, allergenToken, DECLARED_TOKEN, declaredAreFew, dietToken, FEW_DECLARE, searchQuery, UNDECLARED_TOKEN } from "../src/catalog/search-facets";
import { categories, products } from "../src/db/schema";
import { createTestStore, type TestStore } from "./support/store";

/*
 * The search index's facet tokens (product_search_rows, drizzle/0035 and 0036) stand for the food filters'
 * rule (src/catalog/food-info/filters.ts) in every search: for every product on the shelf and every
 * allergen and dietary label, the tokens must say what the rule says, and follow the product when
 * its food information changes.
 */

let store: TestStore;
beforeAll(async () => {
  store = await createTestStore();
  const [aisle] = await store.db.select({ id: categories.id }).from(categories).where(eq(categories.status, "active")).limit(1);
  // Every shape the columns allow: undeclared, declared with nothing, contains, may contain, both, labels.
  const rows = Array.from({ length: 120 }, (_, i) => {
    const declared = i % 6 !== 0;
    const contains = declared ? (i * 2654435761) % 16384 & (i % 3 === 0 ? 0 : 0b10101010101010) : 0;
    const mayContain = declared ? ((i * 40503) % 16384) & ~contains & 0b01010101010101 : 0;
    const diet = [0, 1, 3, 5, 9, 15][i % 6]!;
    return { name: `Facet Test ${i}`, slug: `facet-test-${i}`, categoryId: aisle!.id, priceCents: 100 + i, stock: 10, allergensDeclared: declared, containsAllergens: contains, mayContainAllergens: mayContain, dietLabels: diet };
  });
  await store.db.insert(products).values(rows);
});
afterAll(() => store.close());

/** Each product on the shelf with the tokens of its facets column. */
async function indexedFacets(): Promise<Map<number, Set<string>>> {
  const rows = await store.db.all<{ id: number; facets: string }>(sql`select rowid as id, facets from product_search`);
  return new Map(rows.map((row) => [row.id, new Set(row.facets.split(" "))]));
}

/** The ids on the shelf the filter's rule lets through. */
async function passing(filter: Parameters<typeof foodFilterOnAlias>[0]): Promise<Set<number>> {
  const rows = await store.db.all<{ id: number }>(sql`
    select p.id as id from products p join categories c on c.id = p.category_id
    where p.active = 1 and c.status = 'active' and ${foodFilterOnAlias(filter, "p")!}`);
  return new Set(rows.map((row) => row.id));
}

describe("the search index's facets say what the food filters' rule says", () => {
  test("for every product on the shelf, every allergen and every dietary label", async () => {
    const facets = await indexedFacets();
    expect(facets.size).toBeGreaterThan(120);
    for (const allergen of ALLERGENS) {
      const free = await passing({ freeFrom: [allergen], diet: [] });
      for (const [id, tokens] of facets) {
        expect({ id, allergen, free: !tokens.has(UNDECLARED_TOKEN) && !tokens.has(allergenToken(allergen)) }).toEqual({ id, allergen, free: free.has(id) });
      }
    }
    const declared = new Set((await store.db.select({ id: products.id }).from(products).where(eq(products.allergensDeclared, true))).map((row) => row.id));
    for (const [id, tokens] of facets) {
      expect({ id, declared: tokens.has(DECLARED_TOKEN), undeclared: tokens.has(UNDECLARED_TOKEN) }).toEqual({ id, declared: declared.has(id), undeclared: !declared.has(id) });
    }
    for (const label of DIET_LABELS) {
      const labelled = await passing({ freeFrom: [], diet: [label] });
      for (const [id, tokens] of facets) expect({ id, label, has: tokens.has(dietToken(label)) }).toEqual({ id, label, has: labelled.has(id) });
    }
  });

  test("each product's aisle, and the facets follow a change of food information or aisle", async () => {
    const [product] = await store.db.select().from(products).where(eq(products.slug, "facet-test-7"));
    expect((await indexedFacets()).get(product!.id)).toContain(aisleToken(product!.categoryId));
    await store.db.update(products).set({ allergensDeclared: true, containsAllergens: 1 << ALLERGENS.indexOf("milk"), mayContainAllergens: 0, dietLabels: 0 }).where(eq(products.id, product!.id));
    const after = (await indexedFacets()).get(product!.id)!;
    expect(after.has(allergenToken("milk"))).toBe(true);
    expect(after.has(UNDECLARED_TOKEN)).toBe(false);
    expect(after.has(DECLARED_TOKEN)).toBe(true);
    expect([...after].filter((token) => token.startsWith("\uE003"))).toEqual([]);
    const [other] = await store.db.select({ id: categories.id }).from(categories).where(eq(categories.status, "active")).limit(1).offset(1);
    await store.db.update(products).set({ categoryId: other!.id }).where(eq(products.id, product!.id));
    expect((await indexedFacets()).get(product!.id)).toContain(aisleToken(other!.id));
  });
});

describe("a free-from search asks for the declared products only while few declare", () => {
  test("the query: the declared token with AND when few declare, the NOT alone otherwise, never without a free-from filter", () => {
    const glutenFree = { freeFrom: ["gluten" as const], diet: [] };
    expect(searchQuery('"oat"*', { food: glutenFree, fewDeclare: true })).toContain(`facets : "${DECLARED_TOKEN}"`);
    expect(searchQuery('"oat"*', { food: glutenFree, fewDeclare: false })).not.toContain(DECLARED_TOKEN);
    expect(searchQuery('"oat"*', { food: { freeFrom: [], diet: ["vegan"] }, fewDeclare: true })).not.toContain(DECLARED_TOKEN);
    for (const fewDeclare of [true, false]) expect(searchQuery('"oat"*', { food: glutenFree, fewDeclare })).toContain(`NOT facets : ("${UNDECLARED_TOKEN}" OR "${allergenToken("gluten")}")`);
  });

  test(`few is at most ${FEW_DECLARE} declaring products on the shelf`, async () => {
    const declaring = async () => (await store.db.all<{ n: number }>(sql`select count(*) as n from products p join categories c on c.id = p.category_id where p.active = 1 and c.status = 'active' and p.allergens_declared = 1`))[0]!.n;
    const [aisle] = await store.db.select({ id: categories.id }).from(categories).where(eq(categories.status, "active")).limit(1);
    const more = FEW_DECLARE - (await declaring());
    const product = (i: number) => ({ name: `Declared ${i}`, slug: `declared-${i}`, categoryId: aisle!.id, priceCents: 100, stock: 1, allergensDeclared: true });
    for (let start = 0; start < more; start += 200) await store.db.insert(products).values(Array.from({ length: Math.min(200, more - start) }, (_, i) => product(start + i)));
    expect(await declaring()).toBe(FEW_DECLARE);
    expect(await declaredAreFew(store.db)).toBe(true);
    await store.db.insert(products).values(product(more));
    expect(await declaredAreFew(store.db)).toBe(false);
  });
});
