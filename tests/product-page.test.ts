import { afterAll, beforeAll, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { productImages, products } from "../src/db/schema";
import { createTestStore, type TestStore } from "./support/store";

let store: TestStore;
let bananas: typeof products.$inferSelect;
beforeAll(async () => {
  store = await createTestStore();
  [bananas] = await store.db.select().from(products).where(eq(products.slug, "bananas-fairtrade")) as [typeof products.$inferSelect];
  await store.db.insert(productImages).values([
    { productId: bananas.id, key: "products/bananas/main.jpg", alt: "Ripe bananas", position: 0 },
    { productId: bananas.id, key: "products/bananas/side.jpg", alt: "A bunch from the side", position: 1 },
  ]);
});
afterAll(() => store.close());

const page = async (path: string) => {
  const response = await store.agent().get(path);
  return { status: response.status, html: await response.text() };
};
const mainPhoto = (html: string) => /<img class="product-photo product-photo-large" src="([^"]+)"/.exec(html)?.[1];

test("a gallery thumbnail shows its photo on the product page, not the bare image file", async () => {
  const first = await page("/products/bananas-fairtrade");
  expect(mainPhoto(first.html)).toBe("/media/products/bananas/main.jpg");
  expect(first.html).toContain('<a href="/products/bananas-fairtrade" aria-current="true" aria-label="Ripe bananas (photo 1 of 2)">');
  expect(first.html).toContain('<a href="/products/bananas-fairtrade?image=2" aria-label="A bunch from the side (photo 2 of 2)">');
  expect(first.html).not.toMatch(/<a href="\/media\//);

  const second = await page("/products/bananas-fairtrade?image=2");
  expect(second.status).toBe(200);
  expect(mainPhoto(second.html)).toBe("/media/products/bananas/side.jpg");
  expect(second.html).toContain('alt="A bunch from the side"');
  expect(second.html).toContain('<a href="/products/bananas-fairtrade?image=2" aria-current="true"');

  // A photo number past the end shows the first; one that is not a number is a 400.
  expect(mainPhoto((await page("/products/bananas-fairtrade?image=9")).html)).toBe("/media/products/bananas/main.jpg");
  for (const bad of ["0", "x", "1.5"]) expect((await page(`/products/bananas-fairtrade?image=${bad}`)).status).toBe(400);
});

test("an out-of-stock product's Quantity box is disabled along with its button", async () => {
  await store.db.update(products).set({ stock: 0 }).where(eq(products.id, bananas.id));
  const { html } = await page("/products/bananas-fairtrade");
  const box = html.match(/<input [^>]*id="quantity-\d+"[^>]*\/>/)?.[0] ?? "";
  for (const attribute of ['type="number"', 'name="quantity"', 'disabled=""']) expect(box).toContain(attribute);
  expect(html).toContain('<button type="submit" disabled="">Out of stock</button>');
  await store.db.update(products).set({ stock: bananas.stock }).where(eq(products.id, bananas.id));
});

test("'More from' the aisle: its most popular products but the page's own, following catalog changes", async () => {
  const { and, desc } = await import("drizzle-orm");
  const aisle = await store.db
    .select({ id: products.id, slug: products.slug, name: products.name })
    .from(products)
    .where(and(eq(products.categoryId, bananas.categoryId), eq(products.active, true)))
    .orderBy(desc(products.sold), desc(products.id));
  expect(aisle.length).toBeGreaterThanOrEqual(6);
  const relatedOf = async (slug: string) => {
    const { html } = await page(`/products/${slug}`);
    return [...html.slice(html.indexOf('id="related"')).matchAll(/<a href="\/products\/([^"?]+)"/g)].map((m) => m[1]);
  };
  const slugs = (list: typeof aisle) => [...new Set(list.map((p) => p.slug))];
  const favourite = aisle[0]!;
  const other = aisle.at(-1)!;
  expect(new Set(await relatedOf(favourite.slug))).toEqual(new Set(slugs(aisle.slice(1, 5))));
  expect(new Set(await relatedOf(other.slug))).toEqual(new Set(slugs(aisle.slice(0, 4))));
  expect(new Set(await relatedOf(aisle[2]!.slug))).toEqual(new Set(slugs([aisle[0]!, aisle[1]!, aisle[3]!, aisle[4]!])));

  // A product leaving the shelf (a catalog write) leaves the section on every page at once.
  await store.db.update(products).set({ active: false }).where(eq(products.id, aisle[1]!.id));
  expect(new Set(await relatedOf(other.slug))).toEqual(new Set(slugs([aisle[0]!, aisle[2]!, aisle[3]!, aisle[4]!])));
  await store.db.update(products).set({ active: true }).where(eq(products.id, aisle[1]!.id));
  expect(new Set(await relatedOf(other.slug))).toEqual(new Set(slugs(aisle.slice(0, 4))));
});
