import { eq } from "drizzle-orm";
import { z } from "zod";
import type { DatabaseHandle } from "../../db/client";
import { categories, type User } from "../../db/schema";
import { auditEntry } from "../../db/audit-entry";
import type { Outcome } from "./categories";

/*
 * The shop's walk (ADR 028): each aisle's place on the route a picker walks, set by a manager.
 * The picking list sorts lines by it, aisles without one last. The database holds the range
 * (categories_walk_order_valid); this is the rule the forms read first.
 */

export const WALK_ORDER_MAX = 9999;

/** One aisle's place: a whole number from 1 to 9999 typed as text, or empty for "no place" (null). */
export const walkOrderText = z
  .string()
  .trim()
  .transform((text, ctx) => {
    if (text === "") return null;
    const place = /^\d{1,4}$/.test(text) ? Number(text) : Number.NaN;
    if (Number.isNaN(place) || place < 1 || place > WALK_ORDER_MAX) {
      ctx.addIssue({ code: "custom", message: `Give a whole number from 1 to ${WALK_ORDER_MAX}, or leave it empty.` });
      return z.NEVER;
    }
    return place;
  });

export type WalkPlaces = Map<number, number | null>;

/** The form's `walk_order_<id>` fields as places per aisle; the first bad one is named. */
export function readWalkForm(body: Record<string, unknown>, aisles: { id: number; name: string }[]): { ok: true; places: WalkPlaces } | { ok: false; message: string } {
  const places: WalkPlaces = new Map();
  for (const aisle of aisles) {
    const raw = body[`walk_order_${aisle.id}`];
    if (raw === undefined) continue;
    const parsed = walkOrderText.safeParse(typeof raw === "string" ? raw : "?");
    if (!parsed.success) return { ok: false, message: `${aisle.name}: ${parsed.error.issues[0]!.message}` };
    places.set(aisle.id, parsed.data);
  }
  if (places.size === 0) return { ok: false, message: "Give at least one aisle its place on the walk." };
  return { ok: true, places };
}

/** Sets every aisle's place at once, with one audit row; unchanged aisles are left alone. */
export async function setWalkOrder(handle: DatabaseHandle, actor: User, places: WalkPlaces, now: Date): Promise<Outcome> {
  const { db } = handle;
  const current = await db.select({ id: categories.id, walkOrder: categories.walkOrder }).from(categories);
  const known = new Map(current.map((row) => [row.id, row.walkOrder]));
  for (const id of places.keys()) if (!known.has(id)) return { ok: false, status: 404, message: "One of those aisles no longer exists." };
  const changed = [...places].filter(([id, place]) => known.get(id) !== place);
  if (changed.length === 0) return { ok: true, message: "The walk order is unchanged." };
  await handle.atomic([
    auditEntry(db, { actor, action: "category.walk_order", subjectType: "category", subjectId: changed[0]![0], details: { places: Object.fromEntries(changed) }, at: now }),
    ...changed.map(([id, place]) => db.update(categories).set({ walkOrder: place }).where(eq(categories.id, id))),
  ]);
  return { ok: true, message: `Saved the walk order (${changed.length} aisle${changed.length === 1 ? "" : "s"} moved).` };
}
