import { asc, desc, type SQL } from "drizzle-orm";
import { products } from "../db/schema";

/** How a shelf can be ordered; search adds "relevance". */
export const SHELF_SORTS = ["popular", "price-asc", "price-desc", "newest"] as const;
export type ShelfSort = (typeof SHELF_SORTS)[number];
export const SEARCH_SORTS = ["relevance", ...SHELF_SORTS] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];

export const SORT_LABELS: Record<SearchSort, string> = {
  relevance: "Best match",
  popular: "Most popular",
  "price-asc": "Price: low to high",
  "price-desc": "Price: high to low",
  newest: "Newest",
};

/**
 * Every ordering ends on the id, so pages never overlap or skip a product; the id runs in the same
 * direction as the column, so the aisle indexes (category, active, column) deliver rows in order.
 */
export function shelfOrder(sort: ShelfSort): SQL[] {
  switch (sort) {
    case "popular":
      return [desc(products.sold), desc(products.id)];
    case "price-asc":
      return [asc(products.priceCents), asc(products.id)];
    case "price-desc":
      return [desc(products.priceCents), desc(products.id)];
    case "newest":
      return [desc(products.createdAt), desc(products.id)];
  }
}
