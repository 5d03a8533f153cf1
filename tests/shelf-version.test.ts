import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { eq } from "drizzle-orm";
import { join } from "node:path";
import { catalogVersion, shelfPage, shelfVersion } from "../src/catalog/queries";
import { DIET_LABELS } from "../src/catalog/food-info/diet";
import { products } from "../src/db/schema";
import { addToCart, checkout, newShopper, openShop, type Shelves } from "./support/shop";
import type { TestStore } from "./support/store";

/*
 * The cached shelves follow the shelf version, which a sale moves only when the shelf would show
 * something else (src/catalog/shelf-stock.ts, drizzle/0034_shelf_version.sql); the API, which
 * shows exact stock, follows the catalog version, which every write moves.
 */
let store: TestStore;
let shelves: Shelves;
let file: Database;
beforeAll(async () => {
  ({ store, shelves } = await openShop());
  file = new Database(join(store.dir, "grocer.db"));
  file.exec("PRAGMA busy_timeout = 5000");
});
afterAll(() => {
  file.close();
  store.close();
});

const versions = () => file.query<{ version: number; shelf_version: number }, []>("select version, shelf_version from catalog_state").get()!;
/** What one statement on the store file did to both versions. */
function moved(statement: string, ...values: (string | number)[]) {
  const before = versions();
  file.query(statement).run(...values);
  const after = versions();
  return { catalog: after.version - before.version, shelf: after.shelf_version - before.shelf_version };
}

describe("what moves the shelf version", () => {
  test("an update of any product column moves it, but of the stock, the update time and the first order's time", () => {
    const unseen = ["stock", "updated_at", "first_ordered_at"];
    const columns = file.query<{ name: string }, []>("select name from pragma_table_info('products')").all().map((row) => row.name);
    expect(columns).toEqual(expect.arrayContaining([...unseen, "name", "price_cents", "low_stock_threshold", "sold", "active"]));
    for (const column of columns) {
      // The value it has: only the SET list counts (a new column missing from 0034's list fails here).
      const change = moved(`update products set "${column}" = "${column}" where id = ?`, shelves.milk.id);
      expect({ column, ...change }).toEqual({ column, catalog: 1, shelf: unseen.includes(column) ? 0 : 1 });
    }
  });

  test("a stock move moves it only across a band or within \"Only N left\"", () => {
    const id = shelves.eggs.id;
    file.query("update products set stock = 10000, low_stock_threshold = 3000 where id = ?").run(id);
    const stockTo = (milli: number) => moved("update products set stock = ?, updated_at = updated_at where id = ?", milli, id);
    expect(stockTo(9000)).toEqual({ catalog: 1, shelf: 0 }); // In stock → In stock
    expect(stockTo(3001)).toEqual({ catalog: 1, shelf: 0 });
    expect(stockTo(3000)).toEqual({ catalog: 1, shelf: 1 }); // → Only 3 left
    expect(stockTo(2000)).toEqual({ catalog: 1, shelf: 1 }); // → Only 2 left
    expect(stockTo(2000)).toEqual({ catalog: 1, shelf: 0 }); // the same amount
    expect(stockTo(0)).toEqual({ catalog: 1, shelf: 1 }); // → Out of stock
    expect(stockTo(-0)).toEqual({ catalog: 1, shelf: 0 });
    expect(stockTo(12000)).toEqual({ catalog: 1, shelf: 1 }); // back In stock
    expect(moved("update products set low_stock_threshold = 12000 where id = ?", id)).toEqual({ catalog: 1, shelf: 1 }); // → Only 12 left
    expect(moved("update products set low_stock_threshold = 0 where id = ?", id)).toEqual({ catalog: 1, shelf: 1 });
    // No low band at a threshold of 0: every amount above it is "In stock".
    expect(stockTo(1000)).toEqual({ catalog: 1, shelf: 0 });
    expect(stockTo(0)).toEqual({ catalog: 1, shelf: 1 });
  });

  test("aisles and images move both versions", () => {
    expect(moved("update categories set name = name where slug = 'fruit'")).toEqual({ catalog: 1, shelf: 1 });
    const image = () => moved("insert into product_images (product_id, key, alt, position) values (?, 'products/milk/side.jpg', 'Milk', 3)", shelves.milk.id);
    expect(image()).toEqual({ catalog: 1, shelf: 1 });
    expect(moved("delete from product_images where key = 'products/milk/side.jpg'")).toEqual({ catalog: 1, shelf: 1 });
  });

  test("the process reads both in one turn, and sees its own write at once", async () => {
    const before = { catalog: await catalogVersion(store.db), shelf: await shelfVersion(store.db) };
    await store.db.update(products).set({ stock: 39_000 }).where(eq(products.id, shelves.milk.id));
    expect(await catalogVersion(store.db)).toBe(before.catalog + 1);
    expect(await shelfVersion(store.db)).toBe(before.shelf);
  });
});

describe("a sale and the cached shelves", () => {
  test("an order that leaves bananas In stock keeps the aisle's ETag; the API shows the new stock; the order that brings them low shows it on every shelf", async () => {
    const { agent } = await newShopper(store);
    const bananas = shelves.bananas; // 20 kg, "Only N left" from 2 kg
    const aisle = await store.agent().get("/categories/fruit");
    const aisleTag = aisle.headers.get("etag")!;
    expect(await aisle.text()).toContain("In stock");
    const api = await store.agent().get(`/api/v1/products/${bananas.id}`);
    const apiTag = api.headers.get("etag")!;
    expect(((await api.json()) as { stock: number }).stock).toBe(20);
    const page = await (await store.agent().get("/products/bananas")).text();
    expect(quantityBox(page)).not.toContain("max=");

    expect((await addToCart(agent, bananas, "1")).status).toBe(303);
    expect((await checkout(agent)).response.status).toBe(303);
    expect((await store.agent().get("/categories/fruit", { "if-none-match": aisleTag })).status).toBe(304);
    const apiAfter = await store.agent().get(`/api/v1/products/${bananas.id}`, { "if-none-match": apiTag });
    expect(apiAfter.status).toBe(200);
    expect(((await apiAfter.json()) as { stock: number }).stock).toBe(19);

    expect((await addToCart(agent, bananas, "17.5")).status).toBe(303);
    expect((await checkout(agent)).response.status).toBe(303);
    const low = await store.agent().get("/categories/fruit", { "if-none-match": aisleTag });
    expect(low.status).toBe(200);
    expect(await low.text()).toContain("Only 1.5 kg left");
    const lowPage = await (await store.agent().get("/products/bananas")).text();
    expect(lowPage).toContain("Only 1.5 kg left");
    expect(quantityBox(lowPage)).toContain('max="1.5"');
    expect(await (await store.agent().get("/search?q=bananas")).text()).toContain("Only 1.5 kg left");

    expect((await addToCart(agent, bananas, "1.5")).status).toBe(303);
    expect((await checkout(agent)).response.status).toBe(303);
    const out = await (await store.agent().get("/categories/fruit")).text();
    expect(out).not.toContain("Only 1.5 kg left");
    expect(out).toContain("Out of stock");
  });

  test("the cart still refuses more than the exact stock where the shelf shows none", async () => {
    const { agent } = await newShopper(store);
    const apples = shelves.apples; // 3 kg, "Only N left" from 1 kg: the shelf says "In stock"
    const refused = await addToCart(agent, apples, "3.5");
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain("3 kg");
  });
});

const quantityBox = (html: string) => html.match(/<input [^>]*name="quantity"[^>]*type="number"[^>]*\/>|<input [^>]*type="number"[^>]*name="quantity"[^>]*\/>/)?.[0] ?? "";

describe("an aisle's count of products", () => {
  const VEGAN = 1 << DIET_LABELS.indexOf("vegan");
  const counted = (aisle: number, vegan = false) =>
    file
      .query<{ n: number }, [number]>(
        `select count(*) as n from products p join categories c on c.id = p.category_id
         where p.active = 1 and c.status = 'active' and p.category_id = ?${vegan ? ` and (p.diet_labels & ${VEGAN}) <> 0` : ""}`,
      )
      .get(aisle)!.n;

  test("is kept for the shelf version, the same on every page, and follows a product added to the aisle", async () => {
    const aisle = shelves.milk.categoryId;
    const vegan = { freeFrom: [], diet: ["vegan" as const] };
    const page = (offset: number, food?: typeof vegan) => shelfPage(store.db, { categoryId: aisle, sort: "popular", limit: 1, offset, food });
    const [first, second] = [await page(0), await page(1)];
    expect([first.total, second.total]).toEqual([counted(aisle), counted(aisle)]);
    expect((await page(0, vegan)).total).toBe(counted(aisle, true));
    await store.db.insert(products).values({ name: "Oat Drink", slug: "oat-drink-count", categoryId: aisle, priceCents: 199, stock: 5_000, dietLabels: VEGAN | (1 << DIET_LABELS.indexOf("vegetarian")) });
    expect((await page(1)).total).toBe(first.total + 1);
    expect((await page(0, vegan)).total).toBe(counted(aisle, true));
    expect(counted(aisle, true)).toBeGreaterThan(0);
  });
});
