import { sql, type SQL } from "drizzle-orm";
import { z } from "@hono/zod-openapi";
import { products } from "../../db/schema";
import { allergenMask, ALLERGENS, type Allergen } from "./allergens";
import { DIET_LABELS, dietMask, type DietLabel } from "./diet";

/*
 * "Free from" and dietary filters: the same reading for the aisle and search pages and the API
 * (?free_from=milk&free_from=peanuts or ?free_from=milk,peanuts; ?diet=vegan). A product is free
 * from an allergen only when its allergens were declared and it neither contains nor may contain
 * it: a product without allergen information never passes a "free from" filter.
 */
export type FoodFilter = { freeFrom: Allergen[]; diet: DietLabel[] };
export const NO_FOOD_FILTER: FoodFilter = { freeFrom: [], diet: [] };

const listOf = <T extends string>(values: readonly T[], what: string) =>
  z
    .preprocess(
      (value) =>
        (value === undefined ? [] : Array.isArray(value) ? value : [value])
          .flatMap((item) => String(item).split(","))
          .map((item) => item.trim().toLowerCase())
          .filter(Boolean),
      z.array(z.string()).max(values.length * 2, `at most ${values.length} ${what} values`),
    )
    .superRefine((items, ctx) => {
      const unknown = items.filter((item) => !(values as readonly string[]).includes(item));
      if (unknown.length) ctx.addIssue({ code: "custom", message: `${unknown.join(", ").slice(0, 60)} is not one of: ${values.join(", ")}` });
    })
    // One order whatever order the URL had: the same filter is the same page (and cache entry).
    .transform((items) => values.filter((value) => items.includes(value)));

export const freeFromParam = listOf(ALLERGENS, "free_from");
export const dietParam = listOf(DIET_LABELS, "diet");

export const foodFilterFields = { free_from: freeFromParam, diet: dietParam };

export const toFoodFilter = (query: { free_from: Allergen[]; diet: DietLabel[] }): FoodFilter => ({ freeFrom: query.free_from, diet: query.diet });

export const hasFoodFilter = (filter: FoodFilter | undefined): filter is FoodFilter => Boolean(filter && (filter.freeFrom.length || filter.diet.length));

/** The filter on the products table (Drizzle queries). */
export function foodFilterSql(filter: FoodFilter | undefined): SQL | undefined {
  if (!hasFoodFilter(filter)) return undefined;
  return foodFilterOn(filter, {
    declared: sql`${products.allergensDeclared}`,
    contains: sql`${products.containsAllergens}`,
    mayContain: sql`${products.mayContainAllergens}`,
    diet: sql`${products.dietLabels}`,
  });
}

/** The filter on a products alias in hand-written SQL (search: `p`). */
export function foodFilterOnAlias(filter: FoodFilter | undefined, alias: string): SQL | undefined {
  if (!hasFoodFilter(filter)) return undefined;
  const column = (name: string) => sql.raw(`${alias}.${name}`);
  return foodFilterOn(filter, { declared: column("allergens_declared"), contains: column("contains_allergens"), mayContain: column("may_contain_allergens"), diet: column("diet_labels") });
}

function foodFilterOn(filter: FoodFilter, columns: { declared: SQL; contains: SQL; mayContain: SQL; diet: SQL }): SQL {
  const parts: SQL[] = [];
  if (filter.freeFrom.length) {
    const mask = allergenMask(filter.freeFrom);
    parts.push(sql`${columns.declared} = 1 and ((${columns.contains} | ${columns.mayContain}) & ${sql.raw(String(mask))}) = 0`);
  }
  if (filter.diet.length) {
    const mask = dietMask(filter.diet);
    parts.push(sql`(${columns.diet} & ${sql.raw(String(mask))}) = ${sql.raw(String(mask))}`);
  }
  return sql.join(parts, sql` and `);
}

/** The filter as URL parameters, in their one order. */
export function foodFilterParams(filter: FoodFilter, params: URLSearchParams): URLSearchParams {
  for (const allergen of filter.freeFrom) params.append("free_from", allergen);
  for (const label of filter.diet) params.append("diet", label);
  return params;
}

/** Hono gives repeated query parameters as arrays only through queries(): the page routes read them here. */
export function queryWithLists(all: Record<string, string>, lists: Record<string, string[]>): Record<string, string | string[]> {
  return { ...all, free_from: lists.free_from ?? [], diet: lists.diet ?? [] };
}
