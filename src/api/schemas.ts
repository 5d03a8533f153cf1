import { z } from "@hono/zod-openapi";
import { ApiProblem, problemType } from "./problem";

/** Shared pieces of the API contract; every route's schemas are built from these. */

export const IdParam = z.object({
  id: z
    .string()
    .regex(/^[1-9]\d{0,11}$/, "must be a whole number from 1 to 999999999999")
    .transform(Number)
    .openapi({ param: { name: "id", in: "path" }, example: 42, type: "integer", minimum: 1, maximum: 999_999_999_999 }),
});

export const ProductIdParam = z.object({
  product_id: z
    .string()
    .regex(/^[1-9]\d{0,11}$/, "must be a whole number from 1 to 999999999999")
    .transform(Number)
    .openapi({ param: { name: "product_id", in: "path" }, example: 7, type: "integer", minimum: 1, maximum: 999_999_999_999 }),
});

/** Items per page when a list request does not say. */
export const DEFAULT_PAGE = 24;

export const PageQuery = z.object({
  limit: z.coerce
    .number({ message: "must be a number from 1 to 100" })
    .int("must be a whole number")
    .min(1, "must be from 1 to 100")
    .max(100, "must be from 1 to 100")
    .default(DEFAULT_PAGE)
    .openapi({ param: { name: "limit", in: "query" }, example: DEFAULT_PAGE, description: "Items per page, 1-100." }),
  cursor: z
    .string()
    .max(200, "is not a cursor this API gave out")
    .optional()
    .openapi({ param: { name: "cursor", in: "query" }, description: "`next_cursor` from the previous page." }),
});

export const listOf = <T extends z.ZodType>(item: T, name: string) =>
  z
    .object({
      items: z.array(item),
      next_cursor: z.string().nullable().openapi({ description: "Pass as `cursor` for the next page; null on the last page." }),
    })
    .openapi(name);

/** Cursors are opaque to clients: base64url of the keyset position (or offset), whole numbers only. */
export function encodeCursor(position: number[]): string {
  return Buffer.from(JSON.stringify(position)).toString("base64url");
}

/**
 * Reads a cursor this API gave out: `parts` whole numbers, none negative (sales counts, cents,
 * milliseconds, ids, offsets). Anything else is a 400 naming `cursor`, never a page of nonsense.
 */
export function decodeCursor(cursor: string | undefined, parts: number): number[] | null {
  if (!cursor) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    value = null;
  }
  const wholeNumber = (part: unknown) => typeof part === "number" && Number.isSafeInteger(part) && part >= 0;
  if (!Array.isArray(value) || value.length !== parts || !value.every(wholeNumber)) {
    const message = "is not a cursor this API gave out for this list";
    throw new ApiProblem(400, "Bad Request", `cursor: ${message}.`, { type: problemType("validation"), errors: [{ path: "cursor", message }] });
  }
  return value as number[];
}

/** Quantities leave the API as numbers in the product's unit: 250 thousandths of a kg is 0.25. */
export const quantityOut = (milli: number) => milli / 1000;

export const Quantity = z.number().openapi({ description: "In the product's unit (0.25 means 250 g of a product sold by the kg).", example: 0.5 });
export const Cents = z.number().int().openapi({ description: "Integer minor units of the store's currency.", example: 189 });

/** For lists computed whole (people, promo codes, reports): a page is a slice, the cursor an offset. */
export function pageOf<T>(rows: T[], query: { limit: number; cursor?: string }) {
  const [offset = 0] = decodeCursor(query.cursor, 1) ?? [];
  return { page: rows.slice(offset, offset + query.limit), next_cursor: offset + query.limit < rows.length ? encodeCursor([offset + query.limit]) : null };
}
