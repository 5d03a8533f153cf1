import { sql, type SQL } from "drizzle-orm";
import { products } from "../db/schema";
import { ALLERGENS, type Allergen } from "./food-info/allergens";
import { DIET_LABELS, type DietLabel } from "./food-info/diet";
import { foodFilterOnAlias, type FoodFilter } from "./food-info/filters";

type Narrowing = { categoryId?: number; food?: FoodFilter };

/*
 * The search index's `facets` column (drizzle/0035, its view product_search_rows) holds a token for
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
/** The product carries this dietary label. */
export const dietToken = (label: DietLabel) => `\uE003${DIET_LABELS.indexOf(label)}`;

const quoted = (token: string) => `"${token}"`;

/**
 * The FTS5 query for a shopper's words (matchExpression): on the name, description and aisle name
 * only, never on the facets; in an aisle, with its token; with a food filter, with each dietary
 * label asked for and without "not declared" or any allergen it must be free from (the rule of
 * src/catalog/food-info/filters.ts, which tests/search-facets.test.ts holds the tokens to).
 */
export function searchQuery(words: string, narrowing: Narrowing = {}): string {
  const wanted = [`{name description category} : (${words})`];
  if (narrowing.categoryId) wanted.push(`facets : ${quoted(aisleToken(narrowing.categoryId))}`);
  for (const label of narrowing.food?.diet ?? []) wanted.push(`facets : ${quoted(dietToken(label))}`);
  const query = wanted.join(" AND ");
  const freeFrom = narrowing.food?.freeFrom ?? [];
  if (!freeFrom.length) return query;
  const unwanted = [UNDECLARED_TOKEN, ...freeFrom.map(allergenToken)].map(quoted).join(" OR ");
  return `(${query}) NOT facets : (${unwanted})`;
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
