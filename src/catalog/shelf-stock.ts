/**
 * What a shelf (an aisle, search or product page, cached for everyone) shows of a product's stock:
 * out of stock, the exact amount once it is at or below the product's low-stock threshold ("Only
 * 2 kg left"), or just "In stock". The database keeps the same bands (drizzle/0034_shelf_version.sql)
 * and moves the shelf version only when a product changes band or its shown amount changes, so a
 * sale that leaves a product "In stock" keeps every cached page (ADR 081). Checkout and the cart
 * always check the exact stock.
 */
export type ShelfStock = { band: "out" } | { band: "low"; left: number } | { band: "in" };

export function shelfStock(product: { stock: number; lowStockThreshold: number }): ShelfStock {
  if (product.stock <= 0) return { band: "out" };
  if (product.stock <= product.lowStockThreshold) return { band: "low", left: product.stock };
  return { band: "in" };
}
