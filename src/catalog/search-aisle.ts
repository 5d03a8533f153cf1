import { sql, type SQL } from "drizzle-orm";
import { products } from "../db/schema";
import { foodFilterOnAlias, type FoodFilter } from "./food-info/filters";

type Narrowing = { categoryId?: number; food?: FoodFilter };

/** A search's aisle and food filter on a products alias, or undefined when it has neither. */
export function narrowedTo(options: Narrowing, alias: string): SQL | undefined {
  const parts = [options.categoryId ? sql`${sql.raw(alias)}.category_id = ${options.categoryId}` : undefined, foodFilterOnAlias(options.food, alias)].filter(
    (part): part is SQL => part !== undefined,
  );
  return parts.length ? sql.join(parts, sql` and `) : undefined;
}

/*
 * An aisle filter joins products with CROSS JOIN, which makes SQLite walk the FTS matches and
 * look each product up; the other way round (every product of the aisle probing the FTS index) is
 * a thousand times slower.
 */
export function inAisle(options: Narrowing, rowid = sql.raw("s.rowid")): SQL {
  const narrowing = narrowedTo(options, "p");
  return narrowing ? sql`cross join ${products} p on p.id = ${rowid} and ${narrowing}` : sql``;
}
