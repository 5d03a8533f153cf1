import { sql, type SQL } from "drizzle-orm";
import type { Database } from "../db/client";
import { products } from "../db/schema";
import { ALLERGENS, type Allergen } from "./food-info/allergens";
import { DIET_LABELS, type DietLabel } from "./food-info/diet";
import { foodFilterOnAlias, type FoodFilter } from "./food-info/filters";

/** fewDeclare: so few products declare their allergens that a "free from" search asks for the declared ones (declaredAreFew). */
export type Narrowing = { categoryId?: number; food?: FoodFilter; fewDeclare?: boolean };

/*
 * The search index's `facets` column (drizzle/0035 and 0036, their view product_search_rows) holds a token for
 * each thing a search narrows by, so an aisle or a food filter is part of the one FTS query. Each
 * token starts with a private-use character, which the index keeps in tokens and shoppers' words
 * never hold (matchExpression keeps letters and digits): no prefix a shopper types reaches these
 * entries of the prefix index (with a readable 'aisle12', a search for "ai" read every product's
 * entry: 23 ms at 1M products).
 */
/** The product is in this aisle. */
export const aisleToken = (categoryId: number) => `\uE000${categoryId}`;
/** The product contains, or may contain, this allergen. */
export const allergenToken = (allergen: Allergen) => `\uE001${ALLERGENS.indexOf(allergen)}`;
/** The product's allergens were never declared: it is free from nothing. */
export const UNDECLARED_TOKEN = "\uE002";
/** The product's allergens are declared (every product has this token or the one above). */
export const DECLARED_TOKEN = "\uE005";
/** The product carries this dietary label. */
export const dietToken = (label: DietLabel) => `\uE003${DIET_LABELS.indexOf(label)}`;

const quoted = (token: string) => `"${token}"`;

/**
 * The FTS5 query for a shopper's words (matchExpression): on the name, description and aisle name
 * only, never on the facets; in an aisle, with its token; with a food filter, with each dietary
 * label asked for and without "not declared" or any allergen it must be free from (the rule of
 * src/catalog/food-info/filters.ts, which tests/search-facets.test.ts holds the tokens to); when
 * few products declare their allergens, also with "declared".
 */
export function searchQuery(words: string, narrowing: Narrowing = {}): string {
  const freeFrom = narrowing.food?.freeFrom ?? [];
  const wanted = [`{name description category} : (${words})`];
  if (narrowing.categoryId) wanted.push(`facets : ${quoted(aisleToken(narrowing.categoryId))}`);
  for (const label of narrowing.food?.diet ?? []) wanted.push(`facets : ${quoted(dietToken(label))}`);
  if (freeFrom.length && narrowing.fewDeclare) wanted.push(`facets : ${quoted(DECLARED_TOKEN)}`);
  const query = wanted.join(" AND ");
  if (!freeFrom.length) return query;
  const unwanted = [UNDECLARED_TOKEN, ...freeFrom.map(allergenToken)].map(quoted).join(" OR ");
  return `(${query}) NOT facets : (${unwanted})`;
}

/** At most this many products declaring their allergens is few (see declaredAreFew). */
export const FEW_DECLARE = 1_000;

/**
 * Whether at most FEW_DECLARE products on the shelf declare their allergens (counted along the
 * index, never more than that many steps). A "free from" search then asks `AND facets : declared`:
 * FTS5 steps through the few declared products, where the NOT alone steps through every match of
 * the words to find that none passes (19-31 ms for "fresh" at 1M products). With many declared the
 * NOT alone is quicker: an AND steps along the shorter posting list and looks each step up in the
 * other (BENCHMARKS.md, "Tried and dropped"; ADR 086).
 */
export async function declaredAreFew(db: Database): Promise<boolean> {
  const [row] = await db.all<{ n: number }>(sql`
    select count(*) as n from (select rowid from product_search where product_search match ${`facets : ${quoted(DECLARED_TOKEN)}`} limit ${FEW_DECLARE + 1})`);
  return (row?.n ?? 0) <= FEW_DECLARE;
}

/** The narrowing of a search as the index is asked it: with fewDeclare worked out when it filters by allergens. */
export async function narrowingOf(db: Database, options: Narrowing): Promise<Narrowing> {
  const fewDeclare = options.food?.freeFrom.length ? await declaredAreFew(db) : false;
  return { categoryId: options.categoryId, food: options.food, fewDeclare };
}

/** A search's aisle and food filter on a products alias (the trigram index has no facets). */
function narrowedTo(options: Narrowing, alias: string): SQL | undefined {
  const parts = [options.categoryId ? sql`${sql.raw(alias)}.category_id = ${options.categoryId}` : undefined, foodFilterOnAlias(options.food, alias)].filter(
    (part): part is SQL => part !== undefined,
  );
  return parts.length ? sql.join(parts, sql` and `) : undefined;
}

/*
 * For the trigram index (typos): the aisle and food filter as a CROSS JOIN on products, which makes
 * SQLite walk the FTS matches and look each product up; the other way round (every product probing
 * the FTS index) is a thousand times slower.
 */
export function inAisle(options: Narrowing, rowid = sql.raw("s.rowid")): SQL {
  const narrowing = narrowedTo(options, "p");
  return narrowing ? sql`cross join ${products} p on p.id = ${rowid} and ${narrowing}` : sql``;
}
