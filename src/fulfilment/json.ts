import { z } from "@hono/zod-openapi";
import { Cents } from "../api/schemas";
import { SLOT_FULFILMENTS } from "../db/fulfilment-tables";
import type { Bookable, WindowView } from "./windows";

/** How a window looks in the API (slots, the reservation, orders). */
export const SlotSchema = z
  .object({
    id: z.number().int().openapi({ example: 12 }),
    fulfilment: z.enum(SLOT_FULFILMENTS).openapi({ example: "delivery" }),
    collection_point: z.object({ id: z.number().int(), name: z.string() }).nullable().openapi({ description: "For collection: where; null for delivery." }),
    starts_at: z.string().openapi({ format: "date-time", example: "2026-11-21T08:00:00.000Z" }),
    ends_at: z.string().openapi({ format: "date-time", example: "2026-11-21T10:00:00.000Z" }),
    cutoff_at: z.string().openapi({ format: "date-time", description: "Orders for this window close at this moment.", example: "2026-11-20T22:00:00.000Z" }),
    capacity: z.number().int().openapi({ example: 20 }),
    capacity_left: z.number().int().openapi({ description: "Places not booked nor held by an unexpired reservation.", example: 7 }),
    fee_cents: Cents.openapi({ description: "The window's fee, plus the zone's fee when a postcode was given (before any free-delivery threshold).", example: 499 }),
    status: z.enum(["open", "full", "past_cutoff", "closed"]).openapi({ example: "open" }),
  })
  .openapi("Slot");

export type SlotJson = z.infer<typeof SlotSchema>;

export function slotJson(window: WindowView | Bookable, options: { now: number; extraFeeCents?: number }): SlotJson {
  const capacityLeft = Math.max(0, window.capacity - window.taken);
  const status = window.closed ? "closed" : window.cutoffAt.getTime() <= options.now ? "past_cutoff" : capacityLeft === 0 ? "full" : "open";
  return {
    id: window.id,
    fulfilment: window.fulfilment,
    collection_point: window.pointId === null ? null : { id: window.pointId, name: window.pointName ?? "" },
    starts_at: window.startsAt.toISOString(),
    ends_at: window.endsAt.toISOString(),
    cutoff_at: window.cutoffAt.toISOString(),
    capacity: window.capacity,
    capacity_left: capacityLeft,
    fee_cents: window.feeCents + (options.extraFeeCents ?? 0),
    status,
  };
}

/** "pickup" (the older name) is collection. */
export const FulfilmentQuery = z
  .enum(["delivery", "collection", "pickup"], { message: "must be delivery or collection (pickup is accepted for collection)" })
  .transform((value) => (value === "pickup" ? "collection" : value));
