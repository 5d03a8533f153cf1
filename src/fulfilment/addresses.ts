import { and, asc, desc, eq } from "drizzle-orm";
// zod with .openapi(): the API documents these same schemas.
import { z } from "@hono/zod-openapi";
import type { Database, DatabaseHandle } from "../db/client";
import { addresses, type Address } from "../db/fulfilment-tables";
import { findZone, normalizePostcode } from "./zones";

/** One address form for the pages and the API; the zone is checked when the address is saved. */
export const addressInput = z.object({
  label: z.string().trim().max(40, "Keep the label under 40 characters.").optional().default(""),
  line1: z.string().trim().min(3, "Enter the street and number.").max(120, "Keep each line under 120 characters."),
  line2: z.string().trim().max(120, "Keep each line under 120 characters.").optional().default(""),
  town: z.string().trim().min(2, "Enter the town or city.").max(80, "Keep the town under 80 characters."),
  postcode: z
    .string()
    .trim()
    .min(3, "Enter the postcode or Eircode.")
    .max(10, "A postcode or Eircode is at most 10 characters.")
    .regex(/^[A-Za-z0-9 ]+$/, "Use letters, digits and spaces only.")
    .transform(normalizePostcode),
  make_default: z
    .union([z.boolean(), z.enum(["on", "true", "1", ""])])
    .optional()
    .transform((value) => value === true || value === "on" || value === "true" || value === "1"),
});
export type AddressInput = z.infer<typeof addressInput>;

export const addressText = (address: Pick<Address, "line1" | "line2" | "town" | "postcode">) =>
  [address.line1, address.line2, address.town, address.postcode].filter(Boolean).join(", ");

export const listAddresses = (db: Database, userId: number) =>
  db.select().from(addresses).where(eq(addresses.userId, userId)).orderBy(desc(addresses.isDefault), asc(addresses.id));

export async function ownAddress(db: Database, userId: number, id: number): Promise<Address | null> {
  const [row] = await db.select().from(addresses).where(and(eq(addresses.id, id), eq(addresses.userId, userId)));
  return row ?? null;
}

export type SaveAddressResult = { ok: true; id: number } | { ok: false; field: "postcode"; message: string } | { ok: false; field: "id"; message: string };

const outsideZones = (postcode: string) => `We don't deliver to ${postcode} yet. Choose click & collect, or another address.`;

/** Adds (or, with `id`, edits) an address after checking a zone delivers there; the first one is the default. */
export async function saveAddress(handle: DatabaseHandle, userId: number, input: AddressInput, id?: number): Promise<SaveAddressResult> {
  const existing = await listAddresses(handle.db, userId);
  if (id !== undefined && !existing.some((address) => address.id === id)) return { ok: false, field: "id", message: "No such address in your address book." };
  const zone = await findZone(handle.db, input.postcode);
  if (!zone) return { ok: false, field: "postcode", message: outsideZones(input.postcode) };
  const makeDefault = input.make_default || existing.length === 0 || (id !== undefined && existing.length === 1);
  const values = { label: input.label, line1: input.line1, line2: input.line2, town: input.town, postcode: input.postcode };
  const clearDefault = handle.db.update(addresses).set({ isDefault: false }).where(eq(addresses.userId, userId));
  if (id !== undefined) {
    const update = handle.db.update(addresses).set({ ...values, ...(makeDefault ? { isDefault: true } : {}) }).where(and(eq(addresses.id, id), eq(addresses.userId, userId)));
    await handle.atomic(makeDefault ? [clearDefault, update] : [update]);
    return { ok: true, id };
  }
  const insert = handle.db.insert(addresses).values({ ...values, userId, isDefault: makeDefault });
  await handle.atomic(makeDefault ? [clearDefault, insert] : [insert]);
  const [latest] = await handle.db.select({ id: addresses.id }).from(addresses).where(eq(addresses.userId, userId)).orderBy(desc(addresses.id)).limit(1);
  return { ok: true, id: latest!.id };
}

export async function makeDefaultAddress(handle: DatabaseHandle, userId: number, id: number): Promise<boolean> {
  if (!(await ownAddress(handle.db, userId, id))) return false;
  await handle.atomic([
    handle.db.update(addresses).set({ isDefault: false }).where(eq(addresses.userId, userId)),
    handle.db.update(addresses).set({ isDefault: true }).where(and(eq(addresses.id, id), eq(addresses.userId, userId))),
  ]);
  return true;
}

export async function deleteAddress(handle: DatabaseHandle, userId: number, id: number): Promise<boolean> {
  if (!(await ownAddress(handle.db, userId, id))) return false;
  await handle.atomic([handle.db.delete(addresses).where(and(eq(addresses.id, id), eq(addresses.userId, userId)))]);
  return true;
}
