import { and, count, eq } from "drizzle-orm";
import type { Database } from "../db/client";
import { promoCodes, promoRedemptions, type PromoCode } from "../db/shop-tables";
import { normalizeCode } from "./rules";

export async function findPromo(db: Database, code: string): Promise<PromoCode | null> {
  const rows = await db.select().from(promoCodes).where(eq(promoCodes.code, normalizeCode(code))).limit(1);
  return rows[0] ?? null;
}

export async function customerUses(db: Database, promoId: number, userId: number): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(promoRedemptions)
    .where(and(eq(promoRedemptions.promoCodeId, promoId), eq(promoRedemptions.userId, userId)));
  return row?.n ?? 0;
}
