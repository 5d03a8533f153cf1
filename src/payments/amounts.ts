import type { PaymentMethod } from "./methods";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The amount a card is authorised for at checkout: the most the order may be charged after
 * picking (the picking rules' maxChargeCents, ADR 028, stored on the order); the estimate, goods
 * plus fee, for an order without one.
 */
export const authorisationCents = (order: { totalCents: number; deliveryFeeCents: number; maxChargeCents?: number | null }): number =>
  order.maxChargeCents ?? order.totalCents + order.deliveryFeeCents;

/** What the order costs as it stands: the goods as picked (final_total_cents, once picked) or as ordered, plus the fee. */
export const amountDueCents = (order: { totalCents: number; deliveryFeeCents: number; finalTotalCents?: number | null }): number =>
  (order.finalTotalCents ?? order.totalCents) + order.deliveryFeeCents;

/**
 * A card authorisation lasts about 7 days, so a card order books a slot at most CARD_BOOKING_DAYS
 * ahead (ADR 031); pay on delivery books as far as the slots go. Null: nothing against it.
 */
export function cardSlotRefusal(payment: { method: PaymentMethod; cardBookingDays: number } | undefined, window: { startsAt: Date } | null, now: Date): string | null {
  if (!payment || payment.method.name !== "card" || !window) return null;
  if (window.startsAt.getTime() <= now.getTime() + payment.cardBookingDays * DAY_MS) return null;
  return `Card payments can book a slot up to ${payment.cardBookingDays} days ahead (a card authorisation lasts about a week). Choose an earlier slot, or pay on delivery or collection.`;
}

/**
 * What is still owed on an order: what it costs as it stands less what was taken. A refund is not
 * owed again: money given back for a complaint stays given back, and a substitute refused at the
 * door lowers the amount due itself before its refund.
 */
export const owedCents = (order: { totalCents: number; deliveryFeeCents: number; finalTotalCents?: number | null }, state: { capturedCents: number }): number =>
  amountDueCents(order) - state.capturedCents;
