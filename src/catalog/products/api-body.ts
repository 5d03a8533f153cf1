import { z } from "@hono/zod-openapi";
import type { Product } from "../../db/schema";
import { parseThousandths } from "../../values/quantity";
import { amountProblem, categoryId, isoDate, pieceWeightProblem, piecePriceCents, priceProblem, productDescription, productName, productRuleIssues, productUnit, type ProductInput } from "./contract";
import { ApiProblem, problemType } from "../../api/problem";

/*
 * A product as the API receives it: JSON numbers (cents, amounts in the unit) instead of the
 * form's strings. Reading the JSON is the API's; every rule after that is the product contract's
 * (contract.ts), which the back office's form reads too, so the web and the API can't disagree.
 */

/** 0.25 -> 250 thousandths, through the same exact reading as the forms (no float arithmetic). */
export const amountToMilli = (value: number) => parseThousandths(String(value));

/** The forms read at most 9 digits before the point: a billion of any unit is no amount a shop has. */
export const AMOUNT_LIMIT = 1_000_000_000;
export const tooLargeAmount = `must be less than ${AMOUNT_LIMIT} in the product's unit`;

const amount = (label: string, options: { positive: boolean }, example: number) =>
  z
    .number({ message: "must be a number in the product's unit" })
    .superRefine((value, ctx) => {
      const milli = amountToMilli(value);
      const problem =
        value < 0
          ? "can't be negative"
          : value >= AMOUNT_LIMIT
            ? tooLargeAmount
            : milli === null
              ? "must be a number with at most 3 decimals, such as 0.25"
              : amountProblem(label, milli, options);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .openapi({ example });

const priceCents = z
  .number({ message: "must be a whole number of cents" })
  // First, and alone: 1e300 is whole, but too big to be a price (zod's int() would call it not whole).
  .max(999_999_999, { message: "must be at most 999999999 cents", abort: true })
  .int("must be a whole number of cents")
  .superRefine((cents, ctx) => {
    const problem = priceProblem(cents);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  .openapi({ description: "Price per unit in cents; more than 0.", example: 189 });

const pricePerKgCents = z
  .number({ message: "must be a whole number of cents, or null" })
  .max(999_999_999, { message: "must be at most 999999999 cents", abort: true })
  .int("must be a whole number of cents")
  .superRefine((cents, ctx) => {
    const problem = priceProblem(cents);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  .nullable()
  .openapi({ description: "A piece priced by weight (unit each): its price per kg in cents, with estimated_weight_g; null for neither. price_cents is then a piece's estimate, worked out when left out.", example: 749 });

const estimatedWeightGrams = z
  .number({ message: "must be a whole number of grams, or null" })
  .superRefine((grams, ctx) => {
    const problem = pieceWeightProblem(grams);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  .nullable()
  .openapi({ description: "A piece priced by weight: a piece's estimated weight in whole grams (at most 50000), with price_per_kg_cents.", example: 1200 });

const date = (description: string, example: string) => isoDate.nullable().openapi({ description, example });

/** Names each field the product doesn't have (zod's strict mode would only blame the whole body). */
const refuseUnknown = (known: string[], message: string) => (body: Record<string, unknown>, ctx: z.RefinementCtx) => {
  for (const key of Object.keys(body)) if (!known.includes(key)) ctx.addIssue({ code: "custom", path: [key], message });
};

const fields = {
  name: productName,
  description: productDescription,
  // describe() makes a copy after the OpenAPI extension is loaded, so it can carry .openapi().
  category_id: categoryId.describe("An active category.").openapi({ example: 1 }),
  price_cents: priceCents,
  unit: productUnit,
  step: amount("step", { positive: true }, 0.25).openapi({ description: "Smallest amount sold, in the unit; whole numbers for each/dozen/g/ml." }),
  low_stock_threshold: amount("low-stock threshold", { positive: false }, 2).openapi({ description: "At or below this stock the product counts as low." }),
  best_before: date("ISO date (YYYY-MM-DD), or null.", "2026-12-01"),
  packed_on: date("ISO date (YYYY-MM-DD), or null; best-before must come after it.", "2026-11-18"),
  price_per_kg_cents: pricePerKgCents,
  estimated_weight_g: estimatedWeightGrams,
};

const newProductFields = {
  ...fields,
  description: fields.description.default(""),
  step: fields.step.default(1),
  low_stock_threshold: fields.low_stock_threshold.default(0),
  stock: amount("opening stock", { positive: false }, 20).default(0).openapi({ description: "Opening stock in the unit; later changes go through POST /products/{id}/stock." }),
  best_before: fields.best_before.default(null),
  packed_on: fields.packed_on.default(null),
  price_cents: fields.price_cents.optional().openapi({ description: "Price per unit in cents; more than 0. Required unless the product is a piece priced by weight.", example: 189 }),
  price_per_kg_cents: fields.price_per_kg_cents.default(null),
  estimated_weight_g: fields.estimated_weight_g.default(null),
};

export const NewProduct = z
  .object(newProductFields)
  .loose()
  .superRefine(refuseUnknown(Object.keys(newProductFields), "is not a field of a product"))
  .openapi("NewProduct", { additionalProperties: false, example: { name: "Bananas (Fairtrade)", category_id: 1, price_cents: 189, unit: "kg", step: 0.25, stock: 20 } });

const changeFields = {
  name: fields.name.optional(),
  description: fields.description.optional(),
  category_id: fields.category_id.optional(),
  price_cents: fields.price_cents.optional(),
  unit: fields.unit.optional(),
  step: fields.step.optional(),
  low_stock_threshold: fields.low_stock_threshold.optional(),
  best_before: fields.best_before.optional(),
  packed_on: fields.packed_on.optional(),
  price_per_kg_cents: fields.price_per_kg_cents.optional(),
  estimated_weight_g: fields.estimated_weight_g.optional(),
  active: z.boolean({ message: "must be true or false" }).optional().openapi({ description: "false takes the product off sale; true puts it back." }),
};

export const ProductChange = z
  .object(changeFields)
  .loose()
  .superRefine(refuseUnknown(Object.keys(changeFields), "is not a field you can change here (stock changes go through POST /products/{id}/stock)"))
  .refine((body) => Object.values(body).some((value) => value !== undefined), { message: "send at least one field to change", path: ["name"] })
  .openapi("ProductChange", { additionalProperties: false, example: { price_cents: 199, low_stock_threshold: 3 } });

export type NewProductBody = z.infer<typeof NewProduct>;
export type ProductChangeBody = z.infer<typeof ProductChange>;

/** The product rules that tie fields together (unit vs amounts, dates): a 422 naming each field. */
function checked(input: ProductInput): ProductInput {
  const apiName: Record<string, string> = { price: "price_cents", price_per_kg: "price_per_kg_cents" };
  const issues = productRuleIssues(input).map((issue) => ({ ...issue, path: apiName[issue.path] ?? issue.path }));
  if (issues.length === 0) return input;
  throw new ApiProblem(422, "Unprocessable Content", issues.map((issue) => `${issue.path}: ${issue.message}`).join("; "), {
    type: problemType("validation"),
    errors: issues.map((issue) => ({ path: issue.path, message: issue.message })),
  });
}

/** The price sent, or for a piece priced by weight (when left out) its price per kg times its weight. */
function priceOf(sent: number | undefined, perKg: number | null, grams: number | null, current?: number): number {
  if (sent !== undefined) return sent;
  if (perKg !== null && grams !== null) return piecePriceCents(perKg, grams);
  if (current !== undefined) return current;
  // Half the weight pricing sent: the contract's rules name the missing half.
  if (perKg !== null || grams !== null) return 1;
  throw new ApiProblem(422, "Unprocessable Content", "price_cents: Send the price in cents (or, for a piece priced by weight, price_per_kg_cents and estimated_weight_g).", {
    type: problemType("validation"),
    errors: [{ path: "price_cents", message: "Send the price in cents (or, for a piece priced by weight, price_per_kg_cents and estimated_weight_g)." }],
  });
}

export function newProductInput(body: NewProductBody): ProductInput {
  return checked({
    name: body.name,
    description: body.description,
    category_id: body.category_id,
    price: priceOf(body.price_cents, body.price_per_kg_cents, body.estimated_weight_g),
    price_per_kg: body.price_per_kg_cents,
    estimated_weight_g: body.estimated_weight_g,
    unit: body.unit,
    step: amountToMilli(body.step)!,
    low_stock_threshold: amountToMilli(body.low_stock_threshold)!,
    stock: amountToMilli(body.stock)!,
    best_before: body.best_before,
    packed_on: body.packed_on,
  });
}

/** The product as it is, with the fields the change sends; the whole is checked again, as the edit form does. */
export function changedProductInput(product: Product, change: ProductChangeBody): ProductInput {
  const milli = (value: number | undefined, current: number) => (value === undefined ? current : amountToMilli(value)!);
  const perKg = change.price_per_kg_cents === undefined ? product.pricePerKgCents : change.price_per_kg_cents;
  const grams = change.estimated_weight_g === undefined ? product.estimatedWeightGrams : change.estimated_weight_g;
  // A change to the weight pricing moves the piece's price with it unless a price is sent too.
  const repriced = change.price_per_kg_cents !== undefined || change.estimated_weight_g !== undefined;
  return checked({
    name: change.name ?? product.name,
    description: change.description ?? product.description,
    category_id: change.category_id ?? product.categoryId,
    price: priceOf(change.price_cents, repriced ? perKg : null, repriced ? grams : null, product.priceCents),
    price_per_kg: perKg,
    estimated_weight_g: grams,
    unit: change.unit ?? product.unit,
    step: milli(change.step, product.step),
    low_stock_threshold: milli(change.low_stock_threshold, product.lowStockThreshold),
    stock: product.stock,
    best_before: change.best_before === undefined ? product.bestBefore : change.best_before,
    packed_on: change.packed_on === undefined ? product.packedOn : change.packed_on,
  });
}
