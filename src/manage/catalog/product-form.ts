import { z } from "zod";
import { UNITS, type Unit } from "../../db/schema";

/** "3.20" -> 320 cents, by string arithmetic so no float ever touches money. */
export function parseMoney(text: string): number | null {
  const match = /^\s*(\d{1,7})(?:[.,](\d{1,2}))?\s*$/.exec(text);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
}

/** "0.25" -> 250 thousandths of the unit; at most 3 decimals. */
export function parseThousandths(text: string): number | null {
  const match = /^\s*(\d{1,9})(?:[.,](\d{1,3}))?\s*$/.exec(text);
  if (!match) return null;
  return Number(match[1]) * 1000 + Number((match[2] ?? "").padEnd(3, "0"));
}

/** 320 -> "3.20", for putting a price back into a form. */
export const centsToInput = (cents: number) => `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
/** 250 -> "0.25", 3000 -> "3". */
export const thousandthsToInput = (milli: number) => {
  const whole = Math.trunc(milli / 1000);
  const rest = milli % 1000;
  return rest === 0 ? String(whole) : `${whole}.${String(rest).padStart(3, "0").replace(/0+$/, "")}`;
};

/** Units counted in whole numbers; the others (kg, l) go to the thousandth. */
const WHOLE_UNITS: ReadonlySet<Unit> = new Set(["each", "dozen", "g", "ml"]);
export const isWholeUnit = (unit: Unit) => WHOLE_UNITS.has(unit);

const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-12-31.")
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), "That date does not exist.");

const optionalDate = z.union([z.literal("").transform(() => null), isoDate]).default("").transform((value) => value || null);

const money = z
  .string({ message: "Enter a price such as 3.20." })
  .transform((value, ctx) => {
    const cents = parseMoney(value);
    if (cents === null) {
      ctx.addIssue({ code: "custom", message: "Enter a price such as 3.20 (at most 2 decimals)." });
      return z.NEVER;
    }
    if (cents <= 0) {
      ctx.addIssue({ code: "custom", message: "The price must be more than 0." });
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
      if (options.positive && milli <= 0) {
        ctx.addIssue({ code: "custom", message: `The ${label} must be more than 0.` });
        return z.NEVER;
      }
      return milli;
    });

const productFields = z.object({
  name: z.string().trim().min(2, "Give the product a name of at least 2 characters.").max(80, "Keep the name under 80 characters."),
  description: z.string().trim().max(1000, "Keep the description under 1000 characters.").default(""),
  category_id: z.coerce.number({ message: "Choose a category." }).int("Choose a category.").positive("Choose a category."),
  price: money,
  unit: z.enum(UNITS, { message: "Choose a unit: each, kg, g, l, ml or dozen." }),
  step: quantity("step", { positive: true }),
  low_stock_threshold: quantity("low-stock threshold", { positive: false }).default(0),
  stock: quantity("opening stock", { positive: false }).default(0),
  best_before: optionalDate,
  packed_on: optionalDate,
});

/** Every product form: fields, then the rules that tie them together (unit vs step, dates). */
export const productForm = productFields.superRefine((product, ctx) => {
  if (isWholeUnit(product.unit)) {
    for (const field of ["step", "low_stock_threshold", "stock"] as const) {
      if (product[field] % 1000 !== 0) {
        ctx.addIssue({ code: "custom", path: [field], message: `Products sold by ${product.unit === "each" ? "the item" : product.unit} use whole numbers: no decimals here.` });
      }
    }
  }
  if (product.best_before && product.packed_on && product.best_before <= product.packed_on) {
    ctx.addIssue({ code: "custom", path: ["best_before"], message: "Best-before must be after the packed-on date." });
  }
});

export type ProductInput = z.infer<typeof productForm>;

export const priceCellForm = z.object({ price: money });
export const thresholdCellForm = z.object({ low_stock_threshold: quantity("low-stock threshold", { positive: false }) });
