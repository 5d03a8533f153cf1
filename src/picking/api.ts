import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { bearerAuth, callerOf, requireStaffRole } from "../api/bearer";
import { apiRouter, type ApiEnv } from "../api/env";
import { ApiProblem, invalidField, notFound, problems } from "../api/problem";
import { Cents, IdParam } from "../api/schemas";
import { dayOf, parseDay } from "../reports/date-range";
import { vatRatesOf } from "../tax/rates";
import { completePick } from "./complete";
import { replacedCents } from "./final-amounts";
import { pickList, pickListLine, type PickListLine } from "./lists";
import { pickLineInput, recordPick } from "./record";
import { startPicking } from "./start";
import { substituteCandidates } from "./substitutes";

/*
 * The picking workflow for handheld apps (managers): what to pick, start an order, record a line,
 * suggest substitutes, complete. The same domain functions and the same line contract
 * (pickLineInput) as the picking screen (routes.tsx).
 */

export const pickingApi = apiRouter();
pickingApi.use("/picking/*", bearerAuth());
pickingApi.use("/picking/*", requireStaffRole("manager"));

const milli = (value: number) => value / 1000;
const Quantity = z.number().openapi({ description: "In the line's unit (0.25 means 250 g of a product sold by the kg).", example: 2 });

const LineIdParam = IdParam.extend({
  line_id: z
    .string()
    .regex(/^[1-9]\d{0,11}$/, "must be a whole number from 1 to 999999999999")
    .transform(Number)
    .openapi({ param: { name: "line_id", in: "path" }, example: 7, type: "integer", minimum: 1, maximum: 999_999_999_999 }),
});

const PickRecordSchema = z
  .object({
    picked: Quantity,
    weight_kg: z.number().nullable(),
    substitute_product_id: z.number().int().nullable(),
    substitute_name: z.string().nullable(),
    substitute_quantity: z.number().nullable(),
    substitute_weight_kg: z.number().nullable(),
  })
  .openapi("PickRecord");

const PickLineSchema = z
  .object({
    order_id: z.number().int(),
    order_number: z.string(),
    order_status: z.string(),
    line_id: z.number().int(),
    product_id: z.number().int(),
    name: z.string(),
    unit: z.string(),
    quantity: Quantity,
    price_cents: Cents,
    line_total_cents: Cents,
    price_per_kg_cents: Cents.nullable(),
    estimated_weight_kg: z.number().nullable(),
    allow_substitute: z.boolean(),
    substitute_note: z.string().nullable(),
    gtin: z.string().nullable(),
    aisle: z.string(),
    walk_order: z.number().int().nullable(),
    record: PickRecordSchema.nullable(),
  })
  .openapi("PickLine");

const lineJson = (line: PickListLine): z.infer<typeof PickLineSchema> => ({
  order_id: line.orderId,
  order_number: line.orderNumber,
  order_status: line.orderStatus,
  line_id: line.lineId,
  product_id: line.productId,
  name: line.name,
  unit: line.unit,
  quantity: milli(line.quantity),
  price_cents: line.priceCents,
  line_total_cents: line.lineTotalCents,
  price_per_kg_cents: line.pricePerKgCents,
  estimated_weight_kg: line.estimatedWeightGrams === null ? null : milli(line.estimatedWeightGrams),
  allow_substitute: line.allowSubstitute,
  substitute_note: line.substituteNote,
  gtin: line.gtin,
  aisle: line.aisle,
  walk_order: line.walkOrder,
  record: line.record && {
    picked: milli(line.record.pickedQuantity),
    weight_kg: line.record.pickedWeightGrams === null ? null : milli(line.record.pickedWeightGrams),
    substitute_product_id: line.record.substituteProductId,
    substitute_name: line.record.substituteName,
    substitute_quantity: line.record.substituteQuantity === null ? null : milli(line.record.substituteQuantity),
    substitute_weight_kg: line.record.substituteWeightGrams === null ? null : milli(line.record.substituteWeightGrams),
  },
});

const PickListSchema = z
  .object({
    date: z.string().openapi({ example: "2026-12-06" }),
    slots: z.array(z.object({ id: z.number().int(), starts_at: z.string(), ends_at: z.string(), fulfilment: z.string(), orders: z.number().int() })),
    unslotted_orders: z.number().int(),
    orders: z.array(
      z.object({
        id: z.number().int(),
        number: z.string(),
        status: z.string(),
        customer_name: z.string(),
        fulfilment: z.string(),
        slot_id: z.number().int().nullable(),
        note: z.string().nullable(),
        lines: z.number().int(),
        recorded: z.number().int(),
      }),
    ),
    lines: z.array(PickLineSchema).openapi({ description: "Every ordered line of those orders, in the shop's walk order (aisle walk order, then aisle and product name)." }),
  })
  .openapi("PickList");

const ListQuery = z.object({
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date such as 2026-12-06")
    .optional()
    .openapi({ param: { name: "date", in: "query" }, description: "The day (UTC) whose slots to list; today when absent.", example: "2026-12-06" }),
  slot: z
    .string()
    .regex(/^([1-9]\d{0,11}|none)$/, "must be a slot id or none")
    .optional()
    .openapi({ param: { name: "slot", in: "query" }, description: "One slot's orders (whatever day), `none` for the day's orders without a slot; every slot of the day when absent.", example: "12" }),
});

pickingApi.openapi(
  createRoute({
    method: "get",
    path: "/picking/lists",
    operationId: "listPickLists",
    tags: ["Picking"],
    summary: "What to pick: a day's orders batched by slot, lines in walk order (manager)",
    request: { query: ListQuery },
    responses: { 200: { description: "The pick list.", content: { "application/json": { schema: PickListSchema } } }, ...problems(400, 401, 403) },
  }),
  async (c) => {
    const { date, slot } = c.req.valid("query");
    const chosen = parseDay(date);
    if (date && !chosen) throw new ApiProblem(400, "Bad Request", "date: must be a real date such as 2026-12-06");
    const day = dayOf(chosen ?? c.var.deps.clock.now());
    const list = await pickList(c.var.deps.database.db, { day, slotId: slot === undefined ? undefined : slot === "none" ? null : Number(slot) });
    return c.json(
      {
        date: day.from.toISOString().slice(0, 10),
        slots: list.slots.map((s) => ({ id: s.id, starts_at: s.startsAt.toISOString(), ends_at: s.endsAt.toISOString(), fulfilment: s.fulfilment, orders: s.orders })),
        unslotted_orders: list.unslotted,
        orders: list.orders.map((o) => ({ id: o.id, number: o.number, status: o.status, customer_name: o.customerName, fulfilment: o.fulfilment, slot_id: o.slotId, note: o.note, lines: o.lines, recorded: o.recorded })),
        lines: list.lines.map(lineJson),
      },
      200,
    );
  },
);

const context = (c: Context<ApiEnv>) => ({ actorId: callerOf(c).id, now: c.var.deps.clock.now(), vatRates: vatRatesOf(c.var.deps.config) });
const conflict = (message: string) => new ApiProblem(409, "Conflict", message);

const StartedSchema = z.object({ order_id: z.number().int(), status: z.string().openapi({ example: "picking" }) }).openapi("PickStarted");

pickingApi.openapi(
  createRoute({
    method: "post",
    path: "/picking/orders/{id}/start",
    operationId: "startPickingOrder",
    tags: ["Picking"],
    summary: "Start picking an order: placed → picking (manager)",
    description: "Starting an order already being picked is fine (200). An order that changed since it was read, or is past picking, is 409.",
    request: { params: IdParam },
    responses: { 200: { description: "The order is being picked.", content: { "application/json": { schema: StartedSchema } } }, ...problems(400, 401, 403, 404, 409) },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const result = await startPicking(c.var.deps.database, id, context(c));
    if (!result.ok) throw result.status === 404 ? notFound("No order with that id.") : conflict(result.message);
    return c.json({ order_id: id, status: "picking" }, 200);
  },
);

const PickLineBody = z
  .object({
    picked: z.number().min(0).max(1_000_000).openapi({ description: "How much of the ordered product was picked, in the line's unit (0: none in stock).", example: 1 }),
    weight_kg: z.number().positive().max(1_000_000).nullable().optional().openapi({ description: "For a piece priced by weight: what the scale says, in kg.", example: 1.34 }),
    substitute_product_id: z.number().int().positive().max(999_999_999_999).nullable().optional().openapi({ description: "A substitute for what was not picked (only where the shopper allowed one).", example: 12 }),
    substitute_quantity: z.number().positive().max(1_000_000).nullable().optional().openapi({ description: "How much of the substitute, in its unit.", example: 2 }),
    substitute_weight_kg: z.number().positive().max(1_000_000).nullable().optional().openapi({ description: "The substitute's weight, for one priced by weight.", example: 1.1 }),
    barcode: z
      .string()
      .max(40)
      .nullable()
      .optional()
      .openapi({ description: "The ordered item's barcode (GTIN/EAN) as scanned, to confirm it is the right item: another product's, or an unknown one, is refused (422 on `barcode`) and nothing is recorded.", example: "5391234567890" }),
  })
  .openapi("PickLineRecord", { example: { picked: 1, weight_kg: 1.34 } });

pickingApi.openapi(
  createRoute({
    method: "put",
    path: "/picking/orders/{id}/lines/{line_id}",
    operationId: "recordPickLine",
    tags: ["Picking"],
    summary: "Record what was picked for a line (manager)",
    description:
      "Replaces the line's record while the order is being picked. Weighed lines may be picked up to the order's tolerance over their estimate; a substitute only where the shopper allowed one. " +
      "Nothing is charged until the pick is completed.",
    request: { params: LineIdParam, body: { required: true, content: { "application/json": { schema: PickLineBody } } } },
    responses: { 200: { description: "The line with its record.", content: { "application/json": { schema: PickLineSchema } } }, ...problems(400, 401, 403, 404, 409, 422) },
  }),
  async (c) => {
    const { id, line_id } = c.req.valid("param");
    const { database } = c.var.deps;
    const input = pickLineInput.safeParse(c.req.valid("json"));
    if (!input.success) throw invalidField(String(input.error.issues[0]?.path[0] ?? "picked"), input.error.issues[0]?.message ?? "Check the line's amounts.");
    const result = await recordPick(database, { orderId: id, lineId: line_id }, input.data, context(c));
    if (!result.ok) {
      if (result.status === 404) throw notFound(result.message);
      if (result.status === 409) throw conflict(result.message);
      throw invalidField(fieldOf(result.problems?.[0]?.field), result.message);
    }
    return c.json(lineJson((await pickListLine(database.db, id, line_id))!), 200);
  },
);

const FIELD_NAMES = {
  picked_quantity: "picked",
  picked_weight: "weight_kg",
  substitute: "substitute_product_id",
  substitute_quantity: "substitute_quantity",
  substitute_weight: "substitute_weight_kg",
  barcode: "barcode",
} as const;
const fieldOf = (field: keyof typeof FIELD_NAMES | undefined) => (field ? FIELD_NAMES[field] : "substitute_product_id");

const SubstitutesSchema = z
  .object({
    cap_cents: Cents.openapi({ description: "The most a substitute is charged for this line as recorded: what the part it replaces would have cost." }),
    items: z.array(
      z.object({
        product_id: z.number().int(),
        name: z.string(),
        unit: z.string(),
        price_cents: Cents,
        price_per_kg_cents: Cents.nullable(),
        gtin: z.string().nullable(),
        same_aisle: z.boolean(),
      }),
    ),
  })
  .openapi("SubstituteSuggestions");

const SubstituteQuery = z.object({
  q: z.string().max(100, "must be at most 100 characters").optional().openapi({ param: { name: "q", in: "query" }, description: "A name, or a barcode (GTIN); empty: suggestions from the line's aisle.", example: "oat" }),
});

pickingApi.openapi(
  createRoute({
    method: "get",
    path: "/picking/orders/{id}/lines/{line_id}/substitutes",
    operationId: "suggestSubstitutes",
    tags: ["Picking"],
    summary: "Substitutes for a line: by name or barcode, or from the same aisle (manager)",
    request: { params: LineIdParam, query: SubstituteQuery },
    responses: { 200: { description: "Products on the shelf that may stand in.", content: { "application/json": { schema: SubstitutesSchema } } }, ...problems(400, 401, 403, 404, 409) },
  }),
  async (c) => {
    const { id, line_id } = c.req.valid("param");
    const { db } = c.var.deps.database;
    const line = await pickListLine(db, id, line_id);
    if (!line) throw notFound("No such line on that order.");
    if (!line.allowSubstitute) throw conflict("The shopper asked for no substitute for this line.");
    const picked = line.record && line.record.pickedQuantity < line.quantity ? line.record.pickedQuantity : 0;
    const cap = replacedCents({ ...line, id: line.lineId, vatRateBp: 0 }, { pickedQuantity: picked, pickedWeightGrams: null, substitute: null });
    const found = await substituteCandidates(db, line, c.req.valid("query").q ?? "");
    return c.json(
      {
        cap_cents: cap,
        items: found.map((p) => ({ product_id: p.productId, name: p.name, unit: p.unit, price_cents: p.priceCents, price_per_kg_cents: p.pricePerKgCents, gtin: p.gtin, same_aisle: p.sameAisle })),
      },
      200,
    );
  },
);

const CompletedSchema = z
  .object({
    order_id: z.number().int(),
    status: z.string().openapi({ example: "picked" }),
    subtotal_cents: Cents,
    discount_cents: Cents,
    total_cents: Cents.openapi({ description: "The goods after the discount." }),
    fee_cents: Cents,
    vat_cents: Cents,
    amount_due_cents: Cents.openapi({ description: "What the shopper pays: total plus the fee." }),
  })
  .openapi("PickCompleted");

pickingApi.openapi(
  createRoute({
    method: "post",
    path: "/picking/orders/{id}/complete",
    operationId: "completePickOrder",
    tags: ["Picking"],
    summary: "Complete the pick: the final amounts, in one unit (manager)",
    description:
      "Lines not recorded are picked as ordered. Writes the picked quantities, charges, substitutes, stock, discount and VAT and moves the order to picked, " +
      "or nothing: 409 when someone completed or changed it meanwhile or the shelf is short, 422 when the pick would cost more than the shopper agreed to.",
    request: { params: IdParam },
    responses: { 200: { description: "The final amounts.", content: { "application/json": { schema: CompletedSchema } } }, ...problems(400, 401, 403, 404, 409, 422) },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const result = await completePick(c.var.deps.database, id, context(c));
    if (!result.ok) {
      if (result.status === 404) throw notFound("No order with that id.");
      if (result.status === 409) throw conflict(result.message);
      throw invalidField(result.problems?.[0] ? fieldOf(result.problems[0].field) : "order", result.message);
    }
    const f = result.final;
    return c.json({ order_id: id, status: "picked", subtotal_cents: f.subtotalCents, discount_cents: f.discountCents, total_cents: f.totalCents, fee_cents: f.feeCents, vat_cents: f.vatCents, amount_due_cents: f.amountDueCents }, 200);
  },
);
