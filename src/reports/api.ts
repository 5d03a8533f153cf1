import { createRoute, z } from "@hono/zod-openapi";
import { findActiveCategory } from "../catalog/queries";
import type { Database } from "../db/client";
import { UNITS } from "../db/schema";
import { dayRange, parseDay } from "./date-range";
import { BUCKETS, salesByProduct, salesOverTime, type ReportFilter } from "./sales";
import { bearerAuth, requireStaffRole } from "../api/bearer";
import { apiRouter } from "../api/env";
import { ApiProblem, problems, problemType } from "../api/problem";
import { Cents, decodeCursor, encodeCursor, listOf, PageQuery, pageOf, Quantity, quantityOut } from "../api/schemas";

/** The back office's sales reports (src/reports/sales.ts) for managers: cancelled orders are not sales. */
export const reportApi = apiRouter();
reportApi.use("/reports/*", bearerAuth(), requireStaffRole("manager"));

const dayMessage = "must be a date as YYYY-MM-DD";
const Day = (name: "from" | "to", description: string) =>
  z
    .string()
    .refine((text) => parseDay(text) !== null, dayMessage)
    .optional()
    .openapi({ param: { name, in: "query" }, description, example: name === "from" ? "2026-11-01" : "2026-11-30" });

const rangeFields = {
  from: Day("from", "First day included (YYYY-MM-DD), a day in the store's time zone (STORE_TIMEZONE)."),
  to: Day("to", "Last day included (YYYY-MM-DD), in the store's time zone; not before `from`."),
  category: z.string().max(100).optional().openapi({ param: { name: "category", in: "query" }, description: "Only this aisle (category slug).", example: "dairy" }),
};
const fromNotAfterTo = (query: { from?: string; to?: string }) => !query.from || !query.to || query.from <= query.to;
const rangeOrder = { message: "must not be before from", path: ["to"] };

const ProductReportQuery = PageQuery.extend({
  ...rangeFields,
  sort: z
    .enum(["most", "least"], { message: "must be most or least" })
    .default("most")
    .openapi({ param: { name: "sort", in: "query" }, description: "`most`: highest revenue first; `least`: lowest first (unsold products included)." }),
}).refine(fromNotAfterTo, rangeOrder);

const TimeReportQuery = PageQuery.extend({
  ...rangeFields,
  interval: z
    .enum(BUCKETS, { message: `must be one of ${BUCKETS.join(", ")}` })
    .default("day")
    .openapi({ param: { name: "interval", in: "query" }, description: "The store's days, ISO weeks (labelled by their Monday) or months." }),
}).refine(fromNotAfterTo, rangeOrder);

/** The range as [from, to) instants and the aisle's id; an unknown aisle is a bad query. */
async function reportFilter(db: Database, query: { from?: string; to?: string; category?: string }): Promise<ReportFilter> {
  const range = dayRange(query.from, query.to);
  const filter: ReportFilter = { from: range.from, to: range.to };
  if (query.category) {
    const category = await findActiveCategory(db, query.category);
    if (!category) {
      const message = "is not the slug of an aisle (see GET /categories)";
      throw new ApiProblem(400, "Bad Request", `category: ${message}`, { type: problemType("validation"), errors: [{ path: "category", message }] });
    }
    filter.categoryId = category.id;
  }
  return filter;
}


const ProductSalesSchema = z
  .object({
    product_id: z.number().int().openapi({ example: 7 }),
    name: z.string().openapi({ example: "Bananas" }),
    category: z.string().openapi({ example: "Fruit & Veg" }),
    unit: z.enum(UNITS).openapi({ example: "kg" }),
    units_sold: Quantity.openapi({ description: "In the product's unit.", example: 12.5 }),
    revenue_cents: Cents.openapi({ description: "What the order lines came to, before order-level promo discounts.", example: 2363 }),
    orders: z.number().int().openapi({ description: "Orders that included it.", example: 9 }),
  })
  .openapi("ProductSales");

reportApi.openapi(
  createRoute({
    method: "get",
    path: "/reports/sales-by-product",
    operationId: "salesByProduct",
    tags: ["Reports"],
    summary: "Sales per product (manager)",
    description: "Every product on sale (and any other that sold) with what it sold in the range; cancelled orders are not sales. Days are the store's (STORE_TIMEZONE) and inclusive.",
    request: { query: ProductReportQuery },
    responses: { 200: { description: "A page of products with their sales.", content: { "application/json": { schema: listOf(ProductSalesSchema, "ProductSalesList") } } }, ...problems(400, 401, 403) },
  }),
  async (c) => {
    const query = c.req.valid("query");
    const { db, reports } = c.var.deps.database;
    // Paged in SQL: one more row than the page tells whether another page follows.
    const [offset = 0] = decodeCursor(query.cursor, 1) ?? [];
    const rows = await salesByProduct(reports, await reportFilter(db, query), query.sort, { limit: query.limit + 1, offset });
    const page = rows.slice(0, query.limit);
    const next_cursor = rows.length > query.limit ? encodeCursor([offset + query.limit]) : null;
    const items = page.map((row) => ({
      product_id: row.productId,
      name: row.name,
      category: row.category,
      unit: row.unit,
      units_sold: quantityOut(row.quantity),
      revenue_cents: row.revenueCents,
      orders: row.orders,
    }));
    return c.json({ items, next_cursor }, 200);
  },
);

const PeriodSalesSchema = z
  .object({
    period: z.string().openapi({ description: "YYYY-MM-DD for a day or a week (its Monday), YYYY-MM for a month.", example: "2026-11-23" }),
    orders: z.number().int().openapi({ example: 14 }),
    revenue_cents: Cents.openapi({ description: "What the order lines came to, before order-level promo discounts.", example: 38650 }),
    net_cents: z.number().int().openapi({
      description: "Net sales (ADR 059): revenue less the promo discount and the refunds of the period's orders, as their invoices less credit notes bill the goods. With `category`, refunds (an order's, not an aisle's) are not taken off.",
      example: 35120,
    }),
  })
  .openapi("PeriodSales");

reportApi.openapi(
  createRoute({
    method: "get",
    path: "/reports/sales-over-time",
    operationId: "salesOverTime",
    tags: ["Reports"],
    summary: "Orders and revenue per day, week or month (manager)",
    description: "Oldest period first, periods without sales as 0. Without `from`/`to` the range runs from the first sale to the last.",
    request: { query: TimeReportQuery },
    responses: { 200: { description: "A page of periods.", content: { "application/json": { schema: listOf(PeriodSalesSchema, "PeriodSalesList") } } }, ...problems(400, 401, 403) },
  }),
  async (c) => {
    const query = c.req.valid("query");
    const { db, reports } = c.var.deps.database;
    const rows = await salesOverTime(reports, query.interval, await reportFilter(db, query));
    const { page, next_cursor } = pageOf(rows, query);
    return c.json({ items: page.map((row) => ({ period: row.period, orders: row.orders, revenue_cents: row.revenueCents, net_cents: row.netCents })), next_cursor }, 200);
  },
);
