import { sql, type SQL } from "drizzle-orm";
import type { Database } from "../db/client";
import { currentSalesRanks, pageBySold } from "./sales-ranks";
import { searchQuery, type Narrowing } from "./search-facets";
import type { SearchSort } from "./sorting";

/*
 * Searches in a column's order (price, popularity, newest), ADR 069, ADR 084 and ADR 089. Exact ways
 * to one page, each ending every order on the id, so they give the same products in the same order:
 * - sort: read every match's sort key and sort them; a look-up per match, cheap when few match;
 * - walk: read the shelf's index in the sort order against the set of all matches, stopping after
 *   the page; the set costs a step per match, the walk about (offset + limit) × shelf ÷ matches;
 * - probe: the same walk asking the search index about each product it passes, with no set to
 *   build; dearer per product, cheapest when so many match that the page comes after a few
 *   hundred. It walks only so far (matches can cluster in one end of an order) and leaves the
 *   page to the walk (or the held sales) when it ends before its page is full;
 * - held: for "most popular", when every product's `sold` is held in memory (sales-ranks.ts, ADR 089):
 *   every match's id read from the search index in one piece and sorted here. A step per match, as
 *   the walk's set, without the walk: it replaces the sort and the walk, whatever the order's shape;
 * - newest ids: for "newest", the page from the highest-id matches, checked (newestByIds, ADR 091).
 * The number of matches is counted up to COUNTED_MATCHES, and estimated past that from how densely
 * the newest of them are spread over the ids. Where the search has several words the count reads
 * the ids it stepped through, so the sort, the walk and the held sales ask the search index only
 * below them (ADR 090).
 */

export type ColumnSort = Exclude<SearchSort, "relevance">;
/** match: the shopper's words as an FTS expression (matchExpression); the narrowing as narrowingOf gives it. */
export type SortedSearch = Narrowing & { match: string; sort: ColumnSort; limit: number; offset: number };
/** total: every match, or COUNTED_MATCHES when `totalIsAtLeast`; reachable: how many the pages go through. */
export type Matches = { ids: number[]; total: number; totalIsAtLeast: boolean; reachable: number };

/** Matches counted before a page says "more than" (and the pages go that far in a column's order). */
export const COUNTED_MATCHES = 1_000;

const columnOrder: Record<ColumnSort, SQL> = {
  popular: sql`p.sold desc, p.id desc`,
  "price-asc": sql`p.price_cents, p.id`,
  "price-desc": sql`p.price_cents desc, p.id desc`,
  newest: sql`p.created_at desc, p.id desc`,
};
const sortKey: Record<ColumnSort, string> = { popular: "sold", "price-asc": "price_cents", "price-desc": "price_cents", newest: "created_at" };
/** The products that come before a given one in each order. */
const before: Record<ColumnSort, string> = { popular: ">", "price-asc": "<", "price-desc": ">", newest: ">" };

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
 * What each way costs, in steps along an index (about 0.1 µs on the 1M-product store; BENCHMARKS.md):
 * a match looked up by id and sorted, a product asked about one word of the search.
 */
export const LOOKUP_IN_INDEX_STEPS = 20;
export const PROBE_IN_INDEX_STEPS = 40;
/** The probe walks at most this many times the products it expects to pass. */
const PROBE_MARGIN = 4;

export type Way = "sort" | "walk" | "probe" | "held" | "newest ids";

/**
 * The way expected to cost least for a page ending at pageEnd, with this many matches on a shelf
 * this size; `held`: every product's `sold` is held in memory for this search; `newest`: the
 * newest first, which the highest ids may give (newestByIds).
 */
export function cheapestWay(pageEnd: number, matches: number, shelfSize: number, words: number, held = false, newest = false): Way {
  const passed = (pageEnd * shelfSize) / Math.max(1, matches);
  // The walk's cost assumes the matches spread evenly along the order; held, the order does not matter.
  const everyMatch: [Way, number][] = held ? [["held", HELD_STEPS * matches]] : [["sort", LOOKUP_IN_INDEX_STEPS * matches], ["walk", matches + passed]];
  const costs: [Way, number][] = [
    ...everyMatch,
    // The probe also steps once along the index to each product of its reach, to find its bound.
    ["probe", (PROBE_IN_INDEX_STEPS * words + PROBE_MARGIN) * passed],
    // The page's worth of the newest ids looked up, and the check's walk down the date index to the page's last.
    ...(newest ? [["newest ids", LOOKUP_IN_INDEX_STEPS * pageEnd + passed] as [Way, number]] : []),
  ];
  return costs.reduce((best, way) => (way[1] < best[1] ? way : best))[0];
}

/** Every match in a column's order, counted up to COUNTED_MATCHES. */
export async function sortedMatches(db: Database, search: SortedSearch): Promise<Matches> {
  const highestId = await highestProductId(db);
  const counted = await countMatches(db, search, highestId);
  const none = { ids: [], total: counted.total, totalIsAtLeast: counted.totalIsAtLeast, reachable: counted.total };
  if (counted.total === 0 || search.offset >= counted.total) return none;
  // The pages end at the counted matches, so the last one is never longer than the count says.
  search = { ...search, limit: Math.min(search.limit, counted.total - search.offset) };
  const shelf = search.categoryId ? await aisleSize(db, search.categoryId) : highestId;
  const held = search.sort === "popular" && counted.estimate <= SORTED_IN_MEMORY ? await currentSalesRanks(db) : null;
  const cheapest = (newest: boolean) => cheapestWay(search.offset + search.limit, counted.estimate, shelf, wordCount(search.match), held !== null, newest);
  let way = cheapest(search.sort === "newest");
  if (way === "newest ids") {
    const page = await newestByIds(db, search);
    if (page) return { ...none, ids: page };
    way = cheapest(false);
  }
  const probed = way === "probe" ? await probeShelfInOrder(db, search, counted.estimate, shelf) : null;
  if (probed) return { ...none, ids: probed };
  const heldPage = held ? await sortByHeldSales(db, search, held, counted.read) : null;
  if (heldPage) return { ...none, ids: heldPage };
  return { ...none, ids: way === "sort" ? await sortEveryMatch(db, search, counted.read) : await walkShelfInOrder(db, search, counted.read) };
}

/**
 * The ids a count stepped through, newest first, as a JSON array: every match (`every`), or the
 * newest ones down to `lowest`, below which the index is still to be asked.
 */
export type CountedIds = { ids: string; lowest: number; every: boolean };

/**
 * The count reads the ids it stepped through where the search has several words. Such an AND
 * costs steps along every word's list ("salmon fillet norway" at 1M products: 2 ms to find the
 * newest thousand of its matches, where one word's take 0.1 ms), and the sort and the walk would
 * pay them again. One word in an aisle or with a food filter gains nothing measurable (ADR 090).
 */
const hasSeveralWords = (search: Pick<SortedSearch, "match">) => wordCount(search.match) > 1;

/** Every match: from the search index, or the ids a count read and the index below them. */
function everyMatch(search: SortedSearch, counted?: CountedIds): SQL {
  const asked = searchQuery(search.match, search);
  if (!counted) return sql`select rowid from product_search where product_search match ${asked}`;
  const read = sql`select value from json_each(${counted.ids})`;
  return counted.every ? read : sql`${read} union all select rowid from product_search where product_search match ${asked} and rowid < ${counted.lowest}`;
}

/**
 * A match sorted in memory costs about a step (0.1-0.2 µs): read from the search index in one JSON
 * array with the others, then sorted as numbers. "choc" by popularity at 1M products, 13,000 matches
 * at the far end of the order: 2.3 ms this way, 17 ms by the walk (BENCHMARKS.md). Past
 * SORTED_IN_MEMORY matches the probe or the walk is left to it (the array alone would be 0.5 MB).
 */
export const HELD_STEPS = 1;
export const SORTED_IN_MEMORY = 50_000;

/** The "most popular" page from every match's id and each product's `sold` held in memory (currentSalesRanks); null if one is not held. */
export async function sortByHeldSales(db: Database, search: SortedSearch, sold: Float64Array, counted?: CountedIds): Promise<number[] | null> {
  const read = counted ? (JSON.parse(counted.ids) as number[]) : [];
  if (counted?.every) return pageBySold(read, sold, search.offset, search.limit);
  const [row] = await db.all<{ ids: string }>(sql`
    select json_group_array(rowid) as ids from product_search where product_search match ${searchQuery(search.match, search)}
    ${counted ? sql`and rowid < ${counted.lowest}` : sql``}`);
  return pageBySold([...read, ...(JSON.parse(row?.ids ?? "[]") as number[])], sold, search.offset, search.limit);
}

/**
 * "Newest" from the newest ids. A product's date is the moment it was added, so the newest matches
 * are nearly always the highest ids, which the search index gives in order for a step each: the
 * page is sorted from the (offset + limit) highest-id matches, then checked. No other match may come
 * before the page's last product: one would have a lower id and a later date, so the date index is
 * walked down to the page's last product, asking the search index only about lower ids. Null when
 * one is found (dates out of the order products were added: an import, a clock put back); another
 * way finds the page (ADR 091).
 */
export async function newestByIds(db: Database, search: SortedSearch): Promise<number[] | null> {
  const pageEnd = search.offset + search.limit;
  const newest = await db.all<{ id: number; created: number }>(sql`
    select p.id as id, p.created_at as created
    from (select rowid as id from product_search where product_search match ${searchQuery(search.match, search)} order by rowid desc limit ${pageEnd}) m
    join products p indexed by products_search_sort_keys_idx on p.id = m.id
    order by p.created_at desc, p.id desc`);
  const page = newest.slice(search.offset).map((row) => row.id);
  // Fewer than a page's worth: these are every match.
  if (newest.length < pageEnd) return page;
  const last = newest.at(-1)!;
  const lowestId = newest.reduce((lowest, row) => Math.min(lowest, row.id), last.id);
  const [newer] = await db.all<{ id: number }>(sql`
    select p.id as id from products p indexed by ${shelfIndex(search)}
    where ${onTheShelf(search)} and p.created_at > ${last.created} and p.id < ${lowestId}
      and exists (select 1 from product_search s where s.rowid = p.id and product_search match ${searchQuery(search.match, { food: search.food, fewDeclare: search.fewDeclare })})
    limit 1`);
  return newer ? null : page;
}

/** Words are quoted and never hold a space (matchExpression). */
const wordCount = (match: string) => match.split(" ").length;

/**
 * How many products match, up to COUNTED_MATCHES (one step per match along the search index, so
 * never more than that many), and an estimate past it: the newest matches, spread over the ids from
 * the lowest of them to the highest product id, spread the same way over all the ids.
 */
export async function countMatches(
  db: Database,
  search: Pick<SortedSearch, "match" | "categoryId" | "food" | "fewDeclare">,
  highestId: number,
  upTo = COUNTED_MATCHES,
): Promise<{ total: number; totalIsAtLeast: boolean; estimate: number; read?: CountedIds }> {
  const reading = hasSeveralWords(search);
  const [row] = await db.all<{ n: number; lowest: number | null; ids?: string }>(sql`
    select count(*) as n, min(id) as lowest ${reading ? sql`, json_group_array(id) as ids` : sql``} from (
      select s.rowid as id from product_search s where product_search match ${searchQuery(search.match, search)}
      order by s.rowid desc limit ${upTo + 1})`);
  const n = row?.n ?? 0;
  const read = reading && row?.ids && row.lowest !== null ? { ids: row.ids, lowest: row.lowest, every: n <= upTo } : undefined;
  if (n <= upTo) return { total: n, totalIsAtLeast: false, estimate: n, ...(read && { read }) };
  const span = Math.max(1, highestId - (row?.lowest ?? 0) + 1);
  return { total: upTo, totalIsAtLeast: true, estimate: Math.max(n, Math.round((n * highestId) / span)), ...(read && { read }) };
}

/** The page found by walking the shelf's index in the sort order against the set of all matches. */
export async function walkShelfInOrder(db: Database, search: SortedSearch, counted?: CountedIds): Promise<number[]> {
  const rows = await db.all<{ id: number }>(sql`
    select p.id as id from products p indexed by ${shelfIndex(search)}
    where ${onTheShelf(search)} and p.id in (${everyMatch(search, counted)})
    order by ${columnOrder[search.sort]} limit ${search.limit} offset ${search.offset}`);
  return rows.map((row) => row.id);
}

/**
 * The page found by walking the shelf's index in the sort order and asking the search index about
 * each product, as far as PROBE_MARGIN times the products the page is expected to pass; null when
 * the page is not full by then and the shelf goes on (the matches are fewer in this end of the order).
 */
export async function probeShelfInOrder(db: Database, search: SortedSearch, matches: number, shelfSize: number): Promise<number[] | null> {
  const reach = Math.ceil((PROBE_MARGIN * (search.offset + search.limit) * shelfSize) / Math.max(1, matches));
  const key = sql.raw(`p.${sortKey[search.sort]}`);
  // Past the end of the shelf there is no bound to find (and stepping there costs the whole walk).
  const [edge] =
    reach < shelfSize
      ? await db.all<{ key: number; id: number }>(sql`
          select ${key} as key, p.id as id from products p indexed by ${shelfIndex(search)} where ${onTheShelf(search)}
          order by ${columnOrder[search.sort]} limit 1 offset ${reach}`)
      : [];
  const withinReach = edge ? sql`and (${key}, p.id) ${sql.raw(before[search.sort])} (${edge.key}, ${edge.id})` : sql``;
  const rows = await db.all<{ id: number }>(sql`
    select p.id as id from products p indexed by ${shelfIndex(search)}
    where ${onTheShelf(search)} ${withinReach}
      and exists (select 1 from product_search s where s.rowid = p.id and product_search match ${searchQuery(search.match, { food: search.food, fewDeclare: search.fewDeclare })})
    order by ${columnOrder[search.sort]} limit ${search.limit} offset ${search.offset}`);
  return rows.length < search.limit && edge ? null : rows.map((row) => row.id);
}

/** The page found by sorting every match; price and date come from a small index, popularity from the rows. */
export async function sortEveryMatch(db: Database, search: SortedSearch, counted?: CountedIds): Promise<number[]> {
  const keysOnly = search.sort !== "popular";
  const from = keysOnly ? sql`products p indexed by products_search_sort_keys_idx` : sql`products p`;
  const rows = await db.all<{ id: number }>(sql`
    select p.id as id from ${from}
    where p.id in (${everyMatch(search, counted)})
    order by ${columnOrder[search.sort]} limit ${search.limit} offset ${search.offset}`);
  return rows.map((row) => row.id);
}

const shelfIndex = (search: SortedSearch) => sql.raw(search.categoryId ? aisleIndex[search.sort] : storeIndex[search.sort]);
const onTheShelf = (search: SortedSearch) => (search.categoryId ? sql`p.category_id = ${search.categoryId} and p.active = 1` : sql`p.active = 1`);

const highestProductId = async (db: Database) => (await db.all<{ n: number | null }>(sql`select max(id) as n from products`))[0]?.n ?? 0;

/** How many products an aisle's walk may pass, counted at most once a minute. */
const aisleSizes = new WeakMap<Database, Map<number, { at: number; size: number }>>();
async function aisleSize(db: Database, categoryId: number): Promise<number> {
  const sizes = aisleSizes.get(db) ?? new Map<number, { at: number; size: number }>();
  aisleSizes.set(db, sizes);
  const known = sizes.get(categoryId);
  if (known && performance.now() - known.at < 60_000) return known.size;
  const [row] = await db.all<{ n: number }>(sql`select count(*) as n from products where category_id = ${categoryId} and active = 1`);
  const size = row?.n ?? 0;
  sizes.set(categoryId, { at: performance.now(), size });
  return size;
}
