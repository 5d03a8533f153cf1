import { and, asc, count, desc, eq, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { categories, products, type Category, type Product } from "../db/schema";

/** Products a shopper may see: active, in an active category. */
const onShelf = and(eq(products.active, true), eq(categories.status, "active"));

export async function activeCategories(db: Database): Promise<(Category & { productCount: number })[]> {
  const rows = await db
    .select({ category: categories, productCount: count(products.id) })
    .from(categories)
    .leftJoin(products, and(eq(products.categoryId, categories.id), eq(products.active, true)))
    .where(eq(categories.status, "active"))
    .groupBy(categories.id)
    .orderBy(asc(categories.name));
  return rows.map((row) => ({ ...row.category, productCount: row.productCount }));
}

export async function findActiveCategory(db: Database, slug: string): Promise<Category | null> {
  const rows = await db
    .select()
    .from(categories)
    .where(and(eq(categories.slug, slug), eq(categories.status, "active")))
    .limit(1);
  return rows[0] ?? null;
}

export type ShelfProduct = Product & { categoryName: string; categorySlug: string };

export async function shelfProducts(
  db: Database,
  options: { categoryId?: number; limit: number; offset?: number },
): Promise<ShelfProduct[]> {
  const rows = await db
    .select({ product: products, categoryName: categories.name, categorySlug: categories.slug })
    .from(products)
    .innerJoin(categories, eq(categories.id, products.categoryId))
    .where(options.categoryId ? and(onShelf, eq(products.categoryId, options.categoryId)) : onShelf)
    .orderBy(desc(products.createdAt), asc(products.name))
    .limit(options.limit)
    .offset(options.offset ?? 0);
  return rows.map((row) => ({ ...row.product, categoryName: row.categoryName, categorySlug: row.categorySlug }));
}

/** Plain substring search over names; the storefront replaces it with ranked full-text search. */
export async function searchShelf(db: Database, text: string, limit: number): Promise<ShelfProduct[]> {
  const pattern = `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
  const rows = await db
    .select({ product: products, categoryName: categories.name, categorySlug: categories.slug })
    .from(products)
    .innerJoin(categories, eq(categories.id, products.categoryId))
    .where(and(onShelf, sql`${products.name} like ${pattern} escape '\\'`))
    .orderBy(asc(products.name))
    .limit(limit);
  return rows.map((row) => ({ ...row.product, categoryName: row.categoryName, categorySlug: row.categorySlug }));
}
