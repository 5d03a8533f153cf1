import { and, eq, inArray } from "drizzle-orm";
import { searchShelf } from "../catalog/search";
import type { Database } from "../db/client";
import { products, type Unit } from "../db/schema";
import type { OrderWithItems } from "./queries";

/*
 * Products a shopper can add to an order on its change page (ADR 038): found by the shop's own
 * search, and the ones already picked in the form (fields add_<product id>), without the products
 * the order already holds (those are changed in place). Adding goes through changeOrder like
 * every other change.
 */

export type AddCandidate = { productId: number; name: string; unit: Unit; priceCents: number; step: number; soldOut: boolean };

const SEARCH_LIMIT = 8;

const candidateOf = (product: { id: number; name: string; unit: Unit; priceCents: number; step: number; stock: number }): AddCandidate => ({
  productId: product.id,
  name: product.name,
  unit: product.unit,
  priceCents: product.priceCents,
  step: product.step,
  soldOut: product.stock < product.step,
});

/** The add_<id> fields of a form whose id is a number. */
export const chosenAdditionIds = (values: Record<string, string>) =>
  Object.keys(values)
    .map((name) => /^add_(\d{1,12})$/.exec(name)?.[1])
    .filter((id): id is string => id !== undefined)
    .map(Number);

export async function additionChoices(db: Database, order: OrderWithItems, searchText: string, chosenIds: number[]): Promise<{ chosen: AddCandidate[]; found: AddCandidate[] }> {
  const onOrder = new Set(order.items.map((item) => item.productId));
  const ids = chosenIds.filter((id) => !onOrder.has(id));
  const chosen = ids.length ? (await db.select().from(products).where(and(inArray(products.id, ids), eq(products.active, true)))).map(candidateOf) : [];
  const text = searchText.trim().slice(0, 100);
  if (!text) return { chosen, found: [] };
  const result = await searchShelf(db, { text, sort: "relevance", limit: SEARCH_LIMIT + onOrder.size });
  const shown = new Set(chosen.map((candidate) => candidate.productId));
  const found = result.products.filter((product) => !onOrder.has(product.id) && !shown.has(product.id)).slice(0, SEARCH_LIMIT).map(candidateOf);
  return { chosen, found };
}
