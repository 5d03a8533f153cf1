import type { PromoCode } from "../db/shop-tables";

export type PricedLine = { priceCents: number; quantity: number };

/** A line's total in cents: price per unit times thousandths of the unit, rounded half up once. */
export function lineTotalCents(line: PricedLine): number {
  return Math.floor((line.priceCents * line.quantity + 500) / 1000);
}

export function subtotalCents(lines: PricedLine[]): number {
  return lines.reduce((sum, line) => sum + lineTotalCents(line), 0);
}

/** The discount a promo gives on a subtotal; never more than the subtotal. */
export function discountCents(promo: Pick<PromoCode, "kind" | "value"> | null, subtotal: number): number {
  if (!promo || subtotal <= 0) return 0;
  const raw = promo.kind === "percent" ? Math.round((subtotal * promo.value) / 100) : promo.value;
  return Math.min(raw, subtotal);
}

export type Totals = { subtotalCents: number; discountCents: number; totalCents: number };

export function totals(lines: PricedLine[], promo: Pick<PromoCode, "kind" | "value"> | null): Totals {
  const subtotal = subtotalCents(lines);
  const discount = discountCents(promo, subtotal);
  return { subtotalCents: subtotal, discountCents: discount, totalCents: subtotal - discount };
}
