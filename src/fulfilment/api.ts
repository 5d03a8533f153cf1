import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { bearerAuth, callerOf, requireStaffRole } from "../api/bearer";
import { apiRouter, type ApiEnv } from "../api/env";
import { ApiProblem, notFound, problems, problemType } from "../api/problem";
import { heldReservation, releaseSlot, reserveSlot, type SlotRefusal } from "./reservations";
import { FulfilmentQuery, SlotSchema, slotJson } from "./json";
import { addOneOffWindow, oneOffInput, ruleCutoff } from "./manage-schedule";
import { shopperWindows, windowById } from "./windows";
import { findZone, normalizePostcode } from "./zones";

/** Slots for shoppers (listing, the reservation) and one-off windows for managers. */
export const slotApi = apiRouter();
slotApi.use("/reservation", bearerAuth());
slotApi.on("POST", "/slots", bearerAuth(), requireStaffRole("manager"));

const context = (c: Context<ApiEnv>) => ({ now: c.var.deps.clock.now().getTime(), timeZone: c.var.deps.config.STORE_TIMEZONE });

const SlotQuery = z.object({
  fulfilment: FulfilmentQuery.openapi({ param: { name: "fulfilment", in: "query" }, type: "string", enum: ["delivery", "collection", "pickup"], example: "delivery" }),
  postcode: z
    .string()
    .trim()
    .min(3, "must be a postcode or Eircode")
    .max(10, "must be a postcode or Eircode")
    .regex(/^[A-Za-z0-9 ]+$/, "must be a postcode or Eircode")
    .optional()
    .openapi({ param: { name: "postcode", in: "query" }, description: "For delivery: the fee includes this address's zone, and an address outside every zone is a 422.", example: "D02 X285" }),
  point_id: z.coerce.number({ message: "must be a collection point id" }).int("must be a collection point id").positive("must be a collection point id").optional().openapi({ param: { name: "point_id", in: "query" }, example: 1 }),
});

const ZoneSummary = z.object({ id: z.number().int(), name: z.string(), fee_cents: z.number().int(), free_from_cents: z.number().int().nullable(), minimum_basket_cents: z.number().int() }).openapi("DeliveryZoneSummary");

const SlotList = z
  .object({
    items: z.array(SlotSchema),
    next_cursor: z.string().nullable().openapi({ description: "Always null: the horizon fits on one page." }),
    zone: ZoneSummary.nullable().openapi({ description: "The delivery zone of `postcode`, when one was given." }),
  })
  .openapi("SlotList");

export const slotProblem = (refusal: SlotRefusal) => {
  switch (refusal) {
    case "not_found":
      return notFound("There is no such slot.");
    case "full":
      return new ApiProblem(409, "Conflict", "That slot is full; choose another.", { type: problemType("slot-full") });
    case "past_cutoff":
      return new ApiProblem(409, "Conflict", "That slot no longer takes orders: its cut-off has passed.", { type: problemType("slot-past-cutoff") });
    case "closed":
      return new ApiProblem(409, "Conflict", "That slot is closed; choose another.", { type: problemType("slot-closed") });
    case "beyond_horizon":
      return new ApiProblem(409, "Conflict", "That slot can't be booked yet: it is beyond the booking horizon.", { type: problemType("slot-beyond-horizon") });
  }
};

slotApi.openapi(
  createRoute({
    method: "get",
    path: "/slots",
    operationId: "listSlots",
    tags: ["Slots"],
    security: [],
    summary: "Bookable delivery or collection windows",
    description:
      "Windows from now to the end of the booking horizon, in time order, with what each costs and how many places are left. Full windows and those past their cut-off are listed with their `status`. `pickup` is accepted for `collection`.",
    request: { query: SlotQuery },
    responses: { 200: { description: "The windows.", content: { "application/json": { schema: SlotList } } }, ...problems(400, 422) },
  }),
  async (c) => {
    const query = c.req.valid("query");
    const { now, timeZone } = context(c);
    const { database } = c.var.deps;
    let zone = null;
    if (query.fulfilment === "delivery" && query.postcode) {
      zone = await findZone(database.db, query.postcode);
      const postcode = normalizePostcode(query.postcode);
      if (!zone) throw new ApiProblem(422, "Unprocessable Content", `We don't deliver to ${postcode} yet.`, { type: problemType("outside-delivery-zones"), errors: [{ path: "postcode", message: `is outside every delivery zone` }] });
    }
    const windows = await shopperWindows(database, { fulfilment: query.fulfilment, pointId: query.point_id, now, timeZone });
    return c.json(
      {
        items: windows.map((window) => slotJson(window, { now, extraFeeCents: zone?.feeCents ?? 0 })),
        next_cursor: null,
        zone: zone && { id: zone.id, name: zone.name, fee_cents: zone.feeCents, free_from_cents: zone.freeFromCents, minimum_basket_cents: zone.minimumBasketCents },
      },
      200,
    );
  },
);

const NewSlot = oneOffInput.openapi("NewSlot", {
  example: { fulfilment: "delivery", starts_at: "2026-12-24T16:00:00Z", ends_at: "2026-12-24T18:00:00Z", capacity: 10, fee_cents: 699 },
});

slotApi.openapi(
  createRoute({
    method: "post",
    path: "/slots",
    operationId: "createSlot",
    tags: ["Slots"],
    summary: "Add a one-off window (manager)",
    description: "A window outside the weekly template. Without `cutoff_at` the fulfilment's cut-off rule applies. A window already starting then at the same place is 409.",
    request: { body: { required: true, content: { "application/json": { schema: NewSlot } } } },
    responses: { 201: { description: "The new window.", content: { "application/json": { schema: SlotSchema } } }, ...problems(401, 403, 409, 422) },
  }),
  async (c) => {
    const body = c.req.valid("json");
    const { now, timeZone } = context(c);
    const { database } = c.var.deps;
    const added = await addOneOffWindow(database, body, { now, timeZone, cutoffFor: (startsAt) => ruleCutoff(database, body.fulfilment, startsAt, timeZone) });
    if (!added.ok) {
      throw added.status === 409
        ? new ApiProblem(409, "Conflict", `${added.field}: ${added.message}`, { type: problemType("slot-exists"), errors: [{ path: added.field, message: added.message }] })
        : new ApiProblem(422, "Unprocessable Content", `${added.field}: ${added.message}`, { type: problemType("validation"), errors: [{ path: added.field, message: added.message }] });
    }
    return c.json(slotJson((await windowById(database.db, added.id, now))!, { now }), 201);
  },
);

const ReservationSchema = z
  .object({
    slot: z.union([SlotSchema, z.null()]).openapi({ description: "The reserved window; null when nothing is reserved." }),
    expires_at: z.string().nullable().openapi({ format: "date-time", description: "The place is held until then; checkout confirms it." }),
  })
  .openapi("Reservation");

const reservationContent = { "application/json": { schema: ReservationSchema } };

async function reservationJson(c: Context<ApiEnv>) {
  const { now } = context(c);
  const held = await heldReservation(c.var.deps.database.db, callerOf(c).id, now);
  return held ? { slot: slotJson(held.window, { now }), expires_at: held.expiresAt.toISOString() } : { slot: null, expires_at: null };
}

slotApi.openapi(
  createRoute({
    method: "get",
    path: "/reservation",
    operationId: "getReservation",
    tags: ["Slots"],
    summary: "Your reserved slot",
    responses: { 200: { description: "The reservation, or nulls when none is held.", content: reservationContent }, ...problems(401) },
  }),
  async (c) => c.json(await reservationJson(c), 200),
);

const ReserveBody = z
  .object({ slot_id: z.number({ message: "must be a slot id" }).int("must be a slot id").positive("must be a slot id").openapi({ example: 12 }) })
  .openapi("ReserveSlot");

slotApi.openapi(
  createRoute({
    method: "put",
    path: "/reservation",
    operationId: "reserveSlot",
    tags: ["Slots"],
    summary: "Reserve a slot while you shop",
    description:
      "Holds a place for a while (60 minutes unless the store says otherwise), replacing your earlier reservation. The database refuses a full window (409 `slot-full`) and one past its cut-off (409 `slot-past-cutoff`) even under a rush.",
    request: { body: { required: true, content: { "application/json": { schema: ReserveBody } } } },
    responses: { 200: { description: "Reserved.", content: reservationContent }, ...problems(401, 404, 409, 422) },
  }),
  async (c) => {
    const { now, timeZone } = context(c);
    const { database, config } = c.var.deps;
    const result = await reserveSlot(database, { userId: callerOf(c).id, windowId: c.req.valid("json").slot_id, now, minutes: config.SLOT_RESERVATION_MINUTES, timeZone });
    if (!result.ok) throw slotProblem(result.refusal);
    return c.json(await reservationJson(c), 200);
  },
);

slotApi.openapi(
  createRoute({
    method: "delete",
    path: "/reservation",
    operationId: "releaseReservation",
    tags: ["Slots"],
    summary: "Give your reserved slot back",
    responses: { 200: { description: "Nothing is reserved now.", content: reservationContent }, ...problems(401) },
  }),
  async (c) => {
    await releaseSlot(c.var.deps.database, callerOf(c).id);
    return c.json({ slot: null, expires_at: null }, 200);
  },
);

