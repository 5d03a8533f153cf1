import { onShelf } from "../shelf";
import { and, asc, desc, eq, gt, inArray, lt, or, type SQL } from "drizzle-orm";
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

function afterCursor(sort: ProductSort, after: [number, number] | null): SQL | undefined {
  if (!after) return undefined;
  const [position, id] = after;
  const { column, direction } = sortColumn[sort];
  const value = sort === "newest" ? new Date(position) : position;
  const beyond = direction === "asc" ? gt : lt;
  return or(beyond(column, value), and(eq(column, value), beyond(products.id, id)));
}

export async function listProducts(db: Database, listing: Listing): Promise<{ items: ListedProduct[]; more: boolean }> {
  const filters: (SQL | undefined)[] = [onShelf, afterCursor(listing.sort, listing.after)];
  if (listing.category) filters.push(eq(categories.slug, listing.category));
  if (listing.inStock) filters.push(gt(products.stock, 0));
  filters.push(foodFilterSql(listing.food));
  const { column, direction } = sortColumn[listing.sort];
  const order = direction === "asc" ? [asc(column), asc(products.id)] : [desc(column), desc(products.id)];
  const rows = await db
    .select({ product: products, category: { id: categories.id, name: categories.name, slug: categories.slug } })
    .from(products)
    .innerJoin(categories, eq(categories.id, products.categoryId))
    .where(and(...filters))
    .orderBy(...order)
    .limit(listing.limit + 1);
  const page = rows.slice(0, listing.limit);
  const images = await imagesOf(db, page.map((row) => row.product.id));
  return {
    items: page.map((row) => ({ ...row.product, category: row.category, images: images.get(row.product.id) ?? [] })),
    more: rows.length > listing.limit,
  };
}

export async function findListedProduct(db: Database, id: number): Promise<ListedProduct | null> {
  const [row] = await db
    .select({ product: products, category: { id: categories.id, name: categories.name, slug: categories.slug } })
    .from(products)
    .innerJoin(categories, eq(categories.id, products.categoryId))
    .where(and(onShelf, eq(products.id, id)));
  if (!row) return null;
  const images = await imagesOf(db, [id]);
  return { ...row.product, category: row.category, images: images.get(id) ?? [] };
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
  const rows = await db.select().from(productImages).where(inArray(productImages.productId, ids)).orderBy(asc(productImages.position));
  for (const row of rows) byProduct.set(row.productId, [...(byProduct.get(row.productId) ?? []), row]);
  return byProduct;
}

