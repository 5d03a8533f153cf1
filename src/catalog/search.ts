import { and, eq, inArray, sql } from "drizzle-orm";
import { longReads, type Database } from "../db/client";
import { categories, products } from "../db/schema";
import type { FoodFilter } from "./food-info/filters";
import { onShelf, shelfColumns, toShelfProduct, type ShelfProduct } from "./queries";
import { currentSalesRanks, salesRanksRead } from "./sales-ranks";
import { onShelfById } from "./shelf";
import { correctWords, folded, rank, scoreCandidates, wordsIn, type Candidate, type Vocabulary } from "./relevance";
import type { SearchSort } from "./sorting";
import { inAisle, narrowingOf, searchQuery, type Narrowing } from "./search-facets";
import { sortedMatches, type Matches } from "./search-sorted";

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
export type SearchResult = {
  products: ShelfProduct[];
  total: number;
  totalIsAtLeast: boolean;
  reachable: number;
  closeMatches: boolean;
  /** Set when the typed words found nothing and these corrected ones did ("did you mean"). */
  correctedText?: string;
};

function findMatches(db: Database, text: string, options: SearchOptions, narrowing: Narrowing) {
  return options.sort === "relevance"
    ? rankedMatches(db, text, options, narrowing)
    : sortedMatches(db, { match: matchExpression(text)!, ...narrowing, sort: options.sort, limit: options.limit, offset: options.offset ?? 0 });
}

/**
 * Ranked full-text search. When the words find nothing: the same search with typos corrected
 * against the catalog's words ("did you mean"), then close matches from the trigram index.
 */
export async function searchShelf(db: Database, options: SearchOptions): Promise<SearchResult> {
  if (!matchExpression(options.text)) return { products: [], total: 0, totalIsAtLeast: false, reachable: 0, closeMatches: false };
  // Worked out once: the corrected words below search with the same narrowing.
  const narrowing = await narrowingOf(db, options);
  const found = await findMatches(db, options.text, options, narrowing);
  if (found.total > 0 || (options.offset ?? 0) > 0) {
    return { ...found, products: await shelfProductsById(db, found.ids), closeMatches: false };
  }
  const corrected = await didYouMean(db, options.text);
  if (corrected) {
    const again = await findMatches(db, corrected, options, narrowing);
    if (again.total > 0) return { ...again, products: await shelfProductsById(db, again.ids), closeMatches: false, correctedText: corrected };
  }
  // Words the catalog knows ("beer", an aisle's word) found nothing as typed: no look-alikes ("beef"), suggestions instead.
  const close = (await knowsEveryWord(db, options.text)) ? [] : await closeMatches(db, options);
  return { products: close, total: close.length, totalIsAtLeast: false, reachable: close.length, closeMatches: close.length > 0 };
}

export { folded } from "./relevance";

/**
 * The words of each active aisle's name and description, for the aisle boost ("milk" lifts the
 * products of Dairy & Eggs, whose description is about milk). A dozen rows, read per search.
 */
async function aisleWordsOf(db: Database): Promise<Map<string, Set<string>>> {
  const rows = await db.select({ name: categories.name, description: categories.description }).from(categories).where(eq(categories.status, "active"));
  return new Map(rows.map((row) => [row.name, new Set(wordsIn(`${row.name} ${row.description ?? ""}`))]));
}

/**
 * The newest RANKED_CANDIDATES matches of every word, read once (one walk of the index gives both the page and the count), then
 * ranked here (src/catalog/relevance.ts). One more row than that says there are more.
 */
async function rankedMatches(db: Database, text: string, options: SearchOptions, narrowing: Narrowing): Promise<Matches> {
  const words = wordsOf(text);
  const match = searchQuery(matchExpression(text)!, narrowing);
  const every = await db.all<{ id: number; name: string; category: string }>(sql`
    select s.rowid as id, s.name as name, s.category as category
    from product_search s where product_search match ${match}
    order by s.rowid desc limit ${RANKED_CANDIDATES + 1}`);
  const totalIsAtLeast = every.length > RANKED_CANDIDATES;
  const candidates: Candidate[] = every.slice(0, RANKED_CANDIDATES).map((row) => ({ ...row, hasEveryWord: true }));
  if (candidates.length === 0) return { ids: [], total: 0, totalIsAtLeast: false, reachable: 0 };
  const ranked = rank(scoreCandidates(words, candidates, await aisleWordsOf(db)));
  const offset = options.offset ?? 0;
  return { ids: ranked.slice(offset, offset + options.limit).map((row) => row.id), total: ranked.length, totalIsAtLeast, reachable: ranked.length };
}

/** How long the catalog's words are kept (only misspelt searches need them; a new product's words can wait). */
const VOCABULARY_MS = 10 * 60_000;

/**
 * The words of product names and aisles with how many products have each, from the search
 * index's own list of words (drizzle/0037, FTS5's fts5vocab): a step per word and posting, no rows
 * (ADR 087). Words that start with a digit are left out (descriptions hold a great many numbers,
 * and a typed number is never corrected); knowsEveryWord asks the index about typed numbers.
 */
type KeptWords = { words: Vocabulary | null; at: number; reading: Promise<Vocabulary> | null };
const vocabularies = new WeakMap<Database, KeptWords>();
/**
 * One read at a time, and only a misspelt search that comes before the first read ends waits for
 * it (the server starts that read as it starts listening): when the words are ten minutes old they
 * are read again while searches go on with the old ones. `now` is performance.now()'s clock.
 */
function vocabularyOf(db: Database, now = performance.now()): Promise<Vocabulary> {
  let kept = vocabularies.get(db);
  if (!kept) vocabularies.set(db, (kept = { words: null, at: 0, reading: null }));
  const fresh = kept.words !== null && now - kept.at < VOCABULARY_MS;
  if (!fresh && !kept.reading) {
    const reading = readVocabulary(db);
    kept.reading = reading;
    reading.then(
      (words) => Object.assign(kept, { words, at: now, reading: null }),
      () => (kept.reading = null),
    );
  }
  return kept.words ? Promise.resolve(kept.words) : kept.reading!;
}

/**
 * Reads the catalog's words unless they are fresh, and resolves once no read of them is under way:
 * at start (readForSearches), so the first misspelt search finds them read (0.3-0.9 s at 1M products).
 */
export async function readCatalogWords(db: Database, now = performance.now()): Promise<void> {
  await vocabularyOf(db, now);
  await vocabularies.get(db)?.reading;
}

/**
 * What searches read in the background, read now: the catalog's words ("did you mean") and every
 * product's sales ("most popular" with many matches, ADR 089). The server starts it as it starts
 * listening; it resolves once both are read.
 */
export async function readForSearches(db: Database): Promise<void> {
  await Promise.all([readCatalogWords(db), currentSalesRanks(db).then(() => salesRanksRead(db))]);
}

async function readVocabulary(db: Database): Promise<Vocabulary> {
  // On the reader thread where there is one: at 1M products this reads for 0.3-0.6 s.
  const rows = await (longReads.get(db) ?? db).all<{ term: string; products: number }>(sql`
    select term, sum(doc) as products from product_search_words
    where term >= 'a' and col in ('name', 'category') group by term`);
  const words: Vocabulary = new Map(rows.map((row) => [row.term, row.products]));
  // An aisle's own words are known too ("beer" is the Drinks aisle's word): never "corrected" away.
  for (const aisle of (await aisleWordsOf(db)).values()) for (const word of aisle) if (!words.has(word)) words.set(word, 1);
  return words;
}

/** Some product's name or aisle has a word starting with this one (a word of letters and digits only). */
async function namesHold(db: Database, word: string): Promise<boolean> {
  const rows = await db.all(sql`select 1 from product_search where product_search match ${`{name category} : "${word}"*`} limit 1`);
  return rows.length > 0;
}

async function knowsEveryWord(db: Database, text: string): Promise<boolean> {
  const known = [...(await vocabularyOf(db)).keys()];
  for (const word of wordsOf(text).map(folded)) {
    if (known.some((entry) => entry.startsWith(word))) continue;
    if (/^\p{N}/u.test(word) && (await namesHold(db, word))) continue;
    return false;
  }
  return true;
}

/** "chese" -> "cheese": the typed words with typos corrected against the catalog, or null. */
export async function didYouMean(db: Database, text: string, now = performance.now()): Promise<string | null> {
  const corrected = correctWords(wordsOf(text), await vocabularyOf(db, now));
  return corrected ? corrected.join(" ") : null;
}

/** The products for these ids, in the same order, still checked against the shelf rules. */
async function shelfProductsById(db: Database, ids: number[]): Promise<ShelfProduct[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select(shelfColumns)
    .from(products)
    .innerJoin(categories, eq(categories.id, products.categoryId))
    .where(and(onShelfById, inArray(products.id, ids)));
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

export type SearchSuggestions = { aisles: { name: string; slug: string }[]; popular: ShelfProduct[] };

/**
 * For a search that found nothing: the aisles whose name or description has one of the words
 * ("beer" -> Drinks), and what sells most right now.
 */
export async function searchSuggestions(db: Database, text: string, popularCount = 4): Promise<SearchSuggestions> {
  const typed = wordsIn(text);
  const rows = await db
    .select({ name: categories.name, slug: categories.slug, description: categories.description })
    .from(categories)
    .where(eq(categories.status, "active"));
  const aisles = rows
    .filter((row) => {
      const words = wordsIn(`${row.name} ${row.description ?? ""}`);
      return typed.some((word) => word.length >= 3 && words.some((known) => known.startsWith(word) || word.startsWith(known) && known.length >= 4));
    })
    .map(({ name, slug }) => ({ name, slug }));
  const popular = await db
    .select(shelfColumns)
    .from(products)
    .innerJoin(categories, eq(categories.id, products.categoryId))
    .where(and(onShelf, sql`${products.stock} > 0`))
    .orderBy(sql`${products.sold} desc`, sql`${products.id} desc`)
    .limit(popularCount);
  return { aisles, popular: popular.map(toShelfProduct) };
}
