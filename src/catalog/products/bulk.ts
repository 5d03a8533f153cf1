import { categoryOnShelf } from "../shelf";
import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { DatabaseHandle } from "../../db/client";
import { categories, products, type User } from "../../db/schema";
import { auditEntry } from "../../db/audit-entry";

/** "-10", "+2.5", "7.25" -> basis points (hundredths of a percent), exactly. */
export function parsePercent(text: string): number | null {
  const match = /^\s*([+-]?)(\d{1,3})(?:[.,](\d{1,2}))?\s*%?\s*$/.exec(text);
  if (!match) return null;
  const points = Number(match[2]) * 100 + Number((match[3] ?? "").padEnd(2, "0"));
  return match[1] === "-" ? -points : points;
}

/** New price after a change in basis points, rounded half up to the cent with integers only. */
export const priceAfter = (cents: number, basisPoints: number) => Math.floor((cents * (10_000 + basisPoints) + 5_000) / 10_000);

const ids = z.array(z.coerce.number().int().positive()).min(1, "Tick at least one product first.").max(500, "Change at most 500 products at once.");

export const bulkForm = z.discriminatedUnion(
  "action",
  [
    z.object({ action: z.literal("activate"), ids }),
    z.object({ action: z.literal("deactivate"), ids }),
    z.object({ action: z.literal("move"), ids, category_id: z.coerce.number({ message: "Choose the category to move them to." }).int().positive("Choose the category to move them to.") }),
    z.object({
      action: z.literal("price"),
      ids,
      percent: z.string().transform((value, ctx) => {
        const points = parsePercent(value);
        if (points === null || points === 0 || points < -9_000 || points > 50_000) {
          ctx.addIssue({ code: "custom", message: "Enter a price change between -90% and +500%, such as -10 or 5.5." });
          return z.NEVER;
        }
        return points;
      }),
    }),
  ],
  { message: "Choose what to do with the ticked products." },
);
export type BulkInput = z.infer<typeof bulkForm>;

export type BulkOutcome = { ok: true; message: string } | { ok: false; status: 404 | 422; message: string };

/** Applies one action to every ticked product in one atomic unit, with one audit entry. */
export async function applyBulk(handle: DatabaseHandle, actor: User, input: BulkInput, now: Date): Promise<BulkOutcome> {
  const { db } = handle;
  const chosen = await db.select({ id: products.id, name: products.name, priceCents: products.priceCents }).from(products).where(inArray(products.id, input.ids));
  if (chosen.length !== new Set(input.ids).size) return { ok: false, status: 404, message: "Some of the ticked products no longer exist. Reload the list and try again." };
  const where = inArray(products.id, input.ids);
  const n = chosen.length;
  const audit = (details: Record<string, unknown>) =>
    auditEntry(db, { actor, action: `product.bulk_${input.action}`, subjectType: "product", subjectId: null, details: { ids: input.ids, ...details }, at: now });
  const plural = `${n} product${n === 1 ? "" : "s"}`;

  switch (input.action) {
    case "activate":
    case "deactivate": {
      const active = input.action === "activate";
      await handle.atomic([db.update(products).set({ active, updatedAt: now }).where(where), audit({})]);
      return { ok: true, message: `${active ? "Activated" : "Deactivated"} ${plural}.` };
    }
    case "move": {
      const [category] = await db.select().from(categories).where(and(eq(categories.id, input.category_id), categoryOnShelf));
      if (!category) return { ok: false, status: 422, message: "Choose an active category to move them to." };
      await handle.atomic([db.update(products).set({ categoryId: category.id, updatedAt: now }).where(where), audit({ categoryId: category.id })]);
      return { ok: true, message: `Moved ${plural} to “${category.name}”.` };
    }
    case "price": {
      const tooCheap = chosen.find((product) => priceAfter(product.priceCents, input.percent) < 1);
      if (tooCheap) return { ok: false, status: 422, message: `“${tooCheap.name}” would cost nothing after that change.` };
      // Same integer formula as priceAfter, in SQL, so the update is one statement on current prices.
      // A piece priced by weight changes its price per kg; its piece price follows from it (ADR 028).
      const changed = (cents: SQL) => sql`(${cents} * ${10_000 + input.percent} + 5000) / 10000`;
      const newPerKg = changed(sql`${products.pricePerKgCents}`);
      const newPrice = sql`case when ${products.pricePerKgCents} is null then ${changed(sql`${products.priceCents}`)} else (${newPerKg} * ${products.estimatedWeightGrams} + 500) / 1000 end`;
      await handle.atomic([db.update(products).set({ priceCents: newPrice, pricePerKgCents: newPerKg, updatedAt: now }).where(where), audit({ basisPoints: input.percent })]);
      const sign = input.percent > 0 ? "+" : "";
      return { ok: true, message: `Changed the price of ${plural} by ${sign}${(input.percent / 100).toString()}%.` };
    }
  }
}
