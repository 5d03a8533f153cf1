import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../db/client";
import { products } from "../db/schema";

/*
 * Confirming the ordered item by its barcode (GTIN/EAN): the picker scans it with a keyboard-wedge
 * scanner (which types the digits and presses Enter) or types it. A barcode of another product, or
 * of none, is refused with what it is; the right one confirms the line as it is recorded.
 */

/** The optional scanned barcode of a line's form or API body: digits only (spaces from typing dropped). */
export const scannedBarcode = z
  .union([z.literal(""), z.null(), z.string().max(40, "A barcode is 8 to 14 digits.")])
  .optional()
  .transform((value, ctx) => {
    const digits = (value ?? "").replace(/\s+/g, "");
    if (digits === "") return null;
    if (!/^\d{8,14}$/.test(digits)) {
      ctx.addIssue({ code: "custom", message: "A barcode is 8 to 14 digits." });
      return z.NEVER;
    }
    return digits;
  });

/** Why `barcode` does not confirm the ordered product, or null when it is that product's. */
export async function barcodeMismatch(db: Database, ordered: { productId: number; name: string }, barcode: string): Promise<string | null> {
  const [own] = await db.select({ gtin: products.gtin }).from(products).where(eq(products.id, ordered.productId));
  if (own?.gtin === barcode) return null;
  const [other] = await db.select({ name: products.name }).from(products).where(eq(products.gtin, barcode));
  if (other) return `Wrong item: ${barcode} is ${other.name}, not ${ordered.name}. Pick ${ordered.name}.`;
  if (!own?.gtin) return `${ordered.name} has no barcode on file: check it by its label instead.`;
  return `Wrong item: no product has the barcode ${barcode}; ${ordered.name} is ${own.gtin}.`;
}
