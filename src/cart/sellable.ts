import { and, eq } from "drizzle-orm";
import type { Database } from "../db/client";
import { categories, products, type Product } from "../db/schema";

/** A product a shopper may put in a cart: active, in an active aisle. */
export async function findSellableProduct(db: Database, id: number): Promise<Product | null> {
  const rows = await db
    .select({ product: products })
    .from(products)
    .innerJoin(categories, eq(categories.id, products.categoryId))
    .where(and(eq(products.id, id), eq(products.active, true), eq(categories.status, "active")))
    .limit(1);
  return rows[0]?.product ?? null;
}
