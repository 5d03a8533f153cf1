import { and, asc, count, eq, sql, type SQL } from "drizzle-orm";
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import type { Database } from "../db/client";
import { categories, products } from "../db/schema";
import { onShelf, shelfColumns, toShelfProduct, type ShelfProduct } from "./queries";
import { shelfOrder, type SearchSort } from "./sorting";

/*
 * The FTS5 tables from drizzle/0002_search.sql. They live outside the Drizzle schema on purpose:
 * drizzle-kit cannot create virtual tables, and the triggers there keep them in sync.
 */
const productSearch = sqliteTable("product_search", { rowid: integer("rowid"), name: text("name") });
const productNameTrigrams = sqliteTable("product_name_trigrams", { rowid: integer("rowid"), name: text("name") });

const MAX_TOKENS = 8;
const MAX_TRIGRAMS = 24;

const wordsOf = (text: string) => [...new Set(text.normalize("NFKC").toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])].slice(0, MAX_TOKENS);

/**
 * The shopper's words as an FTS5 query: every word must match, as a prefix ("banan" -> "banan"*).
 * Each word is quoted, so FTS syntax typed by a shopper (quotes, *, NEAR, parentheses, OR, ^) is only text.
 */
export function matchExpression(text: string): string | null {
  const words = wordsOf(text);
  if (words.length === 0) return null;
  // One-letter prefixes match most of a big catalog; they are kept as whole words.
  return words.map((word) => (word.length >= 2 ? `"${word}"*` : `"${word}"`)).join(" ");
}

/** The trigrams of the shopper's words, any of which may match: the typo fallback. */
export function trigramsOf(text: string): string[] {
  const grams = new Set<string>();
  for (const word of wordsOf(text)) {
    for (let i = 0; i + 3 <= word.length; i++) grams.add(word.slice(i, i + 3));
  }
  return [...grams].slice(0, MAX_TRIGRAMS);
}

export type SearchOptions = { text: string; categoryId?: number; sort: SearchSort; limit: number; offset?: number };
export type SearchResult = { products: ShelfProduct[]; total: number; closeMatches: boolean };

/** Ranked full-text search; when the words find nothing, close matches by shared trigrams. */
export async function searchShelf(db: Database, options: SearchOptions): Promise<SearchResult> {
  const match = matchExpression(options.text);
  if (!match) return { products: [], total: 0, closeMatches: false };
  const found = await wordSearch(db, match, options);
  if (found.total > 0 || (options.offset ?? 0) > 0) return { ...found, closeMatches: false };
  return { ...(await closeMatchSearch(db, options)), closeMatches: true };
}

async function wordSearch(db: Database, match: string, options: SearchOptions) {
  // Name matters most, then the aisle, then the description.
  const rank = sql`bm25(product_search, 10.0, 1.0, 4.0)`;
  const filters: SQL[] = [onShelf, sql`product_search match ${match}`];
  if (options.categoryId) filters.push(eq(products.categoryId, options.categoryId));
  const where = and(...filters);
  const matching = () =>
    db
      .select(shelfColumns)
      .from(productSearch)
      .innerJoin(products, eq(products.id, productSearch.rowid))
      .innerJoin(categories, eq(categories.id, products.categoryId))
      .where(where);
  const [rows, [counted]] = await Promise.all([
    matching()
      .orderBy(...(options.sort === "relevance" ? [rank, asc(products.id)] : shelfOrder(options.sort)))
      .limit(options.limit)
      .offset(options.offset ?? 0),
    db
      .select({ n: count() })
      .from(productSearch)
      .innerJoin(products, eq(products.id, productSearch.rowid))
      .innerJoin(categories, eq(categories.id, products.categoryId))
      .where(where),
  ]);
  return { products: rows.map(toShelfProduct), total: counted?.n ?? 0 };
}

async function closeMatchSearch(db: Database, options: SearchOptions) {
  const grams = trigramsOf(options.text);
  if (grams.length === 0) return { products: [], total: 0 };
  const match = grams.map((gram) => `"${gram}"`).join(" OR ");
  const filters: SQL[] = [onShelf, sql`product_name_trigrams match ${match}`];
  if (options.categoryId) filters.push(eq(products.categoryId, options.categoryId));
  const rows = await db
    .select(shelfColumns)
    .from(productNameTrigrams)
    .innerJoin(products, eq(products.id, productNameTrigrams.rowid))
    .innerJoin(categories, eq(categories.id, products.categoryId))
    .where(and(...filters))
    .orderBy(sql`bm25(product_name_trigrams)`, asc(products.id))
    .limit(options.limit);
  // A close match shares at least half of the typed trigrams ("bananna" and "Bananas").
  const needed = Math.ceil(grams.length / 2);
  const close = rows.map(toShelfProduct).filter((product) => {
    const name = product.name.toLowerCase();
    return grams.filter((gram) => name.includes(gram)).length >= needed;
  });
  if (options.sort !== "relevance") close.sort(compareBy(options.sort));
  return { products: close, total: close.length };
}

function compareBy(sort: Exclude<SearchSort, "relevance">) {
  return (a: ShelfProduct, b: ShelfProduct) => {
    switch (sort) {
      case "popular":
        return b.sold - a.sold || a.id - b.id;
      case "price-asc":
        return a.priceCents - b.priceCents || a.id - b.id;
      case "price-desc":
        return b.priceCents - a.priceCents || a.id - b.id;
      case "newest":
        return b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id;
    }
  };
}
