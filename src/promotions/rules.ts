import type { PromoCode } from "../db/shop-tables";

export const normalizeCode = (code: string) => code.trim().toUpperCase();

export type PromoVerdict = { ok: true } | { ok: false; message: string };

const day = (date: Date) => date.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

/**
 * Whether a promo code applies to this cart now, and if not, the reason a shopper can act on.
 * `customerUses` is null for a visitor who is not signed in (the per-customer limit is checked at checkout).
 */
export function judgePromo(
  promo: PromoCode,
  context: { subtotalCents: number; customerUses: number | null; now: Date; money: (cents: number) => string },
): PromoVerdict {
  const { now } = context;
  if (!promo.active) return { ok: false, message: `The code ${promo.code} is no longer active.` };
  if (promo.startsAt && promo.startsAt > now) return { ok: false, message: `The code ${promo.code} starts on ${day(promo.startsAt)}.` };
  if (promo.expiresAt && promo.expiresAt <= now) return { ok: false, message: `The code ${promo.code} expired on ${day(promo.expiresAt)}.` };
  if (promo.usageLimit !== null && promo.timesUsed >= promo.usageLimit) {
    return { ok: false, message: `The code ${promo.code} has been used up.` };
  }
  if (promo.perCustomerLimit !== null && context.customerUses !== null && context.customerUses >= promo.perCustomerLimit) {
    const times = promo.perCustomerLimit === 1 ? "once" : `${promo.perCustomerLimit} times`;
    return { ok: false, message: `You have already used the code ${promo.code} (it can be used ${times} per customer).` };
  }
  if (context.subtotalCents < promo.minSubtotalCents) {
    const short = context.money(promo.minSubtotalCents - context.subtotalCents);
    return { ok: false, message: `Spend at least ${context.money(promo.minSubtotalCents)} to use ${promo.code} (${short} to go).` };
  }
  return { ok: true };
}
