import { and, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { categories, products, type Product } from "../db/schema";
import { oncePerDatabase } from "../db/templates";
import { categoryOnShelf, productActive } from "../catalog/shelf";

// Read on every add to cart: compiled once per database, the aisle check as a subquery (no join).
const sellable = oncePerDatabase((db) =>
  db
    .select()
    .from(products)
    .where(
      and(
        eq(products.id, sql.placeholder("id")),
        productActive,
        inArray(products.categoryId, db.select({ id: categories.id }).from(categories).where(categoryOnShelf)),
      ),
    )
    .prepare(),
);

/** A product a shopper may put in a cart: on the shelf (src/catalog/shelf.ts). */
export async function findSellableProduct(db: Database, id: number): Promise<Product | null> {
  const rows = await sellable(db).all({ id });
  return rows[0] ?? null;
}
