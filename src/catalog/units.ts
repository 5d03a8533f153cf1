import type { Unit } from "../db/schema";

import { unitLabels } from "../values/quantity";

export { amountLabel, fromMilli, MILLI, quantityLabel, toMilli } from "../values/quantity";

/** "€3.20 / kg", "€1.10 each". */
export function unitPriceLabel(price: string, unit: Unit): string {
  return unit === "each" ? `${price} each` : `${price} / ${unitLabels[unit]}`;
}
