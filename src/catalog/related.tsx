import type { Database } from "../db/client";
import { RelatedSection } from "../../views/catalog/product-page";
import type { Money } from "../../views/catalog/product-card";
import { aisleFavourites, shelfVersion, type ShelfProduct } from "./queries";

/*
 * "More from <aisle>" on a product page: the aisle's most popular products but the page's own.
 * Every product page of an aisle shows one of `limit + 1` sections (the favourites less one of
 * them, or the first `limit` for every other product), so the favourites are read once per aisle
 * and the section rendered once per variant, both kept per database until the shelf version
 * moves (any product or aisle write, a stock move that changes what a shelf shows), like the aisle links.
 */
type Kept = { version: number; favourites: Map<number, Promise<ShelfProduct[]>>; sections: Map<string, Promise<string>> };
const kept = new WeakMap<Database, Kept>();

function keptFor(db: Database, version: number): Kept | null {
  const known = kept.get(db);
  if (known && known.version === version) return known;
  // An older reader (version read before a write) never replaces a newer cache.
  if (known && known.version > version) return null;
  const fresh: Kept = { version, favourites: new Map(), sections: new Map() };
  kept.set(db, fresh);
  return fresh;
}

export async function relatedSectionHtml(
  db: Database,
  product: { id: number; categoryId: number; categoryName: string },
  limit: number,
  money: { key: string; format: Money },
): Promise<string> {
  const version = await shelfVersion(db);
  const cache = keptFor(db, version);
  let favourites = cache?.favourites.get(product.categoryId);
  if (!favourites) {
    favourites = aisleFavourites(db, product.categoryId, limit);
    cache?.favourites.set(product.categoryId, favourites);
    favourites.catch(() => cache?.favourites.delete(product.categoryId));
  }
  const top = await favourites;
  const shown = top.filter((other) => other.id !== product.id).slice(0, limit);
  // A product among the first `limit` sees its own section; every other product the same one.
  const variant = top.slice(0, limit).some((other) => other.id === product.id) ? product.id : 0;
  const key = `${product.categoryId} ${variant} ${money.key}`;
  let section = cache?.sections.get(key);
  if (!section) {
    section = Promise.resolve(<RelatedSection aisle={product.categoryName} products={shown} money={money.format} />).then(String);
    cache?.sections.set(key, section);
  }
  return section;
}
