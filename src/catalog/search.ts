import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Database } from "../db/client";
import { categories, products } from "../db/schema";
import { foodFilterOnAlias, type FoodFilter } from "./food-info/filters";
import { onShelf, shelfColumns, toShelfProduct, type ShelfProduct } from "./queries";
import type { SearchSort } from "./sorting";

/*
 * Search runs on the FTS5 tables of drizzle/0002_search.sql (product_search, product_name_trigrams),
 * which hold only products a shopper may see and are kept in sync by triggers. They stay outside
 * the Drizzle schema: drizzle-kit cannot create virtual tables.
 */

const MAX_WORDS = 8;
/**
 * Ranking by relevance reads every candidate's name and aisle, so a very broad query ranks only
 * its newest RANKED_CANDIDATES matches and counts no further than that (BENCHMARKS.md: 2,000
 * kept broad searches over 5 ms); sorting by a column still sees and counts every match.
 */
export const RANKED_CANDIDATES = 500;
const CLOSE_MATCH_CANDIDATES = 500;

const wordsOf = (text: string) => [...new Set(text.normalize("NFKC").toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])].slice(0, MAX_WORDS);

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

/**
 * Typo fallback on the trigram index. One typo cannot break both halves of a word, so a name
 * containing either half is a candidate ("bananna": "ban" or "anna"); short words use their trigrams.
 */
export function closeMatchExpression(text: string): string | null {
  const parts = new Set<string>();
  for (const word of wordsOf(text)) {
    if (word.length >= 6) {
      const middle = Math.floor(word.length / 2);
      parts.add(word.slice(0, middle));
      parts.add(word.slice(middle));
    } else {
      for (let i = 0; i + 3 <= word.length; i++) parts.add(word.slice(i, i + 3));
    }
  }
  const usable = [...parts].filter((part) => part.length >= 3);
  return usable.length ? usable.map((part) => `"${part}"`).join(" OR ") : null;
}

export function trigramsOf(text: string): string[] {
  const grams = new Set<string>();
  for (const word of wordsOf(text)) for (let i = 0; i + 3 <= word.length; i++) grams.add(word.slice(i, i + 3));
  return [...grams];
}

export type SearchOptions = { text: string; categoryId?: number; sort: SearchSort; limit: number; offset?: number; food?: FoodFilter };
/**
 * total: every match, or, when `totalIsAtLeast`, a lower bound (a broad relevance search stops
 * counting past what it ranks); reachable: how many the chosen order can page through.
 */
export type SearchResult = { products: ShelfProduct[]; total: number; totalIsAtLeast: boolean; reachable: number; closeMatches: boolean };

/** Ranked full-text search; when the words find nothing, close matches from the trigram index. */
export async function searchShelf(db: Database, options: SearchOptions): Promise<SearchResult> {
  const match = matchExpression(options.text);
  if (!match) return { products: [], total: 0, totalIsAtLeast: false, reachable: 0, closeMatches: false };
  const found = options.sort === "relevance" ? await rankedMatches(db, match, options) : await sortedMatches(db, match, options);
  if (found.total > 0 || (options.offset ?? 0) > 0) {
    return { ...found, products: await shelfProductsById(db, found.ids), closeMatches: false };
  }
  const close = await closeMatches(db, options);
  return { products: close, total: close.length, totalIsAtLeast: false, reachable: close.length, closeMatches: true };
}

type Matches = { ids: number[]; total: number; totalIsAtLeast: boolean; reachable: number };

/*
 * An aisle filter joins products with CROSS JOIN, which makes SQLite walk the FTS matches and
 * look each product up; the other way round (every product of the aisle probing the FTS index) is
 * a thousand times slower.
 */
const inAisle = (options: Pick<SearchOptions, "categoryId" | "food">, rowid = sql.raw("s.rowid")) => {
  const narrowing = [options.categoryId ? sql`p.category_id = ${options.categoryId}` : undefined, foodFilterOnAlias(options.food, "p")].filter((part): part is SQL => part !== undefined);
  return narrowing.length ? sql`cross join ${products} p on p.id = ${rowid} and ${sql.join(narrowing, sql` and `)}` : sql``;
};

/** How many products match, counting at most `upTo` when given. */
const columnOrder: Record<Exclude<SearchSort, "relevance">, SQL> = {
  popular: sql`p.sold desc, p.id desc`,
  "price-asc": sql`p.price_cents, p.id`,
  "price-desc": sql`p.price_cents desc, p.id desc`,
  newest: sql`p.created_at desc, p.id desc`,
};

/** Lower case without accents, as the index tokenizer (unicode61, remove_diacritics 2) sees text. */
const folded = (text: string) => (/[^\x00-\x7f]/.test(text) ? text.normalize("NFKD").replace(/\p{M}/gu, "") : text).toLowerCase();

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * How well a product answers the words: each word found at the start of a word of the name counts
 * 10, of the aisle 4, otherwise (the description) 1. The same column weights bm25 was given here,
 * without bm25's per-query statistics pass over every matching term, which cost more than all the
 * rest of a multi-word search (BENCHMARKS.md).
 */
export function relevanceScorer(words: string[]): (product: { name: string; category: string }) => number {
  const starts = words.map((word) => new RegExp(`(?:^|[^\\p{L}\\p{N}])${escapeRegExp(folded(word))}`, "u"));
  return (product) => {
    const name = folded(product.name);
    const aisle = folded(product.category);
    let score = 0;
    for (const start of starts) score += start.test(name) ? 10 : start.test(aisle) ? 4 : 1;
    return score;
  };
}

export const relevanceOf = (words: string[], product: { name: string; category: string }) => relevanceScorer(words)(product);

/**
 * The newest RANKED_CANDIDATES matches, read once (one walk of the index gives both the page and
 * the count), then ranked here: best relevance, then the shortest name (the most exact match),
 * then the newest. One more row than that says there are more.
 */
async function rankedMatches(db: Database, match: string, options: SearchOptions): Promise<Matches> {
  const rows = await db.all<{ id: number; name: string; category: string }>(sql`
    select s.rowid as id, s.name as name, s.category as category
    from product_search s ${inAisle(options)} where product_search match ${match}
    order by s.rowid desc limit ${RANKED_CANDIDATES + 1}`);
  const totalIsAtLeast = rows.length > RANKED_CANDIDATES;
  const scoreOf = relevanceScorer(wordsOf(options.text));
  const ranked = rows
    .slice(0, RANKED_CANDIDATES)
    .map((row) => ({ id: row.id, score: scoreOf(row), length: row.name.length }))
    .sort((a, b) => b.score - a.score || a.length - b.length || b.id - a.id);
  const offset = options.offset ?? 0;
  return { ids: ranked.slice(offset, offset + options.limit).map((row) => row.id), total: ranked.length, totalIsAtLeast, reachable: ranked.length };
}

/** Every match in a column's order: counted in full, as the pages reach all of them. */
async function sortedMatches(db: Database, match: string, options: SearchOptions): Promise<Matches> {
  const [counted] = await db.all<{ n: number }>(
    sql`select count(*) as n from product_search s ${inAisle(options)} where product_search match ${match}`,
  );
  const total = counted?.n ?? 0;
  if (total === 0) return { ids: [], total, totalIsAtLeast: false, reachable: 0 };
  const food = foodFilterOnAlias(options.food, "p");
  const aisle = sql`${options.categoryId ? sql`and p.category_id = ${options.categoryId}` : sql``} ${food ? sql`and ${food}` : sql``}`;
  const sort = options.sort as Exclude<SearchSort, "relevance">;
  const rows = await db.all<{ id: number }>(sql`
    select p.id as id from products p
    where p.id in (select rowid from product_search where product_search match ${match}) ${aisle}
    order by ${columnOrder[sort]} limit ${options.limit} offset ${options.offset ?? 0}`);
  return { ids: rows.map((row) => row.id), total, totalIsAtLeast: false, reachable: total };
}

/** The products for these ids, in the same order, still checked against the shelf rules. */
async function shelfProductsById(db: Database, ids: number[]): Promise<ShelfProduct[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select(shelfColumns)
    .from(products)
    .innerJoin(categories, eq(categories.id, products.categoryId))
    .where(and(onShelf, inArray(products.id, ids)));
  const byId = new Map(rows.map((row) => [row.product.id, toShelfProduct(row)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

async function closeMatches(db: Database, options: SearchOptions): Promise<ShelfProduct[]> {
  const match = closeMatchExpression(options.text);
  if (!match) return [];
  const aisle = inAisle(options, sql.raw("t.rowid"));
  const rows = await db.all<{ id: number; name: string }>(sql`
    select t.rowid as id, t.name as name from product_name_trigrams t ${aisle}
    where product_name_trigrams match ${match} order by t.rowid desc limit ${CLOSE_MATCH_CANDIDATES}`);
  // Closest first: the most of the typed trigrams in the name, then the shortest name.
  const grams = trigramsOf(options.text);
  const needed = Math.ceil(grams.length / 2);
  const scored = rows
    .map((row) => {
      const name = row.name.toLowerCase();
      return { id: row.id, shared: grams.filter((gram) => name.includes(gram)).length, length: name.length };
    })
    .filter((row) => row.shared >= needed)
    .sort((a, b) => b.shared - a.shared || a.length - b.length || b.id - a.id)
    .slice(0, options.limit);
  const found = await shelfProductsById(db, scored.map((row) => row.id));
  if (options.sort !== "relevance") found.sort(compareBy(options.sort));
  return found;
}

function compareBy(sort: Exclude<SearchSort, "relevance">) {
  return (a: ShelfProduct, b: ShelfProduct) => {
    switch (sort) {
      case "popular":
        return b.sold - a.sold || b.id - a.id;
      case "price-asc":
        return a.priceCents - b.priceCents || a.id - b.id;
      case "price-desc":
        return b.priceCents - a.priceCents || b.id - a.id;
      case "newest":
        return b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id;
    }
  };
}
