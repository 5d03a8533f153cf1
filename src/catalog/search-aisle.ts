import { sql, type SQL } from "drizzle-orm";
import { products } from "../db/schema";
import { foodFilterOnAlias, type FoodFilter } from "./food-info/filters";

type Narrowing = { categoryId?: number; food?: FoodFilter };

/**
 * An aisle's token in the search index's `aisle` column (drizzle/0035 writes it as char(57344) ||
 * id): a search in an aisle is one FTS query, its words and the aisle's token. It starts with
 * U+E000, a private-use character the index keeps in tokens and shoppers' words never hold
 * (matchExpression keeps letters and digits), so no prefix a shopper types reaches these entries:
 * with 'aisle12', a search for "ai" read every product's entry (23 ms at 1M products).
 */
export const aisleToken = (categoryId: number) => `\uE000${categoryId}`;

/**
 * The FTS5 query for a shopper's words (matchExpression): on the name, description and aisle name
 * only, never on the aisle tokens; in an aisle, with that aisle's token.
 */
export function searchQuery(words: string, categoryId?: number): string {
  const query = `{name description category} : (${words})`;
  return categoryId ? `${query} AND aisle : "${aisleToken(categoryId)}"` : query;
}

/** A search's food filter on a products alias, or undefined when it has none (the aisle is in the FTS query). */
export const foodNarrowing = (options: Narrowing, alias: string): SQL | undefined => foodFilterOnAlias(options.food, alias);

/*
 * A food filter joins products with CROSS JOIN, which makes SQLite walk the FTS matches and
 * look each product up; the other way round (every product probing the FTS index) is a thousand
 * times slower.
 */
export function withFoodFilter(options: Narrowing, rowid = sql.raw("s.rowid")): SQL {
  const narrowing = foodNarrowing(options, "p");
  return narrowing ? sql`cross join ${products} p on p.id = ${rowid} and ${narrowing}` : sql``;
}

/** A search's aisle and food filter on a products alias (the trigram index has no aisle tokens). */
export function narrowedTo(options: Narrowing, alias: string): SQL | undefined {
  const parts = [options.categoryId ? sql`${sql.raw(alias)}.category_id = ${options.categoryId}` : undefined, foodNarrowing(options, alias)].filter(
    (part): part is SQL => part !== undefined,
  );
  return parts.length ? sql.join(parts, sql` and `) : undefined;
}

/** The aisle and food filter as a CROSS JOIN on products, for the trigram index. */
export function inAisle(options: Narrowing, rowid = sql.raw("s.rowid")): SQL {
  const narrowing = narrowedTo(options, "p");
  return narrowing ? sql`cross join ${products} p on p.id = ${rowid} and ${narrowing}` : sql``;
}
