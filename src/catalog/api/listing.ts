import { onShelf } from "../shelf";
import { and, asc, desc, eq, gt, lt, or, sql, type SQL } from "drizzle-orm";
import { oncePerDatabase } from "../../db/templates";
import { withFastRows } from "../../db/fast-rows";
import type { Database } from "../../db/client";
import { foodFilterSql, type FoodFilter } from "../food-info/filters";
import type { ShelfProduct } from "../queries";
import { categories, productImages, products, type Product, type ProductImage } from "../../db/schema";

/*
 * The API's product listing with keyset pagination. With `q` the API uses the shop's own search
 * instead (product-search.ts over src/catalog/search.ts), so both find the same products.
 */

export const PRODUCT_SORTS = ["popular", "price_asc", "price_desc", "newest"] as const;
export type ProductSort = (typeof PRODUCT_SORTS)[number];

export type Listing = { category?: string; inStock?: boolean; food?: FoodFilter; sort: ProductSort; limit: number; after: [number, number] | null };
export type ListedProduct = Product & { category: { id: number; name: string; slug: string }; images: ProductImage[] };

const sortColumn = {
  popular: { column: products.sold, direction: "desc" },
  price_asc: { column: products.priceCents, direction: "asc" },
  price_desc: { column: products.priceCents, direction: "desc" },
  newest: { column: products.createdAt, direction: "desc" },
} as const;

/** The cursor is (sort value, id); id breaks ties in the same direction. */
export function cursorOf(product: Product, sort: ProductSort): [number, number] {
  const value = sort === "popular" ? product.sold : sort === "newest" ? product.createdAt.getTime() : product.priceCents;
  return [value, product.id];
}

/** (sort value, id) beyond the cursor, in the sort's direction; `position` is epoch ms for `newest`. */
type Bound = number | ReturnType<typeof sql.placeholder>;

function beyondCursor(sort: ProductSort, position: Bound | Date, id: Bound): SQL {
  const { column, direction } = sortColumn[sort];
  const beyond = direction === "asc" ? gt : lt;
  return or(beyond(column, position), and(eq(column, position), beyond(products.id, id)))!;
}

const listedColumns = { product: products, category: { id: categories.id, name: categories.name, slug: categories.slug } };

/**
 * A listing without food filters (nearly every call) runs a statement compiled once per database
 * and shape (sort, aisle or not, in stock or not, first page or after a cursor): building the query
 * cost more than running it (ADR 024). Food filters vary too much; they build the query each time.
 */
function listingStatement(db: Database, sort: ProductSort, byCategory: boolean, inStock: boolean, paged: boolean) {
  const shape = `${sort} ${byCategory} ${inStock} ${paged}`;
  const known = listingStatements(db).get(shape);
  if (known) return known;
  const filters: (SQL | undefined)[] = [onShelf];
  // Times are stored (and bound) as epoch milliseconds.
  if (paged) filters.push(beyondCursor(sort, sql.placeholder("position"), sql.placeholder("id")));
  if (byCategory) filters.push(eq(categories.slug, sql.placeholder("category")));
  if (inStock) filters.push(gt(products.stock, 0));
  const statement = withFastRows(listingQuery(db, filters, sort).limit(sql.placeholder("limit")).prepare());
  listingStatements(db).set(shape, statement);
  return statement;
}
const listingStatements = oncePerDatabase(() => new Map<string, ReturnType<typeof preparedListing>>());
const preparedListing = (db: Database) => listingQuery(db, [], "popular").limit(sql.placeholder("limit")).prepare();

function listingQuery(db: Database, filters: (SQL | undefined)[], sort: ProductSort) {
  const { column, direction } = sortColumn[sort];
  const order = direction === "asc" ? [asc(column), asc(products.id)] : [desc(column), desc(products.id)];
  return db
    .select(listedColumns)
    .from(products)
    .innerJoin(categories, eq(categories.id, products.categoryId))
    .where(and(...filters))
    .orderBy(...order);
}

export async function listProducts(db: Database, listing: Listing): Promise<{ items: ListedProduct[]; more: boolean }> {
  const food = foodFilterSql(listing.food);
  const rows = food ? await filteredRows(db, listing, food) : await listingStatement(db, listing.sort, Boolean(listing.category), Boolean(listing.inStock), Boolean(listing.after)).all({
    limit: listing.limit + 1,
    category: listing.category,
    position: listing.after?.[0],
    id: listing.after?.[1],
  });
  const page = rows.slice(0, listing.limit);
  const images = await imagesOf(db, page.map((row) => row.product.id));
  return {
    items: page.map((row) => ({ ...row.product, category: row.category, images: images.get(row.product.id) ?? [] })),
    more: rows.length > listing.limit,
  };
}

function filteredRows(db: Database, listing: Listing, food: SQL) {
  const filters: (SQL | undefined)[] = [onShelf, food];
  if (listing.after) filters.push(beyondCursor(listing.sort, listing.sort === "newest" ? new Date(listing.after[0]) : listing.after[0], listing.after[1]));
  if (listing.category) filters.push(eq(categories.slug, listing.category));
  if (listing.inStock) filters.push(gt(products.stock, 0));
  return listingQuery(db, filters, listing.sort).limit(listing.limit + 1);
}

const statements = oncePerDatabase((db: Database) => ({
  // Rows mapped by steps worked out once (src/db/fast-rows.ts): a product has 47 columns.
  // Its images in the same statement, as a JSON array in gallery order: one read where two cost twice as much.
  listedProduct: withFastRows(
    db
      .select({
        ...listedColumns,
        images: sql<string>`(select json_group_array(json_object('id', ${productImages.id}, 'productId', ${productImages.productId}, 'key', ${productImages.key}, 'alt', ${productImages.alt}, 'position', ${productImages.position}, 'createdAt', ${productImages.createdAt}) order by ${productImages.position}, ${productImages.id}) from ${productImages} where ${productImages.productId} = ${products.id})`,
      })
      .from(products)
      .innerJoin(categories, eq(categories.id, products.categoryId))
      .where(and(onShelf, eq(products.id, sql.placeholder("id"))))
      .prepare(),
  ),
  // The ids as one JSON array: one statement for any number of products.
  images: withFastRows(
    db
      .select()
      .from(productImages)
      .where(sql`${productImages.productId} in (select value from json_each(${sql.placeholder("ids")}))`)
      .orderBy(asc(productImages.position), asc(productImages.id))
      .prepare(),
  ),
}));

export async function findListedProduct(db: Database, id: number): Promise<ListedProduct | null> {
  const [row] = await statements(db).listedProduct.all({ id });
  if (!row) return null;
  const images = (JSON.parse(row.images) as (Omit<ProductImage, "createdAt"> & { createdAt: number })[]).map((image) => ({ ...image, createdAt: new Date(image.createdAt) }));
  return { ...row.product, category: row.category, images };
}

/** Shelf products (as the shop's search finds them) with their category and every image, in the same order. */
export async function listedFromShelf(db: Database, shelf: ShelfProduct[]): Promise<ListedProduct[]> {
  const images = await imagesOf(db, shelf.map((product) => product.id));
  return shelf.map(({ categoryName, categorySlug, imageKey: _key, imageAlt: _alt, ...product }) => ({
    ...product,
    category: { id: product.categoryId, name: categoryName, slug: categorySlug },
    images: images.get(product.id) ?? [],
  }));
}

async function imagesOf(db: Database, ids: number[]): Promise<Map<number, ProductImage[]>> {
  const byProduct = new Map<number, ProductImage[]>();
  if (ids.length === 0) return byProduct;
  const rows = await statements(db).images.all({ ids: JSON.stringify(ids) });
  for (const row of rows) byProduct.set(row.productId, [...(byProduct.get(row.productId) ?? []), row]);
  return byProduct;
}

