import { z } from "zod";
import type { Product } from "../../db/schema";
import { centsToInput, parseMoney } from "../../values/money";
import { parseThousandths, thousandthsToInput } from "../../values/quantity";
import { readDayField, type DayFormat } from "../../values/day-format";
import { amountProblem, categoryId, pieceWeightProblem, piecePriceCents, priceProblem, productDescription, productName, productRuleIssues, productUnit, type ProductInput } from "./contract";

/** The back office's product forms: text in, the product contract's values (contract.ts) out. */

/**
 * A day or nothing: the back office's editor reads the store's own way of writing a day (24/12/2026
 * in en-IE) and YYYY-MM-DD alike; without a day format (the catalog CSV) only YYYY-MM-DD.
 */
const optionalDate = (days?: DayFormat) =>
  z
    .string({ message: "Enter the date as text." })
    .default("")
    .transform((text, ctx) => {
      const reading = readDayField(text, days);
      if (reading.ok) return reading.iso;
      ctx.addIssue({ code: "custom", message: reading.message });
      return z.NEVER;
    });

const money = z
  .string({ message: "Enter a price such as 3.20." })
  .transform((value, ctx) => {
    const cents = parseMoney(value);
    if (cents === null) {
      ctx.addIssue({ code: "custom", message: "Enter a price such as 3.20 (at most 2 decimals)." });
      return z.NEVER;
    }
    const problem = priceProblem(cents);
    if (problem) {
      ctx.addIssue({ code: "custom", message: problem });
      return z.NEVER;
    }
    return cents;
  });

/** A price that may be left empty (a piece priced by weight works its own out): null when empty. */
const optionalMoney = z
  .string({ message: "Enter a price such as 3.20." })
  .default("")
  .transform((value, ctx) => {
    if (!value.trim()) return null;
    const cents = parseMoney(value);
    const problem = cents === null ? "Enter a price such as 3.20 (at most 2 decimals)." : priceProblem(cents);
    if (problem) {
      ctx.addIssue({ code: "custom", message: problem });
      return z.NEVER;
    }
    return cents!;
  });

/** Whole grams, such as 1200, or null when empty. */
const optionalGrams = z
  .string({ message: "Enter the weight in grams." })
  .default("")
  .transform((text, ctx) => {
    const trimmed = text.trim();
    if (!trimmed) return null;
    const grams = /^\d{1,9}$/.test(trimmed) ? Number(trimmed) : Number.NaN;
    const problem = Number.isNaN(grams) ? "Give the estimated weight in whole grams, such as 1200." : pieceWeightProblem(grams);
    if (problem) {
      ctx.addIssue({ code: "custom", message: problem });
      return z.NEVER;
    }
    return grams;
  });

const quantity = (label: string, options: { positive: boolean }) =>
  z
    .string({ message: `Enter the ${label}.` })
    .transform((value, ctx) => {
      const milli = parseThousandths(value === "" && !options.positive ? "0" : value);
      if (milli === null) {
        ctx.addIssue({ code: "custom", message: `Enter the ${label} as a number with at most 3 decimals, such as 0.25.` });
        return z.NEVER;
      }
      const problem = amountProblem(label, milli, options);
      if (problem) {
        ctx.addIssue({ code: "custom", message: problem });
        return z.NEVER;
      }
      return milli;
    });

const productFields = (days?: DayFormat) => z.object({
  name: productName,
  description: productDescription.default(""),
  category_id: z.coerce.number({ message: "Choose a category." }).pipe(categoryId),
  price: optionalMoney,
  unit: productUnit,
  step: quantity("step", { positive: true }),
  low_stock_threshold: quantity("low-stock threshold", { positive: false }).default(0),
  stock: quantity("opening stock", { positive: false }).default(0),
  best_before: optionalDate(days),
  packed_on: optionalDate(days),
  price_per_kg: optionalMoney,
  estimated_weight_g: optionalGrams,
});

/** Every product form: fields, then the rules that tie them together (unit vs step, dates). */
export const productFormFor = (days?: DayFormat) =>
  productFields(days).transform((fields, ctx): ProductInput => {
    // A piece priced by weight may leave its price empty: it is its price per kg times its weight.
    const worked = fields.price_per_kg !== null && fields.estimated_weight_g !== null ? piecePriceCents(fields.price_per_kg, fields.estimated_weight_g) : null;
    const product = { ...fields, price: fields.price ?? worked ?? 0 };
    const issues = productRuleIssues(product).filter((issue) => fields.price !== null || issue.path !== "price");
    if (fields.price === null && worked === null && !issues.some((issue) => issue.path === "price_per_kg" || issue.path === "estimated_weight_g")) {
      issues.push({ path: "price", message: "Enter a price such as 3.20." });
    }
    for (const issue of issues) ctx.addIssue({ code: "custom", path: [issue.path], message: issue.message });
    return product;
  }) satisfies z.ZodType<ProductInput, unknown>;

/** The catalog CSV's reading: days as YYYY-MM-DD. */
export const productForm = productFormFor();

export type { ProductInput };

export const priceCellForm = z.object({ price: money });
export const thresholdCellForm = z.object({ low_stock_threshold: quantity("low-stock threshold", { positive: false }) });

/** A product as the text its form (and a catalog CSV record) reads back: the inverse of `productForm`. */
export function productTextValues(product: Product, days?: DayFormat) {
  const day = (iso: string | null) => (iso ? (days ? days.input(iso) : iso) : "");
  return {
    name: product.name,
    description: product.description,
    price: centsToInput(product.priceCents),
    unit: product.unit,
    step: thousandthsToInput(product.step),
    low_stock_threshold: thousandthsToInput(product.lowStockThreshold),
    best_before: day(product.bestBefore),
    packed_on: day(product.packedOn),
    price_per_kg: product.pricePerKgCents === null ? "" : centsToInput(product.pricePerKgCents),
    estimated_weight_g: product.estimatedWeightGrams === null ? "" : String(product.estimatedWeightGrams),
  };
}
