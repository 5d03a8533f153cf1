import { onShelf } from "../catalog/shelf";
import { and, desc, eq } from "drizzle-orm";
import type { Database } from "../db/client";
import { categories, products, type Product } from "../db/schema";
import { stockAlerts, wishlistItems } from "../db/shop-tables";
import { mainImage } from "../catalog/queries";

export async function saveForLater(db: Database, userId: number, productId: number, now: Date): Promise<void> {
  await db.insert(wishlistItems).values({ userId, productId, addedAt: now }).onConflictDoNothing();
}

export async function removeFromWishlist(db: Database, userId: number, productId: number): Promise<boolean> {
  const removed = await db
    .delete(wishlistItems)
    .where(and(eq(wishlistItems.userId, userId), eq(wishlistItems.productId, productId)))
    .returning({ productId: wishlistItems.productId });
  return removed.length > 0;
}

export type WishlistEntry = Product & { alertRequested: boolean; imageKey: string | null };

/** Saved products still on sale, newest first, with whether a back-in-stock alert is pending. */
export async function wishlistOf(db: Database, userId: number): Promise<WishlistEntry[]> {
  const rows = await db
    .select({ product: products, alertId: stockAlerts.id, imageKey: mainImage("key") })
    .from(wishlistItems)
    .innerJoin(products, eq(products.id, wishlistItems.productId))
    .innerJoin(categories, eq(categories.id, products.categoryId))
    .leftJoin(stockAlerts, and(eq(stockAlerts.productId, products.id), eq(stockAlerts.userId, userId)))
    .where(and(eq(wishlistItems.userId, userId), onShelf))
    .orderBy(desc(wishlistItems.addedAt));
  return rows.map((row) => ({ ...row.product, alertRequested: row.alertId !== null, imageKey: row.imageKey }));
}

/** Asks to be told when an out-of-stock product is back; asking again renews a sent alert. */
export async function requestStockAlert(db: Database, userId: number, productId: number): Promise<void> {
  await db
    .insert(stockAlerts)
    .values({ userId, productId })
    .onConflictDoUpdate({ target: [stockAlerts.userId, stockAlerts.productId], set: { notifiedAt: null } });
}
