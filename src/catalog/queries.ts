import { and, asc, count, eq, ne, sql, type SQL } from "drizzle-orm";
import { localWrites, type Database } from "../db/client";
import { withFastRows } from "../db/fast-rows";
import { catalogState, categories, productImages, products, type Category, type Product, type ProductImage } from "../db/schema";
import { categoryOnShelf, onShelf, productActive } from "./shelf";
import { foodFilterSql, type FoodFilter } from "./food-info/filters";
import { shelfOrder, type ShelfSort } from "./sorting";

export { onShelf } from "./shelf";

/*
 * The two queries every catalog page runs, prepared once per database: compiling the SQL again on
 * each request cost more than running it.
 */
const prepare = (db: Database) => ({
  versions: db.select({ catalog: catalogState.version, shelf: catalogState.shelfVersion, sold: catalogState.soldVersion }).from(catalogState).where(eq(catalogState.id, 1)).prepare(),
  // Aisles with nothing on sale stay out of the header ("World Foods · 0 products").
  aisles: db
    .select({ name: categories.name, slug: categories.slug })
    .from(categories)
    .where(and(categoryOnShelf, sql`exists (select 1 from "products" p where p.category_id = "categories"."id" and p.active = 1)`))
    .orderBy(asc(categories.name))
    .prepare(),
  // The main image comes from the gallery read beside it, not from two more subqueries.
  // Rows mapped by steps worked out once (src/db/fast-rows.ts): a product has 47 columns.
  productBySlug: withFastRows(
    db
      .select({ product: products, categoryName: categories.name, categorySlug: categories.slug })
      .from(products)
      .innerJoin(categories, eq(categories.id, products.categoryId))
      .where(and(onShelf, eq(products.slug, sql.placeholder("slug"))))
      .limit(1)
      .prepare(),
  ),
  gallery: withFastRows(
    db
      .select()
      .from(productImages)
      .where(eq(productImages.productId, sql.placeholder("productId")))
      .orderBy(asc(productImages.position), asc(productImages.id))
      .prepare(),
  ),
  related: withFastRows(
    db
      .select(shelfColumns)
      .from(products)
      .innerJoin(categories, eq(categories.id, products.categoryId))
      .where(and(onShelf, eq(products.categoryId, sql.placeholder("categoryId")), ne(products.id, sql.placeholder("productId"))))
      .orderBy(...shelfOrder("popular"))
      .limit(sql.placeholder("limit"))
      .prepare(),
  ),
});
const prepared = new WeakMap<Database, ReturnType<typeof prepare>>();
const statementsFor = (db: Database) => {
  let statements = prepared.get(db);
  if (!statements) prepared.set(db, (statements = prepare(db)));
  return statements;
};

type Versions = { catalog: number; shelf: number; sold: number };
const versionsThisTurn = new WeakMap<Database, { versions: Versions; writes: number }>();

/*
 * The catalog's versions (drizzle/0001_storefront_rules.sql, 0034_shelf_version.sql, 0038_sales_ranks.sql). On the
 * embedded file they are read once per turn of the event loop, again only if this process wrote
 * meanwhile: the requests of one turn share them (a cached aisle page spent a quarter of its time
 * reading the version; BENCHMARKS.md). Another instance's write is seen from the next turn on.
 */
async function versions(db: Database): Promise<Versions> {
  const writes = localWrites.get(db);
  const known = versionsThisTurn.get(db);
  if (writes && known && known.writes === writes()) return known.versions;
  const [row] = await statementsFor(db).versions.all();
  const read = { catalog: row?.catalog ?? 0, shelf: row?.shelf ?? 0, sold: row?.sold ?? 0 };
  if (writes) {
    if (!known) setImmediate(() => versionsThisTurn.delete(db));
    versionsThisTurn.set(db, { versions: read, writes: writes() });
  }
  return read;
}

/** Moves with every product, category and image write, stock included: the API's ETags (it shows exact stock). */
export async function catalogVersion(db: Database): Promise<number> {
  return (await versions(db)).catalog;
}

/**
 * Moves with what the shelves show: every catalog write but a stock move that leaves the product
 * in its band (src/catalog/shelf-stock.ts). The cached pages, their ETags and what they are built
 * from are kept under it, so a sale that leaves a product "In stock" keeps them (ADR 081).
 */
export async function shelfVersion(db: Database): Promise<number> {
  return (await versions(db)).shelf;
}

/** Moves with every change of a product's `sold` and every new product (drizzle/0038): what src/catalog/sales-ranks.ts holds is current while it stays. */
export async function soldVersion(db: Database): Promise<number> {
  return (await versions(db)).sold;
}

/** Kept per database until the shelf version moves, as the aisle links are. */
const countedAisles = new WeakMap<Database, { version: number; rows: (Category & { productCount: number })[] }>();

/**
 * The aisles on the shelf by name, each with how many products it holds. Counting reads every
 * product on the shelf (10 ms at 100k products, ~100 ms at 1M) and the home page and the API's
 * list ask for it on every request, so it is counted once per shelf version.
 */
export async function activeCategories(db: Database): Promise<(Category & { productCount: number })[]> {
  const version = await shelfVersion(db);
  const known = countedAisles.get(db);
  if (known && known.version === version) return known.rows;
  const counted = await db
    .select({ category: categories, productCount: count(products.id) })
    .from(categories)
    .leftJoin(products, and(eq(products.categoryId, categories.id), productActive))
    .where(categoryOnShelf)
    .groupBy(categories.id)
    .orderBy(asc(categories.name));
  const rows = counted.map((row) => ({ ...row.category, productCount: row.productCount }));
  // Counted after the version was read, so the rows are at least as new as the version they are kept under.
  if (!known || known.version < version) countedAisles.set(db, { version, rows });
  return rows;
}

/** One aisle on the shelf (active, with its product count), or null. */
export async function activeCategory(db: Database, id: number): Promise<(Category & { productCount: number }) | null> {
  const [row] = await db
    .select({ category: categories, productCount: count(products.id) })
    .from(categories)
    .leftJoin(products, and(eq(products.categoryId, categories.id), productActive))
    .where(and(categoryOnShelf, eq(categories.id, id)))
    .groupBy(categories.id);
  return row ? { ...row.category, productCount: row.productCount } : null;
}

/** Names and slugs only, for the header: cheap at any catalog size. */
const aisleLists = new WeakMap<Database, { version: number; links: AisleLink[] }>();
export type AisleLink = { name: string; slug: string };

/** Kept per database until the shelf version moves: every page's header lists them. */
export async function aisleLinks(db: Database): Promise<AisleLink[]> {
  const version = await shelfVersion(db);
  const known = aisleLists.get(db);
  if (known && known.version === version) return known.links;
  const links = await statementsFor(db).aisles.all();
  // Read after the version, so the list is at least as new as the version it is kept under.
  if (!known || known.version < version) aisleLists.set(db, { version, links });
  return links;
}

export async function findActiveCategory(db: Database, slug: string): Promise<Category | null> {
  const rows = await db
    .select()
    .from(categories)
    .where(and(eq(categories.slug, slug), categoryOnShelf))
    .limit(1);
  return rows[0] ?? null;
}

export type ShelfProduct = Product & {
  categoryName: string;
  categorySlug: string;
  /** The main image (lowest position), if any. */
  imageKey: string | null;
  imageAlt: string | null;
};

/** A product's main image (lowest position) as a column: its storage key or alt text. */
export const mainImage = (column: "key" | "alt") =>
  sql<string | null>`(select ${sql.raw(`pi."${column}"`)} from ${productImages} pi where pi.product_id = ${products.id} order by pi.position, pi.id limit 1)`;

export const shelfColumns = {
  product: products,
  categoryName: categories.name,
  categorySlug: categories.slug,
  imageKey: mainImage("key"),
  imageAlt: mainImage("alt"),
};

type ShelfRow = { product: Product; categoryName: string; categorySlug: string; imageKey: string | null; imageAlt: string | null };
export const toShelfProduct = (row: ShelfRow): ShelfProduct => ({
  ...row.product,
  categoryName: row.categoryName,
  categorySlug: row.categorySlug,
  imageKey: row.imageKey,
  imageAlt: row.imageAlt,
});

export type ShelfPage = { products: ShelfProduct[]; total: number };

/** One page of a shelf (the whole store, or one aisle), in the shopper's chosen order. */
export async function shelfPage(
  db: Database,
  options: { categoryId?: number; sort: ShelfSort; limit: number; offset?: number; countAll?: boolean; food?: FoodFilter },
): Promise<ShelfPage> {
  const filters: SQL[] = [onShelf];
  if (options.categoryId) filters.push(eq(products.categoryId, options.categoryId));
  const food = foodFilterSql(options.food);
  if (food) filters.push(food);
  const where = and(...filters)!;
  const [rows, counted] = await Promise.all([
    db
      .select(shelfColumns)
      .from(products)
      .innerJoin(categories, eq(categories.id, products.categoryId))
      .where(where)
      .orderBy(...shelfOrder(options.sort))
      .limit(options.limit)
      .offset(options.offset ?? 0),
    options.countAll === false ? undefined : shelfCount(db, where, `${options.categoryId ?? "store"} ${JSON.stringify(options.food ?? null)}`),
  ]);
  return { products: rows.map(toShelfProduct), total: counted ?? rows.length };
}

/** Shelf counts kept per database for one shelf version, by aisle and food filter. */
const shelfCounts = new WeakMap<Database, { version: number; counts: Map<string, number> }>();
const KEPT_COUNTS = 1_000;

/**
 * How many products a shelf (an aisle, a filter) holds, counted once per shelf version: every page
 * of an aisle showed "of 48,000" by counting them all again, 2-9 ms a page at 1M products against
 * 0.4-0.6 ms for the page itself (BENCHMARKS.md).
 */
async function shelfCount(db: Database, where: SQL, key: string): Promise<number> {
  const version = await shelfVersion(db);
  let known = shelfCounts.get(db);
  const kept = known?.version === version ? known.counts.get(key) : undefined;
  if (kept !== undefined) return kept;
  const [row] = await db.select({ n: count() }).from(products).innerJoin(categories, eq(categories.id, products.categoryId)).where(where);
  const n = row?.n ?? 0;
  // Counted after the version was read, so the count is at least as new as the version it is kept under.
  if (!known || known.version < version) shelfCounts.set(db, (known = { version, counts: new Map() }));
  if (known.version === version) {
    if (known.counts.size >= KEPT_COUNTS) known.counts.clear();
    known.counts.set(key, n);
  }
  return n;
}

/** A product a shopper may open, with its gallery; null for inactive products or pending aisles. */
export async function findShelfProduct(db: Database, slug: string): Promise<{ product: ShelfProduct; images: ProductImage[] } | null> {
  const statements = statementsFor(db);
  const [row] = await statements.productBySlug.all({ slug });
  if (!row) return null;
  const images = await statements.gallery.all({ productId: row.product.id });
  return { product: toShelfProduct({ ...row, imageKey: images[0]?.key ?? null, imageAlt: images[0]?.alt ?? null }), images };
}

/** The aisle's most popular other products, for a product page. */
export async function relatedProducts(db: Database, product: { id: number; categoryId: number }, limit: number): Promise<ShelfProduct[]> {
  const rows = await statementsFor(db).related.all({ categoryId: product.categoryId, productId: product.id, limit });
  return rows.map(toShelfProduct);
}

/**
 * The aisle's most popular products, one more than a product page shows (a page leaves its own
 * product out): every product page of an aisle asks the same question until the catalog moves.
 */
export async function aisleFavourites(db: Database, categoryId: number, limit: number): Promise<ShelfProduct[]> {
  return relatedProducts(db, { id: 0, categoryId }, limit + 1);
}
