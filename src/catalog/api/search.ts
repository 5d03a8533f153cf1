import type { FoodFilter } from "../food-info/filters";
import { findActiveCategory, type ShelfProduct } from "../queries";
import { searchShelf } from "../search";
import type { SearchSort } from "../sorting";
import type { Database } from "../../db/client";
import { listedFromShelf, type ListedProduct } from "./listing";

/*
 * GET /products?q=: the shop's own search (src/catalog/search.ts), so the API finds what the
 * search page finds: every word as a prefix, close matches for a typo, ranked by relevance unless
 * another order is asked for. Its pages are positions in that order, so the cursor is an offset.
 */

export type ApiSearchSort = "relevance" | "popular" | "price_asc" | "price_desc" | "newest";
export type ProductSearch = { q: string; category?: string; inStock: boolean; food?: FoodFilter; sort: ApiSearchSort; limit: number; offset: number };

const SHOP_SORT: Record<ApiSearchSort, SearchSort> = { relevance: "relevance", popular: "popular", price_asc: "price-asc", price_desc: "price-desc", newest: "newest" };

/** How many matches are read at a time when only those in stock are wanted. */
const IN_STOCK_SCAN = 100;

export async function searchProducts(db: Database, search: ProductSearch): Promise<{ items: ListedProduct[]; nextOffset: number | null }> {
  const category = search.category ? await findActiveCategory(db, search.category) : null;
  if (search.category && !category) return { items: [], nextOffset: null };
  const find = (limit: number, offset: number) => searchShelf(db, { text: search.q, categoryId: category?.id, food: search.food, sort: SHOP_SORT[search.sort], limit, offset });

  if (!search.inStock) {
    const found = await find(search.limit, search.offset);
    const end = search.offset + search.limit;
    return { items: await listedFromShelf(db, found.products), nextOffset: !found.closeMatches && end < found.reachable ? end : null };
  }

  // In stock only: walk the matches in their order, keeping the position after the last one taken.
  const picked: ShelfProduct[] = [];
  let position = search.offset;
  for (;;) {
    const found = await find(IN_STOCK_SCAN, position);
    for (const [index, product] of found.products.entries()) {
      if (product.stock <= 0) continue;
      picked.push(product);
      if (picked.length === search.limit) {
        const after = position + index + 1;
        return { items: await listedFromShelf(db, picked), nextOffset: !found.closeMatches && after < found.reachable ? after : null };
      }
    }
    position += found.products.length;
    if (found.closeMatches || found.products.length < IN_STOCK_SCAN || position >= found.reachable) {
      return { items: await listedFromShelf(db, picked), nextOffset: null };
    }
  }
}
