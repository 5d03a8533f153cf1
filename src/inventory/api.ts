import { createRoute, z } from "@hono/zod-openapi";
import { STOCK_REASONS, UNITS } from "../db/schema";
import { adjustStock, type StockRow } from "./stock";
import { stockChangeRule, stockNote, stockDelta } from "./contract";
import { deliverLowStockNotices } from "../notifications/notices";
import { bearerAuth, callerOf, requireStaffRole } from "../api/bearer";
import { apiRouter } from "../api/env";
import { refusal } from "../catalog/products/api-schema";
import { AMOUNT_LIMIT, tooLargeAmount } from "../catalog/products/api-body";
import { problems } from "../api/problem";
import { IdParam, Quantity, quantityOut } from "../api/schemas";

/** Stock changes for approved managers and the admin: audited and atomic, as on the stock screen. */
export const stockApi = apiRouter();

/** The stock-change contract (contract.ts), with the change as a JSON number in the product's unit. */
const StockChange = z
  .object({
    delta: z
      .number({ message: "must be a number in the product's unit, like 12 or -1.5" })
      .refine((delta) => Math.abs(delta) < AMOUNT_LIMIT, { message: tooLargeAmount, abort: true })
      .transform(String)
      .pipe(stockDelta)
      .openapi({ description: "Signed change in the product's unit: 12 adds twelve, -1.5 removes one and a half.", example: 12, type: "number" }),
    reason: z.enum(STOCK_REASONS, { message: `must be one of ${STOCK_REASONS.join(", ")}` }),
    note: z.string({ message: "must be text" }).pipe(stockNote).optional().openapi({ description: "Required when the reason is `other`.", example: "Pallet from Fresh Farms" }),
  })
  .superRefine(stockChangeRule("delta"))
  .openapi("StockChange", { example: { delta: 12, reason: "delivery" } });

const StockLevelSchema = z
  .object({
    product_id: z.number().int(),
    name: z.string(),
    unit: z.enum(UNITS),
    stock: Quantity.openapi({ description: "On the shelf now, in the unit." }),
    low_stock_threshold: Quantity,
    low_stock: z.boolean().openapi({ description: "At or below the product's threshold." }),
    active: z.boolean(),
  })
  .openapi("StockLevel");

const stockJson = (row: StockRow): z.infer<typeof StockLevelSchema> => ({
  product_id: row.id,
  name: row.name,
  unit: row.unit,
  stock: quantityOut(row.stock),
  low_stock_threshold: quantityOut(row.threshold),
  low_stock: row.stock <= row.threshold,
  active: row.active,
});

stockApi.openapi(
  createRoute({
    method: "post",
    path: "/products/{id}/stock",
    operationId: "adjustStock",
    tags: ["Catalog management"],
    summary: "Change a product's stock (manager)",
    description:
      "Adds or removes stock with a reason, written with its audit row in one atomic unit. `delivery` must add and `spoilage` must remove; " +
      "`other` needs a `note`. Stock can't go below zero (422 naming `delta`). Crossing the low-stock threshold notifies staff, as on the stock screen.",
    middleware: [bearerAuth(), requireStaffRole("manager")],
    request: { params: IdParam, body: { required: true, content: { "application/json": { schema: StockChange } } } },
    responses: {
      200: { description: "The new stock level.", content: { "application/json": { schema: StockLevelSchema } } },
      ...problems(400, 401, 403, 404, 422),
    },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const { database, clock } = c.var.deps;
    const now = clock.now();
    const result = await adjustStock(database, { productId: id, delta: body.delta, reason: body.reason, note: body.note || null, actorId: callerOf(c).id, now });
    if (!result.ok) throw refusal(result.status === 404 ? { status: 404, message: "No product with that id." } : result, "delta");
    await deliverLowStockNotices(database, now);
    return c.json(stockJson(result.row), 200);
  },
);
