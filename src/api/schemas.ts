import { z } from "@hono/zod-openapi";
import { ApiProblem } from "./problem";

/** Shared pieces of the API contract; every route's schemas are built from these. */

export const IdParam = z.object({
  id: z
    .string()
    .regex(/^\d{1,12}$/, "must be a positive whole number")
    .transform(Number)
    .openapi({ param: { name: "id", in: "path" }, example: 42, type: "integer" }),
});

export const ProductIdParam = z.object({
  product_id: z
    .string()
    .regex(/^\d{1,12}$/, "must be a positive whole number")
    .transform(Number)
    .openapi({ param: { name: "product_id", in: "path" }, example: 7, type: "integer" }),
});

export const PageQuery = z.object({
  limit: z.coerce
    .number({ message: "must be a number from 1 to 100" })
    .int("must be a whole number")
    .min(1, "must be from 1 to 100")
    .max(100, "must be from 1 to 100")
    .default(24)
    .openapi({ param: { name: "limit", in: "query" }, example: 24, description: "Items per page, 1-100." }),
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

/** Cursors are opaque to clients: base64url of the keyset position. */
export function encodeCursor(position: (string | number)[]): string {
  return Buffer.from(JSON.stringify(position)).toString("base64url");
}

export function decodeCursor(cursor: string | undefined, shape: ("string" | "number")[]): (string | number)[] | null {
  if (!cursor) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    value = null;
  }
  if (!Array.isArray(value) || value.length !== shape.length || value.some((part, i) => typeof part !== shape[i])) {
    throw new ApiProblem(400, "Bad Request", "cursor: is not a cursor this API gave out for this list.", {
      errors: [{ path: "cursor", message: "is not a cursor this API gave out for this list" }],
    });
  }
  return value as (string | number)[];
}

/** Quantities leave the API as numbers in the product's unit: 250 thousandths of a kg is 0.25. */
export const quantityOut = (milli: number) => milli / 1000;

export const Quantity = z.number().openapi({ description: "In the product's unit (0.25 means 250 g of a product sold by the kg).", example: 0.5 });
export const Cents = z.number().int().openapi({ description: "Integer minor units of the store's currency.", example: 189 });

/** For lists computed whole (people, promo codes, reports): a page is a slice, the cursor an offset. */
export function pageOf<T>(rows: T[], query: { limit: number; cursor?: string }) {
  const [offset] = (decodeCursor(query.cursor, ["number"]) ?? [0]) as [number];
  return { page: rows.slice(offset, offset + query.limit), next_cursor: offset + query.limit < rows.length ? encodeCursor([offset + query.limit]) : null };
}
