import { and, asc, eq, gt, like, ne, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../db/client";
import { products } from "../db/schema";
import type { SubstituteProduct } from "./final-amounts";
import type { PickListLine } from "./lists";

/*
 * Substitutes a picker may choose for a line: products on sale and on the shelf, other than the
 * one ordered, found by name or by barcode (typed, or scanned with a keyboard-wedge scanner); with
 * no search, suggestions from the line's own aisle. What a substitute costs the shopper is decided
 * by the final-amount rules (ADR 029: never more than the part of the line it replaces); the list
 * shows both the shelf price and that cap.
 */

export const substituteSearchInput = z.object({
  q: z.string().trim().max(100, "Search with at most 100 characters.").optional().default(""),
});

/** A product that may go in a line's place: the substitute as final amounts price it (less its VAT), with what the picker sees. */
export type SubstituteCandidate = Omit<SubstituteProduct, "vatRateBp"> & {
  gtin: string | null;
  stock: number;
  sameAisle: boolean;
};

const LIMIT = 12;
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (ch) => `\\${ch}`);

export async function substituteCandidates(db: Database, line: Pick<PickListLine, "productId">, query: string): Promise<SubstituteCandidate[]> {
  const [ordered] = await db.select({ categoryId: products.categoryId }).from(products).where(eq(products.id, line.productId));
  const aisle = ordered?.categoryId ?? -1;
  const text = query.trim();
  const found = text
    ? /^\d{8,14}$/.test(text)
      ? eq(products.gtin, text)
      : or(like(products.name, `%${escapeLike(text)}%`), eq(products.gtin, text))
    : eq(products.categoryId, aisle);
  const rows = await db
    .select({
      productId: products.id,
      name: products.name,
      unit: products.unit,
      priceCents: products.priceCents,
      pricePerKgCents: products.pricePerKgCents,
      estimatedWeightGrams: products.estimatedWeightGrams,
      gtin: products.gtin,
      stock: products.stock,
      sameAisle: sql<number>`${products.categoryId} = ${aisle}`,
    })
    .from(products)
    .where(and(eq(products.active, true), gt(products.stock, 0), ne(products.id, line.productId), found))
    .orderBy(sql`${products.categoryId} = ${aisle} desc`, asc(products.name))
    .limit(LIMIT);
  return rows.map((row) => ({ ...row, sameAisle: Boolean(row.sameAisle) }));
}
