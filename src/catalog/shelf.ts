import { and, sql } from "drizzle-orm";
import { categories, products } from "../db/schema";

/*
 * "On the shelf", written once: what shoppers see, put in a cart, save and order. A category is on
 * the shelf when it is active (approved, not retired); a product when it is active and its category
 * is on the shelf. Every page, the API, the cart, the wishlist and checkout read these.
 */

/*
 * Written as constants, not bound values: SQLite matches the shelf's partial indexes (`WHERE
 * active = 1`) when it compiles the statement, instead of looking at a bound value at every run,
 * which recompiled the statement each time (ADR 074).
 */

/** An aisle shoppers see. */
export const categoryOnShelf = sql`${categories.status} = 'active'`;

/** The product's own half of the rule (for a query that checks its category another way). */
export const productActive = sql`${products.active} = 1`;

/** A product shoppers may see and buy (the query joins its category). */
export const onShelf = and(productActive, categoryOnShelf)!;

/**
 * The same rule for products read by id: `+active` keeps SQLite from walking an (active, …) index
 * for it, which a store without statistics (never ANALYZEd) otherwise does, reading every active
 * product to find a page's 24 (ADR 069).
 */
export const onShelfById = and(sql`+${products.active} = 1`, categoryOnShelf)!;

/** The same rule as a column, for rows read whether or not they are on the shelf (cart lines). */
export const onShelfColumn = () => sql<boolean>`(${onShelf})`.mapWith(Boolean);
