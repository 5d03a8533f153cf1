import { z } from "zod";
import { UNITS, type Unit } from "../../db/schema";
import { isDay } from "../../values/day";
import { centsToInput } from "../../values/money";

/*
 * A product write, one contract whichever way it arrives: the back office's form (form.ts) reads
 * text, the API (api-body.ts) reads JSON numbers, and both end in a `ProductInput` checked by the
 * same field rules and `productRuleIssues` below, so the web and the API can't disagree.
 */

/** Units counted in whole numbers; the others (kg, l) go to the thousandth. */
const WHOLE_UNITS: ReadonlySet<Unit> = new Set(["each", "dozen", "g", "ml"]);
export const isWholeUnit = (unit: Unit) => WHOLE_UNITS.has(unit);

/** A product sold in whole units takes no decimals (amounts in thousandths); null when it is fine. */
export const wholeUnitProblem = (unit: Unit, milli: number): string | null =>
  isWholeUnit(unit) && milli % 1000 !== 0 ? `Products sold by ${unit === "each" ? "the item" : unit} use whole numbers: no decimals here.` : null;

export const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-12-31.")
  .refine(isDay, "That date does not exist.");

/** The rule on a price once read (in cents), for the forms and the API alike; null when it is fine. */
export const priceProblem = (cents: number): string | null => (cents <= 0 ? "The price must be more than 0." : null);

/** The rule on an amount once read (in thousandths); null when it is fine. */
export const amountProblem = (label: string, milli: number, options: { positive: boolean }): string | null =>
  options.positive && milli <= 0 ? `The ${label} must be more than 0.` : null;

export const productName = z.string().trim().min(2, "Give the product a name of at least 2 characters.").max(80, "Keep the name under 80 characters.");
export const productDescription = z.string().trim().max(1000, "Keep the description under 1000 characters.");
export const productUnit = z.enum(UNITS, { message: "Choose a unit: each, kg, g, l, ml or dozen." });
/** The category's id once read as a number (the form coerces its text first). */
export const categoryId = z.number({ message: "Choose a category." }).int("Choose a category.").positive("Choose a category.");

/** A product as it is saved, whichever way it was entered: cents and thousandths, dates as YYYY-MM-DD. */
export type ProductInput = {
  name: string;
  description: string;
  category_id: number;
  price: number;
  unit: Unit;
  step: number;
  low_stock_threshold: number;
  stock: number;
  best_before: string | null;
  packed_on: string | null;
  /** A piece priced by weight (ADR 028): its price per kg in cents and a piece's estimated weight in grams, or both null. */
  price_per_kg: number | null;
  estimated_weight_g: number | null;
};

/** The estimated price of a piece priced by weight, rounded half up to the cent, as the database holds it. */
export const piecePriceCents = (perKgCents: number, grams: number) => Math.floor((perKgCents * grams + 500) / 1000);

/** The heaviest piece a shop sells by the piece: 50 kg. */
export const MAX_PIECE_GRAMS = 50_000;

/** The rule on an estimated weight once read (whole grams); null when it is fine. */
export const pieceWeightProblem = (grams: number): string | null =>
  !Number.isInteger(grams) ? "Give the estimated weight in whole grams, such as 1200." : grams <= 0 ? "The estimated weight must be more than 0 g." : grams > MAX_PIECE_GRAMS ? "A piece can weigh at most 50000 g (50 kg)." : null;

type ProductFacts = Pick<ProductInput, "unit" | "step" | "low_stock_threshold" | "stock" | "best_before" | "packed_on" | "price" | "price_per_kg" | "estimated_weight_g">;

/** The rules that tie a product's fields together (unit vs amounts, dates), on values already read. */
export function productRuleIssues(product: ProductFacts): { path: keyof ProductFacts; message: string }[] {
  const issues: { path: keyof ProductFacts; message: string }[] = [];
  for (const field of ["step", "low_stock_threshold", "stock"] as const) {
    const problem = wholeUnitProblem(product.unit, product[field]);
    if (problem) issues.push({ path: field, message: problem });
  }
  if (product.best_before && product.packed_on && product.best_before <= product.packed_on) {
    issues.push({ path: "best_before", message: "Best-before must be after the packed-on date." });
  }
  issues.push(...weighedPieceIssues(product));
  return issues;
}

/** A piece priced by weight: both figures or neither, sold by the item, and the piece's price worked out from them. */
function weighedPieceIssues(product: ProductFacts): { path: keyof ProductFacts; message: string }[] {
  const { price_per_kg: perKg, estimated_weight_g: grams } = product;
  if (perKg === null && grams === null) return [];
  if (perKg === null) return [{ path: "price_per_kg", message: "Give the price per kg too, or clear the estimated weight." }];
  if (grams === null) return [{ path: "estimated_weight_g", message: "Give the estimated weight of a piece too, or clear the price per kg." }];
  if (product.unit !== "each") return [{ path: "unit", message: "A piece priced by weight is sold by the item: choose each, or clear the price per kg." }];
  const price = piecePriceCents(perKg, grams);
  if (product.price !== price) {
    return [{ path: "price", message: `A piece priced by weight costs its price per kg times its estimated weight: ${centsToInput(price)} here.` }];
  }
  return [];
}
