import { and, desc, eq, ne, sql, type SQL } from "drizzle-orm";
import type { Database, DatabaseHandle } from "../db/client";
import { auditLog } from "../db/schema";
import { orders, promoCodes, type PromoCode } from "../db/shop-tables";
import type { PromoInput } from "./contract";

export type PromoSummary = PromoCode & { uses: number; revenueCents: number; discountCents: number };

/** Every code with its uses and the revenue of the orders that used it (cancelled orders excluded). */
export async function promoSummaries(db: Database): Promise<PromoSummary[]> {
  const rows = await db
    .select({
      promo: promoCodes,
      uses: sql<number>`count(${orders.id})`,
      revenueCents: sql<number>`coalesce(sum(${orders.totalCents}), 0)`,
      discountCents: sql<number>`coalesce(sum(${orders.discountCents}), 0)`,
    })
    .from(promoCodes)
    .leftJoin(orders, and(eq(orders.promoCodeId, promoCodes.id), ne(orders.status, "cancelled")))
    .groupBy(promoCodes.id)
    .orderBy(desc(promoCodes.active), promoCodes.code);
  return rows.map((row) => ({ ...row.promo, uses: Number(row.uses), revenueCents: Number(row.revenueCents), discountCents: Number(row.discountCents) }));
}

export async function findPromoById(db: Database, id: number): Promise<PromoCode | null> {
  const [promo] = await db.select().from(promoCodes).where(eq(promoCodes.id, id));
  return promo ?? null;
}

export type PromoSaveResult = { ok: true; promo: PromoCode } | { ok: false; errors: Record<string, string> };

function errorText(error: unknown): string {
  const parts: string[] = [];
  for (let current: unknown = error; current instanceof Error; current = current.cause) parts.push(current.message);
  return parts.join(" | ");
}

const taken = (code: string) => ({ code: `The code ${code} already exists (codes are the same in any case).` });

/** Creates a code, or edits one when `id` is given; both with an audit entry in the same unit. */
export async function savePromo(handle: DatabaseHandle, input: PromoInput, context: { id?: number; actorId: number; now: Date }): Promise<PromoSaveResult> {
  const { db } = handle;
  const [clash] = await db
    .select({ id: promoCodes.id })
    .from(promoCodes)
    .where(and(eq(promoCodes.code, input.code), context.id ? ne(promoCodes.id, context.id) : undefined));
  if (clash) return { ok: false, errors: taken(input.code) };
  if (context.id) {
    const current = await findPromoById(db, context.id);
    if (!current) return { ok: false, errors: { form: "This code no longer exists." } };
    if (input.usageLimit !== null && input.usageLimit < current.timesUsed) {
      return { ok: false, errors: { usage_limit: `This code was already used ${current.timesUsed} times; the limit can't be lower.` } };
    }
  }
  const audit = (action: string, subjectId: number | SQL) =>
    db.insert(auditLog).values({ actorId: context.actorId, action, subjectType: "promo_code", subjectId, details: JSON.stringify({ code: input.code }), createdAt: context.now });
  try {
    if (context.id) {
      await handle.atomic([db.update(promoCodes).set(input).where(eq(promoCodes.id, context.id)), audit("promo.update", context.id)]);
    } else {
      await handle.atomic([
        db.insert(promoCodes).values({ ...input, createdBy: context.actorId, createdAt: context.now }),
        audit("promo.create", sql`(select ${promoCodes.id} from ${promoCodes} where ${promoCodes.code} = ${input.code})`),
      ]);
    }
  } catch (error) {
    if (/UNIQUE constraint failed: promo_codes\.code/.test(errorText(error))) return { ok: false, errors: taken(input.code) };
    if (/promo_codes_within_limit/.test(errorText(error))) return { ok: false, errors: { usage_limit: "The limit can't be lower than the uses so far." } };
    throw error;
  }
  const [promo] = await db.select().from(promoCodes).where(eq(promoCodes.code, input.code));
  return { ok: true, promo: promo! };
}

/** Switches a code off (or on again); orders already placed keep their discount. */
export async function setPromoActive(handle: DatabaseHandle, id: number, active: boolean, context: { actorId: number; now: Date }): Promise<PromoCode | null> {
  const { db } = handle;
  const promo = await findPromoById(db, id);
  if (!promo) return null;
  await handle.atomic([
    db.update(promoCodes).set({ active }).where(eq(promoCodes.id, id)),
    db.insert(auditLog).values({
      actorId: context.actorId,
      action: active ? "promo.activate" : "promo.deactivate",
      subjectType: "promo_code",
      subjectId: id,
      details: JSON.stringify({ code: promo.code }),
      createdAt: context.now,
    }),
  ]);
  return { ...promo, active };
}
