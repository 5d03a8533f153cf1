import { asc, desc, eq } from "drizzle-orm";
// zod with .openapi(): the API documents these same schemas.
import { z } from "@hono/zod-openapi";
import type { Database, DatabaseHandle } from "../db/client";
import { deliveryZones, type DeliveryZone } from "../db/fulfilment-tables";

/*
 * Delivery zones by postcode / Eircode routing-key prefix. An Eircode is a 3-character routing key
 * (D02, A94) and a 4-character unique identifier; a zone lists prefixes such as "D02 D04 A94" or
 * longer ones for a street ("D02X"). The longest matching prefix wins.
 */

/** Upper case, spaces collapsed; a 7-character Eircode is written with its space (D02 X285). */
export function normalizePostcode(raw: string): string {
  const compact = raw.toUpperCase().replace(/[^A-Z0-9]/g, "");
  if (/^[AC-FHKNPRTV-Y][0-9]{2}|^D6W/.test(compact) && compact.length === 7) return `${compact.slice(0, 3)} ${compact.slice(3)}`;
  return raw.toUpperCase().trim().replace(/\s+/g, " ");
}

/** A zone's prefixes as typed by a manager ("d02, D04 a94") stored as "D02 D04 A94". */
export function normalizePrefixes(raw: string): string {
  return [...new Set(raw.toUpperCase().split(/[\s,;]+/).map((prefix) => prefix.replace(/[^A-Z0-9]/g, "")).filter(Boolean))].join(" ");
}

/** The active zone serving `postcode`, by the longest matching prefix; null when none does. */
export function zoneFor(zones: DeliveryZone[], postcode: string): DeliveryZone | null {
  const compact = postcode.toUpperCase().replace(/[^A-Z0-9]/g, "");
  let best: { zone: DeliveryZone; length: number } | null = null;
  for (const zone of zones) {
    if (!zone.active) continue;
    for (const prefix of zone.prefixes.split(" ")) {
      if (prefix && compact.startsWith(prefix) && (!best || prefix.length > best.length)) best = { zone, length: prefix.length };
    }
  }
  return best?.zone ?? null;
}

export const listZones = (db: Database) => db.select().from(deliveryZones).orderBy(asc(deliveryZones.name));

export async function findZone(db: Database, postcode: string): Promise<DeliveryZone | null> {
  return zoneFor(await db.select().from(deliveryZones).where(eq(deliveryZones.active, true)), postcode);
}

export type DeliveryCharge = { feeCents: number; free: boolean };

/**
 * What delivery costs for a basket: the window's fee (peak or off-peak) plus the zone's, both
 * waived once the basket reaches the zone's free-delivery threshold. Collection costs the window's fee.
 */
export function deliveryCharge(zone: Pick<DeliveryZone, "feeCents" | "freeFromCents"> | null, windowFeeCents: number, basketCents: number): DeliveryCharge {
  if (!zone) return { feeCents: windowFeeCents, free: windowFeeCents === 0 };
  if (zone.freeFromCents !== null && basketCents >= zone.freeFromCents) return { feeCents: 0, free: true };
  const feeCents = windowFeeCents + zone.feeCents;
  return { feeCents, free: feeCents === 0 };
}

const cents = (message: string) => z.coerce.number({ message }).int(message).min(0, message).max(1_000_000, message);

/** A zone as a manager defines it, on the page and in the API. */
export const zoneInput = z.object({
  name: z.string({ message: "Enter a name for the zone." }).trim().min(2, "Enter a name for the zone.").max(60, "Keep the name under 60 characters."),
  prefixes: z
    .string({ message: "List the postcode or Eircode prefixes, such as D02 D04." })
    .transform(normalizePrefixes)
    .refine((value) => value.length > 0, "List the postcode or Eircode prefixes, such as D02 D04.")
    .refine((value) => value.length <= 2000, "Keep the list under 2000 characters."),
  fee_cents: cents("Enter the delivery fee in cents (0 or more)."),
  free_from_cents: z.union([z.literal("").transform(() => null), z.null(), cents("Enter the free-delivery threshold in cents, or leave it empty.")]).optional().default(null),
  minimum_basket_cents: cents("Enter the minimum basket in cents (0 or more).").optional().default(0),
  active: z
    .union([z.boolean(), z.enum(["on", "true", "1", "false", "0", ""])])
    .optional()
    .transform((value) => value === undefined || value === true || value === "on" || value === "true" || value === "1"),
});
export type ZoneInput = z.infer<typeof zoneInput>;

export async function saveZone(handle: DatabaseHandle, input: ZoneInput, id?: number): Promise<{ ok: true; id: number } | { ok: false }> {
  const values = {
    name: input.name,
    prefixes: input.prefixes,
    feeCents: input.fee_cents,
    freeFromCents: input.free_from_cents,
    minimumBasketCents: input.minimum_basket_cents,
    active: input.active,
  };
  if (id !== undefined) {
    const [existing] = await handle.db.select({ id: deliveryZones.id }).from(deliveryZones).where(eq(deliveryZones.id, id));
    if (!existing) return { ok: false };
    await handle.atomic([handle.db.update(deliveryZones).set(values).where(eq(deliveryZones.id, id))]);
    return { ok: true, id };
  }
  await handle.atomic([handle.db.insert(deliveryZones).values(values)]);
  const [latest] = await handle.db.select({ id: deliveryZones.id }).from(deliveryZones).orderBy(desc(deliveryZones.id)).limit(1);
  return { ok: true, id: latest!.id };
}

export async function zoneById(db: Database, id: number): Promise<DeliveryZone | null> {
  const [zone] = await db.select().from(deliveryZones).where(eq(deliveryZones.id, id));
  return zone ?? null;
}
