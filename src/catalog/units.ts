import type { Unit } from "../db/schema";

import { fromMilli } from "../values/quantity";

export { fromMilli, MILLI, toMilli } from "../values/quantity";

const unitLabels: Record<Unit, string> = { each: "each", kg: "kg", g: "g", l: "l", ml: "ml", dozen: "dozen" };

/** "€3.20 / kg", "€1.10 each". */
export function unitPriceLabel(price: string, unit: Unit): string {
  return unit === "each" ? `${price} each` : `${price} / ${unitLabels[unit]}`;
}

/** "0.25 kg", "3", "1 dozen" — how a shopper reads a quantity. */
export function quantityLabel(milli: number, unit: Unit): string {
  const amount = Number(fromMilli(milli).toFixed(3)).toString();
  if (unit === "each") return amount;
  return `${amount} ${unitLabels[unit]}`;
}
