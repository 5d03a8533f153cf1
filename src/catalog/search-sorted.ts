import { sql, type SQL } from "drizzle-orm";
import type { Database } from "../db/client";
import { hasFoodFilter, type FoodFilter } from "./food-info/filters";
import { inAisle, narrowedTo } from "./search-aisle";
import type { SearchSort } from "./sorting";

/*
 * Searches in a column's order (price, popularity, newest), ADR 069. Two exact ways to one page:
 * - walk: read the shelf's index in the sort order and keep the products that match, stopping after
 *   the page; about (offset + limit) × shelf size ÷ matches index entries, cheap when many match;
 * - sort: read every match's sort key and sort them; one look-up per match, cheap when few match.
 * The cheaper one is picked from the number of matches (which the page shows anyway) and the
 * shelf's size. Both end every order on the id, so they give the same products in the same order.
 */

export type ColumnSort = Exclude<SearchSort, "relevance">;
export type SortedSearch = { match: string; categoryId?: number; food?: FoodFilter; sort: ColumnSort; limit: number; offset: number };
export type Matches = { ids: number[]; total: number; totalIsAtLeast: boolean; reachable: number };

const columnOrder: Record<ColumnSort, SQL> = {
  popular: sql`p.sold desc, p.id desc`,
  "price-asc": sql`p.price_cents, p.id`,
  "price-desc": sql`p.price_cents desc, p.id desc`,
  newest: sql`p.created_at desc, p.id desc`,
};

/**
 * The shelf in each order: the whole store's indexes (0006's (active, sold); 0033's price and date
 * indexes of the active products only, which only a query saying `active = 1` itself can use) and an
 * aisle's (category, active, column) indexes (0006).
 */
const storeIndex: Record<ColumnSort, string> = {
  popular: "products_shelf_sold_all_idx",
  "price-asc": "products_shelf_price_all_idx",
  "price-desc": "products_shelf_price_all_idx",
  newest: "products_shelf_newest_all_idx",
};
const aisleIndex: Record<ColumnSort, string> = {
  popular: "products_shelf_sold_idx",
  "price-asc": "products_shelf_price_idx",
  "price-desc": "products_shelf_price_idx",
  newest: "products_shelf_newest_idx",
};

/**
 * What a match looked up and sorted costs in index entries walked (BENCHMARKS.md, ADR 069: a step
 * along an index is tens of times cheaper than a look-up by id in the 1M-product store).
 */
export const LOOKUP_IN_INDEX_STEPS = 20;

/** Whether walking the shelf in order is expected to cost less than sorting every match. */
export function walkIsCheaper(pageEnd: number, matches: number, shelfSize: number): boolean {
  return pageEnd * shelfSize < LOOKUP_IN_INDEX_STEPS * matches * matches;
}

/** Every match in a column's order: counted in full, as the pages reach all of them. */
export async function sortedMatches(db: Database, search: SortedSearch): Promise<Matches> {
  const total = await countMatches(db, search);
  const none = { ids: [], total, totalIsAtLeast: false, reachable: total };
  if (total === 0 || search.offset >= total) return none;
  const walk = !hasFoodFilter(search.food) && walkIsCheaper(search.offset + search.limit, total, await shelfSize(db, search.categoryId));
  return { ...none, ids: walk ? await walkShelfInOrder(db, search) : await sortEveryMatch(db, search) };
}

/**
 * How many products match. In an aisle, each match is looked up for its aisle when few match in the
 * whole store; when many do, the aisle's index is walked against the set of matches instead (the
 * same count, without a look-up per match). A food filter always looks the matches up.
 */
async function countMatches(db: Database, search: SortedSearch): Promise<number> {
  if (search.categoryId && !hasFoodFilter(search.food)) {
    const everywhere = await countOf(db, sql`select count(*) as n from product_search where product_search match ${search.match}`);
    if (everywhere === 0) return 0;
    if ((await shelfSize(db, search.categoryId)) < LOOKUP_IN_INDEX_STEPS * everywhere) return countInAisleByWalk(db, search.match, search.categoryId);
  }
  return countByLookup(db, search);
}

const countOf = async (db: Database, query: SQL) => (await db.all<{ n: number }>(query))[0]?.n ?? 0;

/** The matches counted one by one, each looked up for its aisle and food filter when there is one. */
export const countByLookup = (db: Database, search: Pick<SortedSearch, "match" | "categoryId" | "food">) =>
  countOf(db, sql`select count(*) as n from product_search s ${inAisle(search)} where product_search match ${search.match}`);

/** An aisle's matches counted by walking its index of active products against the set of matches. */
export const countInAisleByWalk = (db: Database, match: string, categoryId: number) =>
  countOf(db, sql`select count(*) as n from products p indexed by products_category_idx
    where p.category_id = ${categoryId} and p.active = 1 and p.id in (select rowid from product_search where product_search match ${match})`);

/** The page found by walking the shelf's index in the sort order (no food filter: its columns are not in the index). */
export async function walkShelfInOrder(db: Database, search: SortedSearch): Promise<number[]> {
  const index = sql.raw(search.categoryId ? aisleIndex[search.sort] : storeIndex[search.sort]);
  const aisle = search.categoryId ? sql`p.category_id = ${search.categoryId} and` : sql``;
  const rows = await db.all<{ id: number }>(sql`
    select p.id as id from products p indexed by ${index}
    where ${aisle} p.active = 1 and p.id in (select rowid from product_search where product_search match ${search.match})
    order by ${columnOrder[search.sort]} limit ${search.limit} offset ${search.offset}`);
  return rows.map((row) => row.id);
}

/** The page found by sorting every match; aisle, price and date come from a small index, popularity and food filters from the rows. */
export async function sortEveryMatch(db: Database, search: SortedSearch): Promise<number[]> {
  const keysOnly = search.sort !== "popular" && !hasFoodFilter(search.food);
  const from = keysOnly ? sql`products p indexed by products_search_sort_keys_idx` : sql`products p`;
  const narrowing = narrowedTo(search, "p");
  const rows = await db.all<{ id: number }>(sql`
    select p.id as id from ${from}
    where p.id in (select rowid from product_search where product_search match ${search.match}) ${narrowing ? sql`and ${narrowing}` : sql``}
    order by ${columnOrder[search.sort]} limit ${search.limit} offset ${search.offset}`);
  return rows.map((row) => row.id);
}

/** How many products the walk may pass: the whole store (its highest id), or an aisle's shelf, counted at most once a minute. */
const aisleSizes = new WeakMap<Database, Map<number, { at: number; size: number }>>();
async function shelfSize(db: Database, categoryId: number | undefined): Promise<number> {
  if (!categoryId) {
    const [row] = await db.all<{ n: number | null }>(sql`select max(id) as n from products`);
    return row?.n ?? 0;
  }
  const sizes = aisleSizes.get(db) ?? new Map<number, { at: number; size: number }>();
  aisleSizes.set(db, sizes);
  const known = sizes.get(categoryId);
  if (known && performance.now() - known.at < 60_000) return known.size;
  const [row] = await db.all<{ n: number }>(sql`select count(*) as n from products where category_id = ${categoryId} and active = 1`);
  const size = row?.n ?? 0;
  sizes.set(categoryId, { at: performance.now(), size });
  return size;
}
