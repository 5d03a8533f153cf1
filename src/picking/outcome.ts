import { quantityLabel } from "../catalog/units";
import type { Unit } from "../db/schema";
import type { Order, OrderItem } from "../db/shop-tables";

/*
 * What the shopper is told once the order is picked (ADR 029), written once for the order page,
 * the email and the API: each line that changed, with what it was to cost and what it costs now,
 * and the final total. Lines picked exactly as ordered are "as ordered" and not repeated.
 */

export type PickChange =
  | { kind: "weighed"; name: string; ordered: string; picked: string; oldCents: number; newCents: number }
  | { kind: "substituted"; name: string; substitute: string; picked: string; oldCents: number; newCents: number; refused: boolean; lineId: number }
  | { kind: "short"; name: string; ordered: string; picked: string; oldCents: number; newCents: number }
  | { kind: "unavailable"; name: string; ordered: string; oldCents: number; newCents: 0 };

export type PickOutcome = {
  changes: PickChange[];
  estimateCents: number;
  /** Goods after the final discount. */
  finalTotalCents: number;
  discountCents: number;
  feeCents: number;
  /** What the shopper pays: final total plus the fee. */
  amountDueCents: number;
};

const kilos = (grams: number) => `${Number((grams / 1000).toFixed(3))} kg`;

const orderedLabel = (item: OrderItem) =>
  item.pricePerKgCents !== null ? `${quantityLabel(item.quantity, item.unit as Unit)} × about ${kilos(item.estimatedWeightGrams ?? 0)}` : quantityLabel(item.quantity, item.unit as Unit);

const weighed = (item: OrderItem) => item.pricePerKgCents !== null || item.unit === "kg" || item.unit === "g";

/** How one ordered line changed in picking (null: picked as ordered); the page, the email and the API read this one rule. */
export function changeOf(item: OrderItem, substitute: OrderItem | undefined): PickChange | null {
  const picked = item.pickedQuantity ?? item.quantity;
  const charged = item.chargedCents ?? item.lineTotalCents;
  const base = { name: item.name, oldCents: item.lineTotalCents };
  if (substitute) {
    const subPicked = substitute.pricePerKgCents !== null ? kilos(substitute.pickedWeightGrams ?? 0) : quantityLabel(substitute.quantity, substitute.unit as Unit);
    const refused = substitute.refusedAt !== null;
    return { kind: "substituted", ...base, substitute: substitute.name, picked: subPicked, newCents: charged + (refused ? 0 : (substitute.chargedCents ?? 0)), refused, lineId: substitute.id };
  }
  if (picked === 0) return { kind: "unavailable", ...base, ordered: orderedLabel(item), newCents: 0 };
  const pickedLabel = item.pricePerKgCents !== null ? `${quantityLabel(picked, item.unit as Unit)}, ${kilos(item.pickedWeightGrams ?? 0)}` : quantityLabel(picked, item.unit as Unit);
  if (picked < item.quantity && !(item.unit === "kg" || item.unit === "g")) return { kind: "short", ...base, ordered: orderedLabel(item), picked: pickedLabel, newCents: charged };
  if (weighed(item) && charged !== item.lineTotalCents) return { kind: "weighed", ...base, ordered: orderedLabel(item), picked: pickedLabel, newCents: charged };
  return null;
}

/** The changes and final amounts of a picked order; null while it is not picked yet. */
export function pickOutcome(order: Order, items: OrderItem[]): PickOutcome | null {
  if (order.finalTotalCents === null) return null;
  const substitutes = new Map(items.filter((item) => item.substituteForItemId !== null).map((item) => [item.substituteForItemId!, item]));
  const changes = items.filter((item) => item.substituteForItemId === null).flatMap((item) => changeOf(item, substitutes.get(item.id)) ?? []);
  return {
    changes,
    estimateCents: order.totalCents + order.deliveryFeeCents,
    finalTotalCents: order.finalTotalCents,
    discountCents: order.finalDiscountCents ?? 0,
    feeCents: order.deliveryFeeCents,
    amountDueCents: order.finalTotalCents + order.deliveryFeeCents,
  };
}

/** Words for each kind of change, as the page and the email label them. */
export const CHANGE_LABELS: Record<PickChange["kind"], string> = {
  weighed: "Weighed",
  substituted: "Substituted",
  short: "Fewer than ordered",
  unavailable: "Unavailable",
};
