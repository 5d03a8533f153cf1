import { z } from "zod";
import { UNITS, type Unit } from "../../db/schema";
import { isDay } from "../../values/day";
import { parseMoney } from "../../values/money";
import { parseThousandths } from "../../values/quantity";

/** Units counted in whole numbers; the others (kg, l) go to the thousandth. */
const WHOLE_UNITS: ReadonlySet<Unit> = new Set(["each", "dozen", "g", "ml"]);
export const isWholeUnit = (unit: Unit) => WHOLE_UNITS.has(unit);

export const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-12-31.")
  .refine(isDay, "That date does not exist.");

const optionalDate = z.union([z.literal("").transform(() => null), isoDate]).default("").transform((value) => value || null);

/** The rule on a price once read (in cents), for the forms and the API alike; null when it is fine. */
export const priceProblem = (cents: number): string | null => (cents <= 0 ? "The price must be more than 0." : null);

/** The rule on an amount once read (in thousandths); null when it is fine. */
export const amountProblem = (label: string, milli: number, options: { positive: boolean }): string | null =>
  options.positive && milli <= 0 ? `The ${label} must be more than 0.` : null;

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

export const productName = z.string().trim().min(2, "Give the product a name of at least 2 characters.").max(80, "Keep the name under 80 characters.");
export const productDescription = z.string().trim().max(1000, "Keep the description under 1000 characters.");

const productFields = z.object({
  name: productName,
  description: productDescription.default(""),
  category_id: z.coerce.number({ message: "Choose a category." }).int("Choose a category.").positive("Choose a category."),
  price: money,
  unit: z.enum(UNITS, { message: "Choose a unit: each, kg, g, l, ml or dozen." }),
  step: quantity("step", { positive: true }),
  low_stock_threshold: quantity("low-stock threshold", { positive: false }).default(0),
  stock: quantity("opening stock", { positive: false }).default(0),
  best_before: optionalDate,
  packed_on: optionalDate,
});

type ProductFacts = { unit: Unit; step: number; low_stock_threshold: number; stock: number; best_before: string | null; packed_on: string | null };

/** The rules that tie a product's fields together (unit vs amounts, dates), on values already read. */
export function productRuleIssues(product: ProductFacts): { path: keyof ProductFacts; message: string }[] {
  const issues: { path: keyof ProductFacts; message: string }[] = [];
  if (isWholeUnit(product.unit)) {
    for (const field of ["step", "low_stock_threshold", "stock"] as const) {
      if (product[field] % 1000 !== 0) {
        issues.push({ path: field, message: `Products sold by ${product.unit === "each" ? "the item" : product.unit} use whole numbers: no decimals here.` });
      }
    }
  }
  if (product.best_before && product.packed_on && product.best_before <= product.packed_on) {
    issues.push({ path: "best_before", message: "Best-before must be after the packed-on date." });
  }
  return issues;
}

/** Every product form: fields, then the rules that tie them together (unit vs step, dates). */
export const productForm = productFields.superRefine((product, ctx) => {
  for (const issue of productRuleIssues(product)) ctx.addIssue({ code: "custom", path: [issue.path], message: issue.message });
});

export type ProductInput = z.infer<typeof productForm>;

export const priceCellForm = z.object({ price: money });
export const thresholdCellForm = z.object({ low_stock_threshold: quantity("low-stock threshold", { positive: false }) });
